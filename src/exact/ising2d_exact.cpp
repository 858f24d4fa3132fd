#include "exact/ising2d_exact.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

namespace phaselearn::exact {
namespace {

// Extra digits for the cancellations in C at low T (the e^{-4K} terms cancel to leave
// e^{-8K}) and in the sums over 2L modes at large L; the cost is negligible.
using real = long double;

void require(bool condition, const std::string& message) {
  if (!condition) throw std::invalid_argument("ising2d exact: " + message);
}

void require_temperature(double T) {
  require(std::isfinite(T) && T > 0.0,
          "temperature must be finite and > 0, got " + std::to_string(T));
}

void require_ferromagnet(double J) {
  require(std::isfinite(J) && J > 0.0,
          "coupling J must be finite and > 0, got " + std::to_string(J));
}

void require_evaluable_temperature(double T, double J) {
  require_temperature(T);
  require_ferromagnet(J);
  require(T >= min_temperature_over_J * J && T <= max_temperature_over_J * J,
          "T/J = " + std::to_string(T / J) + " is outside [1e-3, 1e4], where the exact formulas "
          "overflow or lose their digits");
}

// ---------------------------------------------------------------------------
// Brute-force enumeration

struct HistogramEntry {
  int bond_sum;      // sum over the 2N bonds of s_i s_j, so E = -J * bond_sum
  int magnetization; // M = sum_i s_i
  double count;      // number of states; exact in a double up to 2^53
};

constexpr int max_enumerated_side = 5;

// Density of states g(bond_sum, M) of the periodic L x L lattice. Spin N-1 is held
// up and the other N-1 spins run through a Gray code (one flip per state, O(1)
// update); the states with spin N-1 down follow from the global flip M -> -M.
std::vector<HistogramEntry> enumerate_density_of_states(int L) {
  const int n = L * L;
  std::vector<std::array<int, 4>> neighbours(n);
  for (int y = 0; y < L; ++y) {
    for (int x = 0; x < L; ++x) {
      // At L = 2 left and right are the same site, as the 2N-bond torus requires.
      neighbours[y * L + x] = {y * L + (x + 1) % L, y * L + (x + L - 1) % L,
                               ((y + 1) % L) * L + x, ((y + L - 1) % L) * L + x};
    }
  }

  const int bond_range = 4 * n + 1;  // bond_sum in [-2N, 2N]
  const int mag_range = 2 * n + 1;   // M in [-N, N]
  std::vector<std::uint64_t> counts(static_cast<std::size_t>(bond_range) * mag_range, 0);
  const auto index = [&](int bond_sum, int magnetization) {
    return static_cast<std::size_t>(bond_sum + 2 * n) * mag_range + (magnetization + n);
  };

  std::vector<int> spin(n, 1);
  int bond_sum = 2 * n;
  int magnetization = n;
  ++counts[index(bond_sum, magnetization)];
  const std::uint32_t states = std::uint32_t{1} << (n - 1);
  for (std::uint32_t step = 1; step < states; ++step) {
    const int site = std::countr_zero(step);
    int local_field = 0;
    for (const int j : neighbours[site]) local_field += spin[j];
    bond_sum -= 2 * spin[site] * local_field;
    magnetization -= 2 * spin[site];
    spin[site] = -spin[site];
    ++counts[index(bond_sum, magnetization)];
  }

  std::vector<HistogramEntry> entries;
  for (int b = -2 * n; b <= 2 * n; ++b) {
    for (int m = -n; m <= n; ++m) {
      const std::uint64_t states_here = counts[index(b, m)] + counts[index(b, -m)];
      if (states_here != 0) entries.push_back({b, m, static_cast<double>(states_here)});
    }
  }
  return entries;
}

const std::vector<HistogramEntry>& density_of_states(int L) {
  static std::mutex mutex;
  static std::array<std::vector<HistogramEntry>, max_enumerated_side + 1> cache;
  const std::scoped_lock lock(mutex);
  auto& entries = cache[static_cast<std::size_t>(L)];
  if (entries.empty()) entries = enumerate_density_of_states(L);
  return entries;
}

// ---------------------------------------------------------------------------
// Kaufman's finite-lattice partition function and its K-derivatives

// A function of K stored as e^{log_scale} * (value, first, second): the function and
// its first two K-derivatives, with the scale kept apart so nothing overflows.
struct ScaledSeries {
  real log_scale;
  real value, first, second;
};

ScaledSeries product(const ScaledSeries& a, const ScaledSeries& b) {
  return {a.log_scale + b.log_scale, a.value * b.value,
          a.first * b.value + a.value * b.first,
          a.second * b.value + 2 * a.first * b.first + a.value * b.second};
}

// ln of a positive product of factors, with the first two K-derivatives of that log.
struct LogProduct {
  real log = 0, first = 0, second = 0;

