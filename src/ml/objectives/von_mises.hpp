#pragma once
// log I0(κ) and its derivative I1/I0, stable for every κ >= 0 (no overflow of I0 itself):
// the normalisation of the von Mises density p(θ) = exp(κ cos(θ − μ)) / (2π I0(κ)).
// The polynomial approximations of Abramowitz & Stegun 9.8.1 and 9.8.2 (relative error of
// I0 below 2e-7) in the form log I0 = log P(t) for κ <= 3.75 and κ − ½ log κ + log Q(3.75/κ)
// above; the derivative returned is the exact derivative of that approximation, so a
// finite-difference check of a loss built on it is exact to rounding.
#include <Eigen/Core>

namespace phaselearn::ml {

// Elementwise over an array of κ >= 0: log_i0 = log I0(κ), ratio = d log I0 / dκ.
template <class Array>
void log_bessel_i0(const Array& kappa, Array& log_i0, Array& ratio) {
  using Scalar = typename Array::Scalar;
  const Scalar edge(3.75);
  // κ <= 3.75: I0 = P(t), t = (κ / 3.75)^2.
  const Array small = kappa.min(edge);
  const Array t = (small / edge).square();
  const Array p =
      Scalar(1) +
      t * (Scalar(3.5156229) +
           t * (Scalar(3.0899424) +
                t * (Scalar(1.2067492) +
                     t * (Scalar(0.2659732) + t * (Scalar(0.0360768) + t * Scalar(0.0045813))))));
  const Array dp =
      Scalar(3.5156229) +
      t * (Scalar(2 * 3.0899424) +
           t * (Scalar(3 * 1.2067492) +
                t * (Scalar(4 * 0.2659732) +
                     t * (Scalar(5 * 0.0360768) + t * Scalar(6 * 0.0045813)))));
  // κ > 3.75: I0 = exp(κ) κ^(-1/2) Q(s), s = 3.75 / κ.
  const Array large = kappa.max(edge);
  const Array s = edge / large;
  const Array q =
      Scalar(0.39894228) +
      s * (Scalar(0.01328592) +
           s * (Scalar(0.00225319) +
                s * (Scalar(-0.00157565) +
                     s * (Scalar(0.00916281) +
                          s * (Scalar(-0.02057706) +
                               s * (Scalar(0.02635537) +
                                    s * (Scalar(-0.01647633) + s * Scalar(0.00392377))))))));
  const Array dq =
      Scalar(0.01328592) +
      s * (Scalar(2 * 0.00225319) +
           s * (Scalar(3 * -0.00157565) +
                s * (Scalar(4 * 0.00916281) +
                     s * (Scalar(5 * -0.02057706) +
                          s * (Scalar(6 * 0.02635537) +
                               s * (Scalar(7 * -0.01647633) + s * Scalar(8 * 0.00392377)))))));
  const auto use_small = kappa <= edge;
  log_i0 = use_small.select(p.log(), large - Scalar(0.5) * large.log() + q.log());
  ratio = use_small.select(dp * (Scalar(2) * small / (edge * edge)) / p,
                           Scalar(1) - Scalar(0.5) / large - dq / q * s / large);
}

}  // namespace phaselearn::ml
