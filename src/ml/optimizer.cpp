#include "ml/optimizer.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "core/errors.hpp"

namespace phaselearn::ml {
namespace {

using Packet = Eigen::internal::packet_traits<float>::type;
constexpr std::size_t lanes = Eigen::internal::packet_traits<float>::size;

// The constants of one update, broadcast once.
struct Coefficients {
  Packet inverse_count, decay, rate, beta1, one_minus_beta1, beta2, one_minus_beta2, epsilon;
};

// One packet of parameters in one pass: g = gradient / count + decay * w, then Adam's (or
// SGD's) update of w, m, v; the updated w also to copy_to (the sharded step) or else the
// gradient zeroed. One pass instead of Eigen's four over the same block: w, g, m and v are
// read and written once (a step is bound by these loads and stores, and by the square root
// and division). Every element goes through this same code, the tail of a range too (see
// update_range), so an element's result does not depend on where a range starts: the
// sharded and replicated steps, at any rank count, give the same bits.
template <bool adam>
inline void update_packet(float* w, float* g, float* m, float* v, float* copy_to,
                          const Coefficients& c) {
  using namespace Eigen::internal;
  const Packet weight = ploadu<Packet>(w);
  const Packet gradient =
      pmadd(ploadu<Packet>(g), c.inverse_count, pmul(c.decay, weight));
  Packet updated;
  if constexpr (adam) {
    const Packet first = pmadd(c.beta1, ploadu<Packet>(m), pmul(c.one_minus_beta1, gradient));
    const Packet second = pmadd(c.beta2, ploadu<Packet>(v),
                                pmul(pmul(c.one_minus_beta2, gradient), gradient));
    pstoreu(m, first);
    pstoreu(v, second);
    updated = psub(weight, pdiv(pmul(c.rate, first), padd(psqrt(second), c.epsilon)));
  } else {
    updated = psub(weight, pmul(c.rate, gradient));
  }
  pstoreu(w, updated);
  if (copy_to)
    pstoreu(copy_to, updated);
  else
    pstoreu(g, pset1<Packet>(0.0f));
}

// update_packet over n entries; the last partial packet goes through a padded copy.
template <bool adam>
void update_range(float* w, float* g, float* m, float* v, float* copy_to, std::size_t n,
                  const Coefficients& c) {
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes)
    update_packet<adam>(w + i, g + i, adam ? m + i : nullptr, adam ? v + i : nullptr,
                        copy_to ? copy_to + i : nullptr, c);
  if (i == n) return;
  const std::size_t rest = n - i;
  alignas(64) float tw[lanes] = {}, tg[lanes] = {}, tm[lanes] = {}, tv[lanes] = {},
                    tc[lanes] = {};
  std::copy_n(w + i, rest, tw);
  std::copy_n(g + i, rest, tg);
  if (adam) std::copy_n(m + i, rest, tm), std::copy_n(v + i, rest, tv);
  update_packet<adam>(tw, tg, tm, tv, copy_to ? tc : nullptr, c);
  std::copy_n(tw, rest, w + i);
  std::copy_n(tg, rest, g + i);
  if (adam) std::copy_n(tm, rest, m + i), std::copy_n(tv, rest, v + i);
  if (copy_to) std::copy_n(tc, rest, copy_to + i);
}

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

  const auto broadcast = [](float x) { return Eigen::internal::pset1<Packet>(x); };
  Coefficients c{broadcast(inverse_count), broadcast(0.0f),
                 broadcast(kind_ == OptimizerKind::adam ? adam_rate : learning_rate_),
                 broadcast(beta1), broadcast(1 - beta1), broadcast(beta2), broadcast(1 - beta2),
                 broadcast(adam_epsilon)};
  for (const ParameterSegment& segment : segments) {
    c.decay = broadcast(segment.decayed ? weight_decay_ : 0.0f);
    const std::size_t first = std::max(segment.offset, begin);
    const std::size_t last = std::min(segment.offset + segment.size, end);
    if (first >= last) continue;
    float* w = parameters.data() + first;
    float* g = gradient + (first - origin);
    float* to = copy_to ? copy_to + (first - origin) : nullptr;
    if (kind_ == OptimizerKind::sgd) {
      update_range<false>(w, g, nullptr, nullptr, to, last - first, c);
    } else {
      update_range<true>(w, g, state_.first_moment.data() + first,
                         state_.second_moment.data() + first, to, last - first, c);
    }
  }
}

}  // namespace phaselearn::ml
