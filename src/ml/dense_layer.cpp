#include "ml/dense_layer.hpp"

namespace phaselearn::ml {

template <class Scalar>
DenseLayer<Scalar>::DenseLayer(int inputs, int outputs, Scalar* parameters, Scalar* gradient)
    : inputs_(inputs), outputs_(outputs), parameters_(parameters), gradient_(gradient) {}

namespace {

// Many inputs to few outputs (the 2048-input first layers): the product is taken as
// (in^T W^T)^T. Eigen packs its left operand with a transposing gather and its right one
// with a plain copy; this way round the gather is of the batch (inputs x batch) instead of
// the larger row-major weights, a tenth less time for 2048 -> 100 at batch 64
// (bench/README.md, 2026-12-02 13:00). Narrow or small layers stay as W in.
bool product_transposed(int inputs, int outputs) {
  return inputs >= 1024 && inputs >= 4 * outputs;
}

}  // namespace

template <class Scalar>
void DenseLayer<Scalar>::forward(const Matrix<Scalar>& in, Matrix<Scalar>& out) const {
  if (product_transposed(inputs_, outputs_)) {
    transposed_.noalias() = in.transpose() * weights().transpose();
    out = transposed_.transpose();
  } else {
    out.noalias() = weights() * in;
  }
  out.colwise() += bias();
}

template <class Scalar>
void DenseLayer<Scalar>::backward(const Matrix<Scalar>& in, const Matrix<Scalar>& d_out,
                                  Matrix<Scalar>* d_in) {
  weight_gradient().noalias() += d_out * in.transpose();
  bias_gradient() += d_out.rowwise().sum();
  if (d_in) d_in->noalias() = weights().transpose() * d_out;
}

template class DenseLayer<float>;
template class DenseLayer<double>;

}  // namespace phaselearn::ml
