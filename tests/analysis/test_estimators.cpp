#define BOOST_TEST_MODULE analysis_estimators
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <vector>

#include "analysis/jackknife.hpp"
#include "analysis/least_squares.hpp"
#include "analysis/ising2d/observables.hpp"
#include "analysis/statistics.hpp"
#include "analysis/synthetic.hpp"
#include "core/errors.hpp"

namespace pa = phaselearn::analysis;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_CASE(mean_and_variance_by_hand) {
  const std::vector<double> x{1, 2, 3, 4};
  BOOST_TEST(pa::mean(x) == 2.5, tt::tolerance(1e-15));
  // ((1.5^2 + 0.5^2) * 2) / 3 = 5/3
  BOOST_TEST(pa::variance(x) == 5.0 / 3.0, tt::tolerance(1e-15));
  BOOST_CHECK_THROW(pa::mean(std::vector<double>{}), phaselearn::InputError);
  BOOST_CHECK_THROW(pa::variance(std::vector<double>{1.0}), phaselearn::InputError);
}

BOOST_AUTO_TEST_CASE(jackknife_by_hand) {
  const auto column = [](std::vector<double> v) {
    return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size())).eval();
  };
  const pa::MeansFunction first_mean = [](const Eigen::VectorXd& m) { return m[0]; };
  const pa::MeansFunction mean_squared = [](const Eigen::VectorXd& m) { return m[0] * m[0]; };

  // The jackknife error of a mean is the standard error: sqrt((5/3)/4).
  const auto plain = pa::block_jackknife(column({1, 2, 3, 4}), 1, first_mean);
  BOOST_TEST(plain.value == 2.5, tt::tolerance(1e-14));
  BOOST_TEST(plain.error == std::sqrt(5.0 / 12.0), tt::tolerance(1e-14));

  // Blocks of 2 of {1..6}: block means 1.5, 3.5, 5.5, variance 4, error sqrt(4/3).
  const auto blocked = pa::block_jackknife(column({1, 2, 3, 4, 5, 6}), 2, first_mean);
  BOOST_TEST(blocked.blocks == 3u);
  BOOST_TEST(blocked.error == std::sqrt(4.0 / 3.0), tt::tolerance(1e-14));

  // mean^2 of {1, 2, 3}: f = 4; leave-one-out f_i = 6.25, 4, 2.25 with mean 25/6;
  // bias corrected 3*4 - 2*25/6 = 11/3; error^2 = (2/3)(8.041666...) = 193/36.
  const auto squared = pa::block_jackknife(column({1, 2, 3}), 1, mean_squared);
  BOOST_TEST(squared.value == 4.0, tt::tolerance(1e-14));
  BOOST_TEST(squared.bias_corrected == 11.0 / 3.0, tt::tolerance(1e-14));
  BOOST_TEST(squared.error == std::sqrt(193.0 / 36.0), tt::tolerance(1e-14));

  BOOST_CHECK_THROW(pa::block_jackknife(column({1, 2, 3}), 2, first_mean), phaselearn::InputError);
}

BOOST_AUTO_TEST_CASE(thermodynamic_observables_by_hand) {
  const std::vector<double> e{-2.0, -1.0, -1.5, -0.5, -1.0, -2.0};
  const std::vector<double> m{0.5, -1.0, 0.25, 1.0, -0.75, 0.5};
  // T = 2, N = 4: beta^2 N = 1 and beta N = 2. Values below were worked out by hand
  // (leave-one-out sums) and checked with a few lines of Python.
  const auto obs = pa::ising2d::thermodynamic_observables(e, m, 2.0, 4, 1);
  BOOST_TEST(obs.energy.value == -4.0 / 3.0, tt::tolerance(1e-14));
  BOOST_TEST(obs.energy.error == 0.2472066162365221, tt::tolerance(1e-12));  // sqrt(var/6)
  BOOST_TEST(obs.abs_magnetization.value == 2.0 / 3.0, tt::tolerance(1e-14));
  BOOST_TEST(obs.abs_magnetization.error == 0.12360330811826106, tt::tolerance(1e-12));
  // With blocks of one, the bias-corrected jackknife of the plug-in variance is exactly
  // the unbiased variance: C = 1 * 0.36666..., plug-in 0.30555...
  BOOST_TEST(obs.specific_heat.value == 0.36666666666666667, tt::tolerance(1e-12));
  BOOST_TEST(obs.specific_heat.error == 0.12823589374447544, tt::tolerance(1e-12));
  BOOST_TEST(obs.susceptibility.value == 0.18333333333333333, tt::tolerance(1e-12));
  BOOST_TEST(obs.susceptibility.error == 0.06411794687223772, tt::tolerance(1e-12));
  BOOST_TEST(obs.binder.value == 0.4968915808834309, tt::tolerance(1e-12));
  BOOST_TEST(obs.binder.error == 0.086624922388702, tt::tolerance(1e-12));
  BOOST_TEST(!obs.binning_converged);  // 6 samples cannot show a plateau
}

