#include "ml/dense_layer.hpp"

namespace phaselearn::ml {

template <class Scalar>
DenseLayer<Scalar>::DenseLayer(int inputs, int outputs, Scalar* parameters, Scalar* gradient)
    : inputs_(inputs), outputs_(outputs), parameters_(parameters), gradient_(gradient) {}

template <class Scalar>
void DenseLayer<Scalar>::forward(const Matrix<Scalar>& in, Matrix<Scalar>& out) const {
  out.noalias() = weights() * in;
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
