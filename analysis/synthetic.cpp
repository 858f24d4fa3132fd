#include "analysis/synthetic.hpp"

#include <cmath>
#include <random>

#include "core/errors.hpp"
#include "core/random.hpp"

namespace phaselearn::analysis {

std::vector<double> ar1_series(double a, double sigma_noise, std::size_t length,
                               std::uint64_t seed, std::uint64_t stream) {
  if (!(std::abs(a) < 1)) throw InputError("AR(1) coefficient must satisfy |a| < 1");
  Xoshiro256pp rng(seed, stream, Purpose::synthetic);
  std::normal_distribution<double> normal;
  std::vector<double> x(length);
  if (length == 0) return x;
  x[0] = sigma_noise / std::sqrt(1 - a * a) * normal(rng);
  for (std::size_t t = 1; t < length; ++t) x[t] = a * x[t - 1] + sigma_noise * normal(rng);
  return x;
}

double PlantedClassifier::crossing(double size) const {
  return tc + amplitude * std::pow(size, -1.0 / nu);
}

double PlantedClassifier::width(double size) const {
  return width_scale * std::pow(size, -1.0 / nu);
}

SampleMatrix planted_classifier_samples(const PlantedClassifier& model, double size,
                                        std::span<const double> temperatures,
                                        std::size_t samples, std::uint64_t seed,
                                        std::uint64_t stream) {
  const double centre = model.crossing(size);
  const double width = model.width(size);
  // Innovation scale that gives the AR(1) logit noise the requested stationary spread.
  const double a = model.autocorrelation;
  const double innovation = model.logit_noise * std::sqrt(1 - a * a);
  SampleMatrix p(static_cast<Eigen::Index>(temperatures.size()), static_cast<Eigen::Index>(samples));
  for (std::size_t t = 0; t < temperatures.size(); ++t) {
    // One stream per (stream, temperature): 2^20 temperatures per stream is plenty.
    const std::vector<double> noise =
        ar1_series(a, innovation, samples, seed, (stream << 20) + t);
    for (std::size_t s = 0; s < samples; ++s) {
      const double z = (temperatures[t] - centre) / width + noise[s];
      p(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(s)) =
          static_cast<float>(1.0 / (1.0 + std::exp(z)));
    }
  }
  return p;
}

}  // namespace phaselearn::analysis
