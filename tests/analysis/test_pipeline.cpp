#define BOOST_TEST_MODULE analysis_pipeline
// The whole analysis on synthetic inputs with planted answers: classifier crossings that
// shift as Tc + a/L, and magnetizations whose Binder cumulants all cross exactly at Tc.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <iterator>
#include <cmath>
#include <filesystem>
#include <random>
#include <unistd.h>

#include "analysis/ising2d/pipeline.hpp"
#include "analysis/ising2d/report.hpp"
#include "analysis/synthetic.hpp"
#include "core/errors.hpp"
#include "core/random.hpp"

namespace pa = phaselearn::analysis;
namespace pi = phaselearn::analysis::ising2d;  // the 2D Ising plug-in
namespace fs = std::filesystem;

namespace {

const pa::PlantedClassifier planted{};  // Tc = 2.26919, nu = 1, a = 0.5

pa::SizeInput synthetic_size(int L, std::size_t samples, std::uint64_t seed,
                             const pa::PlantedClassifier& classifier = planted) {
  pa::SizeInput in;
  pa::RunInput& run = in.run;
  run.path = "L" + std::to_string(L) + ".h5";
  run.run_id = "run" + std::to_string(L);
  run.model = "planted";
  run.L = L;
  for (int i = 0; i < 31; ++i) run.temperatures.push_back(2.0 + 0.02 * i);
  run.samples = samples;
  phaselearn::Xoshiro256pp rng(seed, static_cast<std::uint64_t>(L), phaselearn::Purpose::synthetic);
  std::uniform_real_distribution<double> uniform;
  for (std::size_t t = 0; t < run.temperatures.size(); ++t) {
    // |m| = a + noise with a/sigma a function of (T - Tc) L only: U4 crosses at Tc.
    const double a = 0.6 / (1 + std::exp((run.temperatures[t] - planted.tc) * L / 2));
    const auto noise = pa::ar1_series(0.5, 0.1 * std::sqrt(1 - 0.25), samples, seed,
                                      1000 * static_cast<std::uint64_t>(L) + t);
    const auto energy_noise = pa::ar1_series(0.5, 0.02, samples, seed + 1,
                                             1000 * static_cast<std::uint64_t>(L) + t);
    double sign = 1;
    for (std::size_t s = 0; s < samples; ++s) {
      if (uniform(rng) < 0.05) sign = -sign;
      run.magnetization.push_back(sign * a + noise[s]);
      run.energy.push_back(-1.4 + energy_noise[s]);
    }
  }
  run.exchange_acceptance.assign(run.temperatures.size() - 1, 0.5);
  run.exchange_acceptance[3] = 0.01;  // one pair too far apart: a warning
  run.round_trips.assign(run.temperatures.size(), 2);
  pa::TrainingInput training;
  training.path = "L" + std::to_string(L) + ".train.h5";
  training.run_id = run.run_id;
  training.label_scheme = "window";
  training.train_loss = {0.6, 0.3, 0.2};
  training.val_loss = {0.5, 0.3, 0.25};
  training.train_accuracy = {0.7, 0.9, 0.95};
  training.val_accuracy = {0.75, 0.9, 0.93};
  training.p_ordered = pa::planted_classifier_samples(classifier, L, run.temperatures, samples,
                                                       seed + 2, static_cast<std::uint64_t>(L));
  in.trainings.push_back(std::move(training));
  return in;
}

std::vector<pa::SizeInput> synthetic_set(std::uint64_t seed) {
  std::vector<pa::SizeInput> set;
  for (const int L : {16, 24, 32, 48, 64}) set.push_back(synthetic_size(L, 1000, seed));
  return set;
}

}  // namespace

