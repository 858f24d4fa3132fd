#include "analysis/confusion.hpp"

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "analysis/statistics.hpp"
#include "core/errors.hpp"
#include "core/random.hpp"

namespace phaselearn::analysis {

namespace {

struct Peak {
  std::size_t index = 0;
  double prominence = 0;
  double temperature = 0;
  double accuracy = 0;
};

std::optional<Peak> locate_peak(std::span<const double> t, std::span<const double> a) {
  std::optional<Peak> best;
  const std::size_t n = a.size();
  for (std::size_t i = 1; i + 1 < n; ++i) {
    if (!(a[i] > a[i - 1] && a[i] >= a[i + 1])) continue;
    // The lowest point on each side before the curve climbs above this peak (or ends).
    double left_base = a[i], right_base = a[i];
    for (std::size_t j = i; j-- > 0 && a[j] <= a[i];) left_base = std::min(left_base, a[j]);
    for (std::size_t j = i + 1; j < n && a[j] <= a[i]; ++j) right_base = std::min(right_base, a[j]);
    const double prominence = a[i] - std::max(left_base, right_base);
    if (!best || prominence > best->prominence) best = Peak{i, prominence};
  }
  if (!best) return best;

  // Vertex of the parabola through (t_{i-1}, t_i, t_{i+1}). The middle point is strictly
  // above its left neighbour and not below its right one, so the curvature is negative and
  // the vertex lies between the outer two.
  const std::size_t i = best->index;
  const double x0 = t[i - 1], x1 = t[i], x2 = t[i + 1];
  const double y0 = a[i - 1], y1 = a[i], y2 = a[i + 1];
  const double d01 = (y1 - y0) / (x1 - x0), d12 = (y2 - y1) / (x2 - x1);
  const double curvature = (d12 - d01) / (x2 - x0);  // leading coefficient
  // y = y1 + d01 (x - x1) + curvature (x - x0)(x - x1)
  const double vertex = 0.5 * (x0 + x1) - d01 / (2 * curvature);
  best->temperature = vertex;
  best->accuracy = y1 + d01 * (vertex - x1) + curvature * (vertex - x0) * (vertex - x1);
  return best;
}

}  // namespace

Outcome<ConfusionPeak> confusion_peak(std::span<const double> proposed_t,
                                      std::span<const double> accuracy,
                                      std::span<const double> accuracy_error,
                                      const ConfusionOptions& options) {
  if (proposed_t.size() != accuracy.size() ||
      (!accuracy_error.empty() && accuracy_error.size() != accuracy.size()))
    throw InputError("confusion curve: proposed temperatures, accuracies and errors differ in length");
  for (std::size_t i = 0; i < proposed_t.size(); ++i) {
    if (!std::isfinite(proposed_t[i]) || !std::isfinite(accuracy[i]))
      throw InputError("confusion curve: non-finite value at point " + std::to_string(i));
    if (i > 0 && !(proposed_t[i] > proposed_t[i - 1]))
      throw InputError("confusion curve: proposed temperatures are not strictly ascending");
  }

  const std::optional<Peak> peak = locate_peak(proposed_t, accuracy);
  if (!peak)
    return Outcome<ConfusionPeak>::failure(
        "the confusion curve has no interior maximum (it is monotone or V-shaped), so it "
        "does not single out a transition temperature");
  ConfusionPeak result;
  result.temperature = peak->temperature;
  result.accuracy = peak->accuracy;
  result.grid_index = peak->index;
  result.prominence = peak->prominence;
  if (accuracy_error.empty()) return Outcome<ConfusionPeak>::success(result);

  Xoshiro256pp rng(options.seed, 0, Purpose::bootstrap);
  std::normal_distribution<double> normal;
  std::vector<double> replica(accuracy.size()), peaks;
  for (std::size_t r = 0; r < options.bootstrap_replicas; ++r) {
    for (std::size_t i = 0; i < accuracy.size(); ++i)
      replica[i] = accuracy[i] + accuracy_error[i] * normal(rng);
    if (const auto p = locate_peak(proposed_t, replica)) {
      peaks.push_back(p->temperature);
    } else {
      ++result.bootstrap_failures;
    }
  }
  if (peaks.size() >= 2) result.error = std::sqrt(variance(peaks));
  return Outcome<ConfusionPeak>::success(result);
}

}  // namespace phaselearn::analysis
