#define BOOST_TEST_MODULE analysis_xy_flow
// The integrated Kosterlitz flow (kt_flow.hpp): its separatrix and phases, the fit that
// recovers a planted flow's T_KT from exact curves, and over 20 noisy planted sets at the
// sizes and temperatures of the XY finite-size set: the flow fit's coverage of the
// planted T_KT within 2 sigma and (the lattice-corrected one, the headline from 4 sizes)
// within 2 total errors, and the Weber–Minnhagen fit's within 2 total errors, now that its
// systematic includes its bias on the fitted flow.
#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "analysis/xy2d/kt_flow.hpp"
#include "analysis/xy2d/pipeline.hpp"
#include "analysis/xy2d/synthetic.hpp"
#include "xy_planted_curves.hpp"

namespace pa = phaselearn::analysis;
namespace px = phaselearn::analysis::xy2d;
using px::testing::estimator;
using px::testing::exact_curves;

namespace {

constexpr double pi = std::numbers::pi;
// Near what the fit finds on the L = 8 ... 128 run files, with the reference T_KT.
const px::KtFlowModel planted{0.8929, 0.05, -1.6, -0.9};
const std::vector<int> sizes{8, 16, 32, 64, 128};

std::vector<double> temperatures(double low, double high, int count) {
  std::vector<double> t;
  for (int i = 0; i < count; ++i) t.push_back(low + (high - low) * i / (count - 1));
  return t;
}

// The sampled temperatures of jobs/xy-fss.
const std::vector<double> sampled = temperatures(0.78, 1.02, 28);


}  // namespace

BOOST_AUTO_TEST_CASE(the_separatrix_divides_the_phases_and_decays_like_the_weber_minnhagen_form) {
  const double y = 0.05, k_sep = px::separatrix_coupling(y);
  BOOST_TEST(k_sep > 2 / pi);
  // (g has its minimum there, so the root is found to ~sqrt(machine epsilon))
  BOOST_TEST(px::separatrix_coupling(0) == 2 / pi, boost::test_tools::tolerance(1e-7));
  // Just below the separatrix (larger K) the flow ends on the ordered line above 2/pi;
  // just above, it runs off below 2/pi.
  BOOST_TEST(px::flowed_coupling(k_sep + 1e-3, y, 200) > 2 / pi);
  BOOST_TEST(px::flowed_coupling(k_sep - 1e-3, y, 200) < 2 / pi);
  // On it, pi K / 2 - 1 = 1/(2l) + O(ln l / l^2): the leading form is the large-l limit.
  const double l = 2000, excess = pi * px::flowed_coupling(k_sep, y, l) / 2 - 1;
  // (The separatrix is unstable: over l = 2000 the step-0.05 integration drifts off it by
  // ~3 %; with dy/dl = (3 - pi K) y instead the excess would not decay like 1/l at all.)
  BOOST_TEST(2 * l * excess == 1.0, boost::test_tools::tolerance(0.05));
  // Integrating back undoes the flow.
  const double k5 = px::flowed_coupling(k_sep + 0.01, y, 5);
  BOOST_TEST(k5 < k_sep + 0.01);
}

BOOST_AUTO_TEST_CASE(the_flow_fit_recovers_a_planted_flow_the_leading_form_misses) {
  const std::vector<px::SizeCurves> curves = exact_curves(px::PlantedKt{.flow = planted}, sampled, sizes);
  const auto fit = px::kt_flow_fit(curves, 0.84, 0.95);
  BOOST_REQUIRE(fit.ok());
  BOOST_TEST(std::abs(fit->model.tkt - planted.tkt) < 1e-4);
  BOOST_TEST(std::abs(fit->model.scale - planted.scale) < 0.02);
  BOOST_TEST(fit->chi2 < 1e-3);
  // The leading Weber–Minnhagen form on the same curves: biased low at these sizes.
  const auto wm = px::weber_minnhagen(curves, px::common_grid(curves, 1501));
  BOOST_REQUIRE(wm.ok());
  BOOST_TEST_MESSAGE("planted flow: T_KT " << planted.tkt << ", flow fit " << fit->model.tkt
                                           << ", leading Weber-Minnhagen " << wm->tkt);
  BOOST_TEST(planted.tkt - wm->tkt > 1e-3);
  // Too few sizes and a window without T_KT are refused by name.
  BOOST_TEST(px::kt_flow_fit(std::span(curves).first(2), 0.84, 0.95).reason().find("at least 3 sizes") !=
             std::string::npos);
  const auto below = px::kt_flow_fit(curves, 0.78, 0.85);
  BOOST_TEST(!below.ok());
}

