#pragma once
// Two-class softmax with cross-entropy. Class 0 is "disordered", class 1 "ordered";
// row c of the logits (2 x n) belongs to class c.
#include <cstdint>
#include <span>

#include "ml/matrix.hpp"

namespace phaselearn::ml {

inline constexpr int class_count = 2;
inline constexpr std::int8_t disordered_class = 0;
inline constexpr std::int8_t ordered_class = 1;

// Sums over samples, so that partial sums from several ranks simply add up.
struct BatchStats {
  double loss_sum = 0;       // sum of per-sample cross-entropies (no weight-decay term)
  std::int64_t correct = 0;  // predicted class == true class
  std::int64_t count = 0;
  BatchStats& operator+=(const BatchStats& other) {
    loss_sum += other.loss_sum;
    correct += other.correct;
    count += other.count;
    return *this;
  }
};

// Loss summed over the columns of `logits`; writes d(sum of losses)/d(logits) into
// d_logits. A sample counts as correct when its class has the larger logit (ties: wrong).
template <class Scalar>
BatchStats softmax_cross_entropy(const Matrix<Scalar>& logits,
                                 std::span<const std::int8_t> classes,
                                 Matrix<Scalar>& d_logits);

// P(ordered) of each column of `logits`.
template <class Scalar>
void probability_ordered(const Matrix<Scalar>& logits, std::span<Scalar> p);

// Loss and accuracy of predicted probabilities p = P(ordered) (validation; no gradient).
BatchStats prediction_stats(std::span<const float> p, std::span<const std::int8_t> classes);

}  // namespace phaselearn::ml
