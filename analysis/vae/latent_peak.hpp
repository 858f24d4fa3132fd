#pragma once
// Where a curve measured at sampled temperatures peaks: the latent susceptibility of a VAE,
// chi_z(T) = <|mu|^2> - <|mu|>^2 over the samples at T. A pure function of the curve, so
// the pipeline calls it on the data and on bootstrap replicas (resampled blocks).
#include <cstddef>

#include "analysis/curve.hpp"
#include "analysis/outcome.hpp"

namespace phaselearn::analysis::vae {

struct PeakFit {
  double temperature = 0;  // the vertex of the parabola
  double height = 0;       // the parabola at its vertex
  double a = 0, b = 0, c = 0;  // y = a + b (T - T0) + c (T - T0)^2
  double t0 = 0;              // the sampled temperature of the largest value
  std::size_t first = 0, last = 0;  // the sampled points fitted, [first, last]
  double chi2 = 0;
  int dof = 0;
};

// The largest sampled value and `half_window` sampled points on either side (clipped to
// the range, at least 3 points), a weighted parabola through them, its vertex. Fails, with
// the reason, when the largest value sits at the lowest or highest sampled temperature (no
// peak inside the range), when it stands less than 3 combined errors above the value at
// either end (a maximum of the noise, no resolved peak), when the parabola opens upwards,
// or when its vertex lies outside the fitted points.
Outcome<PeakFit> peak_of(const Curve& curve, std::size_t half_window = 2);

}  // namespace phaselearn::analysis::vae