// Over 20 noisy sets of a planted flow: how often each flow fit lands within 2 sigma and
// within 2 total errors of the planted T_KT, and the Weber–Minnhagen fit within 2 total errors.
struct Coverage {
  int sets = 0, determined[2] = {}, within[2] = {}, within_total[2] = {}, wm_within = 0, wm_within_total = 0;
  double spread[2] = {}, quoted[2] = {}, wm_bias = 0, wm_flow_bias = 0;
};

Coverage coverage(const px::KtFlowModel& flow, std::uint64_t seed) {
  Coverage c;
  c.sets = 20;
  px::PlantedKt model;
  model.flow = flow;
  model.bond_noise = 0.05;  // Upsilon errors ~0.002, as in the run files
  const char* const keys[] = {"kt_flow", "kt_flow_lattice"};
  for (int k = 0; k < c.sets; ++k) {
    std::vector<pa::SizeInput> set;
    for (const int L : sizes) set.push_back({px::planted_xy_run(model, L, sampled, 1000, seed + std::uint64_t(k)), {}});
    const px::XyAnalysis r = px::analyse(set, {.bootstrap_replicas = 40, .seed = std::uint64_t(k)});
    // The headline goes first: the lattice-corrected flow fit where it is determined.
    const px::KtEstimator& headline = r.kt->estimators.front();
    BOOST_TEST(headline.key ==
               std::string(estimator(r, "kt_flow_lattice").tkt ? "kt_flow_lattice" : "weber_minnhagen"));
    BOOST_TEST(headline.title.ends_with(" (headline)"));
    const px::KtEstimator& wm = estimator(r, "weber_minnhagen");
    BOOST_REQUIRE(wm.tkt.ok());
    BOOST_REQUIRE(wm.flow_bias.ok());
    BOOST_TEST(*wm.systematic >= *wm.flow_bias);
    c.wm_within += std::abs(wm.tkt->value - flow.tkt) <= 2 * wm.tkt->error;
    c.wm_within_total += std::abs(wm.tkt->value - flow.tkt) <= 2 * wm.total_error();
    c.wm_bias += (wm.tkt->value - flow.tkt) / c.sets;
    c.wm_flow_bias += *wm.flow_bias / c.sets;
    for (int e = 0; e < 2; ++e) {
      const px::KtEstimator& x = estimator(r, keys[e]);
      if (!x.tkt) {
        BOOST_TEST_MESSAGE(keys[e] << ", set " << k << ": " << x.tkt.reason());
        continue;
      }
      ++c.determined[e];
      const double d = x.tkt->value - flow.tkt;
      c.within[e] += std::abs(d) <= 2 * x.tkt->error;
      c.within_total[e] += std::abs(d) <= 2 * x.total_error();
      c.spread[e] += d * d;
      c.quoted[e] += x.tkt->error * x.tkt->error;
    }
  }
  for (int e = 0; e < 2; ++e)
    BOOST_TEST_MESSAGE(keys[e] << ": " << c.within[e] << " of " << c.sets << " within 2 sigma, " << c.within_total[e]
                               << " within 2 total errors (" << c.determined[e] << " determined), rms deviation "
                               << std::sqrt(c.spread[e] / std::max(c.determined[e], 1)) << ", rms quoted error "
                               << std::sqrt(c.quoted[e] / std::max(c.determined[e], 1)));
  BOOST_TEST_MESSAGE("weber_minnhagen: mean bias " << c.wm_bias << ", mean flow_bias systematic " << c.wm_flow_bias
                                                   << "; within 2 sigma " << c.wm_within << " of " << c.sets
                                                   << " (statistical), " << c.wm_within_total << " (total)");
  return c;
}

BOOST_AUTO_TEST_CASE(planted_flow_is_covered_in_twenty_noisy_sets) {
  const Coverage c = coverage(planted, 700);
  BOOST_TEST(c.determined[0] == c.sets);
  BOOST_TEST(c.within[0] >= 18);
  BOOST_TEST(c.within_total[1] >= 18);  // the headline
  BOOST_TEST(c.wm_within_total >= 18);
}

// A planted lattice correction the plain flow leaves out: the corrected fit recovers T_KT;
// the plain one and the Weber–Minnhagen fit must still cover it within their total errors.
BOOST_AUTO_TEST_CASE(planted_lattice_correction_is_covered_by_the_total_errors) {
  px::KtFlowModel with_lattice = planted;
  with_lattice.lattice = 0.5;
  const Coverage c = coverage(with_lattice, 900);
  BOOST_TEST(c.determined[1] == c.sets);
  BOOST_TEST(c.within[1] >= 18);
  BOOST_TEST(c.within_total[0] >= 18);
  BOOST_TEST(c.wm_within_total >= 18);
}
