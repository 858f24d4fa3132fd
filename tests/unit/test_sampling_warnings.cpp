#define BOOST_TEST_MODULE sampling_warnings
#include <boost/test/unit_test.hpp>

#include "tempering/sampling_warnings.hpp"

using namespace phaselearn::tempering;

namespace {
// Three temperatures, well mixed, tau_int on a plateau and short against k = 10.
ExchangeDiagnostics healthy() {
  return {{0.5, 0.4}, {3, 2, 4}, {{1.0, 2.0, 1.5}, {0.6, 0.8, 0.7}}, {{1, 1, 1}, {1, 1, 1}}};
}
const std::vector<double> temperatures = {2.0, 2.3, 2.6};

bool has(const std::vector<std::string>& lines, const std::string& text) {
  for (const auto& l : lines)
    if (l.find(text) != std::string::npos) return true;
  return false;
}
}  // namespace

BOOST_AUTO_TEST_CASE(a_healthy_run_warns_about_nothing) {
  BOOST_TEST(sampling_warnings(healthy(), temperatures, 10).empty());
}

BOOST_AUTO_TEST_CASE(one_line_per_kind_naming_the_worst_case) {
  ExchangeDiagnostics d = healthy();
  d.tau_int[0] = {1.0, 7.5, 6.0};    // two temperatures above k / 2 = 5
  d.tau_plateau[1] = {1, 0, 0};      // two lower bounds
  d.acceptance = {0.06, 0.0};        // both pairs low, the second the worst
  d.round_trips = {0, 0, 0};
  const auto lines = sampling_warnings(d, temperatures, 10);
  BOOST_TEST(lines.size() == 4u);
  BOOST_TEST(has(lines, "at 2 of 3 temperatures the binning of tau_int shows no plateau"));
  BOOST_TEST(has(lines, "at 2 of 3 temperatures sweeps_between_samples = 10 is below 2 tau_int"));
  BOOST_TEST(has(lines, "7.5 sweeps at T = 2.3"));
  BOOST_TEST(has(lines, "2 of 2 neighbour pairs exchange with acceptance below 0.1 (lowest 0.000 "
                        "between T = 2.3 and 2.6)"));
  BOOST_TEST(has(lines, "no walker completed a round trip"));
}

BOOST_AUTO_TEST_CASE(a_single_temperature_has_no_exchange_to_warn_about) {
  const ExchangeDiagnostics d{{}, {0}, {{1.0}}, {{1}}};
  BOOST_TEST(sampling_warnings(d, {2.0}, 10).empty());
}
