#pragma once
// Where the classifier's mean P(ordered)(T) crosses 1/2, with a bootstrap error.
//
// Fit model: the logistic P(T) = 1 / (1 + exp((T - T*)/w)) in a window around the
// crossing, weighted by the errors of the means. Why this model:
//  - A network trained on the two phases outputs a sigmoid of a learnt order-parameter
//    feature that varies smoothly through Tc; near the crossing the curve is a logistic
//    in T to leading order, with the right shape on both sides (flattening towards 0 and
//    1), which a local cubic gets wrong as soon as the window reaches the shoulders.
//  - Two parameters, both meaningful: T* directly (no root finding) and the width w,
//    which scales as L^(-1/nu) and is reported for the collapse.
//  - With only the two points that bracket 1/2 it reduces to interpolation of logit(P),
//    so coarse grids at large L still give a sensible, not an invented, T*.
// Window: a first fit over the temperatures around the crossing whose means lie in
// [0.05, 0.95]; then the temperatures within 2|w| of the fitted T* (P from 0.12 to 0.88),
// refitted until the window settles, and never fewer than 4 points. Symmetric in T, so
// a curve that is not exactly logistic does not pull T* towards the side with more
// points; limited in width, because saturated points carry little information on T* but
// weigh heavily through their small errors if the network saturates below 1.
//
// Error: the samples at each temperature are time ordered and autocorrelated, so the
// bootstrap resamples blocks within each temperature and refits with the same window and
// weights. Block length 16 tau_int, with tau_int from the autocorrelation pooled over the
// window's temperatures (one temperature alone is often too short to tell), capped so
// that each temperature keeps 8 blocks. Block means are resampled with the deviation from
// their mean scaled by sqrt(n/(n-1)), which removes the bootstrap's (n-1)/n variance
// deficit that matters with few blocks.
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "analysis/curve.hpp"
#include "analysis/outcome.hpp"

namespace phaselearn::analysis {

// [temperatures, samples], row-major like /predictions/p_ordered, so a reader can fill
// .data() directly.
using SampleMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct ClassifierCurve {
  Curve curve;  // x = T, y = mean P(ordered), error = binning error of the mean
  std::vector<double> tau_int;  // binning estimate per temperature
  bool binning_converged = true;
};

// Errors are floored at 1/S: S identical values (a saturated network) do not make a mean
// known better than about one sample in S.
ClassifierCurve classifier_curve(std::span<const double> temperatures,
                                 const Eigen::Ref<const SampleMatrix>& p_ordered);

struct CrossingOptions {
  double first_window_probability = 0.05;  // the first window keeps means in [q, 1 - q]
  double window_half_width = 2;            // final window: |T - T*| <= this times |w|
  std::size_t min_window_points = 4;
  std::size_t bootstrap_replicas = 400;
  std::size_t block_length = 0;  // 0: from the pooled autocorrelation time (see above)
  std::uint64_t seed = 0;        // the bootstrap stream is keyed by (seed, stream)
  std::uint64_t stream = 0;      // e.g. the lattice size, so sizes draw independently
};

struct Crossing {
  double temperature = 0;  // T*
  double error = 0;        // standard deviation of the bootstrap T*
  double bootstrap_low = 0, bootstrap_high = 0;  // 16th and 84th percentiles
  double width = 0, width_error = 0;             // logistic w, bootstrap error
  double chi2 = 0;
  int dof = 0;  // window points - 2
  std::size_t window_begin = 0, window_end = 0;  // fitted temperatures [begin, end)
  // More than one: the mean wobbles around 1/2 within its noise; the window spans them.
  std::size_t sign_changes = 0;
  std::size_t bootstrap_failures = 0;  // replicas whose refit did not converge
  double tau_int = 0.5;                // pooled over the window's temperatures
  std::size_t block_length = 1;        // bootstrap block length used
};

// Fails (with the reason) when the mean never crosses 1/2 over the temperature range or
// the fit does not converge; throws InputError on inconsistent shapes.
Outcome<Crossing> find_crossing(std::span<const double> temperatures,
                                const Eigen::Ref<const SampleMatrix>& p_ordered,
                                const CrossingOptions& options = {});

}  // namespace phaselearn::analysis
