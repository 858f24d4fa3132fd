#define BOOST_TEST_MODULE analysis_xy
// The xy2d analysis: its observables on series with known means, the four KT estimators
// on planted curves (exact, then with noise over 20 independent sets: coverage of the
// planted T_KT within 2 sigma), and its refusals.
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <numbers>
#include <string>

#include "analysis/xy2d/kt_estimators.hpp"
#include "analysis/xy2d/observables.hpp"
#include "analysis/xy2d/pipeline.hpp"
#include "analysis/xy2d/synthetic.hpp"
#include "core/errors.hpp"

namespace pa = phaselearn::analysis;
namespace px = phaselearn::analysis::xy2d;

namespace {

const px::PlantedKt planted{};
const std::vector<int> sizes{8, 16, 32, 64};

std::vector<double> temperatures(double low, double high, int count) {
  std::vector<double> t;
  for (int i = 0; i < count; ++i) t.push_back(low + (high - low) * i / (count - 1));
  return t;
}

std::vector<pa::SizeInput> planted_set(std::uint64_t seed, const std::vector<double>& t,
                                       const std::vector<int>& Ls = sizes) {
  std::vector<pa::SizeInput> set;
  for (const int L : Ls) set.push_back({px::planted_xy_run(planted, L, t, 1000, seed), {}});
  return set;
}

const px::KtEstimator& estimator(const px::XyAnalysis& r, const std::string& key) {
  for (const px::KtEstimator& e : r.kt->estimators)
    if (e.key == key) return e;
  throw std::runtime_error("no estimator " + key);
}

const char* const keys[] = {"weber_minnhagen", "pairs", "universal_crossing", "susceptibility_eta"};

}  // namespace

