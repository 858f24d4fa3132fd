#pragma once
// Synthetic inputs with known answers, for tests and for checking the tool end to end:
// an AR(1) series with a known tau_int, and classifier outputs with a planted crossing.
// Streams use Purpose::synthetic keyed by (seed, stream), so draws are reproducible.
#include <cstdint>
#include <span>
#include <vector>

#include "analysis/crossing.hpp"

namespace phaselearn::analysis {

// x_t = a x_{t-1} + sigma_noise eta_t, eta standard normal, x_0 drawn from the stationary
// law N(0, sigma_noise^2 / (1 - a^2)). Exact tau_int = (1/2)(1 + a)/(1 - a).
std::vector<double> ar1_series(double a, double sigma_noise, std::size_t length,
                               std::uint64_t seed, std::uint64_t stream);

// P(ordered) of a size-L classifier whose mean crosses 1/2 at
//   Tc(L) = tc + amplitude L^(-1/nu),  with width w(L) = width_scale L^(-1/nu).
// Sample s at temperature T is 1/(1 + exp((T - Tc(L))/w(L) + z_s)) with z_s an AR(1)
// sequence in s (correlation `autocorrelation`, stationary standard deviation
// `logit_noise`), like the output of a network fed correlated Monte Carlo configurations.
// z is symmetric about 0, so the mean curve crosses 1/2 exactly at Tc(L).
struct PlantedClassifier {
  double tc = 2.269185314213022;
  double nu = 1;
  double amplitude = 0.5;
  double width_scale = 2;
  double logit_noise = 1;
  double autocorrelation = 0.5;

  double crossing(double size) const;  // Tc(L)
  double width(double size) const;     // w(L)
};

// Rows are temperatures, columns samples (the run-file layout).
SampleMatrix planted_classifier_samples(const PlantedClassifier& model, double size,
                                        std::span<const double> temperatures,
                                        std::size_t samples, std::uint64_t seed,
                                        std::uint64_t stream);

}  // namespace phaselearn::analysis
