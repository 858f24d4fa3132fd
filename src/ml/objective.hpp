#pragma once
// What the training engine (trainer.hpp) needs from a training objective: one flat
// parameter buffer and one flat gradient buffer (with a spare vote slot, so a step has ONE
// collective), the gradient of the summed loss of a batch, and the loss terms of a batch
// without gradient (validation). The engine knows nothing else about the model it trains:
// each objective lives in a room of its own (objectives/classifier.hpp, objectives/vae.hpp).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ml/matrix.hpp"

namespace phaselearn::ml {

// Sums over samples of each metric (metric 0 is the loss that early stopping watches), and
// the sample count: partial sums of ranks and steps simply add up.
struct MetricSums {
  std::vector<double> sums;
  double count = 0;
  MetricSums& operator+=(const MetricSums& other) {
    if (sums.empty()) sums.assign(other.sums.size(), 0.0);
    for (std::size_t k = 0; k < other.sums.size(); ++k) sums[k] += other.sums[k];
    count += other.count;
    return *this;
  }
};

// A stretch of the flat parameter buffer the optimizer treats alike: weights are decayed,
// biases are not.
struct ParameterSegment {
  std::size_t offset, size;
  bool decayed;
};

// Where a batch sits in the epoch: noise an objective draws is keyed by (seed, epoch,
// step, lane), never by rank.
struct BatchPosition {
  int epoch;
  std::int64_t step;
  std::int64_t first_lane;  // lane of column 0; column j is lane first_lane + j
};

class Objective {
 public:
  virtual ~Objective() = default;
  // Names of the metrics, as in the history ("loss" first).
  virtual std::vector<std::string> metric_names() const = 0;
  virtual std::span<float> parameters() = 0;
  // The gradient followed by one vote entry (see RankCollectives).
  virtual std::span<float> gradient_and_vote() = 0;
  virtual std::vector<ParameterSegment> segments() const = 0;
  // Adds the gradient of the SUM of the per-sample losses of `columns` (the inputs of the
  // held samples `held`, one per column) to the gradient buffer.
  virtual MetricSums accumulate_gradient(const Matrix<float>& columns,
                                         std::span<const std::int64_t> held,
                                         const BatchPosition& position) = 0;
  // The metrics of `columns` without gradient and without noise (deterministic).
  virtual MetricSums evaluate(const Matrix<float>& columns, std::span<const std::int64_t> held) = 0;
};

}  // namespace phaselearn::ml