BOOST_AUTO_TEST_CASE(planted_tc_and_nu_are_recovered) {
  const pi::AnalysisResult r = pi::analyse(synthetic_set(5), {.bootstrap_replicas = 200});
  BOOST_TEST(r.failures.empty());
  BOOST_REQUIRE(r.scaling.has_value());
  const pi::ScalingResult& s = *r.scaling;
  BOOST_REQUIRE(s.fixed_nu && s.fixed_nu->ok());
  BOOST_REQUIRE(s.free_nu && s.free_nu->ok());
  const pa::ShiftFit& fixed = s.fixed_nu->value();
  const pa::ShiftFit& free = s.free_nu->value();
  BOOST_TEST_MESSAGE("fixed: Tc " << fixed.tc << " +- " << fixed.tc_error << "; free: Tc "
                                  << free.tc << " +- " << free.tc_error << ", nu " << free.nu
                                  << " +- " << free.nu_error);
  BOOST_TEST(std::abs(fixed.tc - planted.tc) < 3 * fixed.tc_error);
  BOOST_TEST(fixed.tc_error < 0.005);
  BOOST_TEST(std::abs(free.tc - planted.tc) < 3 * free.tc_error);
  BOOST_TEST(std::abs(free.nu - 1) < 3 * free.nu_error);

  BOOST_REQUIRE(s.binder && s.binder->ok());
  const pi::BinderEstimate& b = s.binder->value();
  BOOST_TEST_MESSAGE("Binder: Tc " << b.tc << " +- " << b.tc_error);
  for (const auto& c : s.binder_crossings)
    BOOST_TEST_MESSAGE("  " << (c.ok() ? std::to_string(c->temperature) + " +- " + std::to_string(c->error) : c.reason()));
  BOOST_TEST(std::abs(b.tc - planted.tc) < 3 * b.tc_error);
  BOOST_TEST(b.size_large == 64.0);
  BOOST_TEST(s.binder_crossings.size() == 4u);

  BOOST_REQUIRE(s.collapse_fit && s.collapse_fit->ok());
  BOOST_REQUIRE(s.collapse_at_fit.has_value());
  BOOST_TEST(s.collapse_at_fit->quality < 3);  // logistic in (T - Tc(L))/w(L): near 1

  // The deliberately poor exchange pair is reported for every size.
  for (const pi::SizeResult& size : r.sizes) {
    bool warned = false;
    for (const auto& w : size.warnings) warned = warned || w.find("exchange acceptance") != std::string::npos;
    BOOST_TEST(warned);
  }
}

