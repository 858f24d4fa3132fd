// Exact 2D Ising results checked against an independent brute-force sum written here,
// against each other, and against known closed-form values from the literature.
#define BOOST_TEST_MODULE ising2d_exact
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numbers>
#include <stdexcept>
#include <utility>
#include <vector>

#include "exact/ising2d_exact.hpp"

namespace ex = phaselearn::exact;
using boost::test_tools::tolerance;

namespace {

const double tc = 2.0 / std::log(1.0 + std::numbers::sqrt2);
const std::vector<double> temperatures = {0.5, 1.0, 1.5, 2.0, 2.269, tc, 2.5, 3.0, 4.0, 5.0};

// Straightforward sum over every state, kept deliberately unlike the library's
// Gray-code histogram so that the two are independent.
struct BruteForce {
  double log_z, energy, specific_heat, abs_magnetization, magnetization_sq;
};

BruteForce brute_force(int L, double T, double J) {
  const int n = L * L;
  const long double beta = 1.0L / T;
  std::vector<long double> energy(std::size_t{1} << n), magnetization(energy.size());
  for (std::uint32_t state = 0; state < energy.size(); ++state) {
    const auto spin = [&](int x, int y) {
      return (state >> (((y + L) % L) * L + (x + L) % L)) & 1u ? -1 : 1;
    };
    int bonds = 0, m = 0;
    for (int y = 0; y < L; ++y) {
      for (int x = 0; x < L; ++x) {
        bonds += spin(x, y) * (spin(x + 1, y) + spin(x, y + 1));
        m += spin(x, y);
      }
    }
    energy[state] = -J * bonds;
    magnetization[state] = static_cast<long double>(m) / n;
  }
  const long double ground = -2.0L * std::abs(J) * n;  // lowest energy, keeps exp() finite
  long double z = 0, e1 = 0, abs_m = 0, m2 = 0;
  for (std::size_t i = 0; i < energy.size(); ++i) {
    const long double w = std::exp(-beta * (energy[i] - ground));
    z += w;
    e1 += w * energy[i];
    abs_m += w * std::abs(magnetization[i]);
    m2 += w * magnetization[i] * magnetization[i];
  }
  e1 /= z;
  long double variance = 0;
  for (std::size_t i = 0; i < energy.size(); ++i) {
    variance += std::exp(-beta * (energy[i] - ground)) * (energy[i] - e1) * (energy[i] - e1);
  }
  variance /= z;
  return {static_cast<double>(std::log(z) - beta * ground), static_cast<double>(e1 / n),
          static_cast<double>(beta * beta * variance / n), static_cast<double>(abs_m / z),
          static_cast<double>(m2 / z)};
}

bool close(double a, double b, double relative) {
  return std::abs(a - b) <= relative * std::max(std::abs(a), std::abs(b));
}

// Fourth-order central difference.
double derivative(const std::function<double(double)>& f, double x) {
  const double h = 1e-4;
  return (8 * (f(x + h) - f(x - h)) - (f(x + 2 * h) - f(x - 2 * h))) / (12 * h);
}

// Maximum of a unimodal function on [lo, hi] by golden-section search.
std::pair<double, double> maximise(const std::function<double(double)>& f, double lo, double hi) {
  const double r = (std::sqrt(5.0) - 1) / 2;
  double a = lo + (1 - r) * (hi - lo), b = lo + r * (hi - lo);
  double fa = f(a), fb = f(b);
  while (hi - lo > 1e-9) {
    if (fa > fb) {
      hi = b, b = a, fb = fa, a = lo + (1 - r) * (hi - lo), fa = f(a);
    } else {
      lo = a, a = b, fa = fb, b = lo + r * (hi - lo), fb = f(b);
    }
  }
  return {(lo + hi) / 2, f((lo + hi) / 2)};
}

}  // namespace