BOOST_AUTO_TEST_CASE(helicity_modulus_and_susceptibility_from_the_stored_series) {
  // Two samples, N = 4, T = 2, J = 1.5: Upsilon = J <(c_x + c_y)/2> - (N J^2/T) <(s_x^2 + s_y^2)/2>.
  const std::vector<double> e{-1, -1.2}, m{0.6, 0.0, 0.0, 0.8}, c{0.5, 0.7, 0.9, 0.3},
      s{0.1, -0.1, 0.2, 0.0}, v{0.25, 0.0};
  const px::XySamples x{e, m, c, s, v};
  const px::XyObservables o = px::xy_observables(x, 2.0, 4, 1.5, 1);
  const double upsilon = 1.5 * 0.6 - (4 * 2.25 / 2) * (0.5 * (0.01 + 0.01) + 0.5 * 0.04) / 2;
  BOOST_TEST(o.helicity.value == upsilon, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(o.full_susceptibility.value == (4 / 2.0) * (0.36 + 0.64) / 2, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(o.abs_magnetization.value == 0.7, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(o.vortex_density.value == 0.125, boost::test_tools::tolerance(1e-12));
  BOOST_CHECK_THROW(px::xy_observables({e, m, c, s, std::vector<double>{1}}, 2.0, 4, 1.5), phaselearn::InputError);
}

BOOST_AUTO_TEST_CASE(estimators_recover_the_planted_tkt_from_exact_curves) {
  std::vector<px::SizeCurves> curves;
  const std::vector<double> t = temperatures(0.82, 0.97, 151);
  for (const int L : sizes) {
    px::SizeCurves c{double(L), {t, {}, {}}, {t, {}, {}}};
    for (const double T : t) {
      c.helicity.y.push_back(planted.helicity(T, L));
      c.helicity.error.push_back(1e-3);
      c.full_susceptibility.y.push_back(planted.full_susceptibility(T, L));
      c.full_susceptibility.error.push_back(1e-3 * c.full_susceptibility.y.back());
    }
    curves.push_back(c);
  }
  const std::vector<double> grid = px::common_grid(curves, 1501);
  const auto wm = px::weber_minnhagen(curves, grid);
  BOOST_REQUIRE(wm.ok());
  BOOST_TEST(std::abs(wm->tkt - planted.tkt) < 2e-4);
  BOOST_TEST(std::abs(wm->c - planted.C) < 0.05);
  for (std::size_t i = 0; i + 1 < curves.size(); ++i) {
    const auto pair = px::pair_temperature(curves[i], curves[i + 1], grid);
    BOOST_REQUIRE(pair.ok());
    BOOST_TEST(std::abs(*pair - planted.tkt) < 2e-4);
  }
  std::vector<pa::SizePoint> crossings;
  for (const px::SizeCurves& c : curves) {
    const auto x = px::universal_crossing(c);
    BOOST_REQUIRE(x.ok());
    BOOST_TEST(std::abs(*x - planted.crossing(c.L)) < 2e-4);
    crossings.push_back({c.L, *x, 1e-4});
  }
  const auto free = px::extrapolate_log(crossings, true);
  BOOST_REQUIRE(free.ok());
  BOOST_TEST(std::abs(free->tkt - planted.tkt) < 2e-3);
  BOOST_TEST(std::abs(free->d - planted.C / 2) < 0.2);
  // d = 0 misses: the crossings drift like 1/(ln L + 1)^2, not 1/(ln L)^2.
  BOOST_TEST(std::abs(px::extrapolate_log(crossings, false)->tkt - planted.tkt) > 5e-3);
  const auto eta = px::eta_quarter(px::effective_eta(curves, grid), 0.002);
  BOOST_REQUIRE(eta.ok());
  BOOST_TEST(std::abs(*eta - planted.tkt) < 2e-4);
}

BOOST_AUTO_TEST_CASE(planted_tkt_is_covered_within_two_sigma_in_twenty_noisy_sets) {
  constexpr int sets = 20;
  const std::vector<double> t = temperatures(0.82, 0.97, 31);
  int covered[4] = {}, determined[4] = {};
  double spread[4] = {}, quoted[4] = {};
  for (int k = 0; k < sets; ++k) {
    const px::XyAnalysis r = px::analyse(planted_set(100 + k, t), {.bootstrap_replicas = 100, .seed = std::uint64_t(k)});
    BOOST_REQUIRE(r.kt.has_value());
    for (int e = 0; e < 4; ++e) {
      const px::KtEstimator& x = estimator(r, keys[e]);
      if (!x.tkt) {
        BOOST_TEST_MESSAGE(keys[e] << ", set " << k << ": " << x.tkt.reason());
        continue;
      }
      ++determined[e];
      const double pull = (x.tkt->value - planted.tkt) / x.tkt->error;
      covered[e] += std::abs(pull) <= 2;
      spread[e] += (x.tkt->value - planted.tkt) * (x.tkt->value - planted.tkt);
      quoted[e] += x.tkt->error * x.tkt->error;
    }
  }
  for (int e = 0; e < 4; ++e) {
    BOOST_TEST_MESSAGE(keys[e] << ": " << covered[e] << " of " << sets << " within 2 sigma ("
                               << determined[e] << " determined), rms deviation "
                               << std::sqrt(spread[e] / std::max(determined[e], 1)) << ", rms quoted error "
                               << std::sqrt(quoted[e] / std::max(determined[e], 1)));
    BOOST_TEST(determined[e] == sets);
    BOOST_TEST(covered[e] >= 18, keys[e] << ": " << covered[e] << " of " << sets << " within 2 sigma");
  }
}

BOOST_AUTO_TEST_CASE(no_crossing_in_range_and_too_few_sizes_are_refused_by_name) {
  // Everything below T_KT (and below every crossing): no estimator can place T_KT.
  const px::XyAnalysis low = px::analyse(planted_set(7, temperatures(0.80, 0.87, 15)), {.bootstrap_replicas = 20});
  BOOST_TEST(!estimator(low, "universal_crossing").tkt.ok());
  BOOST_TEST(estimator(low, "universal_crossing").tkt.reason().find("stays above the line 2T/pi") != std::string::npos);
  BOOST_TEST(!estimator(low, "weber_minnhagen").tkt.ok());
  BOOST_TEST(estimator(low, "weber_minnhagen").tkt.reason().find("not inside it") != std::string::npos);
  BOOST_TEST(low.failures.size() >= 2u);
  // One size: refused with scaling, observables only without.
  const auto one = planted_set(8, temperatures(0.82, 0.97, 11), {16});
  BOOST_CHECK_EXCEPTION(px::analyse(one, {}), phaselearn::InputError, [](const auto& e) {
    return std::string(e.what()).find("at least 2 lattice sizes") != std::string::npos;
  });
  const px::XyAnalysis single = px::analyse(one, {.scaling = false});
  BOOST_TEST(!single.kt.has_value());
  BOOST_TEST(single.failures.empty());
  // Three sizes: the crossing extrapolation keeps d = 0 and says so; pairs extrapolate.
  const px::XyAnalysis three = px::analyse(planted_set(9, temperatures(0.82, 0.97, 31), {8, 16, 32}),
                                           {.bootstrap_replicas = 20});
  BOOST_TEST(estimator(three, "universal_crossing").note.find("d = 0") != std::string::npos);
  BOOST_TEST(!estimator(three, "universal_crossing").extrapolation->d_free);
  BOOST_TEST(estimator(three, "pairs").tkt.ok());
}