BOOST_AUTO_TEST_CASE(report_writes_every_file) {
  const pi::AnalysisResult r = pi::analyse(synthetic_set(6), {.bootstrap_replicas = 50});
  const fs::path dir = fs::temp_directory_path() / ("phaselearn_pipeline_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  pi::write_report(r, {"a.h5"}, dir, false);
  for (const char* name : {"summary.json", "observables_L16.csv", "observables_L64.csv",
                           "classifier.gp", "fss.gp", "collapse.gp", "energy.gp", "binder.gp",
                           "exchange.gp", "training_loss.gp", "tau_int.dat", "fss.csv"})
    BOOST_TEST(fs::exists(dir / name), name);
  // Both fits are drawn in fss (the nu-free one as a power of x = L^(-1/nu)), and the
  // classifier's fits only over their fitted windows.
  BOOST_REQUIRE(r.scaling && r.scaling->free_nu && r.scaling->free_nu->ok());
  std::ifstream fss(dir / "fss.gp");
  const std::string script((std::istreambuf_iterator<char>(fss)), std::istreambuf_iterator<char>());
  BOOST_TEST(script.find("{/Symbol n} free") != std::string::npos);
  BOOST_TEST(script.find("*x**(") != std::string::npos);
  std::ifstream classifier(dir / "classifier.gp");
  const std::string fits((std::istreambuf_iterator<char>(classifier)), std::istreambuf_iterator<char>());
  BOOST_TEST(fits.find("x >= ") != std::string::npos);
  BOOST_TEST(fits.find("where fitted") != std::string::npos);
  const std::string json = pi::summary_json(r, {"a.h5"}).dump();
  BOOST_TEST(json.find("\"nu_free\"") != std::string::npos);
  BOOST_TEST(json.find("\"binder_tc\"") != std::string::npos);
  BOOST_TEST(pi::summary_text(r).find("nu fixed: Tc = ") != std::string::npos);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_curve_that_never_crosses_is_a_failure_not_a_number) {
  auto set = synthetic_set(7);
  pa::PlantedClassifier high = planted;
  high.tc = 3.5;  // far above the measured range: P stays above 1/2
  high.amplitude = 0;
  set[1] = synthetic_size(24, 1000, 7, high);
  const pi::AnalysisResult r = pi::analyse(set, {.bootstrap_replicas = 50});
  BOOST_REQUIRE(!r.failures.empty());
  BOOST_TEST(r.failures.front().find("L = 24") != std::string::npos);
  BOOST_TEST(r.failures.front().find("never crosses 1/2") != std::string::npos);
  BOOST_TEST(!r.sizes[1].crossing->ok());
  // The other four sizes still give a fit.
  BOOST_TEST(r.scaling->fixed_nu->ok());
}

BOOST_AUTO_TEST_CASE(an_ensemble_adds_the_spread_between_networks) {
  // Three "networks" of one run whose crossings differ by +-0.01 (planted), far more than
  // the sampling error: the crossing error must include that spread.
  auto set = synthetic_set(9);
  pa::SizeInput& size = set[2];  // L = 32
  for (const double shift : {-0.01, 0.01}) {
    pa::PlantedClassifier other = planted;
    other.tc += shift;
    pa::TrainingInput t = size.trainings.front();
    t.path += std::to_string(shift);
    t.p_ordered = pa::planted_classifier_samples(other, 32, size.run.temperatures, 1000, 11,
                                                 shift > 0 ? 1 : 2);
    size.trainings.push_back(std::move(t));
  }
  const pi::AnalysisResult r = pi::analyse(set, {.bootstrap_replicas = 100});
  const pi::SizeResult& s = r.sizes[2];
  BOOST_REQUIRE(s.crossing && s.crossing->ok());
  BOOST_TEST(s.network_crossings.size() == 3u);
  BOOST_TEST(s.network_spread > 0.006);
  BOOST_TEST(s.network_spread < 0.015);
  BOOST_TEST(s.crossing->value().error >= s.network_spread / std::sqrt(3.0));
  BOOST_TEST(s.crossing->value().error > 3 * s.crossing_sampling_error);
  BOOST_TEST(std::abs(s.crossing->value().temperature - planted.crossing(32)) < 0.01);
  BOOST_TEST(r.sizes[1].network_crossings.empty());  // a single network: no spread term
}

namespace {

// Three "networks" shared by every size (digests 11, 12, 13) on block spins: each is a
// scaling function of (T - Tc) L, with its own amplitude, so its crossing sits at its own
// fixed scaling variable. `tc_of_third` moves the third network's Tc.
std::vector<pa::SizeInput> shared_set(std::uint64_t seed, double tc_of_third, bool shared = true) {
  auto set = synthetic_set(seed);
  for (pa::SizeInput& size : set) {
    pa::TrainingInput base = size.trainings.front();
    size.trainings.clear();
    const double amplitudes[] = {0.5, 0.8, 0.3};
    for (int k = 0; k < 3; ++k) {
      pa::PlantedClassifier net = planted;
      net.amplitude = amplitudes[k];
      if (k == 2) net.tc = tc_of_third;
      pa::TrainingInput t = base;
      t.path += "_net" + std::to_string(k);
      // Not shared: the L = 24 networks are other models than those of the other sizes.
      t.model_digest = 11 + std::uint64_t(k) + (!shared && size.run.L == 24 ? 100 : 0);
      t.coarse_grain = 4;
      t.p_ordered = pa::planted_classifier_samples(net, size.run.L, size.run.temperatures, 1000,
                                                   seed + 20 + std::uint64_t(k),
                                                   std::uint64_t(size.run.L));
      size.trainings.push_back(std::move(t));
    }
  }
  return set;
}

}  // namespace

BOOST_AUTO_TEST_CASE(one_classifier_for_every_size_crosses_at_the_planted_tc) {
  const pi::AnalysisResult r = pi::analyse(shared_set(21, planted.tc), {.bootstrap_replicas = 100});
  BOOST_TEST(r.failures.empty());
  const pi::ScalingResult& s = *r.scaling;
  BOOST_TEST(s.shared_classifier);
  BOOST_TEST(s.coarse_grain == 4);
  BOOST_TEST(s.scale_invariant());
  BOOST_TEST(s.classifier_crossings.size() == 4u);
  BOOST_REQUIRE(s.classifier_crossing && s.classifier_crossing->ok());
  const pi::BinderEstimate& c = s.classifier_crossing->value();
  BOOST_TEST_MESSAGE("curve crossing " << c.tc << " +- " << c.tc_error);
  BOOST_TEST(c.size_large == 64.0);
  BOOST_TEST(c.tc_error > 0);
  BOOST_TEST(std::abs(c.tc - planted.tc) < 3 * c.tc_error);
  for (const auto& x : s.classifier_crossings)
    if (x.ok())
      BOOST_TEST_MESSAGE("  L = " << x->size_small << "/" << x->size_large << ": "
                                  << x->temperature << " +- " << x->error);
  // Each network alone extrapolates to the planted Tc; the amplitudes differ, Tc does not.
  BOOST_REQUIRE(s.network_tc.size() == 3u);
  BOOST_REQUIRE(s.fixed_nu && s.fixed_nu->ok());
  for (const double tc : s.network_tc) BOOST_TEST(std::abs(tc - planted.tc) < 3 * s.fixed_nu->value().tc_error);
  BOOST_TEST(s.network_tc_spread < s.fixed_nu->value().tc_error);
  BOOST_TEST(std::abs(s.fixed_nu->value().tc - planted.tc) < 3 * s.fixed_nu->value().tc_error);
}

BOOST_AUTO_TEST_CASE(curve_crossing_errors_cover_the_planted_tc) {
  // Over 20 independent synthetic sets, the crossings of every pair of successive sizes:
  // (T - Tc)/error within 2 for about 95 %, and almost every pair crosses.
  std::size_t within = 0, total = 0, failed = 0;
  for (std::uint64_t seed = 30; seed < 50; ++seed) {
    const pi::AnalysisResult r = pi::analyse(shared_set(seed, planted.tc), {.bootstrap_replicas = 20});
    for (const auto& x : r.scaling->classifier_crossings) {
      if (!x.ok()) {
        ++failed;
        continue;
      }
      ++total;
      if (std::abs(x->temperature - planted.tc) < 2 * x->error) ++within;
    }
  }
  BOOST_TEST_MESSAGE("curve crossings within 2 errors: " << within << " of " << total << ", "
                                                         << failed << " pairs without a crossing");
  BOOST_TEST(failed <= 4u);
  BOOST_TEST(double(within) / double(total) > 0.85);
  BOOST_TEST(double(within) / double(total) < 0.995);  // errors not far too large either
}

BOOST_AUTO_TEST_CASE(a_network_with_another_tc_shows_in_the_spread_of_network_tc) {
  // The third network crosses as if Tc were 0.02 higher: its own fit finds that, and the
  // spread over networks exposes it (this is what the check must be able to catch).
  const pi::AnalysisResult r = pi::analyse(shared_set(22, planted.tc + 0.02), {.bootstrap_replicas = 50});
  const pi::ScalingResult& s = *r.scaling;
  BOOST_REQUIRE(s.network_tc.size() == 3u);
  BOOST_TEST(std::abs(s.network_tc[2] - (planted.tc + 0.02)) < 0.004);
  BOOST_TEST(s.network_tc_spread > 0.008);
}

BOOST_AUTO_TEST_CASE(networks_that_differ_between_sizes_are_no_shared_classifier) {
  const pi::AnalysisResult r = pi::analyse(shared_set(23, planted.tc, false), {.bootstrap_replicas = 50});
  const pi::ScalingResult& s = *r.scaling;
  BOOST_TEST(!s.shared_classifier);
  BOOST_TEST(!s.scale_invariant());
  BOOST_TEST(s.classifier_crossings.empty());
  BOOST_TEST(!s.classifier_crossing.has_value());
  BOOST_TEST(s.network_tc.empty());
  // Unknown models (digest 0, e.g. the plain synthetic set) are never taken as shared.
  BOOST_TEST(!pi::analyse(synthetic_set(24), {.bootstrap_replicas = 20}).scaling->shared_classifier);
}

BOOST_AUTO_TEST_CASE(one_size_with_scaling_is_refused) {
  std::vector<pa::SizeInput> one;
  one.push_back(synthetic_size(16, 400, 8));
  BOOST_CHECK_EXCEPTION(pi::analyse(one, {}), phaselearn::InputError, [](const auto& e) {
    return std::string(e.what()).find("at least 2 lattice sizes") != std::string::npos;
  });
  const pi::AnalysisResult r = pi::analyse(one, {.scaling = false, .bootstrap_replicas = 50});
  BOOST_TEST(!r.scaling.has_value());
  BOOST_TEST(r.sizes.size() == 1u);
}
