#include "ml/network.hpp"

#include <cassert>
#include <cmath>

#include "core/errors.hpp"
#include "core/random.hpp"

namespace phaselearn::ml {

NetworkShape network_shape(const TrainSettings& settings, int inputs) {
  if (inputs < 1) throw InputError("the network needs at least one input");
  for (int units : settings.hidden)
    if (units < 1) throw InputError("train.hidden: every layer needs at least one unit");
  return {inputs, settings.hidden, parse_activation(settings.activation)};
}

template <class Scalar>
BasicNetwork<Scalar>::BasicNetwork(NetworkShape shape, std::uint64_t seed)
    : shape_(std::move(shape)) {
  std::vector<int> widths{shape_.inputs};
  widths.insert(widths.end(), shape_.hidden.begin(), shape_.hidden.end());
  widths.push_back(class_count);

  std::size_t total = 0;
  for (std::size_t l = 0; l + 1 < widths.size(); ++l)
    total += DenseLayer<Scalar>::parameter_count(widths[l], widths[l + 1]);
  parameters_ = Vector::Zero(Eigen::Index(total));
  gradient_ = Vector::Zero(Eigen::Index(total + 1));  // + the vote

  std::size_t offset = 0;
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
    layers_.emplace_back(widths[l], widths[l + 1], parameters_.data() + offset,
                         gradient_.data() + offset);
    offset += DenseLayer<Scalar>::parameter_count(widths[l], widths[l + 1]);

    const bool output = l + 2 == widths.size();
    const double fan_in = widths[l], fan_out = widths[l + 1];
    const double bound = !output && shape_.activation == Activation::relu
                             ? std::sqrt(6 / fan_in)
                             : std::sqrt(6 / (fan_in + fan_out));
    Xoshiro256pp rng(seed, l, Purpose::weights);
    auto w = layers_.back().weights();
    for (Eigen::Index o = 0; o < w.rows(); ++o)
      for (Eigen::Index i = 0; i < w.cols(); ++i)
        w(o, i) = Scalar(bound * (2 * rng.uniform() - 1));
  }
  outputs_.resize(layers_.size());
}

template <class Scalar>
BatchStats BasicNetwork<Scalar>::accumulate_gradient(const Matrix<Scalar>& inputs,
                                                     std::span<const std::int8_t> classes) {
  assert(inputs.rows() == shape_.inputs && std::size_t(inputs.cols()) == classes.size());
  const std::size_t last = layers_.size() - 1;
  for (std::size_t l = 0; l <= last; ++l) {
    layers_[l].forward(l == 0 ? inputs : outputs_[l - 1], outputs_[l]);
    if (l < last) activate(shape_.activation, outputs_[l]);
  }
  const BatchStats stats = softmax_cross_entropy(outputs_[last], classes, delta_);
  for (std::size_t l = last + 1; l-- > 0;) {
    if (l == 0) {
      layers_[0].backward(inputs, delta_, nullptr);
      break;
    }
    layers_[l].backward(outputs_[l - 1], delta_, &delta_below_);
    multiply_by_derivative(shape_.activation, outputs_[l - 1], delta_below_);
    delta_.swap(delta_below_);
  }
  return stats;
}

// Leaves in outputs_.back() the logits of [x, -x]: columns 0..n-1 for x, n..2n-1 for -x.
template <class Scalar>
void BasicNetwork<Scalar>::symmetric_logits(const Matrix<Scalar>& inputs) {
  assert(inputs.rows() == shape_.inputs);
  const Eigen::Index n = inputs.cols();
  // W(-x) + b = b - Wx: the first product is shared, and since rounding is symmetric
  // under negation, predicting -x gives bit for bit the same pair swapped.
  first_product_.noalias() = layers_[0].weights() * inputs;
  Matrix<Scalar>& first = outputs_[0];
  first.resize(first_product_.rows(), 2 * n);
  first.leftCols(n) = first_product_.colwise() + layers_[0].bias();
  first.rightCols(n) = (-first_product_).colwise() + layers_[0].bias();
  const std::size_t last = layers_.size() - 1;
  for (std::size_t l = 0; l <= last; ++l) {
    if (l > 0) layers_[l].forward(outputs_[l - 1], outputs_[l]);
    if (l < last) activate(shape_.activation, outputs_[l]);
  }
}

template <class Scalar>
void BasicNetwork<Scalar>::predict_ordered(const Matrix<Scalar>& inputs, std::span<Scalar> p) {
  assert(std::size_t(inputs.cols()) == p.size());
  symmetric_logits(inputs);
  const std::size_t n = p.size();
  p_both_.resize(2 * n);
  probability_ordered(outputs_.back(), std::span<Scalar>(p_both_));
  for (std::size_t i = 0; i < n; ++i) p[i] = Scalar(0.5) * (p_both_[i] + p_both_[n + i]);
}

template <class Scalar>
void BasicNetwork<Scalar>::predict_plain(const Matrix<Scalar>& inputs, std::span<Scalar> p) {
  assert(inputs.rows() == shape_.inputs && std::size_t(inputs.cols()) == p.size());
  const std::size_t last = layers_.size() - 1;
  for (std::size_t l = 0; l <= last; ++l) {
    layers_[l].forward(l == 0 ? inputs : outputs_[l - 1], outputs_[l]);
    if (l < last) activate(shape_.activation, outputs_[l]);
  }
  probability_ordered(outputs_.back(), p);
}

template class BasicNetwork<float>;
template class BasicNetwork<double>;

}  // namespace phaselearn::ml
