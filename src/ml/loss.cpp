#include "ml/loss.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace phaselearn::ml {
namespace {

// log(1 + e^x) without overflow for large x or loss of precision for very negative x.
template <class Scalar>
Scalar softplus(Scalar x) {
  return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}

template <class Scalar>
Scalar logistic(Scalar x) {
  if (x >= 0) return Scalar(1) / (Scalar(1) + std::exp(-x));
  const Scalar e = std::exp(x);
  return e / (Scalar(1) + e);
}

}  // namespace

template <class Scalar>
BatchStats softmax_cross_entropy(const Matrix<Scalar>& logits,
                                 std::span<const std::int8_t> classes,
                                 Matrix<Scalar>& d_logits) {
  assert(logits.rows() == class_count && std::size_t(logits.cols()) == classes.size());
  d_logits.resize(class_count, logits.cols());
  BatchStats stats;
  stats.count = logits.cols();
  for (Eigen::Index i = 0; i < logits.cols(); ++i) {
    // With two classes softmax is the logistic function of the logit difference.
    const Scalar margin = logits(1, i) - logits(0, i);
    const bool ordered = classes[i] == ordered_class;
    stats.loss_sum += softplus(ordered ? -margin : margin);
    stats.correct += ordered ? margin > 0 : margin < 0;
    const Scalar d_ordered = logistic(margin) - (ordered ? Scalar(1) : Scalar(0));
    d_logits(1, i) = d_ordered;
    d_logits(0, i) = -d_ordered;
  }
  return stats;
}

template <class Scalar>
void probability_ordered(const Matrix<Scalar>& logits, std::span<Scalar> p) {
  assert(logits.rows() == class_count && std::size_t(logits.cols()) == p.size());
  for (Eigen::Index i = 0; i < logits.cols(); ++i) p[i] = logistic(logits(1, i) - logits(0, i));
}

template BatchStats softmax_cross_entropy(const Matrix<float>&, std::span<const std::int8_t>,
                                          Matrix<float>&);
template BatchStats softmax_cross_entropy(const Matrix<double>&, std::span<const std::int8_t>,
                                          Matrix<double>&);
template void probability_ordered(const Matrix<float>&, std::span<float>);
template void probability_ordered(const Matrix<double>&, std::span<double>);

BatchStats prediction_stats(std::span<const float> p, std::span<const std::int8_t> classes) {
  assert(p.size() == classes.size());
  BatchStats stats;
  stats.count = std::int64_t(classes.size());
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const bool ordered = classes[i] == ordered_class;
    const double p_true = ordered ? p[i] : 1 - double(p[i]);
    // Clamped: a saturated float probability must not make the validation loss infinite.
    stats.loss_sum -= std::log(std::max(p_true, 1e-30));
    stats.correct += p_true > 0.5;
  }
  return stats;
}

}  // namespace phaselearn::ml