  // Returns e^{-shift*K} * product, so the O(N) common part of the log-derivative is
  // removed before the four Z_i are mixed (keeps the variance term free of cancellation).
  ScaledSeries shifted_by(real shift) const {
    const real d = first - shift;
    return {log, 1, d, d * d + second};
  }
};

// x = L*gamma/2 and its K-derivatives, gamma being one of Onsager's gamma_k.
struct Argument {
  real value, first, second;
};

void multiply_by_2cosh(LogProduct& p, const Argument& x) {
  const real t = std::tanh(x.value);
  const real c = std::cosh(x.value);
  p.log += std::abs(x.value) + std::log1p(std::exp(-2 * std::abs(x.value)));
  p.first += x.first * t;
  p.second += x.second * t + x.first * x.first / (c * c);
}

// Only for x > 0 (k >= 1, where gamma_k > 0).
void multiply_by_2sinh(LogProduct& p, const Argument& x) {
  const real t = std::tanh(x.value);
  const real s = std::sinh(x.value);
  p.log += x.value + std::log1p(-std::exp(-2 * x.value));
  p.first += x.first / t;
  p.second += x.second / t - x.first * x.first / (s * s);
}

// 2 sinh(x) for the k = 0 mode, whose x changes sign at Tc (Z4 <= 0 above Tc), as a
// series scaled by e^{|x|}; finite at x = 0, where the log-derivative is not.
ScaledSeries two_sinh_series(const Argument& x) {
  const real decay = std::exp(-2 * std::abs(x.value));
  const real sinh_part = std::copysign(-std::expm1(-2 * std::abs(x.value)), x.value);
  const real cosh_part = 1 + decay;
  return {std::abs(x.value), sinh_part, cosh_part * x.first,
          sinh_part * x.first * x.first + cosh_part * x.second};
}

struct LogZDerivatives {
  real log_z, first, second;  // ln Z, d ln Z/dK, d^2 ln Z/dK^2
};

// Kaufman (1949) for the L x L torus, in Ferdinand & Fisher's (1969) notation:
//   Z = 1/2 (2 sinh 2K)^{N/2} (Z1 + Z2 + Z3 + Z4),
//   Z1 = prod_{r<L} 2cosh(L g_{2r+1}/2), Z2 = prod 2sinh(L g_{2r+1}/2),
//   Z3 = prod_{r<L} 2cosh(L g_{2r}/2),   Z4 = prod 2sinh(L g_{2r}/2),
//   cosh g_k = cosh 2K coth 2K - cos(pi k/L),  g_0 = 2K + ln tanh K (signed).
// With delta = 2K - 2K* = g_0 (dual coupling sinh 2K sinh 2K* = 1) this reads
//   cosh g_k = cosh delta + u_k,  u_k = 1 - cos(pi k/L) = 2 sin^2(pi k/2L),
// which gives g_k and its K-derivatives without cancellation near Tc:
//   g' = delta' sinh delta / sinh g,
//   g'' = [delta'^2 u (cosh delta cosh g + 1) / sinh^2 g + delta'' sinh delta] / sinh g,
//   delta' = 2 + 2/sinh 2K,  delta'' = -4 coth 2K / sinh 2K.
LogZDerivatives kaufman_log_z(int L, real K) {
  const real n = static_cast<real>(L) * L;
  const real sinh_2k = std::sinh(2 * K);
  const real coth_2k = 1 / std::tanh(2 * K);
  const real half_L = static_cast<real>(L) / 2;

  const real delta = 2 * K + std::log(std::tanh(K));
  const real delta_1 = 2 + 2 / sinh_2k;
  const real delta_2 = -4 * coth_2k / sinh_2k;
  const real sinh_delta = std::sinh(delta);
  const real cosh_delta = std::cosh(delta);

  LogProduct z1, z2, z3, z4_without_k0;
  for (int k = 1; k < 2 * L; ++k) {
    const real half_angle = std::numbers::pi_v<real> * k / (2 * L);
    const real u = 2 * std::sin(half_angle) * std::sin(half_angle);
    const real cosh_g_minus_1 = 2 * std::sinh(delta / 2) * std::sinh(delta / 2) + u;
    const real sinh_g = std::sqrt(cosh_g_minus_1 * (cosh_g_minus_1 + 2));
    const real g = std::log1p(cosh_g_minus_1 + sinh_g);
    const real g_1 = delta_1 * sinh_delta / sinh_g;
    const real from_delta_1 =
        delta_1 * delta_1 * u * (cosh_delta * (1 + cosh_g_minus_1) + 1) / (sinh_g * sinh_g);
    const real g_2 = (from_delta_1 + delta_2 * sinh_delta) / sinh_g;
    const Argument x{half_L * g, half_L * g_1, half_L * g_2};
    if (k % 2 == 1) {
      multiply_by_2cosh(z1, x);
      multiply_by_2sinh(z2, x);
    } else {
      multiply_by_2cosh(z3, x);
      multiply_by_2sinh(z4_without_k0, x);
    }
  }
  const Argument x0{half_L * delta, half_L * delta_1, half_L * delta_2};
  multiply_by_2cosh(z3, x0);

  const real shift = z1.first;
  const std::array<ScaledSeries, 4> terms = {
      z1.shifted_by(shift), z2.shifted_by(shift), z3.shifted_by(shift),
      product(z4_without_k0.shifted_by(shift), two_sinh_series(x0))};

  real max_log = terms[0].log_scale;
  for (const auto& t : terms) max_log = std::max(max_log, t.log_scale);
  real sum = 0, sum_1 = 0, sum_2 = 0;
  for (const auto& t : terms) {
    const real weight = std::exp(t.log_scale - max_log);
    sum += weight * t.value;
    sum_1 += weight * t.first;
    sum_2 += weight * t.second;
  }
  const real mean_1 = sum_1 / sum;

  // ln(2 sinh 2K) = 2K + ln(1 - e^{-4K}) stays finite at any K.
  const real log_prefactor =
      -std::numbers::ln2_v<real> + n / 2 * (2 * K + std::log1p(-std::exp(-4 * K)));
  return {log_prefactor + max_log + std::log(sum),
          n * coth_2k + shift + mean_1,
          -2 * n / (sinh_2k * sinh_2k) + sum_2 / sum - mean_1 * mean_1};
}

void require_kaufman_arguments(int L, double T, double J) {
  require(L >= 2, "Kaufman's solution needs L >= 2, got L = " + std::to_string(L));
  require_evaluable_temperature(T, J);
}

// Arithmetic-geometric mean; K(k) = pi / (2 agm(1, k')) with the complementary modulus k'.
real arithmetic_geometric_mean(real a, real b) {
  while (std::abs(a - b) > 4 * std::numeric_limits<real>::epsilon() * a) {
    const real next_a = (a + b) / 2;
    b = std::sqrt(a * b);
    a = next_a;
  }
  return (a + b) / 2;
}

}  // namespace

EnumeratedThermo enumerate(int L, double T, double J) {
  require(L >= 2 && L <= max_enumerated_side,
          "enumeration needs 2 <= L <= 5, got L = " + std::to_string(L));
  require_temperature(T);
  require(std::isfinite(J) && J != 0.0, "coupling J must be finite and non-zero");
  const auto& entries = density_of_states(L);
  const real n = static_cast<real>(L) * L;
  const real beta = 1 / static_cast<real>(T);

  // Boltzmann weights relative to the ground state, so none overflows.
  real max_exponent = -std::numeric_limits<real>::infinity();
  for (const auto& e : entries) max_exponent = std::max(max_exponent, beta * J * e.bond_sum);

  std::vector<real> weight(entries.size());
  real z = 0, energy = 0, abs_m = 0, m_sq = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    weight[i] = e.count * std::exp(beta * J * e.bond_sum - max_exponent);
    z += weight[i];
    energy += weight[i] * (-J * e.bond_sum);
    abs_m += weight[i] * std::abs(e.magnetization);
    m_sq += weight[i] * static_cast<real>(e.magnetization) * e.magnetization;
  }
  energy /= z;
  // Centred second moment: <E^2> - <E>^2 would cancel catastrophically at low T.
  real variance = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const real deviation = -J * entries[i].bond_sum - energy;
    variance += weight[i] * deviation * deviation;
  }
  variance /= z;
  return {static_cast<double>(energy / n), static_cast<double>(beta * beta * variance / n),
          static_cast<double>(abs_m / z / n), static_cast<double>(m_sq / z / (n * n))};
}

