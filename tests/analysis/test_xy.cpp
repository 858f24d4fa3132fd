#define BOOST_TEST_MODULE analysis_xy
// The xy2d analysis: its observables on series with known means, the KT estimators on
// planted curves (exact, then with noise over 20 independent sets: coverage of the
// planted T_KT within 2 sigma; with a planted sub-leading term, the headline's coverage
// within 2 total errors), the systematic errors (without the smallest size, with the
// sub-leading term), the classifier's estimators on planted curves P_L(T), the refusals.
#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <string>

#include "analysis/xy2d/kt_estimators.hpp"
#include "analysis/xy2d/observables.hpp"
#include "analysis/xy2d/pipeline.hpp"
#include "analysis/xy2d/synthetic.hpp"
#include "xy_planted_curves.hpp"
#include "core/errors.hpp"

namespace pa = phaselearn::analysis;
namespace px = phaselearn::analysis::xy2d;
using px::testing::estimator;
using px::testing::exact_curves;

namespace {

const px::PlantedKt planted{};
const std::vector<int> sizes{8, 16, 32, 64};

std::vector<double> temperatures(double low, double high, int count) {
  std::vector<double> t;
  for (int i = 0; i < count; ++i) t.push_back(low + (high - low) * i / (count - 1));
  return t;
}

std::vector<pa::SizeInput> planted_set(std::uint64_t seed, const std::vector<double>& t,
                                       const std::vector<int>& Ls = sizes, const px::PlantedKt& model = planted) {
  std::vector<pa::SizeInput> set;
  for (const int L : Ls) set.push_back({px::planted_xy_run(model, L, t, 1000, seed), {}});
  return set;
}


const char* const keys[] = {"weber_minnhagen", "weber_minnhagen_subleading", "pairs", "universal_crossing",
                            "susceptibility_eta"};
constexpr int key_count = 5;

// Planted classifier outputs: every network's P_L(T) a logistic of width w / ln L around
// T*(L) = T_KT + c/(ln L + d)^2 (shifted by `offset` per network), per-sample noise 0.1.
struct PlantedClassifier {
  double c = 0.6, d = 0.5, width = 0.1;
  double crossing(double L) const { return planted.tkt + c / std::pow(std::log(L) + d, 2); }
};

pa::TrainingInput planted_network(const pa::RunInput& run, const PlantedClassifier& p, double offset,
                                  std::uint64_t digest, std::uint64_t seed) {
  pa::TrainingInput t;
  t.path = "network_" + std::to_string(digest) + "_L" + std::to_string(run.L);
  t.run_id = run.run_id;
  t.label_scheme = "window";
  t.model_digest = digest;
  t.coarse_grain = 4;
  t.p_ordered.resize(Eigen::Index(run.temperatures.size()), Eigen::Index(run.samples));
  std::mt19937_64 rng(seed * 1000 + std::uint64_t(run.L));
  std::normal_distribution<double> noise(0, 0.1);
  const double w = p.width / std::log(double(run.L));
  for (std::size_t i = 0; i < run.temperatures.size(); ++i) {
    const double mean = 1 / (1 + std::exp((run.temperatures[i] - p.crossing(run.L) - offset) / w));
    for (std::size_t s = 0; s < run.samples; ++s)
      t.p_ordered(Eigen::Index(i), Eigen::Index(s)) = float(std::clamp(mean + noise(rng), 0.0, 1.0));
  }
  return t;
}

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
  const std::vector<px::SizeCurves> curves = exact_curves(planted, temperatures(0.82, 0.97, 151), sizes);
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

BOOST_AUTO_TEST_CASE(the_subleading_fit_recovers_a_planted_subleading_term_the_leading_one_misses) {
  px::PlantedKt model = planted;
  model.D = 3;
  const std::vector<px::SizeCurves> curves = exact_curves(model, temperatures(0.82, 0.97, 151), {8, 16, 32, 64, 128});
  const std::vector<double> grid = px::common_grid(curves, 1501);
  const auto sub = px::weber_minnhagen(curves, grid, px::WmForm::subleading);
  BOOST_REQUIRE(sub.ok());
  BOOST_TEST(std::abs(sub->tkt - model.tkt) < 2e-4);
  BOOST_TEST(std::abs(sub->c - model.C) < 0.05);
  BOOST_TEST(std::abs(sub->d - model.D) < 0.05);
  BOOST_TEST(sub->dof == 3);
  const auto leading = px::weber_minnhagen(curves, grid);
  BOOST_REQUIRE(leading.ok());
  BOOST_TEST(std::abs(leading->tkt - model.tkt) > 1e-3, "the leading form absorbs D: " << leading->tkt);
  // Without D the sub-leading fit finds D = 0 and the leading answer.
  const auto plain = px::weber_minnhagen(exact_curves(planted, temperatures(0.82, 0.97, 151), sizes), grid,
                                         px::WmForm::subleading);
  BOOST_REQUIRE(plain.ok());
  BOOST_TEST(std::abs(plain->tkt - planted.tkt) < 2e-4);
  BOOST_TEST(std::abs(plain->d) < 0.05);
  BOOST_TEST(!px::weber_minnhagen(std::vector<px::SizeCurves>(curves.begin(), curves.begin() + 3), grid,
                                  px::WmForm::subleading)
                  .ok());
}

BOOST_AUTO_TEST_CASE(planted_tkt_is_covered_within_two_sigma_in_twenty_noisy_sets) {
  constexpr int sets = 20;
  const std::vector<double> t = temperatures(0.82, 0.97, 31);
  int covered[key_count] = {}, covered_total[key_count] = {}, determined[key_count] = {};
  double spread[key_count] = {}, quoted[key_count] = {};
  for (int k = 0; k < sets; ++k) {
    const px::XyAnalysis r = px::analyse(planted_set(100 + k, t), {.bootstrap_replicas = 100, .seed = std::uint64_t(k), .kt_flow = false});
    BOOST_REQUIRE(r.kt.has_value());
    for (int e = 0; e < key_count; ++e) {
      const px::KtEstimator& x = estimator(r, keys[e]);
      if (!x.tkt) {
        BOOST_TEST_MESSAGE(keys[e] << ", set " << k << ": " << x.tkt.reason());
        continue;
      }
      ++determined[e];
      const double pull = (x.tkt->value - planted.tkt) / x.tkt->error;
      covered[e] += std::abs(pull) <= 2;
      covered_total[e] += std::abs(x.tkt->value - planted.tkt) <= 2 * x.total_error();
      spread[e] += (x.tkt->value - planted.tkt) * (x.tkt->value - planted.tkt);
      quoted[e] += x.tkt->error * x.tkt->error;
    }
  }
  for (int e = 0; e < key_count; ++e) {
    BOOST_TEST_MESSAGE(keys[e] << ": " << covered[e] << " of " << sets << " within 2 sigma ("
                               << determined[e] << " determined), rms deviation "
                               << std::sqrt(spread[e] / std::max(determined[e], 1)) << ", rms quoted error "
                               << std::sqrt(quoted[e] / std::max(determined[e], 1)) << "; with the systematic "
                               << covered_total[e] << " of " << sets);
    BOOST_TEST(covered_total[e] >= covered[e]);
    BOOST_TEST(determined[e] == sets);
    BOOST_TEST(covered[e] >= 18, keys[e] << ": " << covered[e] << " of " << sets << " within 2 sigma");
  }
}

// A sub-leading term the leading form leaves out biases the headline beyond its
// statistical error; its total error (the form systematic included) must still cover.
BOOST_AUTO_TEST_CASE(planted_subleading_term_is_covered_by_the_headline_total_error) {
  constexpr int sets = 20;
  px::PlantedKt model = planted;
  model.D = 3;
  const std::vector<double> t = temperatures(0.82, 0.97, 31);
  int covered = 0, covered_total = 0;
  double bias = 0;
  for (int k = 0; k < sets; ++k) {
    const px::XyAnalysis r = px::analyse(planted_set(500 + k, t, sizes, model),
                                         {.bootstrap_replicas = 40, .seed = std::uint64_t(k), .kt_flow = false});
    const px::KtEstimator& wm = estimator(r, "weber_minnhagen");
    BOOST_REQUIRE(wm.tkt.ok());
    covered += std::abs(wm.tkt->value - model.tkt) <= 2 * wm.tkt->error;
    covered_total += std::abs(wm.tkt->value - model.tkt) <= 2 * wm.total_error();
    bias += (wm.tkt->value - model.tkt) / sets;
  }
  BOOST_TEST_MESSAGE("planted D = " << model.D << ": headline mean bias " << bias << "; within 2 sigma " << covered
                                    << " of " << sets << " (statistical), " << covered_total << " (total)");
  BOOST_TEST(covered_total >= 18, covered_total << " of " << sets << " within 2 total errors");
}

BOOST_AUTO_TEST_CASE(systematic_error_is_the_shift_without_the_smallest_size) {
  const px::XyAnalysis r = px::analyse(planted_set(41, temperatures(0.82, 0.97, 31)), {.bootstrap_replicas = 40});
  for (const char* key : keys) {
    const px::KtEstimator& e = estimator(r, key);
    BOOST_REQUIRE(e.tkt.ok());
    if (std::string(key) == "weber_minnhagen_subleading") {
      // Without L = 8 three sizes are left: too few for it, so no systematic of its own.
      BOOST_TEST(!e.without_smallest.ok());
      BOOST_TEST(!e.systematic.ok());
      BOOST_TEST(e.total_error() == e.tkt->error);
      continue;
    }
    BOOST_REQUIRE(e.without_smallest.ok());
    BOOST_REQUIRE(e.smallest_size_shift.ok());
    const double noise = std::sqrt(std::max(std::pow(e.without_smallest->error, 2) - std::pow(e.tkt->error, 2), 0.0));
    BOOST_TEST(*e.smallest_size_shift == std::max(std::abs(e.tkt->value - e.without_smallest->value), noise));
    BOOST_REQUIRE(e.systematic.ok());
    BOOST_TEST(*e.systematic >= noise);
    BOOST_TEST(e.total_error() == std::hypot(e.tkt->error, *e.systematic));
    if (std::string(key) != "weber_minnhagen") {
      BOOST_TEST(*e.systematic == *e.smallest_size_shift);
      continue;
    }
    // The headline: also the shift to the fit with the sub-leading term, at least its noise.
    const px::KtEstimator& sub = estimator(r, "weber_minnhagen_subleading");
    BOOST_REQUIRE(e.form_shift.ok());
    const double form_noise = std::sqrt(std::max(std::pow(sub.tkt->error, 2) - std::pow(e.tkt->error, 2), 0.0));
    BOOST_TEST(*e.form_shift == std::max(std::abs(e.tkt->value - sub.tkt->value), form_noise),
               boost::test_tools::tolerance(1e-12));
    // ... and its bias on the integrated flow fitted to the same data (test_xy_flow.cpp;
    // this planted toy flow is not Kosterlitz's, and the fit may not converge on it).
    BOOST_TEST(*e.systematic == std::max({*e.smallest_size_shift, *e.form_shift,
                                          e.flow_bias ? *e.flow_bias : 0.0}));
  }
  // Without L = 8 is the fit of L = 16, 32, 64 alone (bootstrap blocks keyed by L).
  const px::XyAnalysis fewer = px::analyse(planted_set(41, temperatures(0.82, 0.97, 31), {16, 32, 64}),
                                           {.bootstrap_replicas = 40});
  BOOST_TEST(estimator(r, "weber_minnhagen").without_smallest->value == estimator(fewer, "weber_minnhagen").tkt->value);
  // Two sizes leave nothing to drop: no systematic, and the reason.
  const px::XyAnalysis two = px::analyse(planted_set(42, temperatures(0.82, 0.97, 31), {16, 32}), {.bootstrap_replicas = 20});
  BOOST_TEST(!estimator(two, "weber_minnhagen").systematic.ok());
  BOOST_TEST(estimator(two, "weber_minnhagen").systematic.reason().find("at least 3 sizes") != std::string::npos);
  BOOST_TEST(estimator(two, "weber_minnhagen").total_error() == estimator(two, "weber_minnhagen").tkt->error);
}

BOOST_AUTO_TEST_CASE(classifier_crossings_extrapolate_to_the_planted_tkt) {
  const PlantedClassifier planted_classifier;
  const std::vector<double> t = temperatures(0.80, 1.10, 31);
  int covered = 0;
  constexpr int sets = 10;
  for (int k = 0; k < sets; ++k) {
    std::vector<pa::SizeInput> set = planted_set(200 + k, t);
    for (pa::SizeInput& in : set)
      for (std::uint64_t net = 1; net <= 3; ++net)
        in.trainings.push_back(planted_network(in.run, planted_classifier, 0.002 * (double(net) - 2), net, 50 + k));
    const px::XyAnalysis r = px::analyse(set, {.bootstrap_replicas = 100, .seed = std::uint64_t(k), .kt_flow = false});
    BOOST_TEST(r.kt->shared_classifier);
    const px::KtEstimator& c = estimator(r, "classifier");
    BOOST_REQUIRE(c.tkt.ok());
    BOOST_TEST(c.extrapolation->d_free);
    for (std::size_t i = 0; i < sizes.size(); ++i)
      BOOST_TEST(std::abs(c.points[i].temperature->value - planted_classifier.crossing(sizes[i])) <
                 4 * c.points[i].temperature->error + 1e-3);
    covered += std::abs(c.tkt->value - planted.tkt) <= 2 * c.tkt->error;
    BOOST_TEST(c.note.find("each network alone") != std::string::npos);
    const px::KtEstimator& apart = estimator(r, "classifier_separation");
    BOOST_TEST(apart.points.size() == 3u);
    BOOST_TEST(apart.tkt.ok());
    BOOST_TEST(r.failures.empty());
  }
  BOOST_TEST_MESSAGE("classifier: " << covered << " of " << sets << " within 2 sigma");
  BOOST_TEST(covered >= 8);
  // Three sizes: the separation has no counterpart without the smallest (it needs 3).
  std::vector<pa::SizeInput> three = planted_set(310, t, {8, 16, 32});
  for (pa::SizeInput& in : three)
    for (std::uint64_t net = 1; net <= 2; ++net) in.trainings.push_back(planted_network(in.run, planted_classifier, 0, net, 9));
  const px::XyAnalysis r3 = px::analyse(three, {.bootstrap_replicas = 40});
  BOOST_TEST(!estimator(r3, "classifier_separation").systematic.ok());
  BOOST_TEST(estimator(r3, "classifier_separation").systematic.reason().find("not computed with 2 sizes") != std::string::npos);
  BOOST_TEST(estimator(r3, "classifier").systematic.ok());
  // Networks trained per size (other digests at every size): no shared classifier, said.
  std::vector<pa::SizeInput> own = planted_set(300, t);
  for (pa::SizeInput& in : own) in.trainings.push_back(planted_network(in.run, planted_classifier, 0, 10 + std::uint64_t(in.run.L), 7));
  const px::XyAnalysis r = px::analyse(own, {.bootstrap_replicas = 40});
  BOOST_TEST(!r.kt->shared_classifier);
  BOOST_TEST(estimator(r, "classifier").note.find("not classified by one shared set") != std::string::npos);
  for (const px::KtEstimator& e : r.kt->estimators) BOOST_TEST(e.key != "classifier_separation");
}

// A classifier whose output is a function of ln(L/xi) only, xi = exp(b / sqrt(T/T_KT - 1))
// above T_KT (infinite below): P = 1 / (1 + exp(ln L + d - b / sqrt(t))). Its crossing of
// p lies at T_KT (1 + b^2 / (ln L + d + logit p)^2): the KT form with d_p = d + logit(p).
struct KtScalingClassifier {
  double b = 1.1, d = 0.5;
  double p(double T, double L) const {
    const double t = T / planted.tkt - 1;
    return t <= 0 ? 1.0 : 1 / (1 + std::exp(std::log(L) + d - b / std::sqrt(t)));
  }
  double crossing(double L, double level) const {
    return planted.tkt * (1 + b * b / std::pow(std::log(L) + d + std::log(level / (1 - level)), 2));
  }
};

pa::TrainingInput kt_scaling_network(const pa::RunInput& run, const KtScalingClassifier& k, std::uint64_t seed) {
  pa::TrainingInput t;
  t.path = "network_L" + std::to_string(run.L);
  t.run_id = run.run_id;
  t.label_scheme = "window";
  t.model_digest = 1;
  t.coarse_grain = 4;
  t.p_ordered.resize(Eigen::Index(run.temperatures.size()), Eigen::Index(run.samples));
  std::mt19937_64 rng(seed * 1000 + std::uint64_t(run.L));
  std::normal_distribution<double> noise(0, 0.1);
  for (std::size_t i = 0; i < run.temperatures.size(); ++i)
    for (std::size_t s = 0; s < run.samples; ++s)
      t.p_ordered(Eigen::Index(i), Eigen::Index(s)) =
          float(std::clamp(k.p(run.temperatures[i], run.L) + noise(rng), 0.0, 1.0));
  return t;
}

// Two sizes (L = 32, 64, as --min-size 32 on the XY set), d = 0: the straight line in
// 1/(ln L)^2 ends above T_KT by a known amount when d > 0. The crossings of P = 0.3, 0.7
// must find the planted levels, and their shift must cover that bias, set after set.
BOOST_AUTO_TEST_CASE(crossing_levels_give_the_d_systematic_the_two_size_extrapolation_misses) {
  const KtScalingClassifier k;
  const std::vector<double> t = temperatures(0.78, 1.02, 28);  // the XY set's grid
  const auto x = [](double L) { return 1 / std::pow(std::log(L), 2); };
  const double chord = k.crossing(64, 0.5) - (k.crossing(32, 0.5) - k.crossing(64, 0.5)) * x(64) / (x(32) - x(64));
  const double bias = chord - planted.tkt;
  BOOST_TEST_MESSAGE("planted d = 0.5: the d = 0 line through L = 32, 64 ends at " << chord << ", bias " << bias);
  BOOST_TEST(bias > 0.005);  // the case the systematic is for: larger than the statistical error
  int covered = 0, covered_by_statistical = 0;
  constexpr int sets = 8;
  for (int s = 0; s < sets; ++s) {
    std::vector<pa::SizeInput> set = planted_set(700 + s, t, {32, 64});
    for (pa::SizeInput& in : set) in.trainings.push_back(kt_scaling_network(in.run, k, 80 + s));
    const px::XyAnalysis r = px::analyse(set, {.bootstrap_replicas = 60, .seed = std::uint64_t(s), .kt_flow = false});
    const px::KtEstimator& c = estimator(r, "classifier");
    BOOST_REQUIRE(c.tkt.ok());
    BOOST_TEST(!c.extrapolation->d_free);
    BOOST_TEST_MESSAGE("T_KT " << c.tkt->value << " +- " << c.tkt->error << " +- " << (c.form_shift ? *c.form_shift : -1));
    BOOST_TEST(std::abs(c.tkt->value - chord) < 0.004);  // the logistic fit of an asymmetric curve
    for (const px::XySize& size : r.sizes)
      for (std::size_t l = 0; l < std::size(px::systematic_levels); ++l) {
        BOOST_REQUIRE_MESSAGE(size.classifier->level_crossings[l].ok(), size.classifier->level_crossings[l].reason());
        BOOST_TEST(std::abs(*size.classifier->level_crossings[l] -
                            k.crossing(size.L, px::systematic_levels[l])) < 0.004);
      }
    BOOST_REQUIRE(c.form_shift.ok());
    BOOST_REQUIRE(c.systematic.ok());
    BOOST_TEST(*c.systematic == *c.form_shift);  // two sizes: nothing to drop
    covered += std::abs(c.tkt->value - planted.tkt) <= c.total_error();
    covered_by_statistical += std::abs(c.tkt->value - planted.tkt) <= c.tkt->error;
  }
  BOOST_TEST_MESSAGE("d systematic: total error covers the planted T_KT in " << covered << " of " << sets
                     << ", the statistical error alone in " << covered_by_statistical);
  BOOST_TEST(covered >= sets - 1);
  BOOST_TEST(covered_by_statistical <= sets / 2);  // without it the bias is not covered
}

BOOST_AUTO_TEST_CASE(separation_is_where_the_smaller_curve_rises_above_the_larger) {
  const std::vector<double> t = temperatures(0.8, 1.0, 21);
  pa::Curve small{t, {}, std::vector<double>(t.size(), 0.01)}, large = small;
  for (const double T : t) {
    small.y.push_back(T < 0.9 ? 1 : 1 - (T - 0.9));
    large.y.push_back(T < 0.9 ? 1 : 1 - 2 * (T - 0.9));
  }
  // Apart by T - 0.9: 0.05 at T = 0.95.
  const auto s = px::separation(small, large, 0.05);
  BOOST_REQUIRE(s.ok());
  BOOST_TEST(std::abs(*s - 0.95) < 1e-9);
  BOOST_TEST(!px::separation(small, large, 0.5).ok());
  BOOST_TEST(px::separation(small, large, 0.5).reason().find("never separate") != std::string::npos);
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
  // ... and the sub-leading fit needs 4: not computed, the headline's form systematic says why.
  BOOST_CHECK_THROW(estimator(three, "weber_minnhagen_subleading"), std::runtime_error);
  BOOST_TEST(estimator(three, "weber_minnhagen").form_shift.reason().find("at least 4 sizes") != std::string::npos);
  BOOST_TEST(estimator(three, "weber_minnhagen").systematic.ok());
}
