#include "analysis/jackknife.hpp"

#include <cmath>
#include <string>

#include "core/errors.hpp"

namespace phaselearn::analysis {

JackknifeEstimate block_jackknife(const Eigen::Ref<const Eigen::MatrixXd>& series,
                                  std::size_t block_length, const MeansFunction& estimator) {
  if (block_length == 0) throw InputError("jackknife: block length must be positive");
  const auto rows = static_cast<std::size_t>(series.rows());
  const std::size_t blocks = rows / block_length;
  if (blocks < 2)
    throw InputError("jackknife: " + std::to_string(rows) + " samples make fewer than 2 blocks of " +
                     std::to_string(block_length));

  const Eigen::Index columns = series.cols();
  const auto length = static_cast<Eigen::Index>(block_length);
  Eigen::MatrixXd block_sums(static_cast<Eigen::Index>(blocks), columns);
  for (Eigen::Index b = 0; b < block_sums.rows(); ++b)
    block_sums.row(b) = series.middleRows(b * length, length).colwise().sum();
  const Eigen::VectorXd total = block_sums.colwise().sum().transpose();
  const double used = static_cast<double>(blocks * block_length);
  const double leave_one_out = used - static_cast<double>(block_length);

  JackknifeEstimate result;
  result.blocks = blocks;
  result.block_length = block_length;
  result.value = estimator(total / used);

  Eigen::VectorXd replicas(block_sums.rows());
  for (Eigen::Index b = 0; b < block_sums.rows(); ++b)
    replicas[b] = estimator((total - block_sums.row(b).transpose()) / leave_one_out);
  const double n = static_cast<double>(blocks);
  const double replica_mean = replicas.mean();
  result.bias_corrected = n * result.value - (n - 1) * replica_mean;
  result.error = std::sqrt((n - 1) / n * (replicas.array() - replica_mean).square().sum());
  return result;
}

}  // namespace phaselearn::analysis