BOOST_AUTO_TEST_CASE(critical_temperature_constant) {
  BOOST_TEST(ex::critical_temperature_over_J == tc, tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(kaufman_matches_brute_force) {
  for (const int L : {2, 3, 4}) {
    for (const double T : temperatures) {
      BOOST_TEST_CONTEXT("L = " << L << ", T = " << T) {
        const auto reference = brute_force(L, T, 1.0);
        const auto thermo = ex::finite_size(L, T);
        BOOST_TEST(close(ex::log_partition_function(L, T), reference.log_z, 1e-12));
        BOOST_TEST(close(thermo.energy, reference.energy, 1e-11));
        BOOST_TEST(close(thermo.specific_heat, reference.specific_heat, 1e-10));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(enumeration_matches_brute_force) {
  for (const int L : {2, 3, 4}) {
    for (const double J : {1.0, -0.7}) {
      for (const double T : temperatures) {
        BOOST_TEST_CONTEXT("L = " << L << ", J = " << J << ", T = " << T) {
          const auto reference = brute_force(L, T, J);
          const auto thermo = ex::enumerate(L, T, J);
          BOOST_TEST(close(thermo.energy, reference.energy, 1e-12));
          BOOST_TEST(close(thermo.specific_heat, reference.specific_heat, 1e-10));
          BOOST_TEST(close(thermo.abs_magnetization, reference.abs_magnetization, 1e-12));
          BOOST_TEST(close(thermo.magnetization_sq, reference.magnetization_sq, 1e-12));
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(kaufman_matches_enumeration_at_L5) {
  for (const double T : {0.8, 2.269, 4.0}) {
    BOOST_TEST_CONTEXT("T = " << T) {
      const auto enumerated = ex::enumerate(5, T);
      const auto thermo = ex::finite_size(5, T);
      BOOST_TEST(close(thermo.energy, enumerated.energy, 1e-11));
      BOOST_TEST(close(thermo.specific_heat, enumerated.specific_heat, 1e-10));
    }
  }
}

BOOST_AUTO_TEST_CASE(enumerated_magnetization_limits) {
  // Ordered at low T; at infinite T the spins are independent, so <m^2> = 1/N.
  BOOST_TEST(ex::enumerate(5, 0.5).abs_magnetization > 0.9999);
  BOOST_TEST(ex::enumerate(5, 1e6).magnetization_sq == 1.0 / 25, tolerance(1e-4));
  BOOST_TEST(ex::enumerate(5, 100.0).abs_magnetization < 0.2);
  double previous = 1.0;
  for (const double T : temperatures) {
    const double m = ex::enumerate(4, T).abs_magnetization;
    BOOST_TEST(m < previous);
    previous = m;
  }
  // Both sides start 1 - 2 e^{-8K} at low T, to corrections of order e^{-12K}.
  const double m_5x5 = ex::enumerate(5, 1.0).abs_magnetization;
  BOOST_TEST(std::abs(m_5x5 - ex::onsager_magnetization(1.0)) < 1e-4);
}

BOOST_AUTO_TEST_CASE(symmetries) {
  for (const double T : {1.0, 2.269, 3.5}) {
    BOOST_TEST_CONTEXT("T = " << T) {
      // Even L is bipartite: flipping one sublattice maps J to -J, E and C unchanged.
      const auto ferro = ex::enumerate(4, T, 1.0);
      const auto antiferro = ex::enumerate(4, T, -1.0);
      BOOST_TEST(close(ferro.energy, antiferro.energy, 1e-13));
      BOOST_TEST(close(ferro.specific_heat, antiferro.specific_heat, 1e-12));
      // Only T/J matters: E scales with J, ln Z and C are invariant.
      const double J = 2.5;
      const auto unit = ex::finite_size(32, T);
      const auto scaled = ex::finite_size(32, T * J, J);
      BOOST_TEST(close(scaled.energy, J * unit.energy, 1e-13));
      BOOST_TEST(close(scaled.specific_heat, unit.specific_heat, 1e-12));
      BOOST_TEST(close(ex::log_partition_function(32, T * J, J),
                       ex::log_partition_function(32, T), 1e-14));
      BOOST_TEST(close(ex::enumerate(3, T * J, J).energy, J * ex::enumerate(3, T).energy, 1e-13));
    }
  }
}

BOOST_AUTO_TEST_CASE(derivatives_consistent_at_large_L) {
  // Finite differences in K of ln Z and of E check the analytic derivatives where no
  // enumeration is possible, including right at Tc.
  for (const int L : {64, 256}) {
    for (const double T : {1.5, tc, 2.3, 3.5}) {
      BOOST_TEST_CONTEXT("L = " << L << ", T = " << T) {
        const double K = 1.0 / T, n = double(L) * L;
        const auto log_z = [&](double k) { return ex::log_partition_function(L, 1 / k); };
        const auto energy = [&](double k) { return ex::finite_size(L, 1 / k).energy; };
        const auto thermo = ex::finite_size(L, T);
        BOOST_TEST(close(thermo.energy, -derivative(log_z, K) / n, 1e-7));
        BOOST_TEST(close(thermo.specific_heat, -K * K * derivative(energy, K), 1e-6));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(onsager_energy_values) {
  BOOST_TEST(ex::onsager_energy(tc) == -std::numbers::sqrt2, tolerance(1e-14));
  // Continuous through Tc (the elliptic integral diverges there).
  for (const double side : {-1e-9, 1e-9}) {
    BOOST_TEST(ex::onsager_energy(tc * (1 + side)) == -std::numbers::sqrt2, tolerance(1e-7));
  }
  // Textbook form with the standard library's elliptic integral, away from Tc.
  for (const double T : {0.7, 1.5, 2.0, 2.6, 3.0, 5.0, 20.0}) {
    const double K = 1.0 / T;
    const double k = 2 * std::sinh(2 * K) / std::pow(std::cosh(2 * K), 2);
    const double t = std::tanh(2 * K);
    const double textbook =
        -1 / t * (1 + 2 / std::numbers::pi * (2 * t * t - 1) * std::comp_ellint_1(k));
    BOOST_TEST(ex::onsager_energy(T) == textbook, tolerance(1e-12));
  }
  BOOST_TEST(ex::onsager_energy(0.05) == -2.0, tolerance(1e-12));
  BOOST_TEST(ex::onsager_energy(1.0, 3.0) == 3.0 * ex::onsager_energy(1.0 / 3.0),
             tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(finite_size_approaches_onsager) {
  for (const double T : {1.0, 1.5, 2.0, 2.6, 3.0, 4.0, 5.0}) {
    BOOST_TEST_CONTEXT("T = " << T) {
      BOOST_TEST(std::abs(ex::finite_size(256, T).energy - ex::onsager_energy(T)) < 1e-4);
      // The deviation shrinks with L.
      const double d16 = std::abs(ex::finite_size(16, T).energy - ex::onsager_energy(T));
      const double d8 = std::abs(ex::finite_size(8, T).energy - ex::onsager_energy(T));
      BOOST_TEST(d16 < d8);
    }
  }
  // At Tc the finite-size correction is a power law, not exponential, but still -> 0.
  BOOST_TEST(std::abs(ex::finite_size(256, tc).energy + std::numbers::sqrt2) < 1e-2);
}

BOOST_AUTO_TEST_CASE(specific_heat_peak_scaling) {
  // Ferdinand & Fisher (1969): the peak sits at Tc (1 + 0.3603/L) to leading order and
  // grows like (8 Kc^2/pi) ln L.
  const double kc = 1 / tc;
  const double growth_per_doubling = 8 * kc * kc / std::numbers::pi * std::log(2.0);
  std::vector<std::pair<double, double>> peaks;
  for (const int L : {16, 32, 64}) {
    const auto specific_heat = [L](double T) { return ex::finite_size(L, T).specific_heat; };
    const auto peak = maximise(specific_heat, 2.0, 2.6);
    BOOST_TEST_CONTEXT("L = " << L) {
      BOOST_TEST(L * (peak.first - tc) / tc == 0.3603, tolerance(0.06));
    }
    peaks.push_back(peak);
  }
  for (std::size_t i = 1; i < peaks.size(); ++i) {
    BOOST_TEST(std::abs(peaks[i].first - tc) < std::abs(peaks[i - 1].first - tc));
    BOOST_TEST(peaks[i].second - peaks[i - 1].second == growth_per_doubling, tolerance(0.05));
  }
}

BOOST_AUTO_TEST_CASE(onsager_magnetization_values) {
  BOOST_TEST(ex::onsager_magnetization(tc * (1 + 1e-12)) == 0.0);
  BOOST_TEST(ex::onsager_magnetization(3.0) == 0.0);
  BOOST_TEST(ex::onsager_magnetization(0.3) == 1.0, tolerance(1e-10));
  // Low-temperature series (Domb): m = 1 - 2u^2 - 8u^3 - 34u^4 - 152u^5 - ..., u = e^{-4K}.
  const double u = std::exp(-4.0 / 0.8);
  const double series = 1 - 2 * u * u - 8 * std::pow(u, 3) - 34 * std::pow(u, 4);
  BOOST_TEST(ex::onsager_magnetization(0.8) == series, tolerance(1e-8));
  // m ~ (Tc - T)^{1/8} near Tc.
  const double eps = 1e-7;
  const double ratio =
      ex::onsager_magnetization(tc - 2 * eps) / ex::onsager_magnetization(tc - eps);
  BOOST_TEST(ratio == std::pow(2.0, 0.125), tolerance(1e-5));
}

BOOST_AUTO_TEST_CASE(ends_of_the_temperature_range) {
  // Ground state (2 states, E = -2NJ) with corrections of relative order N e^{-8K}.
  const int L = 8, n = L * L;
  const double cold = ex::min_temperature_over_J;
  BOOST_TEST(ex::log_partition_function(L, cold) == 2.0 * n / cold + std::log(2.0),
             tolerance(1e-15));
  BOOST_TEST(ex::finite_size(L, cold).energy == -2.0, tolerance(1e-15));
  BOOST_TEST(std::abs(ex::finite_size(L, cold).specific_heat) < 1e-12);
  BOOST_TEST(ex::onsager_energy(cold) == -2.0, tolerance(1e-15));
  // High-temperature series of the infinite lattice, ln Z/N = ln 2 + 2 ln cosh K + tanh^4 K
  // + O(K^6), gives e = -2K - (10/3)K^3 + O(K^5); at L = 64 wrapping loops are negligible.
  const double hot = ex::max_temperature_over_J, K = 1 / hot;
  const double series = -2 * K - 10.0 / 3 * K * K * K;
  BOOST_TEST(ex::onsager_energy(hot) == series, tolerance(1e-10));
  BOOST_TEST(ex::finite_size(64, hot).energy == series, tolerance(1e-8));
  const double high_t_log_z = 64.0 * 64 * (std::log(2.0) + 2 * std::log(std::cosh(K)));
  BOOST_TEST(ex::log_partition_function(64, hot) == high_t_log_z, tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(rejects_bad_arguments) {
  BOOST_CHECK_THROW(ex::enumerate(6, 1.0), std::invalid_argument);
  BOOST_CHECK_THROW(ex::enumerate(1, 1.0), std::invalid_argument);
  BOOST_CHECK_THROW(ex::enumerate(4, 0.0), std::invalid_argument);
  BOOST_CHECK_THROW(ex::enumerate(4, 1.0, 0.0), std::invalid_argument);
  BOOST_CHECK_THROW(ex::finite_size(1, 1.0), std::invalid_argument);
  BOOST_CHECK_THROW(ex::finite_size(8, -1.0), std::invalid_argument);
  BOOST_CHECK_THROW(ex::log_partition_function(8, 1.0, -1.0), std::invalid_argument);
  BOOST_CHECK_THROW(ex::onsager_energy(std::nan("")), std::invalid_argument);
  BOOST_CHECK_THROW(ex::finite_size(8, 0.5 * ex::min_temperature_over_J), std::invalid_argument);
  BOOST_CHECK_THROW(ex::log_partition_function(8, 2 * ex::max_temperature_over_J),
                    std::invalid_argument);
  BOOST_CHECK_THROW(ex::onsager_energy(1e5), std::invalid_argument);
  BOOST_CHECK_THROW(ex::onsager_magnetization(1.0, 0.0), std::invalid_argument);
}
