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
  // The sharded optimizer's part of a step (ZeRO stage 1): the same update of parameters
  // [begin, end) only, from `slice`, their summed gradient (end - begin entries, consumed).
  // The updated weights are written to parameters and to `updated` (end - begin entries).
  // Adam's moments outside [begin, end) are left as they are: another rank owns them.
  void step_slice(std::span<float> parameters, float* slice, float* updated, std::size_t begin,
                  std::size_t end, std::span<const ParameterSegment> segments,
                  std::int64_t global_count);

  OptimizerKind kind() const { return kind_; }
  const OptimizerState& state() const { return state_; }
  // Adam's moments, for the sharded trainer to gather the slices other ranks updated.
  std::span<float> first_moment() { return state_.first_moment; }
  std::span<float> second_moment() { return state_.second_moment; }
  void restore(OptimizerState state);  // throws InputError when the sizes do not fit

  static constexpr float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;  // PyTorch's

 private:
  void update(std::span<float> parameters, float* gradient, float* copy_to, std::size_t origin,
              std::size_t begin, std::size_t end, std::span<const ParameterSegment> segments,
              std::int64_t global_count);
  OptimizerKind kind_;
  float learning_rate_, weight_decay_;
  std::size_t parameter_count_;
  OptimizerState state_;
};

}  // namespace phaselearn::ml
