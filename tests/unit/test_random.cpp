#define BOOST_TEST_MODULE random
#include <boost/test/unit_test.hpp>
#include <cmath>

#include "core/random.hpp"

using namespace phaselearn;

BOOST_AUTO_TEST_CASE(streams_are_keyed_and_reproducible) {
  Xoshiro256pp a(1, 5, Purpose::sweep), b(1, 5, Purpose::sweep), c(1, 6, Purpose::sweep),
      d(2, 5, Purpose::sweep), e(1, 5, Purpose::initial_spins);
  const auto x = a();
  BOOST_TEST(x == b());
  BOOST_TEST(x != c());
  BOOST_TEST(x != d());
  BOOST_TEST(x != e());
  BOOST_TEST(keyed_uniform(1, Purpose::exchange, 3, 4) == keyed_uniform(1, Purpose::exchange, 3, 4));
  BOOST_TEST(keyed_uniform(1, Purpose::exchange, 3, 4) != keyed_uniform(1, Purpose::exchange, 4, 3));
}

BOOST_AUTO_TEST_CASE(bits_are_balanced) {
  // Each bit position of the 4-lane generator is 1 half the time (the Metropolis kernel
  // uses every bit as an independent fair coin).
  Xoshiro256ppX4 g(9, 0, Purpose::sweep);
  const int n = 1 << 16;
  std::vector<int> ones(256, 0);
  for (int i = 0; i < n; ++i) {
    const u64x4 v = g();
    for (int lane = 0; lane < 4; ++lane)
      for (int bit = 0; bit < 64; ++bit) ones[64 * lane + bit] += (v[lane] >> bit) & 1;
  }
  for (int k = 0; k < 256; ++k) BOOST_TEST(std::abs(ones[k] - n / 2) < 5 * std::sqrt(n / 4.0));
}

BOOST_AUTO_TEST_CASE(fixed_point_probabilities) {
  BOOST_TEST(probability_to_fixed(0.0) == 0u);
  BOOST_TEST(probability_to_fixed(0.5) == std::uint64_t{1} << 63);
  BOOST_TEST(probability_to_fixed(1.0) == ~std::uint64_t{0});
}
