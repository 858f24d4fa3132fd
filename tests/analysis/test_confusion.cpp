#define BOOST_TEST_MODULE analysis_confusion
#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <cmath>
#include <vector>

#include "analysis/confusion.hpp"
#include "core/errors.hpp"

namespace pa = phaselearn::analysis;

namespace {

// Ideal confusion curve of a perfect classifier over [lo, hi] with the transition at tc
// (van Nieuwenburg et al.): accuracy 1 at both ends and at tc, W-shaped in between.
double ideal_accuracy(double t, double lo, double hi, double tc) {
  return 1 - std::min({t - lo, std::abs(t - tc), hi - t}) / (hi - lo);
}

std::vector<double> grid(double first, double last, int n) {
  std::vector<double> t;
  for (int i = 0; i < n; ++i) t.push_back(first + (last - first) * i / (n - 1));
  return t;
}

}  // namespace

BOOST_AUTO_TEST_CASE(interior_peak_of_a_w_shaped_curve) {
  // The ends are as high as the peak: only an interior maximum counts.
  const double tc = 2.31;
  const auto t = grid(1.5, 3.5, 21);  // spacing 0.1; tc is between grid points
  std::vector<double> a;
  for (double x : t) a.push_back(ideal_accuracy(x, 1.5, 3.5, tc));
  const auto peak = pa::confusion_peak(t, a);
  BOOST_REQUIRE_MESSAGE(peak.ok(), peak.reason());
  BOOST_TEST(peak->grid_index == 8u);  // T' = 2.3, the grid point nearest tc
  BOOST_TEST(std::abs(peak->temperature - tc) < 0.05);
  BOOST_TEST(peak->prominence > 0.1);
  BOOST_TEST(!peak->error.has_value());
}

BOOST_AUTO_TEST_CASE(parabola_vertex_by_hand) {
  // Through (1, 0), (2, 1), (3, 0.5): y = -2.5 + 3.25 x - 0.75 x^2, vertex at
  // x = 3.25/1.5 = 13/6, value -2.5 + 3.25^2/3 = 49/48.
  const std::vector<double> t{1, 2, 3}, a{0, 1, 0.5};
  const auto peak = pa::confusion_peak(t, a);
  BOOST_REQUIRE(peak.ok());
  BOOST_TEST(peak->temperature == 13.0 / 6, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(peak->accuracy == 49.0 / 48, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(bootstrap_error_follows_the_accuracy_errors) {
  const double tc = 2.27;
  const auto t = grid(1.5, 3.5, 41);
  std::vector<double> a, small, large;
  for (double x : t) {
    a.push_back(ideal_accuracy(x, 1.5, 3.5, tc));
    small.push_back(0.002);
    large.push_back(0.02);
  }
  const auto precise = pa::confusion_peak(t, a, small, {.bootstrap_replicas = 300, .seed = 4});
  const auto noisy = pa::confusion_peak(t, a, large, {.bootstrap_replicas = 300, .seed = 4});
  BOOST_REQUIRE(precise.ok());
  BOOST_REQUIRE(noisy.ok());
  BOOST_REQUIRE(precise->error.has_value());
  BOOST_REQUIRE(noisy->error.has_value());
  BOOST_TEST(*precise->error > 0);
  BOOST_TEST(*noisy->error > 2 * *precise->error);
  BOOST_TEST(std::abs(precise->temperature - tc) < 3 * *precise->error + 0.025);
}

BOOST_AUTO_TEST_CASE(monotone_curve_has_no_peak) {
  const auto t = grid(1.5, 3.5, 11);
  std::vector<double> a;
  for (double x : t) a.push_back(0.5 + 0.1 * x);
  const auto peak = pa::confusion_peak(t, a);
  BOOST_TEST(!peak.ok());
  BOOST_TEST(peak.reason().find("no interior maximum") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_shapes_throw) {
  const std::vector<double> t{1, 2, 3}, a{0.5, 0.6};
  BOOST_CHECK_THROW(pa::confusion_peak(t, a), phaselearn::InputError);
  const std::vector<double> unsorted{1, 3, 2}, a3{0.5, 0.9, 0.5};
  BOOST_CHECK_THROW(pa::confusion_peak(unsorted, a3), phaselearn::InputError);
}
