#pragma once
// Adam and plain SGD on the network's flat parameter buffer, with L2 weight decay.
// The gradient arrives as the SUM over the global batch (after the sum over ranks);
// step() divides by the global count once, so every rank applies the same update.
#include <cstdint>
#include <string>
#include <vector>

#include "ml/network.hpp"
#include "ml/objective.hpp"

namespace phaselearn::ml {

enum class OptimizerKind { adam, sgd };

OptimizerKind parse_optimizer(const std::string& name);  // throws InputError
std::string to_string(OptimizerKind kind);

// Everything a checkpoint needs to continue bit for bit. Adam's moments are flat
// buffers laid out like Network::parameters(); SGD has none.
struct OptimizerState {
  std::int64_t steps = 0;
  std::vector<float> first_moment, second_moment;
};

// The weights (decayed) and biases (not) of `layers`, as offsets from `base`.
std::vector<ParameterSegment> segments_of(std::span<const DenseLayer<float>> layers,
                                          const float* base);

class Optimizer {
 public:
  Optimizer(OptimizerKind kind, double learning_rate, double weight_decay,
            std::size_t parameter_count);

  // g = gradient / global_count + weight_decay * w (weights only: biases are not decayed,
  // they do not grow the margin), then the update; leaves the gradient zeroed.
  void step(std::span<float> parameters, std::span<float> gradient,
            std::span<const ParameterSegment> segments, std::int64_t global_count);
  void step(Network& network, std::int64_t global_count);

  OptimizerKind kind() const { return kind_; }
  const OptimizerState& state() const { return state_; }
  void restore(OptimizerState state);  // throws InputError when the sizes do not fit

  static constexpr float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;  // PyTorch's

 private:
  OptimizerKind kind_;
  float learning_rate_, weight_decay_;
  std::size_t parameter_count_;
  OptimizerState state_;
};

}  // namespace phaselearn::ml
