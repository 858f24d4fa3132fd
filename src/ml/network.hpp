#pragma once
// The phase classifier: L*L spins -> dense hidden layers -> 2 logits (softmax).
//
// All parameters live in ONE contiguous buffer and all gradients in another (layers are
// views into them), so a data-parallel trainer sums the gradient over ranks with a
// single call on gradient_and_vote(), and checkpoints copy one buffer.
//
// Templated on the scalar: float for training, double for exact gradient checks.
#include <cstdint>
#include <span>
#include <vector>

#include "core/job.hpp"
#include "ml/activation.hpp"
#include "ml/dense_layer.hpp"
#include "ml/loss.hpp"

namespace phaselearn::ml {

struct NetworkShape {
  int inputs;               // values per sample (channels x side x side)
  std::vector<int> hidden;  // units of each hidden layer
  Activation activation;    // of every hidden layer
};

// `inputs` values per sample; throws InputError.
NetworkShape network_shape(const TrainSettings& settings, int inputs);

template <class Scalar>
class BasicNetwork {
 public:
  // Weights are drawn from the master seed alone (one keyed stream per layer): He-uniform
  // for ReLU, Glorot-uniform for tanh, sigmoid and the output layer; biases start at 0.
  // The same seed gives the same weights on every rank and for float and double.
  BasicNetwork(NetworkShape shape, std::uint64_t seed);
  // Layers point into the buffers: a move keeps them (the heap blocks move), a copy would not.
  BasicNetwork(const BasicNetwork&) = delete;
  BasicNetwork& operator=(const BasicNetwork&) = delete;
  BasicNetwork(BasicNetwork&&) noexcept = default;
  BasicNetwork& operator=(BasicNetwork&&) noexcept = default;

  const NetworkShape& shape() const { return shape_; }
  std::span<Scalar> parameters() { return {parameters_.data(), size()}; }
  std::span<const Scalar> parameters() const { return {parameters_.data(), size()}; }
  std::span<Scalar> gradient() { return {gradient_.data(), size()}; }
  std::span<const Scalar> gradient() const { return {gradient_.data(), size()}; }
  // The gradient followed by one spare entry, the vote: ranks put control decisions
  // (checkpoint, stop) there and they are summed in the same allreduce as the gradient,
  // so a step still has ONE collective.
  std::span<Scalar> gradient_and_vote() { return {gradient_.data(), size() + 1}; }
  Scalar& vote() { return gradient_[Eigen::Index(size())]; }
  // Hidden layers in order, then the output layer.
  std::span<DenseLayer<Scalar>> layers() { return layers_; }
  std::span<const DenseLayer<Scalar>> layers() const { return layers_; }

  // Adds the gradient of the SUM of the per-sample losses of this batch (one sample per
  // column of `inputs`) to gradient(). Summing, not averaging, makes the parts of a
  // global batch add up to the gradient of the whole, however it is split.
  BatchStats accumulate_gradient(const Matrix<Scalar>& inputs,
                                 std::span<const std::int8_t> classes);
  void zero_gradient() { gradient_.setZero(); }

  // Z2-symmetric P(ordered) of each column: the mean of p(x) and p(-x), exactly equal for
  // x and -x. One product with the first layer's weights serves both signs.
  void predict_ordered(const Matrix<Scalar>& inputs, std::span<Scalar> p);
  // P(ordered) of each column as it is, no symmetry: for encoders whose symmetric
  // prediction is not x -> -x.
  void predict_plain(const Matrix<Scalar>& inputs, std::span<Scalar> p);

 private:
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  std::size_t size() const { return std::size_t(parameters_.size()); }
  void symmetric_logits(const Matrix<Scalar>& inputs);

  NetworkShape shape_;
  Vector parameters_, gradient_;
  std::vector<DenseLayer<Scalar>> layers_;
  // Work space, reused from batch to batch.
  std::vector<Matrix<Scalar>> outputs_;  // of each layer (activated for hidden layers)
  Matrix<Scalar> delta_, delta_below_;
  Matrix<Scalar> first_product_;                 // W x of the first layer, for both signs
  std::vector<Scalar> p_both_;
};

using Network = BasicNetwork<float>;

}  // namespace phaselearn::ml
