#define BOOST_TEST_MODULE analysis_scaling
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "analysis/binder_crossing.hpp"
#include "analysis/collapse.hpp"
#include "analysis/finite_size_scaling.hpp"
#include "core/errors.hpp"
#include "core/random.hpp"

namespace pa = phaselearn::analysis;
using phaselearn::Purpose;
using phaselearn::Xoshiro256pp;

namespace {

constexpr double planted_tc = 2.269185314213022;

// U4-like scaling curve g((T - tc) L^(1/nu)) plus Gaussian noise of the given size: every
// size crosses every other exactly at tc.
pa::SizedCurve scaling_curve(double L, double nu, double noise, std::uint64_t stream,
                             double first = 2.0, double last = 2.6, int points = 31,
                             double shift = 0) {
  Xoshiro256pp rng(12, stream, Purpose::synthetic);
  std::normal_distribution<double> normal;
  pa::SizedCurve c;
  c.size = L;
  for (int i = 0; i < points; ++i) {
    const double T = first + (last - first) * i / (points - 1);
    const double x = (T - planted_tc) * std::pow(L, 1 / nu);
    c.curve.x.push_back(T);
    c.curve.y.push_back(1.0 / 3 + (1.0 / 3) * (1 - std::tanh(x)) + shift + noise * normal(rng));
    c.curve.error.push_back(noise);
  }
  return c;
}

// A U4-like curve measured as the mean of `blocks` stretches of a run whose noise is shared
// by all temperatures (as replica exchange makes it: `offset` per block) plus independent
// noise per point, with its leave-one-block-out replicas. Point errors come from the block
// spread at each temperature, as a per-temperature analysis computes them.
struct BlockedCurve {
  pa::SizedCurve full;
  std::vector<std::vector<double>> replicas;  // U4 values without block k
};

BlockedCurve blocked_curve(double L, double offset, double noise, std::uint64_t stream) {
  constexpr int blocks = 20, points = 31;
  Xoshiro256pp rng(13, stream, Purpose::synthetic);
  std::normal_distribution<double> normal;
  std::vector<double> shared(blocks);
  for (double& o : shared) o = offset * normal(rng);
  BlockedCurve c;
  c.full.size = L;
  c.replicas.resize(blocks);
  for (int i = 0; i < points; ++i) {
    const double T = 2.0 + 0.6 * i / (points - 1);
    const double clean = 1.0 / 3 + (1.0 / 3) * (1 - std::tanh((T - planted_tc) * L));
    std::vector<double> y(blocks);
    double sum = 0;
    for (int k = 0; k < blocks; ++k) sum += y[k] = clean + shared[k] + noise * normal(rng);
    const double mean = sum / blocks;
    double spread = 0;
    for (double v : y) spread += (v - mean) * (v - mean);
    const double error = std::sqrt(spread / (blocks - 1) / blocks);
    c.full.curve.x.push_back(T);
    c.full.curve.y.push_back(mean);
    c.full.curve.error.push_back(error);
    for (int k = 0; k < blocks; ++k) c.replicas[k].push_back((sum - y[k]) / (blocks - 1));
  }
  return c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(jackknife_error_of_a_crossing_sees_noise_shared_by_temperatures) {
  // Noise mostly shared by all temperatures of a run: the fit's propagated error, which
  // takes the points as independent, is too small; the jackknife over blocks is not.
  int covered_jackknife = 0, covered_propagated = 0;
  double scatter = 0, jackknife_sq = 0;
  const int draws = 60;
  for (int d = 0; d < draws; ++d) {
    const BlockedCurve small = blocked_curve(16, 0.02, 0.005, 2 * d);
    const BlockedCurve large = blocked_curve(32, 0.02, 0.005, 2 * d + 1);
    const auto c = pa::binder_crossing(small.full, large.full);
    BOOST_REQUIRE_MESSAGE(c.ok(), c.reason());
    const auto error = pa::jackknife_crossing_error(small.full, large.full, small.replicas,
                                                    large.replicas);
    BOOST_REQUIRE(error.has_value());
    const double miss = std::abs(c->temperature - planted_tc);
    covered_jackknife += miss < *error;
    covered_propagated += miss < c->error;
    scatter += miss * miss / draws;
    jackknife_sq += *error * *error / draws;
  }
  BOOST_TEST_MESSAGE("1-sigma coverage over " << draws << " draws: jackknife "
                     << covered_jackknife << ", propagated " << covered_propagated
                     << "; rms jackknife error / rms miss "
                     << std::sqrt(jackknife_sq / scatter));
  // 68 % expected; binomial sd 0.06 at 60 draws.
  BOOST_TEST(covered_jackknife >= 31);
  BOOST_TEST(covered_jackknife <= 52);
  BOOST_TEST(covered_propagated < covered_jackknife);
  BOOST_TEST(std::sqrt(jackknife_sq / scatter) > 0.7);
  BOOST_TEST(std::sqrt(jackknife_sq / scatter) < 1.4);
}

BOOST_AUTO_TEST_CASE(jackknife_error_needs_replicas_that_cross) {
  const BlockedCurve small = blocked_curve(16, 0.01, 0.003, 1);
  const BlockedCurve large = blocked_curve(32, 0.01, 0.003, 2);
  BOOST_TEST(!pa::jackknife_crossing_error(small.full, large.full, {}, large.replicas));
  std::vector<std::vector<double>> flat = large.replicas;
  for (double& y : flat.front()) y = 2.0;  // one replica far above: no crossing
  BOOST_TEST(!pa::jackknife_crossing_error(small.full, large.full, small.replicas, flat));
}

BOOST_AUTO_TEST_CASE(binder_crossing_of_planted_curves) {
  int covered = 0;
  const int draws = 40;
  for (int d = 0; d < draws; ++d) {
    const auto small = scaling_curve(16, 1, 0.004, 2 * d);
    const auto large = scaling_curve(32, 1, 0.004, 2 * d + 1);
    const auto c = pa::binder_crossing(small, large);
    BOOST_REQUIRE_MESSAGE(c.ok(), c.reason());
    BOOST_TEST(c->error > 0);
    BOOST_TEST(c->error < 0.01);
    covered += std::abs(c->temperature - planted_tc) < c->error;
    if (d == 0) {
      BOOST_TEST(std::abs(c->binder - 2.0 / 3) < 3 * c->binder_error + 0.002);
      BOOST_TEST(c->size_small == 16.0);
      BOOST_TEST(c->size_large == 32.0);
    }
  }
  // One-sigma coverage over the draws: 68 % expected, binomial sd 0.074 at 40 draws.
  BOOST_TEST_MESSAGE("Binder crossing 1-sigma coverage " << covered << "/" << draws);
  BOOST_TEST(covered >= 19);
  BOOST_TEST(covered <= 37);
}

BOOST_AUTO_TEST_CASE(parallel_binder_curves_do_not_cross) {
  const auto small = scaling_curve(16, 1, 0.001, 1, 2.0, 2.6, 31, 0);
  auto large = scaling_curve(16, 1, 0.001, 2, 2.0, 2.6, 31, 0.05);  // same shape, shifted up
  large.size = 32;
  const auto c = pa::binder_crossing(small, large);
  BOOST_TEST(!c.ok());
  BOOST_TEST(c.reason().find("do not cross") != std::string::npos);
  BOOST_TEST(c.reason().find("L = 16 and L = 32") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(successive_crossings_are_sorted_by_size) {
  const std::vector<pa::SizedCurve> curves{scaling_curve(32, 1, 0.003, 7), scaling_curve(16, 1, 0.003, 8),
                                           scaling_curve(24, 1, 0.003, 9)};
  const auto crossings = pa::successive_binder_crossings(curves);
  BOOST_REQUIRE(crossings.size() == 2u);
  BOOST_REQUIRE(crossings[0].ok());
  BOOST_REQUIRE(crossings[1].ok());
  BOOST_TEST(crossings[0]->size_small == 16.0);
  BOOST_TEST(crossings[0]->size_large == 24.0);
  BOOST_TEST(crossings[1]->size_large == 32.0);
}

BOOST_AUTO_TEST_CASE(collapse_quality_is_about_one_at_the_right_parameters) {
  std::vector<pa::SizedCurve> curves;
  for (const double L : {16.0, 24.0, 32.0, 48.0, 64.0})
    curves.push_back(scaling_curve(L, 1, 0.005, static_cast<std::uint64_t>(L) + 100, 2.0, 2.6, 61));
  const pa::CollapseOptions window{.x_max = 3};
  const auto right = pa::collapse_quality(curves, planted_tc, 1.0, window);
  const auto wrong_tc = pa::collapse_quality(curves, planted_tc + 0.02, 1.0, window);
  const auto wrong_nu = pa::collapse_quality(curves, planted_tc, 1.5, window);
  BOOST_TEST_MESSAGE("S right " << right.quality << " (" << right.terms << " terms), wrong Tc "
                                << wrong_tc.quality << ", wrong nu " << wrong_nu.quality);
  BOOST_TEST(right.terms > 50u);
  // A reduced chi2 of some hundred terms: about 1 (linear interpolation of the master curve
  // adds a little).
  BOOST_TEST(right.quality > 0.6);
  BOOST_TEST(right.quality < 1.6);
  BOOST_TEST(wrong_tc.quality > 5 * right.quality);
  BOOST_TEST(wrong_nu.quality > 3 * right.quality);

  const auto fit = pa::fit_collapse(curves, planted_tc + 0.01, 1.2, {.collapse = window});
  BOOST_REQUIRE_MESSAGE(fit.ok(), fit.reason());
  BOOST_TEST_MESSAGE("collapse fit Tc " << fit->tc << " +- " << fit->tc_error << ", nu " << fit->nu
                                        << " +- " << fit->nu_error << ", S " << fit->quality);
  BOOST_TEST(std::abs(fit->tc - planted_tc) < 3 * fit->tc_error);
  BOOST_TEST(std::abs(fit->nu - 1) < 3 * fit->nu_error);
  BOOST_TEST(fit->tc_error < 0.005);
  BOOST_TEST(fit->nu_error < 0.2);  // conservative (Delta S = 1), but still informative
}

BOOST_AUTO_TEST_CASE(collapse_needs_two_sizes) {
  const std::vector<pa::SizedCurve> one{scaling_curve(16, 1, 0.01, 3)};
  const auto fit = pa::fit_collapse(one, planted_tc, 1);
  BOOST_TEST(!fit.ok());
  BOOST_TEST(fit.reason().find("at least 2 sizes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(shift_fit_by_hand_and_its_limits) {
  // Exact data T*(L) = 2.27 + 0.5/L: the fixed-nu fit returns it with chi2 = 0.
  std::vector<pa::SizePoint> points;
  for (const double L : {16.0, 32.0, 64.0}) points.push_back({L, 2.27 + 0.5 / L, 0.001});
  const auto fit = pa::fit_shift_fixed_nu(points, 1);
  BOOST_REQUIRE(fit.ok());
  BOOST_TEST(fit->tc == 2.27, boost::test_tools::tolerance(1e-10));
  BOOST_TEST(fit->amplitude == 0.5, boost::test_tools::tolerance(1e-8));
  BOOST_TEST(fit->chi2 < 1e-12);
  BOOST_TEST(fit->dof == 1);
  BOOST_TEST(!fit->errors_scaled);
  BOOST_TEST(fit->at(32) == 2.27 + 0.5 / 32, boost::test_tools::tolerance(1e-10));

  // Too few sizes: a reason, never a number.
  const auto free3 = pa::fit_shift_free_nu(points);
  BOOST_TEST(!free3.ok());
  BOOST_TEST(free3.reason().find("at least 4 sizes") != std::string::npos);
  const std::vector<pa::SizePoint> one{{16, 2.3, 0.01}};
  BOOST_TEST(!pa::fit_shift_fixed_nu(one, 1).ok());

  // The same size twice, or a zero error, is bad input.
  std::vector<pa::SizePoint> twice{{16, 2.3, 0.01}, {16, 2.31, 0.01}};
  BOOST_CHECK_THROW(pa::fit_shift_fixed_nu(twice, 1), phaselearn::InputError);
  std::vector<pa::SizePoint> zero{{16, 2.3, 0.0}, {32, 2.29, 0.01}};
  BOOST_CHECK_THROW(pa::fit_shift_fixed_nu(zero, 1), phaselearn::InputError);
}

BOOST_AUTO_TEST_CASE(scattered_points_scale_the_errors) {
  // Alternating offsets of 5 error bars: chi2/dof >> 1, so the errors grow by sqrt(chi2/dof).
  std::vector<pa::SizePoint> points;
  int sign = 1;
  for (const double L : {16.0, 24.0, 32.0, 48.0, 64.0}) {
    points.push_back({L, 2.27 + 0.5 / L + sign * 0.005, 0.001});
    sign = -sign;
  }
  const auto fit = pa::fit_shift_fixed_nu(points, 1);
  BOOST_REQUIRE(fit.ok());
  BOOST_TEST(fit->errors_scaled);
  BOOST_TEST(fit->chi2_per_dof > 10);
}
