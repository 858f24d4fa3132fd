#pragma once
// Hidden-layer activations, applied in place. Their derivatives are written in terms of
// the activation's output a = f(z), so the backward pass needs no copy of z.
#include <string>

#include "ml/matrix.hpp"

namespace phaselearn::ml {

enum class Activation { relu, tanh, sigmoid };

Activation parse_activation(const std::string& name);  // throws InputError
std::string to_string(Activation activation);

template <class Scalar>
void activate(Activation activation, Matrix<Scalar>& values);

// gradient *= f'(z), elementwise, with f'(z) computed from outputs = f(z).
template <class Scalar>
void multiply_by_derivative(Activation activation, const Matrix<Scalar>& outputs,
                            Matrix<Scalar>& gradient);

}  // namespace phaselearn::ml
