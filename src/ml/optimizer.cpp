#include "ml/optimizer.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "core/errors.hpp"

namespace phaselearn::ml {
namespace {

using ArrayMap = Eigen::Map<Eigen::ArrayXf>;

// The update runs over blocks small enough to stay in L1 across its several passes
// (parameters, gradient and two moments are 4 x 360 kB for the 900-100-2 network).
constexpr Eigen::Index block = 1024;

}  // namespace

std::vector<ParameterSegment> segments_of(std::span<const DenseLayer<float>> layers,
                                          const float* base) {
  std::vector<ParameterSegment> segments;
  for (const auto& layer : layers) {
    const auto w = layer.weights();
    const auto b = layer.bias();
    segments.push_back({std::size_t(w.data() - base), std::size_t(w.size()), true});
    segments.push_back({std::size_t(b.data() - base), std::size_t(b.size()), false});
  }
  return segments;
}

OptimizerKind parse_optimizer(const std::string& name) {
  if (name == "adam") return OptimizerKind::adam;
  if (name == "sgd") return OptimizerKind::sgd;
  throw InputError("unknown optimizer '" + name + "' (expected adam or sgd)");
}

std::string to_string(OptimizerKind kind) { return kind == OptimizerKind::adam ? "adam" : "sgd"; }

Optimizer::Optimizer(OptimizerKind kind, double learning_rate, double weight_decay,
                     std::size_t parameter_count)
    : kind_(kind),
      learning_rate_(float(learning_rate)),
      weight_decay_(float(weight_decay)),
      parameter_count_(parameter_count) {
  if (kind_ == OptimizerKind::adam) {
    state_.first_moment.assign(parameter_count, 0.0f);
    state_.second_moment.assign(parameter_count, 0.0f);
  }
}

void Optimizer::restore(OptimizerState state) {
  const std::size_t moments = kind_ == OptimizerKind::adam ? parameter_count_ : 0;
  if (state.steps < 0 || state.first_moment.size() != moments ||
      state.second_moment.size() != moments)
    throw InputError("optimizer state does not fit: expected " + to_string(kind_) + " with " +
                     std::to_string(moments) + " moments per buffer, found " +
                     std::to_string(state.first_moment.size()));
  state_ = std::move(state);
}

void Optimizer::step(Network& network, std::int64_t global_count) {
  step(network.parameters(), network.gradient(),
       segments_of(network.layers(), network.parameters().data()), global_count);
}

void Optimizer::step(std::span<float> parameters, std::span<float> gradient,
                     std::span<const ParameterSegment> segments, std::int64_t global_count) {
  assert(parameters.size() == parameter_count_ && gradient.size() >= parameter_count_);
  update(parameters, gradient.data(), nullptr, 0, 0, parameter_count_, segments, global_count);
}

void Optimizer::step_slice(std::span<float> parameters, float* slice, float* updated,
                           std::size_t begin, std::size_t end,
                           std::span<const ParameterSegment> segments,
                           std::int64_t global_count) {
  assert(parameters.size() == parameter_count_ && begin <= end && end <= parameter_count_);
  update(parameters, slice, updated, begin, begin, end, segments, global_count);
}

// The update of parameters [begin, end); the gradient of parameter i is at
// gradient[i - origin]. Each updated weight is also written to copy_to[i - origin] when
// copy_to is given; otherwise the gradient is zeroed for the next step.
void Optimizer::update(std::span<float> parameters, float* gradient, float* copy_to,
                       std::size_t origin, std::size_t begin, std::size_t end,
                       std::span<const ParameterSegment> segments, std::int64_t global_count) {
  if (global_count < 1) throw InputError("optimizer step over an empty batch");
  ++state_.steps;
  const float inverse_count = 1.0f / float(global_count);
  // Adam with the bias corrections folded into the step size and epsilon (as PyTorch).
  const double t = double(state_.steps);
  const double correction1 = 1 - std::pow(double(beta1), t);
  const double correction2 = 1 - std::pow(double(beta2), t);
  const float adam_rate = float(learning_rate_ * std::sqrt(correction2) / correction1);
  const float adam_epsilon = float(epsilon * std::sqrt(correction2));

  for (const ParameterSegment& segment : segments) {
    const float decay = segment.decayed ? weight_decay_ : 0.0f;
    const std::size_t first = std::max(segment.offset, begin);
    const std::size_t last = std::min(segment.offset + segment.size, end);
    for (std::size_t at = first; at < last; at += block) {
      const Eigen::Index n = std::min<Eigen::Index>(block, Eigen::Index(last - at));
      ArrayMap w(parameters.data() + at, n);
      ArrayMap g(gradient + (at - origin), n);
      g = g * inverse_count + decay * w;
      if (kind_ == OptimizerKind::sgd) {
        w -= learning_rate_ * g;
      } else {
        ArrayMap m(state_.first_moment.data() + at, n);
        ArrayMap v(state_.second_moment.data() + at, n);
        m = beta1 * m + (1 - beta1) * g;
        v = beta2 * v + (1 - beta2) * g.square();
        w -= adam_rate * m / (v.sqrt() + adam_epsilon);
      }
      if (copy_to)
        ArrayMap(copy_to + (at - origin), n) = w;
      else
        g.setZero();
    }
  }
}

}  // namespace phaselearn::ml
