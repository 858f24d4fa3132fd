#include "analysis/xy2d/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include "analysis/synthetic.hpp"
#include "core/random.hpp"

namespace phaselearn::analysis::xy2d {

double PlantedKt::helicity(double T, double L, double J) const {
  if (flow) return J * flow->helicity(T / J, L);
  const double delta = a * (tkt - T) / J, x = std::log(L) + C / 2;
  const double root = std::sqrt(std::abs(delta));
  const double u = delta > 0 ? root / std::tanh(root * x) : delta < 0 ? root / std::tan(root * x) : 1 / x;
  const double ordered = std::max(u, 0.0);  // the sub-leading term only where u/2 is a correction
  return std::max(0.0, 2 * T / std::numbers::pi * (1 + u / 2 + D * ordered * ordered / 4));
}

double PlantedKt::full_susceptibility(double T, double L) const {
  const double eta = 0.25 + eta_slope * (T - tkt);
  return chi_amplitude * std::pow(L, 2 - eta) * std::pow(std::log(L), 0.125);
}

double PlantedKt::crossing(double L) const {
  const double x = std::log(L) + C / 2;
  return tkt + std::numbers::pi * std::numbers::pi / (4 * a) / (x * x);
}

RunInput planted_xy_run(const PlantedKt& m, int L, std::span<const double> temperatures,
                        std::size_t samples, std::uint64_t seed) {
  RunInput run;
  run.path = "xy_L" + std::to_string(L) + ".h5";
  run.run_id = "planted" + std::to_string(L);
  run.model = "xy2d";
  run.L = L;
  run.temperatures.assign(temperatures.begin(), temperatures.end());
  run.samples = samples;
  run.magnetization_components = 2;
  const double N = double(L) * L;
  std::vector<double>& bond_cos = run.model_observables["bond_cos"];
  std::vector<double>& bond_sin = run.model_observables["bond_sin"];
  std::vector<double>& vortices = run.model_observables["vortices"];
  for (std::size_t t = 0; t < temperatures.size(); ++t) {
    const double T = temperatures[t];
    const std::uint64_t stream = 1000 * static_cast<std::uint64_t>(L) + t;
    // <(N/T) bond_sin^2> = sin_term, so <bond_cos> = Upsilon + sin_term gives Upsilon.
    const double sin_sigma = std::sqrt(m.sin_term * T / N);
    const double mean_cos = m.helicity(T, L) + m.sin_term;
    const double m2 = m.full_susceptibility(T, L) * T / N;
    const double s = std::sqrt(1 - m.autocorrelation * m.autocorrelation);
    const auto cx = ar1_series(m.autocorrelation, m.bond_noise * s, samples, seed, stream);
    const auto cy = ar1_series(m.autocorrelation, m.bond_noise * s, samples, seed + 1, stream);
    const auto mz = ar1_series(m.autocorrelation, m.magnetization_noise * s, samples, seed + 2, stream);
    Xoshiro256pp rng(seed, stream, Purpose::synthetic, 1);
    std::normal_distribution<double> normal;
    std::uniform_real_distribution<double> angle(0, 2 * std::numbers::pi);
    for (std::size_t k = 0; k < samples; ++k) {
      const double c[2] = {mean_cos + cx[k], mean_cos + cy[k]};
      bond_cos.insert(bond_cos.end(), c, c + 2);
      bond_sin.push_back(sin_sigma * normal(rng));
      bond_sin.push_back(sin_sigma * normal(rng));
      run.energy.push_back(-(c[0] + c[1]));
      const double r = std::sqrt(std::max(0.0, m2 * (1 + mz[k]))), phi = angle(rng);
      run.magnetization.push_back(r * std::cos(phi));
      run.magnetization.push_back(r * std::sin(phi));
      vortices.push_back(std::exp(-4 / T) * (1 + 0.1 * normal(rng)));
    }
  }
  run.exchange_acceptance.assign(temperatures.size() - 1, 0.5);
  run.round_trips.assign(temperatures.size(), 2);
  return run;
}

}  // namespace phaselearn::analysis::xy2d
