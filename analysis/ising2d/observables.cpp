#include "analysis/ising2d/observables.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "analysis/jackknife.hpp"
#include "analysis/statistics.hpp"
#include "core/errors.hpp"

namespace phaselearn::analysis::ising2d {

namespace {
enum Column : Eigen::Index { e, e2, abs_m, m2, m4, columns };
}

ThermodynamicObservables thermodynamic_observables(std::span<const double> energy_per_spin,
                                                   std::span<const double> magnetization_per_spin,
                                                   double temperature, std::size_t spins,
                                                   std::size_t block_length) {
  if (energy_per_spin.size() != magnetization_per_spin.size())
    throw InputError("observables: " + std::to_string(energy_per_spin.size()) + " energies but " +
                     std::to_string(magnetization_per_spin.size()) + " magnetizations");
  if (!(temperature > 0) || spins == 0)
    throw InputError("observables: temperature and number of spins must be positive");

  const auto n = static_cast<Eigen::Index>(energy_per_spin.size());
  Eigen::MatrixXd series(n, columns);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double energy = energy_per_spin[static_cast<std::size_t>(i)];
    const double m = magnetization_per_spin[static_cast<std::size_t>(i)];
    series.row(i) << energy, energy * energy, std::abs(m), m * m, m * m * m * m;
  }
  const auto column = [&](Eigen::Index c) {
    return std::span<const double>(series.col(c).data(), static_cast<std::size_t>(n));
  };
  const BinningAnalysis energy_binning = binning_analysis(column(e));
  const BinningAnalysis abs_m_binning = binning_analysis(column(abs_m));
  const BinningAnalysis m2_binning = binning_analysis(column(m2));

  ThermodynamicObservables result;
  result.temperature = temperature;
  result.energy = {energy_binning.mean, energy_binning.error};
  result.abs_magnetization = {abs_m_binning.mean, abs_m_binning.error};
  result.tau_int_energy = energy_binning.tau_int;
  result.tau_int_abs_magnetization = abs_m_binning.tau_int;
  result.binning_converged =
      energy_binning.converged && abs_m_binning.converged && m2_binning.converged;
  result.block_length =
      block_length > 0 ? block_length
                       : std::max({energy_binning.block_length, abs_m_binning.block_length,
                                   m2_binning.block_length});

  const double beta = 1.0 / temperature;
  const double volume = static_cast<double>(spins);
  const auto jackknife = [&](const MeansFunction& f) {
    const JackknifeEstimate j = block_jackknife(series, result.block_length, f);
    return Estimate{j.bias_corrected, j.error};
  };
  result.specific_heat = jackknife([&](const Eigen::VectorXd& mean) {
    return beta * beta * volume * (mean[e2] - mean[e] * mean[e]);
  });
  result.susceptibility = jackknife([&](const Eigen::VectorXd& mean) {
    return beta * volume * (mean[m2] - mean[abs_m] * mean[abs_m]);
  });
  result.binder = jackknife([](const Eigen::VectorXd& mean) {
    return 1.0 - mean[m4] / (3.0 * mean[m2] * mean[m2]);
  });
  return result;
}

}  // namespace phaselearn::analysis::ising2d