BOOST_AUTO_TEST_CASE(weighted_line_by_hand) {
  // (0,1), (1,3), (2,5), unit errors: y = 1 + 2x exactly; (X^T X)^-1 = [[5/6, -1/2], [-1/2, 1/2]].
  Eigen::MatrixXd design(3, 2);
  design << 1, 0, 1, 1, 1, 2;
  const pa::LeastSquaresFit fit =
      pa::weighted_linear_fit(design, Eigen::Vector3d(1, 3, 5), Eigen::Vector3d::Ones());
  BOOST_TEST(fit.parameters[0] == 1.0, tt::tolerance(1e-12));
  BOOST_TEST(fit.parameters[1] == 2.0, tt::tolerance(1e-12));
  BOOST_TEST(fit.chi2 == 0.0, tt::tolerance(1e-20));
  BOOST_TEST(fit.dof == 1);
  BOOST_TEST(fit.covariance(0, 0) == 5.0 / 6.0, tt::tolerance(1e-12));
  BOOST_TEST(fit.covariance(0, 1) == -0.5, tt::tolerance(1e-12));
  BOOST_TEST(fit.covariance(1, 1) == 0.5, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(binning_of_ar1_matches_exact_tau) {
  // x_t = 0.9 x_{t-1} + noise: tau_int = (1/2)(1.9/0.1) = 9.5 and var x = 1/(1 - 0.81).
  const double a = 0.9, exact_tau = 0.5 * (1 + a) / (1 - a);
  const std::size_t n = std::size_t{1} << 20;
  const auto x = pa::ar1_series(a, 1.0, n, 2024, 1);
  const pa::BinningAnalysis b = pa::binning_analysis(x);
  BOOST_TEST_MESSAGE("AR(1) a=0.9: tau_int = " << b.tau_int << " +- " << b.tau_int_error
                     << " (exact " << exact_tau << "), block " << b.block_length);
  BOOST_TEST(b.converged);
  // Statistical tolerance (3 sigma) plus the known downward bias of about
  // tau/block_length of a finite block (at most 1/16 by the plateau criterion).
  BOOST_TEST(std::abs(b.tau_int - exact_tau) <= 3 * b.tau_int_error + exact_tau / 16);
  const double exact_error = std::sqrt(2 * exact_tau / (1 - a * a) / static_cast<double>(n));
  BOOST_TEST(std::abs(b.error / exact_error - 1) <= 1.5 * b.tau_int_error / b.tau_int + 1.0 / 32);
  // The naive error is wrong by sqrt(2 tau) = sqrt(19).
  BOOST_TEST(b.naive_error / exact_error == 1 / std::sqrt(2 * exact_tau), tt::tolerance(0.05));
}

BOOST_AUTO_TEST_CASE(binning_of_white_noise_gives_one_half) {
  const auto x = pa::ar1_series(0.0, 1.0, 1 << 16, 7, 2);
  const pa::BinningAnalysis b = pa::binning_analysis(x);
  BOOST_TEST(b.converged);
  BOOST_TEST(std::abs(b.tau_int - 0.5) <= 3 * b.tau_int_error);
}

BOOST_AUTO_TEST_CASE(binning_flags_a_series_too_short_for_its_correlation) {
  // tau = 99.5 but only 4000 values: no level has 32 blocks longer than 16 tau.
  const auto x = pa::ar1_series(0.99, 1.0, 4000, 11, 3);
  const pa::BinningAnalysis b = pa::binning_analysis(x);
  BOOST_TEST(!b.converged);
  BOOST_TEST(b.levels[b.plateau_level].blocks >= 32u);
}

BOOST_AUTO_TEST_CASE(binning_of_a_constant_series) {
  const std::vector<double> x(100, 0.25);
  const pa::BinningAnalysis b = pa::binning_analysis(x);
  BOOST_TEST(b.mean == 0.25);
  BOOST_TEST(b.error == 0.0);
  BOOST_TEST(b.tau_int == 0.5);
}

BOOST_AUTO_TEST_CASE(observables_blocks_follow_the_autocorrelation) {
  // Correlated energies and magnetisations: the jackknife block must outlast tau
  // (here tau = 4.5 at a = 0.8, so blocks of at least 16 tau = 72 -> 128).
  const auto noise_e = pa::ar1_series(0.8, 0.05, 1 << 15, 5, 4);
  const auto noise_m = pa::ar1_series(0.8, 0.05, 1 << 15, 5, 5);
  std::vector<double> e(noise_e.size()), m(noise_m.size());
  for (std::size_t i = 0; i < e.size(); ++i) {
    e[i] = -1.4 + noise_e[i];
    m[i] = 0.6 + noise_m[i];
  }
  const auto obs = pa::ising2d::thermodynamic_observables(e, m, 2.3, 256);
  BOOST_TEST(obs.block_length >= 72u);
  BOOST_TEST(obs.binning_converged);
  BOOST_TEST(obs.tau_int_energy == 4.5, tt::tolerance(0.15));
}
