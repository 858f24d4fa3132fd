#pragma once
// A fully connected layer out = W in + b. It owns no parameters: its weights, biases and
// their gradients are views into the network's two flat buffers (weights first, then
// biases), so all parameters and all gradients stay contiguous.
#include <cstddef>

#include "ml/matrix.hpp"

namespace phaselearn::ml {

template <class Scalar>
class DenseLayer {
 public:
  // `parameters` and `gradient` point at this layer's parameter_count() entries.
  DenseLayer(int inputs, int outputs, Scalar* parameters, Scalar* gradient);

  static std::size_t parameter_count(int inputs, int outputs) {
    return std::size_t(outputs) * (std::size_t(inputs) + 1);
  }
  int inputs() const { return inputs_; }
  int outputs() const { return outputs_; }

  WeightMap<Scalar> weights() { return {parameters_, outputs_, inputs_}; }
  ConstWeightMap<Scalar> weights() const { return {parameters_, outputs_, inputs_}; }
  VectorMap<Scalar> bias() { return {bias_of(parameters_), outputs_}; }
  ConstVectorMap<Scalar> bias() const { return {bias_of(parameters_), outputs_}; }
  WeightMap<Scalar> weight_gradient() { return {gradient_, outputs_, inputs_}; }
  ConstWeightMap<Scalar> weight_gradient() const { return {gradient_, outputs_, inputs_}; }
  VectorMap<Scalar> bias_gradient() { return {bias_of(gradient_), outputs_}; }
  ConstVectorMap<Scalar> bias_gradient() const { return {bias_of(gradient_), outputs_}; }

  void forward(const Matrix<Scalar>& in, Matrix<Scalar>& out) const;

  // Adds dL/dW and dL/db of this batch to the gradient buffer. Writes dL/d(in) only when
  // d_in is given: the first layer's input is data and needs none (a third of the work).
  void backward(const Matrix<Scalar>& in, const Matrix<Scalar>& d_out,
                Matrix<Scalar>* d_in);

 private:
  Scalar* bias_of(Scalar* base) const { return base + std::size_t(outputs_) * inputs_; }
  int inputs_, outputs_;
  Scalar* parameters_;
  Scalar* gradient_;
  mutable Matrix<Scalar> transposed_;  // work space of forward(), kept between batches
};

}  // namespace phaselearn::ml
