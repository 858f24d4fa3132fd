#pragma once
// Synthetic XY runs with a planted Kosterlitz–Thouless temperature, for tests: the
// helicity modulus follows the KT renormalisation-group flow, so all four estimators have
// a known answer.
//
// With u = 2(pi Upsilon/(2T) - 1) and v ~ the vortex fugacity, the flow in l = ln L is
// du/dl = -v^2, dv/dl = -u v, whose invariant u^2 - v^2 = delta(T) is taken linear,
// delta = a (T_KT - T). Starting at u = v = 1/l0 on the separatrix at T_KT:
//   delta > 0: u = sqrt(delta) coth(sqrt(delta)(l + l0)), the low-temperature phase;
//   delta = 0: u = 1/(l + l0), i.e. Upsilon = (2T/pi)(1 + 1/(2 ln L + C)) with C = 2 l0;
//   delta < 0: u = sqrt(-delta) cot(sqrt(-delta)(l + l0)), Upsilon drops below 2T/pi at
//              T*(L) = T_KT + (pi^2 / 4a) / (ln L + l0)^2 (floored at 0 beyond).
// So the Weber–Minnhagen form and the pair relation hold exactly at T_KT, and the
// universal-line crossings follow T_KT + c/(ln L + d)^2 with d = l0. A sub-leading term
// D (u/2)^2 is added to pi Upsilon/(2T) - 1 = u/2 at every T when D != 0: at T_KT the
// form with the sub-leading term then holds exactly and the leading one does not (the
// crossings stay where u = 0). The susceptibility is
// chi' = A L^(2 - eta(T)) (ln L)^(1/8) with eta = 1/4 + eta_slope (T - T_KT).
// With `flow` set, Upsilon is instead that of the integrated Kosterlitz flow (kt_flow.hpp,
// its own T_KT), whose nonlinear terms the Weber–Minnhagen form leaves out.
#include <cstdint>
#include <optional>
#include <span>

#include "analysis/inputs.hpp"
#include "analysis/xy2d/kt_flow.hpp"

namespace phaselearn::analysis::xy2d {

struct PlantedKt {
  double tkt = 0.8929;
  double C = 2;  // Weber–Minnhagen constant, 2 l0
  double a = 4;  // delta = a (T_KT - T)
  double D = 0;  // sub-leading amplitude
  double eta_slope = 1.5;
  double chi_amplitude = 0.2;
  // Per-sample noise: AR(1) with this correlation, on bond_cos (standard deviation
  // bond_noise) and a Gaussian bond_sin whose fluctuation term (N J^2/T)<bond_sin^2> is
  // sin_term J on average.
  double autocorrelation = 0.5;
  double bond_noise = 0.01;
  double sin_term = 0.02;
  double magnetization_noise = 0.1;  // relative, on m^2
  std::optional<KtFlowModel> flow;   // Upsilon from the integrated flow (T_KT = flow->tkt)

  double helicity(double T, double L, double J = 1) const;
  double full_susceptibility(double T, double L) const;
  double crossing(double L) const;  // T*(L) where Upsilon = 2T/pi
};

// A run of size L at the given temperatures (J = 1): energy, magnetization, bond_cos,
// bond_sin, vortices per sample, as a run file holds them; streams keyed by (seed, L, t).
RunInput planted_xy_run(const PlantedKt& model, int L, std::span<const double> temperatures,
                        std::size_t samples, std::uint64_t seed);

}  // namespace phaselearn::analysis::xy2d
