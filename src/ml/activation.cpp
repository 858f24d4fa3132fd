#include "ml/activation.hpp"

#include "core/errors.hpp"

namespace phaselearn::ml {

Activation parse_activation(const std::string& name) {
  if (name == "relu") return Activation::relu;
  if (name == "tanh") return Activation::tanh;
  if (name == "sigmoid") return Activation::sigmoid;
  throw InputError("unknown activation '" + name + "' (expected relu, tanh or sigmoid)");
}

std::string to_string(Activation activation) {
  switch (activation) {
    case Activation::relu: return "relu";
    case Activation::tanh: return "tanh";
    case Activation::sigmoid: return "sigmoid";
  }
  return "";
}

template <class Scalar>
void activate(Activation activation, Matrix<Scalar>& values) {
  auto v = values.array();
  switch (activation) {
    case Activation::relu: v = v.max(Scalar(0)); break;
    case Activation::tanh: v = v.tanh(); break;
    case Activation::sigmoid: v = v.logistic(); break;
  }
}

template <class Scalar>
void multiply_by_derivative(Activation activation, const Matrix<Scalar>& outputs,
                            Matrix<Scalar>& gradient) {
  const auto a = outputs.array();
  auto g = gradient.array();
  switch (activation) {
    case Activation::relu: g = (a > Scalar(0)).select(g, Scalar(0)); break;
    case Activation::tanh: g *= Scalar(1) - a.square(); break;
    case Activation::sigmoid: g *= a * (Scalar(1) - a); break;
  }
}

template void activate(Activation, Matrix<float>&);
template void activate(Activation, Matrix<double>&);
template void multiply_by_derivative(Activation, const Matrix<float>&, Matrix<float>&);
template void multiply_by_derivative(Activation, const Matrix<double>&, Matrix<double>&);

}  // namespace phaselearn::ml
