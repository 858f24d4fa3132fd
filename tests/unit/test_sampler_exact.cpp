// The sampler against exact answers: enumeration of the 4x4 lattice and the exact
// finite-size energy (Kaufman). Tolerance 4 sigma, sigma from binning, so the
// autocorrelation of the Markov chain is accounted for.
#define BOOST_TEST_MODULE sampler_exact
#include <boost/test/unit_test.hpp>
#include <cmath>

#include "core/job.hpp"
#include "exact/ising2d_exact.hpp"
#include "tempering/binning.hpp"
#include "models/ising2d/metropolis.hpp"
#include "models/ising2d/wolff.hpp"

using namespace phaselearn;

namespace {

struct Measured {
  BinningAccumulator energy, abs_m, m2;
};

Measured simulate(int L, double T, int metropolis_sweeps, int wolff_clusters, int sweeps,
                  std::uint64_t seed) {
  BitLattice lat(L);
  lat.set_all(true);
  Xoshiro256ppX4 rng4(seed, 0, Purpose::sweep);
  Xoshiro256pp rng(seed, 0, Purpose::sweep);
  const Metropolis metropolis(1 / T, 1.0);
  Wolff wolff(1 / T, 1.0);
  Measured out;
  const double n = double(lat.sites());
  for (int i = -2000; i < sweeps; ++i) {
    for (int k = 0; k < metropolis_sweeps; ++k) metropolis.sweep(lat, rng4);
    for (int k = 0; k < wolff_clusters; ++k) wolff.update(lat, rng);
    if (i < 0) continue;
    const double m = double(lat.spin_sum()) / n;
    out.energy.add(-double(lat.bond_sum()) / n);
    out.abs_m.add(std::abs(m));
    out.m2.add(m * m);
  }
  return out;
}

// Error of the mean from bins of at least 2^10 measurements, far beyond tau here.
double sigma(const BinningAccumulator& acc) {
  int level = 0;
  while (level + 1 < acc.levels() && acc.blocks(level + 1) >= 128) ++level;
  return std::sqrt(acc.error_squared(std::max(level, std::min(10, acc.levels() - 1))));
}

void check(const std::string& what, const BinningAccumulator& acc, double exact) {
  const double s = sigma(acc);
  BOOST_TEST(std::abs(acc.mean() - exact) < 4 * s,
             what << ": measured " << acc.mean() << " +- " << s << ", exact " << exact);
  BOOST_TEST(s > 0);
}

void check_against_enumeration(int metropolis_sweeps, int wolff_clusters) {
  for (double T : {1.5, onsager_tc, 3.5}) {
    const auto exact = exact::enumerate(4, T);
    const Measured m = simulate(4, T, metropolis_sweeps, wolff_clusters, 1 << 18, 11);
    const std::string at = " at T=" + std::to_string(T);
    check("<e>" + at, m.energy, exact.energy);
    check("<|m|>" + at, m.abs_m, exact.abs_magnetization);
    check("<m^2>" + at, m.m2, exact.magnetization_sq);
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(metropolis_only_matches_enumeration_on_4x4) {
  check_against_enumeration(1, 0);
}

BOOST_AUTO_TEST_CASE(wolff_only_matches_enumeration_on_4x4) {
  check_against_enumeration(0, 1);
}

BOOST_AUTO_TEST_CASE(energy_matches_the_exact_finite_lattice_at_L16) {
  for (double T : {2.0, onsager_tc, 2.6}) {
    const Measured m = simulate(16, T, 1, 1, 1 << 16, 13);
    check("<e> L=16 T=" + std::to_string(T), m.energy, exact::finite_size(16, T).energy);
  }
}

// Wolff alone at Tc (clusters of a third of the lattice) on the word layouts of the
// bit-packed lattice: a partial single word (L = 6) and several words per row with a
// partial last word (L = 66), so clusters cross words and the periodic boundaries.
BOOST_AUTO_TEST_CASE(wolff_energy_matches_the_exact_finite_lattice_for_other_word_layouts) {
  for (int L : {6, 66}) {
    const Measured m = simulate(L, onsager_tc, 0, 1, 1 << 15, 19);
    check("<e> Wolff L=" + std::to_string(L), m.energy, exact::finite_size(L, onsager_tc).energy);
  }
}

// Sizes that exercise the other code paths of the bit-packed kernel: a partial single
// word (L = 6, 30), and several words per row with a partial last word (L = 66).
BOOST_AUTO_TEST_CASE(energy_matches_the_exact_finite_lattice_for_other_word_layouts) {
  for (int L : {6, 30, 66}) {
    const double T = 2.8;
    const Measured m = simulate(L, T, 1, 0, 1 << 15, 17);
    check("<e> Metropolis L=" + std::to_string(L), m.energy, exact::finite_size(L, T).energy);
  }
}
