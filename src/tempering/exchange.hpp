#pragma once
// Replica-exchange acceptance between temperatures i and j holding configurations of
// TOTAL energies e_i and e_j: min(1, exp((beta_i - beta_j)(e_i - e_j))).
#include <cmath>

namespace phaselearn {

inline double exchange_probability(double beta_i, double beta_j, double e_i, double e_j) {
  return std::min(1.0, std::exp((beta_i - beta_j) * (e_i - e_j)));
}

// `u` uniform in [0, 1), from keyed_uniform(seed, exchange, pair, step).
inline bool exchange_accepted(double beta_i, double beta_j, double e_i, double e_j, double u) {
  return u < exchange_probability(beta_i, beta_j, e_i, e_j);
}

}  // namespace phaselearn
