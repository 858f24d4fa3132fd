#define BOOST_TEST_MODULE analysis_vae_separation
// The latent separation of one VAE applied at every size, on planted curves with a known
// answer: y_L(T) = A + B F(L / xi(T)), F(u) = max(0, 1 - u/U), xi infinite below T_KT and
// xi(T) = exp(sqrt(c / (T - T_KT))) / (sqrt(2) g U) above. The normalised curves are F
// (the largest size reaches F = 0 at the highest T), F(u) - F(2u) = u/U while 2u < U, so
// the pair (L, 2L) parts by g exactly where L/xi = g U, i.e. at
// T_sep = T_KT + c / (ln sqrt(2) L)^2: the KT form the estimator fits, with T_KT planted.
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "analysis/vae/latent_separation.hpp"
#include "core/errors.hpp"

namespace pv = phaselearn::analysis::vae;

namespace {

constexpr double planted_tkt = 0.8929, planted_c = 0.6, U = 0.5, A = 3.0, B = -2.0;  // B < 0: |mu| oriented upwards
constexpr double gap = pv::latent_separation_gap;

double xi(double T) {
  if (T <= planted_tkt) return INFINITY;
  return std::exp(std::sqrt(planted_c / (T - planted_tkt))) / (std::sqrt(2.0) * gap * U);
}
double F(double u) { return std::max(0.0, 1.0 - u / U); }
double planted_separation(int L) { return planted_tkt + planted_c / std::pow(std::log(std::sqrt(2.0) * L), 2); }

// Sizes `Ls` on `count` temperatures in [t_min, t_max]; each temperature's `blocks` block
// means are the planted curve plus Gaussian noise of `sigma`.
std::vector<pv::LatentSizeBlocks> planted(int count, std::size_t blocks, double sigma, std::uint64_t seed,
                                          const std::vector<int>& Ls = {16, 32, 64, 128}, double t_min = 0.80,
                                          double t_max = 1.40) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0, sigma);
  std::vector<pv::LatentSizeBlocks> sizes;
  for (const int L : Ls) {
    pv::LatentSizeBlocks s{L, {}, {}};
    for (int i = 0; i < count; ++i) {
      const double T = t_min + (t_max - t_min) * i / (count - 1);
      s.temperatures.push_back(T);
      std::vector<double> b(blocks);
      for (double& x : b) x = A + B * F(L / xi(T)) + noise(rng);
      s.abs_blocks.push_back(b);
    }
    sizes.push_back(s);
  }
  return sizes;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_planted_model_reaches_zero_and_parts_before_its_end) {
  BOOST_TEST(128 / xi(1.40) >= U);          // the largest size's curve spans 1 ... 0
  BOOST_TEST(2 * gap * U < U);              // F(u) - F(2u) = u/U holds at the separation
  BOOST_TEST(planted_separation(16) < 1.40);
}

BOOST_AUTO_TEST_CASE(noiseless_curves_give_the_planted_separations_and_tkt) {
  const auto r = pv::latent_separation(planted(601, 8, 1e-7, 1), 50, 1);
  BOOST_TEST_REQUIRE(r.pairs.size() == 3u);
  for (const pv::SeparationPair& p : r.pairs) {
    BOOST_TEST_REQUIRE(bool(p.temperature));
    BOOST_TEST(std::abs(p.temperature->value - planted_separation(p.small_L)) < 2e-4,
               "L = " << p.small_L << ": " << p.temperature->value << " vs " << planted_separation(p.small_L));
  }
  BOOST_TEST_REQUIRE(bool(r.tkt));
  BOOST_TEST(std::abs(r.tkt->value - planted_tkt) < 2e-3, r.tkt->value);
  // The normalised curves: the largest size from 1 to 0 whatever the sign of B.
  BOOST_TEST(std::abs(r.curves.back().y.front() - 1) < 1e-6);
  BOOST_TEST(std::abs(r.curves.back().y.back()) < 1e-6);
}

BOOST_AUTO_TEST_CASE(noisy_curves_cover_the_planted_tkt) {
  // Block noise 0.01 on a span of 2 (0.5 % of it): T_KT within 3 bootstrap errors in
  // (nearly) every independent set, and the error is not zero.
  int covered = 0;
  const int sets = 10;
  for (int k = 0; k < sets; ++k) {
    const auto r = pv::latent_separation(planted(61, 40, 0.01, 100 + k), 200, 7 + k);
    BOOST_TEST_REQUIRE(bool(r.tkt));
    BOOST_TEST(r.tkt->error > 0);
    BOOST_TEST(r.tkt->error < 0.05);
    if (std::abs(r.tkt->value - planted_tkt) < 3 * r.tkt->error) ++covered;
  }
  BOOST_TEST(covered >= sets - 1, covered << " of " << sets);
}

