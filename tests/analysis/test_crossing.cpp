#define BOOST_TEST_MODULE analysis_crossing
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <iostream>
#include <vector>

#include "analysis/crossing.hpp"
#include "analysis/finite_size_scaling.hpp"
#include "analysis/statistics.hpp"
#include "analysis/synthetic.hpp"

namespace pa = phaselearn::analysis;

namespace {

std::vector<double> grid(double first, double last, int points) {
  std::vector<double> t(static_cast<std::size_t>(points));
  for (int i = 0; i < points; ++i) t[static_cast<std::size_t>(i)] = first + (last - first) * i / (points - 1);
  return t;
}

struct CoverageResult {
  double within_one_sigma = 0, within_two_sigma = 0;
  double mean_error = 0, spread = 0, mean_deviation = 0;
};

// Repeated independent draws of one size's classifier output; how often the bootstrap
// error covers the planted crossing.
CoverageResult crossing_coverage(std::size_t block_length, int draws) {
  const pa::PlantedClassifier model{.logit_noise = 1.0, .autocorrelation = 0.7};
  const double size = 32, truth = model.crossing(size);
  const auto temperatures = grid(2.0, 2.6, 25);
  std::vector<double> estimates, errors;
  int one = 0, two = 0;
  for (int d = 0; d < draws; ++d) {
    const auto p = pa::planted_classifier_samples(model, size, temperatures, 400, 4242,
                                                  static_cast<std::uint64_t>(d));
    const auto c = pa::find_crossing(temperatures, p,
                                     {.bootstrap_replicas = 200, .block_length = block_length,
                                      .seed = 77, .stream = static_cast<std::uint64_t>(d)});
    BOOST_REQUIRE_MESSAGE(c.ok(), c.reason());
    const double deviation = std::abs(c->temperature - truth) / c->error;
    one += deviation < 1;
    two += deviation < 2;
    estimates.push_back(c->temperature);
    errors.push_back(c->error);
  }
  CoverageResult r;
  r.within_one_sigma = static_cast<double>(one) / draws;
  r.within_two_sigma = static_cast<double>(two) / draws;
  r.mean_error = pa::mean(errors);
  r.spread = std::sqrt(pa::variance(estimates));
  r.mean_deviation = pa::mean(estimates) - truth;
  return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(planted_crossing_is_recovered) {
  const pa::PlantedClassifier model;
  const auto temperatures = grid(2.0, 2.8, 41);
  for (const double size : {16.0, 64.0}) {
    const auto p = pa::planted_classifier_samples(model, size, temperatures, 1000, 1, 0);
    const auto c = pa::find_crossing(temperatures, p, {.seed = 3});
    BOOST_REQUIRE_MESSAGE(c.ok(), c.reason());
    BOOST_TEST_MESSAGE("L=" << size << " T*=" << c->temperature << " +- " << c->error
                       << " (planted " << model.crossing(size) << "), window ["
                       << c->window_begin << "," << c->window_end << "), chi2/dof "
                       << c->chi2 / c->dof);
    BOOST_TEST(std::abs(c->temperature - model.crossing(size)) < 3 * c->error);
    BOOST_TEST(c->error < 0.01);  // a test that passes because the error is huge proves nothing
    BOOST_TEST(c->bootstrap_low < c->temperature);
    BOOST_TEST(c->bootstrap_high > c->temperature);
    BOOST_TEST(c->window_end - c->window_begin >= 4u);
  }
}

BOOST_AUTO_TEST_CASE(bootstrap_error_has_the_right_coverage) {
  const CoverageResult blocked = crossing_coverage(0, 200);
  std::cout << "crossing coverage (200 draws, L=32, S=400, AR(1) logit noise a=0.7): "
            << "|dT|<1 sigma " << blocked.within_one_sigma << ", <2 sigma "
            << blocked.within_two_sigma << ", spread/mean error "
            << blocked.spread / blocked.mean_error << ", bias/spread "
            << blocked.mean_deviation / blocked.spread << "\n";
  // 200 draws: the binomial standard deviation of a 68 % fraction is 0.033.
  BOOST_TEST(blocked.within_one_sigma > 0.58);
  BOOST_TEST(blocked.within_one_sigma < 0.78);
  BOOST_TEST(blocked.within_two_sigma > 0.89);
  BOOST_TEST(blocked.within_two_sigma < 0.99);
  BOOST_TEST(blocked.spread / blocked.mean_error > 0.8);
  BOOST_TEST(blocked.spread / blocked.mean_error < 1.25);
  BOOST_TEST(std::abs(blocked.mean_deviation) < 3 * blocked.spread / std::sqrt(200.0));

  // Resampling single samples ignores the autocorrelation (tau about 3): the error is too
  // small and the coverage collapses. This is what the blocked test above guards against.
  const CoverageResult unblocked = crossing_coverage(1, 100);
  std::cout << "unblocked bootstrap: |dT|<1 sigma " << unblocked.within_one_sigma
            << ", spread/mean error " << unblocked.spread / unblocked.mean_error << "\n";
  BOOST_TEST(unblocked.within_one_sigma < 0.5);
}

BOOST_AUTO_TEST_CASE(a_curve_that_never_crosses_is_reported) {
  // Crossing planted at T = 3.5, beyond the measured range: P stays above 1/2.
  const pa::PlantedClassifier model{.tc = 3.5, .amplitude = 0};
  const auto temperatures = grid(2.0, 2.8, 17);
  const auto p = pa::planted_classifier_samples(model, 16, temperatures, 200, 5, 0);
  const auto c = pa::find_crossing(temperatures, p);
  BOOST_TEST(!c.ok());
  BOOST_TEST(c.reason().find("never crosses") != std::string::npos);
  BOOST_TEST(c.reason().find("above") != std::string::npos);
  BOOST_TEST_MESSAGE(c.reason());
}

BOOST_AUTO_TEST_CASE(a_step_between_two_temperatures_still_fits) {
  // Very sharp curve: only the two bracketing temperatures are unsaturated or none is.
  const pa::PlantedClassifier model{.width_scale = 0.05, .logit_noise = 0.3};
  const auto temperatures = grid(2.0, 2.6, 13);
  const auto p = pa::planted_classifier_samples(model, 64, temperatures, 500, 9, 0);
  const auto c = pa::find_crossing(temperatures, p);
  BOOST_REQUIRE_MESSAGE(c.ok(), c.reason());
  // The crossing lies in the bracket of the grid around the planted value.
  BOOST_TEST(std::abs(c->temperature - model.crossing(64)) < 0.05);
}

namespace {

struct ScalingDraw {
  pa::ShiftFit fixed;
  pa::Outcome<pa::ShiftFit> free;  // may legitimately fail: nu is weakly constrained
};

ScalingDraw planted_scaling_fits(std::uint64_t draw, std::size_t samples) {
  const pa::PlantedClassifier model;  // Tc = 2.26919, nu = 1, a = 0.5, w = 2/L
  const auto temperatures = grid(2.0, 2.8, 41);
  std::vector<pa::SizePoint> points;
  for (const double size : {16.0, 24.0, 32.0, 48.0, 64.0}) {
    const auto stream = draw * 1000 + static_cast<std::uint64_t>(size);
    const auto p = pa::planted_classifier_samples(model, size, temperatures, samples, 31, stream);
    const auto c = pa::find_crossing(temperatures, p,
                                     {.bootstrap_replicas = 200, .seed = 8, .stream = stream});
    BOOST_REQUIRE_MESSAGE(c.ok(), c.reason());
    points.push_back({size, c->temperature, c->error});
  }
  const auto fixed = pa::fit_shift_fixed_nu(points, 1.0);
  const auto free = pa::fit_shift_free_nu(points);
  BOOST_REQUIRE_MESSAGE(fixed.ok(), fixed.reason());
  return {*fixed, free};
}

}  // namespace

BOOST_AUTO_TEST_CASE(finite_size_scaling_recovers_tc_and_nu) {
  const pa::PlantedClassifier model;
  const ScalingDraw fits = planted_scaling_fits(0, 1000);
  BOOST_REQUIRE_MESSAGE(fits.free.ok(), fits.free.reason());
  const pa::ShiftFit& free = *fits.free;
  std::cout << "planted FSS, nu fixed: Tc = " << fits.fixed.tc << " +- " << fits.fixed.tc_error
            << ", a = " << fits.fixed.amplitude << " +- " << fits.fixed.amplitude_error
            << ", chi2/dof = " << fits.fixed.chi2_per_dof << "\n"
            << "planted FSS, nu free: Tc = " << free.tc << " +- " << free.tc_error
            << ", nu = " << free.nu << " +- " << free.nu_error
            << ", chi2/dof = " << free.chi2_per_dof << "\n";
  // Within 3 error bars (1 would fail a third of all seeds by design), and the error bars
  // small enough for the check to mean something.
  BOOST_TEST(std::abs(fits.fixed.tc - model.tc) < 3 * fits.fixed.tc_error);
  BOOST_TEST(std::abs(fits.fixed.amplitude - model.amplitude) < 3 * fits.fixed.amplitude_error);
  BOOST_TEST(fits.fixed.tc_error < 0.005);
  BOOST_TEST(std::abs(free.tc - model.tc) < 3 * free.tc_error);
  BOOST_TEST(std::abs(free.nu - model.nu) < 3 * free.nu_error);
  BOOST_TEST(free.nu_error < 0.5);
  BOOST_TEST(!free.nu_fixed);
}

BOOST_AUTO_TEST_CASE(finite_size_scaling_errors_have_the_right_coverage) {
  const pa::PlantedClassifier model;
  const int draws = 60;
  int tc_fixed = 0, tc_free = 0, nu_free = 0, free_fits = 0;
  for (int d = 1; d <= draws; ++d) {
    const ScalingDraw fits = planted_scaling_fits(static_cast<std::uint64_t>(d), 1000);
    tc_fixed += std::abs(fits.fixed.tc - model.tc) < fits.fixed.tc_error;
    if (!fits.free) continue;
    ++free_fits;
    tc_free += std::abs(fits.free->tc - model.tc) < fits.free->tc_error;
    nu_free += std::abs(fits.free->nu - model.nu) < fits.free->nu_error;
  }
  const auto fraction = [](int hits, int of) { return static_cast<double>(hits) / of; };
  std::cout << "FSS coverage (" << draws << " draws, 1 sigma): Tc with nu fixed "
            << fraction(tc_fixed, draws) << "; nu free (" << free_fits << " fits converged): Tc "
            << fraction(tc_free, free_fits) << ", nu " << fraction(nu_free, free_fits) << "\n";
  // 60 draws: binomial standard deviation 0.06 around 0.68. A free-nu fit may fail when
  // five sizes hardly bend the curve, but rarely.
  BOOST_TEST(free_fits >= draws * 9 / 10);
  for (const double f : {fraction(tc_fixed, draws), fraction(tc_free, free_fits),
                         fraction(nu_free, free_fits)}) {
    BOOST_TEST(f > 0.5);
    BOOST_TEST(f < 0.87);
  }
}
