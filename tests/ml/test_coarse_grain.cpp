// Majority-rule block spins: hand-computed blocks, ties to the block's first site, odd
// under a global flip, identity for n = L, refusal of sizes that n does not divide.
#define BOOST_TEST_MODULE ml_coarse_grain
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "core/errors.hpp"
#include "ml/coarse_grain.hpp"

using namespace phaselearn;
using namespace phaselearn::ml;

namespace {

std::vector<std::int8_t> random_spins(int side, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::int8_t> s(std::size_t(side) * side);
  for (auto& v : s) v = (rng() & 1) ? 1 : -1;
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(blocks_by_hand) {
  // 6 x 6 -> 2 x 2 blocks of 3 x 3 (odd: no ties).
  const std::vector<std::int8_t> s = {
       1,  1, -1,   -1, -1, -1,
       1, -1, -1,   -1,  1, -1,
      -1,  1,  1,    1,  1, -1,
      -1, -1, -1,    1,  1,  1,
      -1,  1, -1,    1, -1,  1,
       1, -1, -1,   -1, -1,  1};
  std::vector<std::int8_t> out(4);
  coarse_grain_sample(s.data(), 6, 2, out.data());
  // Sums: top left +1, top right -3, bottom left -5, bottom right +3.
  BOOST_TEST(out == (std::vector<std::int8_t>{1, -1, -1, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_tie_goes_to_the_first_site_of_the_block) {
  // 4 x 4 -> 2 x 2 blocks of 2 x 2; every block sums to 0.
  const std::vector<std::int8_t> s = {
       1, -1,   -1,  1,
      -1,  1,    1, -1,
      -1, -1,    1,  1,
       1,  1,   -1, -1};
  std::vector<std::int8_t> out(4);
  coarse_grain_sample(s.data(), 4, 2, out.data());
  BOOST_TEST(out == (std::vector<std::int8_t>{1, -1, -1, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(odd_under_a_global_flip_and_identity_at_full_resolution) {
  for (int side : {8, 16, 24}) {
    auto s = random_spins(side, unsigned(side));
    std::vector<std::int8_t> a(64), b(64), same(s.size());
    coarse_grain_sample(s.data(), side, 8, a.data());
    for (auto& v : s) v = std::int8_t(-v);
    coarse_grain_sample(s.data(), side, 8, b.data());
    for (std::size_t i = 0; i < a.size(); ++i) BOOST_TEST(a[i] == -b[i]);
    coarse_grain_sample(s.data(), side, side, same.data());
    BOOST_TEST(same == s, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(ordered_lattice_stays_ordered_and_shards_keep_their_samples) {
  Shard shard{16, std::vector<std::int8_t>(3 * 256, 1)};
  for (std::size_t i = 256; i < 512; ++i) shard.spins[i] = -1;  // sample 1 all down
  const auto r = random_spins(16, 7);
  std::copy(r.begin(), r.end(), shard.spins.begin() + 512);
  const Shard coarse = coarse_grain(shard, 4);
  BOOST_TEST(coarse.side == 4);
  BOOST_TEST(coarse.size() == 3u);
  for (std::size_t i = 0; i < 16; ++i) {
    BOOST_TEST(coarse.sample(0)[i] == 1);
    BOOST_TEST(coarse.sample(1)[i] == -1);
  }
  std::vector<std::int8_t> third(16);
  coarse_grain_sample(r.data(), 16, 4, third.data());
  for (std::size_t i = 0; i < 16; ++i) BOOST_TEST(coarse.sample(2)[i] == third[i]);
}

BOOST_AUTO_TEST_CASE(refuses_a_grid_that_does_not_divide_the_lattice) {
  std::vector<std::int8_t> s(100, 1), out(64);
  BOOST_CHECK_THROW(coarse_grain_sample(s.data(), 10, 8, out.data()), InputError);
  BOOST_CHECK_THROW(coarse_grain(Shard{10, s}, 3), InputError);
}
