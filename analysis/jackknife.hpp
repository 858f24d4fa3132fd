#pragma once
// Jackknife over blocks for quantities that are nonlinear functions of several means
// (specific heat, susceptibility, Binder cumulant). Blocks longer than the
// autocorrelation time make the leave-one-block-out estimates nearly independent.
#include <Eigen/Core>
#include <cstddef>
#include <functional>

namespace phaselearn::analysis {

struct JackknifeEstimate {
  double value = 0;           // f at the means of all blocks
  double bias_corrected = 0;  // n f - (n - 1) mean_i f_i: removes the O(1/n) bias
  double error = 0;           // sqrt((n - 1)/n sum_i (f_i - mean_i f_i)^2)
  std::size_t blocks = 0;
  std::size_t block_length = 0;
};

// Column-wise means of the rows handed to the estimator function.
using MeansFunction = std::function<double(const Eigen::VectorXd& means)>;

// series: one column per observable, one row per (time-ordered) sample. Rows beyond the
// last whole block are dropped. Needs at least 2 blocks; throws InputError otherwise.
JackknifeEstimate block_jackknife(const Eigen::Ref<const Eigen::MatrixXd>& series,
                                  std::size_t block_length, const MeansFunction& estimator);

}  // namespace phaselearn::analysis