BOOST_AUTO_TEST_CASE(curves_that_never_part_give_no_tkt_with_the_reason) {
  auto sizes = planted(61, 8, 1e-4, 3);
  for (auto& s : sizes) s.abs_blocks = sizes.back().abs_blocks;  // every size the same curve
  const auto r = pv::latent_separation(sizes, 50, 1);
  BOOST_TEST(!r.tkt);
  BOOST_TEST(r.tkt.reason().find("needs 2 pairs") != std::string::npos, r.tkt.reason());
  BOOST_TEST(r.note.find("3 pair(s)") != std::string::npos, r.note);
}

BOOST_AUTO_TEST_CASE(refusals) {
  auto sizes = planted(61, 8, 1e-4, 3);
  sizes[1].temperatures[5] += 0.001;
  BOOST_CHECK_THROW(pv::latent_separation(sizes, 10, 1), phaselearn::InputError);
  auto flat = planted(61, 8, 0, 3);
  for (auto& s : flat)
    for (auto& b : s.abs_blocks) std::fill(b.begin(), b.end(), 1.0);
  BOOST_CHECK_THROW(pv::latent_separation(flat, 10, 1), phaselearn::InputError);
}

// The estimator of docs/vae.md as run on the seed sets: sizes 32 ... 256 (L = 16 left out),
// the VAE trained on L = 128 (the unit of the curves, not the largest size), on the
// sampled grid of jobs/xy-fss (28 temperatures, 0.78-1.02) with 125 blocks.
std::vector<pv::LatentSizeBlocks> planted_fss(double sigma, std::uint64_t seed) {
  auto sizes = planted(28, 125, sigma, seed, {32, 64, 128, 256}, 0.78, 1.02);
  sizes[2].trained_on = true;
  return sizes;
}

BOOST_AUTO_TEST_CASE(the_fss_grid_spans_every_pair) {
  BOOST_TEST(128 / xi(1.02) >= U);  // the trained size's curve reaches 0 inside the range
  BOOST_TEST(planted_separation(32) < 1.02 - 0.02);
}

BOOST_AUTO_TEST_CASE(three_pairs_from_32_to_256_give_the_planted_tkt) {
  // On the sampled grid the separations are interpolated linearly between temperatures
  // 0.0089 apart: each within 3e-3, T_KT within 3e-3 without noise; three pairs, one dof.
  const auto r = pv::latent_separation(planted_fss(1e-7, 1), 50, 1);
  BOOST_TEST_REQUIRE(r.pairs.size() == 3u);
  BOOST_TEST(r.pairs.back().effective_L == std::sqrt(128.0 * 256.0));
  for (const pv::SeparationPair& p : r.pairs) {
    BOOST_TEST_REQUIRE(bool(p.temperature));
    BOOST_TEST(std::abs(p.temperature->value - planted_separation(p.small_L)) < 3e-3,
               "L = " << p.small_L << ": " << p.temperature->value << " vs " << planted_separation(p.small_L));
  }
  BOOST_TEST_REQUIRE(bool(r.tkt));
  BOOST_TEST_REQUIRE(bool(r.extrapolation));
  BOOST_TEST(r.extrapolation->dof == 1);
  BOOST_TEST_MESSAGE("32-256 without noise: T_KT = " << r.tkt->value << ", chi2 = " << r.extrapolation->chi2);
  BOOST_TEST(std::abs(r.tkt->value - planted_tkt) < 3e-3, r.tkt->value);
  // The unit is the trained size's curve: it runs from 1 to 0, the larger one's does not
  // rise above it.
  BOOST_TEST(std::abs(r.curves[2].y.front() - 1) < 1e-6);
  BOOST_TEST(std::abs(r.curves[2].y.back()) < 1e-6);
}

BOOST_AUTO_TEST_CASE(three_pairs_from_32_to_256_cover_over_noisy_sets) {
  // Block noise of 0.1 on a span of 2 with 125 blocks: T_KT errors of ~0.004, as set
  // 300's bootstrap error. T_KT within 2 errors in at least 17 of 20 independent sets (the
  // grid's interpolation is a bias of < 1e-3 against those errors).
  int covered = 0;
  const int sets = 20;
  double mean_error = 0;
  for (int k = 0; k < sets; ++k) {
    const auto r = pv::latent_separation(planted_fss(0.1, 200 + k), 200, 11 + k);
    BOOST_TEST_REQUIRE(bool(r.tkt));
    BOOST_TEST(r.tkt->error > 0);
    mean_error += r.tkt->error / sets;
    if (std::abs(r.tkt->value - planted_tkt) < 2 * r.tkt->error) ++covered;
  }
  BOOST_TEST_MESSAGE("32-256: " << covered << " of " << sets << " within 2 errors, mean error " << mean_error);
  BOOST_TEST(covered >= sets - 3, covered << " of " << sets);
  BOOST_TEST(mean_error < 0.05, mean_error);
}
