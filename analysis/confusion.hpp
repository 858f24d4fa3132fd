#pragma once
// Peak of the confusion curve (van Nieuwenburg, Liu & Huber, Nat. Phys. 2017): validation
// accuracy of networks trained with the phase boundary proposed at T'. The curve is
// W-shaped: trivially high at both ends of the range, with the informative maximum in
// between, near Tc. So the peak is the interior local maximum of largest prominence
// (height above the higher of the two dips that separate it from higher ground), never
// an end point; its position is refined by the parabola through it and its neighbours.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "analysis/outcome.hpp"

namespace phaselearn::analysis {

struct ConfusionPeak {
  double temperature = 0;  // vertex of the parabola through the top point and its neighbours
  double accuracy = 0;     // parabola value at the vertex
  std::size_t grid_index = 0;  // the top grid point
  double prominence = 0;
  // Parametric bootstrap over the accuracy errors, when they were given.
  std::optional<double> error;
  std::size_t bootstrap_failures = 0;  // replicas without an interior peak
};

struct ConfusionOptions {
  std::size_t bootstrap_replicas = 400;
  std::uint64_t seed = 0;
};

// proposed_t strictly ascending; accuracy_error empty or one error per point (e.g.
// sqrt(a (1 - a) / n_validation)). Fails when there is no interior maximum.
Outcome<ConfusionPeak> confusion_peak(std::span<const double> proposed_t,
                                      std::span<const double> accuracy,
                                      std::span<const double> accuracy_error = {},
                                      const ConfusionOptions& options = {});

}  // namespace phaselearn::analysis
