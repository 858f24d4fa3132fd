#pragma once
// Crossing temperature of the Binder cumulants U4(T) of two lattice sizes. U4 is
// dimensionless, so curves of different L cross near Tc with corrections that vanish
// faster than the shift of T*(L).
//
// Method: on the smaller size's temperatures, the difference d = U_large - U_small (the
// larger curve interpolated linearly) locates the bracket where d changes sign from + to -
// (the larger size is more ordered below Tc, less above); when noise flips the sign
// elsewhere (both curves saturate at 2/3 and 0 far from Tc), the bracket with the most
// significant, consistent sign on either side (summed d/sigma over three points each
// side) wins. Near that bracket each curve gets a weighted local quadratic through the two
// points on each side (more points bias the root wherever the curve is not parabolic over
// them: with five, a planted crossing was missed by 3 error bars), and the crossing is the
// root of their difference; its error is propagated from the two fit covariances,
// sigma_T = sigma_d(T*) / |d'(T*)|.
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "analysis/curve.hpp"
#include "analysis/outcome.hpp"

namespace phaselearn::analysis {

struct BinderCrossing {
  double size_small = 0, size_large = 0;
  double temperature = 0, error = 0;
  double binder = 0, binder_error = 0;  // U4 at the crossing
};

struct BinderCrossingOptions {
  std::size_t fit_points = 4;  // points of each curve in its local quadratic (>= 3)
};

// Fails with the reason when the curves do not cross over their common temperatures.
// Errors of both curves must be positive.
Outcome<BinderCrossing> binder_crossing(const SizedCurve& small, const SizedCurve& large,
                                        const BinderCrossingOptions& options = {});

// Jackknife error of the crossing temperature. The error above treats U4 at neighbouring
// temperatures as independent, but replica exchange moves walkers between them, so their
// noise is shared and that error comes out too small. Each replica is a curve recomputed
// with block k of the sample index left out at EVERY temperature (same x and errors as the
// full curve), which keeps that correlation; the two sizes are independent runs, so their
// jackknife variances add. A replica is a curve's y values (its x and errors are those of
// the full curve). Nothing when a replica has no crossing or there are < 2 each.
std::optional<double> jackknife_crossing_error(const SizedCurve& small, const SizedCurve& large,
                                               std::span<const std::vector<double>> small_replicas,
                                               std::span<const std::vector<double>> large_replicas,
                                               const BinderCrossingOptions& options = {});

// Crossings of successive sizes (sorted by L): result i is the pair (i, i+1).
std::vector<Outcome<BinderCrossing>> successive_binder_crossings(
    std::span<const SizedCurve> curves, const BinderCrossingOptions& options = {});

}  // namespace phaselearn::analysis
