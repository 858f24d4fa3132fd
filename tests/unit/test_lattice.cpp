#define BOOST_TEST_MODULE lattice
#include <boost/test/unit_test.hpp>

#include "core/random.hpp"
#include "models/ising2d/bit_lattice.hpp"

using namespace phaselearn;

namespace {

BitLattice random_lattice(int L, std::uint64_t seed) {
  BitLattice lat(L);
  Xoshiro256pp rng(seed, 0, Purpose::initial_spins);
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x)
      if (rng() & 1) lat.flip(x, y);
  return lat;
}

int spin(const BitLattice& lat, int x, int y) {
  const int L = lat.L();
  return lat.up((x + L) % L, (y + L) % L) ? 1 : -1;
}

}  // namespace

// Sizes that cover one partial word, one full word, and several words with and
// without a partial last word.
const int sizes[] = {4, 6, 30, 32, 62, 64, 66, 100, 128, 130};

BOOST_AUTO_TEST_CASE(neighbour_rows_are_periodic_shifts) {
  for (int L : sizes) {
    const BitLattice lat = random_lattice(L, L);
    std::vector<std::uint64_t> left(lat.words_per_row()), right(lat.words_per_row());
    for (int y = 0; y < L; ++y) {
      lat.neighbour_rows(lat.row(y), left.data(), right.data());
      for (int x = 0; x < L; ++x) {
        const bool l = (left[x >> 6] >> (x & 63)) & 1, r = (right[x >> 6] >> (x & 63)) & 1;
        BOOST_TEST_REQUIRE(l == lat.up((x - 1 + L) % L, y), "L=" << L << " x=" << x);
        BOOST_TEST_REQUIRE(r == lat.up((x + 1) % L, y), "L=" << L << " x=" << x);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(energy_and_magnetization_match_a_direct_sum) {
  for (int L : sizes) {
    const BitLattice lat = random_lattice(L, 7 * L);
    std::int64_t bonds = 0, m = 0;
    for (int y = 0; y < L; ++y)
      for (int x = 0; x < L; ++x) {
        bonds += spin(lat, x, y) * (spin(lat, x + 1, y) + spin(lat, x, y + 1));
        m += spin(lat, x, y);
      }
    BOOST_TEST(lat.bond_sum() == bonds, "L=" << L);
    BOOST_TEST(lat.spin_sum() == m, "L=" << L);
  }
}

BOOST_AUTO_TEST_CASE(ordered_lattice_and_int8_export) {
  BitLattice lat(66);
  lat.set_all(true);
  BOOST_TEST(lat.bond_sum() == 2 * 66 * 66);
  BOOST_TEST(lat.spin_sum() == 66 * 66);
  lat.flip(65, 3);
  std::vector<std::int8_t> out(66 * 66);
  lat.to_int8(out.data());
  BOOST_TEST(out[3 * 66 + 65] == -1);
  BOOST_TEST(out[3 * 66 + 64] == 1);
  BOOST_TEST(lat.bond_sum() == 2 * 66 * 66 - 8);
}

BOOST_AUTO_TEST_CASE(global_flip_negates_every_spin_and_keeps_the_energy) {
  for (int L : sizes) {
    BitLattice lat = random_lattice(L, 3 * L);
    const BitLattice before = lat;
    lat.flip_all();
    BOOST_TEST(lat.spin_sum() == -before.spin_sum(), "L=" << L);
    BOOST_TEST(lat.bond_sum() == before.bond_sum(), "L=" << L);
    for (int y = 0; y < L; ++y)
      for (int x = 0; x < L; ++x) BOOST_TEST_REQUIRE(lat.up(x, y) != before.up(x, y));
    for (int y = 0; y < L; ++y)  // bits beyond site L-1 stay clear
      BOOST_TEST((lat.row(y)[lat.words_per_row() - 1] & ~lat.valid(lat.words_per_row() - 1)) == 0u);
  }
}

BOOST_AUTO_TEST_CASE(int8_export_matches_every_site) {
  for (int L : sizes) {
    const BitLattice lat = random_lattice(L, 5 * L);
    std::vector<std::int8_t> out(std::size_t(L) * L);
    lat.to_int8(out.data());
    for (int y = 0; y < L; ++y)
      for (int x = 0; x < L; ++x)
        BOOST_TEST_REQUIRE(out[std::size_t(y) * L + x] == (lat.up(x, y) ? 1 : -1));
  }
}