double log_partition_function(int L, double T, double J) {
  require_kaufman_arguments(L, T, J);
  return static_cast<double>(kaufman_log_z(L, static_cast<real>(J) / T).log_z);
}

Thermo finite_size(int L, double T, double J) {
  require_kaufman_arguments(L, T, J);
  const real K = static_cast<real>(J) / T;
  const real n = static_cast<real>(L) * L;
  const auto z = kaufman_log_z(L, K);
  // beta = K/J: <E> = -J dlnZ/dK and C = beta^2 Var(E) = K^2 d^2lnZ/dK^2.
  return {static_cast<double>(-J * z.first / n), static_cast<double>(K * K * z.second / n)};
}

// u = -J coth 2K [1 + (2/pi)(2 tanh^2 2K - 1) K(k)],  k = 2 sinh 2K / cosh^2 2K.
// With s = sinh 2K: 2 tanh^2 2K - 1 = (s^2 - 1)/cosh^2 2K and k' = |1 - s^2|/cosh^2 2K,
// both exact near Tc, where k -> 1 and the factor (s^2 - 1) K(k) -> 0. With
// K(k) = pi / (2 agm(1, k')) the bracket is 1 + (s^2 - 1) / (cosh^2 2K agm(1, k')).
double onsager_energy(double T, double J) {
  require_evaluable_temperature(T, J);
  const real K = static_cast<real>(J) / T;
  const real s = std::sinh(2 * K);
  const real cosh_sq = 1 + s * s;
  const real s_sq_minus_1 = s * s - 1;
  const real complementary_modulus = std::abs(s_sq_minus_1) / cosh_sq;
  const real elliptic_term =
      s_sq_minus_1 == 0
          ? 0
          : s_sq_minus_1 / (cosh_sq * arithmetic_geometric_mean(1, complementary_modulus));
  return static_cast<double>(-J / std::tanh(2 * K) * (1 + elliptic_term));
}

double onsager_magnetization(double T, double J) {
  require_temperature(T);
  require_ferromagnet(J);
  const real s = std::sinh(2 * static_cast<real>(J) / T);
  if (s <= 1) return 0.0;
  return static_cast<double>(std::pow(1 - std::pow(s, -4), static_cast<real>(0.125)));
}

}  // namespace phaselearn::exact
