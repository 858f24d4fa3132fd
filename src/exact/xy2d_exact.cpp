#include "exact/xy2d_exact.hpp"

#include <cmath>
#include <stdexcept>

namespace phaselearn::exact {
namespace {

void check(double T, double J) {
  if (!(T > 0) || !(J != 0)) throw std::invalid_argument("XY exact results need T > 0 and J != 0");
}

// With r_n = I_n(K)/I_0(K) (ratios: nothing overflows at large K): sum_n r_n^4, and
// sum_n 4 r_n^3 I_n'(K)/I_0(K) with I_n' = (I_{n-1} + I_{n+1})/2.
struct Series {
  double z, dz;  // sum I_n^4 / I_0^4 and d/dK of sum I_n^4, over I_0^4
};

Series series(double K) {
  const double i0 = std::cyl_bessel_i(0.0, K);
  double prev = std::cyl_bessel_i(1.0, K) / i0;  // r_{-1} = r_1
  double cur = 1.0;                               // r_0
  Series s{0, 0};
  for (int n = 0;; ++n) {
    const double nxt = std::cyl_bessel_i(double(n + 1), K) / i0;
    const double weight = n == 0 ? 1.0 : 2.0;  // n and -n
    const double term = cur * cur * cur * cur;
    s.z += weight * term;
    s.dz += weight * 4 * cur * cur * cur * 0.5 * (prev + nxt);
    if (n > 0 && term < 1e-17 * s.z) break;
    if (n > 100000) throw std::runtime_error("xy2x2 series did not converge");
    prev = cur;
    cur = nxt;
  }
  return s;
}

}  // namespace

double xy2x2_log_partition(double T, double J) {
  check(T, J);
  const double K = 2 * std::abs(J) / T;
  return 4 * std::log(2 * M_PI) + 4 * std::log(std::cyl_bessel_i(0.0, K)) + std::log(series(K).z);
}

double xy2x2_energy(double T, double J) {
  check(T, J);
  const double K = 2 * std::abs(J) / T;
  const Series s = series(K);
  // d ln Z / d beta = 2|J| d ln Z / dK
  return -0.25 * 2 * std::abs(J) * s.dz / s.z;
}

double xy_spin_wave_energy(double T, double J, std::int64_t sites) {
  check(T, J);
  const double a = std::abs(J);
  return -2 * a + (1 - 1.0 / double(sites)) * T / 2 + T * T / (16 * a);
}

double xy_high_t_energy(double T, double J) {
  check(T, J);
  return -J * J / T;
}

double xy_high_t_next_term(double T, double J) {
  check(T, J);
  return -0.375 * J * J * J * J / (T * T * T);
}

}  // namespace phaselearn::exact
