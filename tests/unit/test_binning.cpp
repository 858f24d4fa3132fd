#define BOOST_TEST_MODULE binning
#include <boost/test/unit_test.hpp>
#include <cmath>

#include "core/random.hpp"
#include "tempering/binning.hpp"

using namespace phaselearn;

namespace {
double gaussian(Xoshiro256pp& rng) {  // Box-Muller; enough for a test
  const double u1 = 1.0 - rng.uniform(), u2 = rng.uniform();
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
}
}  // namespace

BOOST_AUTO_TEST_CASE(uncorrelated_series_has_tau_one_half) {
  Xoshiro256pp rng(3, 0, Purpose::synthetic);
  BinningAccumulator acc;
  for (int i = 0; i < (1 << 20); ++i) acc.add(gaussian(rng));
  BOOST_TEST(std::abs(acc.mean()) < 4 / std::sqrt(double(1 << 20)));
  // 1024 blocks: the variance ratio is known to about 4.4 %.
  BOOST_TEST(std::abs(acc.tau_int(1024) - 0.5) < 0.1);
}

BOOST_AUTO_TEST_CASE(ar1_series_has_its_exact_tau) {
  // x_t = a x_{t-1} + noise: rho(t) = a^t, tau_int = 1/2 + a / (1 - a).
  // 2^22 values and 1024 blocks of 4096 >> tau: relative noise about 4.4 %.
  for (double a : {0.5, 0.9}) {
    Xoshiro256pp rng(5, std::uint64_t(a * 10), Purpose::synthetic);
    BinningAccumulator acc;
    double x = 0;
    for (int i = 0; i < (1 << 22); ++i) acc.add(x = a * x + gaussian(rng));
    const double exact = 0.5 + a / (1 - a);
    BOOST_TEST(std::abs(acc.tau_int(1024) - exact) < 0.15 * exact,
               "a=" << a << " tau=" << acc.tau_int(1024));
  }
}

BOOST_AUTO_TEST_CASE(mean_is_exact_for_a_shifted_series) {
  BinningAccumulator acc;
  for (int i = 0; i < 1000; ++i) acc.add(1e6 + i);
  BOOST_TEST(acc.mean() == 1e6 + 499.5, boost::test_tools::tolerance(1e-12));
}

// A series too short for its correlations has no plateau: its tau_int is a lower bound,
// and says so. The same process, long enough, has one.
BOOST_AUTO_TEST_CASE(too_short_a_series_has_no_plateau) {
  const auto ar1 = [](double a, int n, std::uint64_t seed) {
    Xoshiro256pp rng(seed, 0, Purpose::synthetic);
    BinningAccumulator acc;
    double x = 0;
    for (int i = 0; i < n; ++i) acc.add(x = a * x + gaussian(rng));
    return acc;
  };
  const BinningAccumulator short_series = ar1(0.99, 1 << 12, 7);  // tau = 99.5, 4096 values
  BOOST_TEST(!short_series.tau_plateau());
  BOOST_TEST(short_series.tau_int() < 0.5 * 99.5, "the estimate is well below the truth");
  BOOST_TEST(ar1(0.5, 1 << 20, 8).tau_plateau());  // tau = 1.5, a million values
  BOOST_TEST(!ar1(0.0, 200, 9).tau_plateau(), "200 values cannot show their correlations");
  BOOST_TEST(ar1(0.0, 1 << 16, 10).tau_plateau());
}
