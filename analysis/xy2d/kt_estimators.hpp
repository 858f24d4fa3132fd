#pragma once
// Estimators of the Kosterlitz–Thouless temperature from the helicity modulus
// Upsilon(T, L) and the susceptibility chi'(T, L) of several lattice sizes. Pure functions
// of the measured curves: pipeline.cpp calls them on the data and on bootstrap replicas
// (resampled blocks), whose spread is the error of every number here.
//
// At T_KT the renormalisation-group flow sits on the separatrix, where the stiffness
// decays logarithmically (Weber & Minnhagen 1988):
//   Upsilon(T_KT, L) = (2 T / pi) (1 + 1 / (2 ln L + C)).
// Curves are interpolated linearly in T between the sampled temperatures, errors too (as
// if fully correlated: replica exchange correlates neighbouring temperatures, and
// interpolating errors in quadrature would make points between samples look better
// measured than either neighbour).
#include <cstddef>
#include <span>
#include <vector>

#include "analysis/curve.hpp"
#include "analysis/finite_size_scaling.hpp"
#include "analysis/outcome.hpp"

namespace phaselearn::analysis::xy2d {

struct SizeCurves {
  double L = 0;
  Curve helicity;             // Upsilon(T)
  Curve full_susceptibility;  // chi'(T)
};

// `points` equally spaced temperatures over the range every size covers.
std::vector<double> common_grid(std::span<const SizeCurves> sizes, std::size_t points);

// The curve at T by linear interpolation (T inside its range).
Estimate interpolate(const Curve& curve, double T);

// 1. At every grid temperature, C is fitted over all sizes; T_KT minimises the fit's
// chi^2. Needs 2 sizes and the minimum inside the range. The form is the leading term of
// the flow on the separatrix; `subleading` adds the next power of the same variable,
//   pi Upsilon / (2T) - 1 = u + D u^2,  u = 1 / (2 ln L + C),
// with D fitted beside C at every temperature (linear in D at fixed C), as a correction:
// |D| u <= 1 at the smallest size. Needs 4 sizes: C, D and T_KT itself come from the
// sizes, and 3 would leave no degree of freedom.
enum class WmForm { leading, subleading };
struct WeberMinnhagen {
  double tkt = 0;
  double c = 0;        // infinite when the best fit is Upsilon = 2T/pi at every size
  double d = 0;        // the sub-leading amplitude (0 for the leading form)
  bool subleading = false;
  double chi2 = 0;
  int dof = 0;         // sizes - 1 (leading), sizes - 2 (sub-leading)
  // Where chi^2_min(T) <= minimum + max(1, chi2/dof): the profile's error interval
  // (widened by chi2/dof when the fit is poor). Open at a range edge: *_open.
  double profile_low = 0, profile_high = 0;
  bool profile_open = false;
  std::vector<double> grid, profile;  // chi^2_min(T)
};
Outcome<WeberMinnhagen> weber_minnhagen(std::span<const SizeCurves> sizes,
                                        std::span<const double> grid,
                                        WmForm form = WmForm::leading);

// 2. With R = pi Upsilon / (2T) - 1, the form above gives 1/R(L1) - 1/R(L2) = 2 ln(L1/L2)
// at T_KT without C (Hsieh, Kao & Sandvik 2013): its root T*(L1, L2) on the grid, the first
// one going up in T where both R > 0.
Outcome<double> pair_temperature(const SizeCurves& small, const SizeCurves& large,
                                 std::span<const double> grid);

// 3. Where Upsilon(T, L) crosses the universal line 2T/pi (first downward crossing).
Outcome<double> universal_crossing(const SizeCurves& size);

// 4. chi' ~ L^(2 - eta) (ln L)^(1/8) at T_KT, eta = 1/4: the effective eta(T) from a
// weighted fit of ln chi' - (1/8) ln ln L against ln L at every grid temperature, and the
// temperature where it reaches 1/4 (going up in T): the root of a straight line fitted
// to eta(T) within half_window of the first crossing, so that the noise of the one or two
// sampled temperatures next to it does not decide alone (with half_window = 2 sampled
// spacings the bootstrap errors of the bare crossing covered the planted T_KT in only 87 %
// of synthetic sets).
struct EtaCurve {
  std::vector<double> grid, eta;
};
EtaCurve effective_eta(std::span<const SizeCurves> sizes, std::span<const double> grid);
Outcome<double> eta_quarter(const EtaCurve& curve, double half_window);

// T*(L) = T_KT + c / (ln L + d)^2 by weighted least squares on points (size = effective L,
// errors > 0). d free needs 4 points (3 parameters and a degree of freedom); otherwise
// d = 0. The errors of T_KT come from the bootstrap, so none are returned here.
struct LogExtrapolation {
  double tkt = 0, c = 0, d = 0;
  bool d_free = false;
  double chi2 = 0;
  int dof = 0;
};
Outcome<LogExtrapolation> extrapolate_log(std::span<const SizePoint> points, bool d_free);

}  // namespace phaselearn::analysis::xy2d
