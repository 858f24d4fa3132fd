#include "analysis/xy2d/observables.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <string>

#include "analysis/jackknife.hpp"
#include "analysis/statistics.hpp"
#include "core/errors.hpp"

namespace phaselearn::analysis::xy2d {

namespace {

enum Column : Eigen::Index { e, e2, abs_m, m2, upsilon, vortices, columns };

void check(const XySamples& x, double temperature, std::size_t spins) {
  const std::size_t n = x.energy.size();
  if (x.magnetization.size() != 2 * n || x.bond_cos.size() != 2 * n || x.bond_sin.size() != 2 * n ||
      x.vortices.size() != n)
    throw InputError("xy2d observables: the series of one temperature differ in length (" +
                     std::to_string(n) + " energies)");
  if (!(temperature > 0) || spins == 0)
    throw InputError("xy2d observables: temperature and number of spins must be positive");
}

}  // namespace

std::vector<double> helicity_terms(const XySamples& x, double temperature, std::size_t spins,
                                   double J) {
  check(x, temperature, spins);
  const double fluctuation = static_cast<double>(spins) * J * J / temperature;
  std::vector<double> terms(x.energy.size());
  for (std::size_t s = 0; s < terms.size(); ++s) {
    const double c = 0.5 * (x.bond_cos[2 * s] + x.bond_cos[2 * s + 1]);
    const double sx = x.bond_sin[2 * s], sy = x.bond_sin[2 * s + 1];
    terms[s] = J * c - fluctuation * 0.5 * (sx * sx + sy * sy);
  }
  return terms;
}

std::vector<double> full_susceptibility_terms(const XySamples& x, double temperature,
                                              std::size_t spins) {
  check(x, temperature, spins);
  const double scale = static_cast<double>(spins) / temperature;
  std::vector<double> terms(x.energy.size());
  for (std::size_t s = 0; s < terms.size(); ++s) {
    const double mx = x.magnetization[2 * s], my = x.magnetization[2 * s + 1];
    terms[s] = scale * (mx * mx + my * my);
  }
  return terms;
}

XyObservables xy_observables(const XySamples& x, double temperature, std::size_t spins, double J,
                             std::size_t block_length) {
  const std::vector<double> stiffness = helicity_terms(x, temperature, spins, J);
  const auto n = static_cast<Eigen::Index>(x.energy.size());
  Eigen::MatrixXd series(n, columns);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto s = static_cast<std::size_t>(i);
    const double energy = x.energy[s];
    const double mx = x.magnetization[2 * s], my = x.magnetization[2 * s + 1];
    const double sq = mx * mx + my * my;
    series.row(i) << energy, energy * energy, std::sqrt(sq), sq, stiffness[s], x.vortices[s];
  }
  const auto column = [&](Eigen::Index c) {
    return std::span<const double>(series.col(c).data(), static_cast<std::size_t>(n));
  };
  const BinningAnalysis energy_binning = binning_analysis(column(e));
  const BinningAnalysis abs_m_binning = binning_analysis(column(abs_m));
  const BinningAnalysis m2_binning = binning_analysis(column(m2));
  const BinningAnalysis upsilon_binning = binning_analysis(column(upsilon));
  const BinningAnalysis vortex_binning = binning_analysis(column(vortices));

  XyObservables r;
  r.temperature = temperature;
  r.energy = {energy_binning.mean, energy_binning.error};
  r.abs_magnetization = {abs_m_binning.mean, abs_m_binning.error};
  r.vortex_density = {vortex_binning.mean, vortex_binning.error};
  r.tau_int_energy = energy_binning.tau_int;
  r.tau_int_abs_magnetization = abs_m_binning.tau_int;
  r.tau_int_helicity = upsilon_binning.tau_int;
  r.binning_converged = energy_binning.converged && abs_m_binning.converged &&
                        m2_binning.converged && upsilon_binning.converged;
  r.block_length = block_length > 0
                       ? block_length
                       : std::max({energy_binning.block_length, abs_m_binning.block_length,
                                   m2_binning.block_length, upsilon_binning.block_length});
  const double beta = 1.0 / temperature;
  const double volume = static_cast<double>(spins);
  const auto jackknife = [&](const MeansFunction& f) {
    const JackknifeEstimate j = block_jackknife(series, r.block_length, f);
    return Estimate{j.bias_corrected, j.error};
  };
  r.specific_heat = jackknife([&](const Eigen::VectorXd& m) {
    return beta * beta * volume * (m[e2] - m[e] * m[e]);
  });
  r.susceptibility = jackknife([&](const Eigen::VectorXd& m) {
    return beta * volume * (m[m2] - m[abs_m] * m[abs_m]);
  });
  r.full_susceptibility = jackknife([&](const Eigen::VectorXd& m) { return beta * volume * m[m2]; });
  r.helicity = jackknife([](const Eigen::VectorXd& m) { return m[upsilon]; });
  return r;
}

}  // namespace phaselearn::analysis::xy2d
