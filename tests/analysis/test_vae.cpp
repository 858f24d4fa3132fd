#define BOOST_TEST_MODULE analysis_vae
// The VAE analysis on synthetic inputs with planted answers: the peak estimator on exact
// curves, the latent-susceptibility peak T*(L) and the extrapolated T_KT recovered within
// their bootstrap errors, the reconstruction energy deviation and its target, the
// principal share of an aligned and an isotropic latent, and the refusals.
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <numbers>
#include <random>
#include <string>

#include "analysis/vae/latent_peak.hpp"
#include "analysis/vae/pipeline.hpp"
#include "analysis/vae/read_vae_training.hpp"
#include "analysis/xy2d/synthetic.hpp"
#include "core/errors.hpp"

namespace pa = phaselearn::analysis;
namespace pv = phaselearn::analysis::vae;

namespace {

constexpr double planted_tkt = 0.8929, planted_c = 0.6, width = 0.05;

double planted_peak(int L) { return planted_tkt + planted_c / std::pow(std::log(double(L)), 2); }

std::vector<double> temperatures(double low, double high, int count) {
  std::vector<double> t;
  for (int i = 0; i < count; ++i) t.push_back(low + (high - low) * i / (count - 1));
  return t;
}

// A VAE file of `run`: |mu| with variance 0.02 + 0.08 exp(-(T - T*)^2 / (2 w^2)) around a
// smooth mean, mu along a fixed direction (aligned) or at a random angle; reconstruction
// energy (1 + bias) times the MC energy of each sample plus a little noise.
pa::VaeTrainingInput planted_vae(const pa::RunInput& run, double peak, double energy_weight, double bias,
                                 bool aligned, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> angle(0, 2 * std::numbers::pi);
  const std::size_t T = run.temperatures.size(), S = run.samples, d = 2;
  pa::VaeTrainingInput v;
  v.path = "planted_L" + std::to_string(run.L) + "_w" + std::to_string(energy_weight) + ".train.h5";
  v.run_id = run.run_id;
  v.settings = {energy_weight, 1.0, int(d)};
  v.temperatures = T, v.samples = S, v.latent = d;
  v.generated = 64;
  for (std::size_t t = 0; t < T; ++t) {
    const double x = run.temperatures[t] - peak;
    const double sd = std::sqrt(0.02 + 0.08 * std::exp(-x * x / (2 * width * width)));
    const double length = 1.0 + 1.5 / (1 + std::exp(x / 0.03));
    for (std::size_t s = 0; s < S; ++s) {
      const double r = std::abs(length + sd * normal(rng)), phi = aligned ? 0.3 : angle(rng);
      v.latent_mean.push_back(float(r * std::cos(phi)));
      v.latent_mean.push_back(float(r * std::sin(phi)));
      const double e = run.energy[t * S + s];
      v.reconstruction_energy.push_back(e * (1 + bias) + 1e-4 * normal(rng));
    }
    for (std::size_t g = 0; g < v.generated; ++g) v.generated_energy.push_back(run.energy[t * S] * (1 + bias));
  }
  v.history = {{"train_loss", {3, 2, 1}}};
  return v;
}

std::vector<pa::SizeInput> planted_set(const std::vector<int>& sizes, const std::vector<double>& t,
                                       std::uint64_t seed, double bias = 0.002) {
  std::vector<pa::SizeInput> set;
  for (const int L : sizes) {
    pa::SizeInput in{phaselearn::analysis::xy2d::planted_xy_run({}, L, t, 2000, seed + L), {}};
    in.vaes.push_back(planted_vae(in.run, planted_peak(L), 1.0, bias, false, seed * 7 + L));
    set.push_back(std::move(in));
  }
  return set;
}

pa::AnalysisOptions options(bool scaling = true) {
  pa::AnalysisOptions o;
  o.scaling = scaling;
  o.bootstrap_replicas = 200;
  return o;
}

}  // namespace

BOOST_AUTO_TEST_CASE(peak_of_an_exact_parabola_and_where_there_is_none) {
  pa::Curve c;
  for (const double T : temperatures(0.8, 1.0, 21)) {
    c.x.push_back(T);
    c.y.push_back(1 - 40 * (T - 0.9137) * (T - 0.9137));
    c.error.push_back(0.01);
  }
  const auto p = pv::peak_of(c);
  BOOST_REQUIRE(p);
  BOOST_TEST(p->temperature == 0.9137, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(p->height == 1.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(p->last - p->first == 4u);

  pa::Curve rising = c;
  for (std::size_t i = 0; i < rising.size(); ++i) rising.y[i] = rising.x[i];
  const auto none = pv::peak_of(rising);
  BOOST_REQUIRE(!none);
  BOOST_TEST(none.reason().find("highest sampled temperature") != std::string::npos);
  BOOST_TEST(none.reason().find("no peak inside the range") != std::string::npos);

  pa::Curve flat = c;  // a maximum of the noise in the middle of a flat curve
  for (std::size_t i = 0; i < flat.size(); ++i) flat.y[i] = 1 + (i == 10 ? 0.02 : i % 2 ? 0.005 : -0.005);
  const auto noise = pv::peak_of(flat);
  BOOST_REQUIRE(!noise);
  BOOST_TEST(noise.reason().find("no peak resolved inside the range") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(planted_latent_peak_and_tkt_recovered_within_errors) {
  const std::vector<int> sizes{8, 16, 32};
  const pv::VaeAnalysis r = pv::analyse(planted_set(sizes, temperatures(0.82, 1.10, 29), 11), options());
  BOOST_TEST(r.failures.empty());
  BOOST_REQUIRE(r.files.size() == 3u);
  for (const pv::VaeFile& f : r.files) {
    BOOST_REQUIRE(f.peak_temperature);
    const double planted = planted_peak(f.L), err = f.peak_temperature->error;
    BOOST_TEST_MESSAGE("L = " << f.L << ": T* = " << f.peak_temperature->value << " +- " << err << ", planted " << planted);
    BOOST_TEST(err > 0.0);
    BOOST_TEST(err < 0.02);  // the estimator has to see the peak, not merely bracket it
    BOOST_TEST(std::abs(f.peak_temperature->value - planted) < 3 * err);
  }
  BOOST_REQUIRE(r.variants.size() == 1u);
  const pv::VaeVariant& v = r.variants.front();
  BOOST_REQUIRE(v.tkt);
  BOOST_TEST_MESSAGE("T_KT = " << v.tkt->value << " +- " << v.tkt->error);
  BOOST_TEST(std::abs(v.tkt->value - planted_tkt) < 3 * v.tkt->error);
  BOOST_TEST(v.tkt->error < 0.05);
  BOOST_REQUIRE(v.extrapolation);
  BOOST_TEST(std::abs(v.extrapolation->c - planted_c) < 0.3);
}

BOOST_AUTO_TEST_CASE(reconstruction_energy_deviation_and_its_target) {
  const auto t = temperatures(0.82, 1.10, 15);
  for (const double bias : {0.005, -0.03}) {
    const pv::VaeAnalysis r = pv::analyse(planted_set({16}, t, 3, bias), options(false));
    const pv::VaeFile& f = r.files.front();
    for (const pv::VaeTemperature& x : f.temperatures) {
      BOOST_REQUIRE(x.reconstruction_energy.relative);
      // (1 + bias) e relative to |e|, e < 0: the deviation is -bias, measured far more
      // precisely than the energy itself because the difference is paired sample by
      // sample (what remains is bias times the spread of e, and the added noise).
      const pa::Estimate& d = *x.reconstruction_energy.relative;
      BOOST_TEST(std::abs(d.value + bias) < 4 * d.error + 1e-5);
      BOOST_TEST(d.error < 0.02 * std::abs(bias) + 1e-4);
      BOOST_TEST(d.error < 0.1 * x.reconstruction_energy.mc.error / std::abs(x.reconstruction_energy.mc.value) + 1e-5);
      BOOST_REQUIRE(x.generated_energy);
    }
    BOOST_TEST(f.energy_within_target == (std::abs(bias) <= pv::energy_target));
    BOOST_TEST(f.worst_energy_deviation == std::abs(bias), boost::test_tools::tolerance(0.02));
  }
}

BOOST_AUTO_TEST_CASE(principal_share_of_aligned_and_isotropic_latents) {
  const auto t = temperatures(0.82, 1.10, 9);
  pa::SizeInput in{phaselearn::analysis::xy2d::planted_xy_run({}, 16, t, 1000, 5), {}};
  in.vaes.push_back(planted_vae(in.run, 0.95, 1.0, 0, true, 1));
  const pv::VaeAnalysis aligned = pv::analyse({in}, options(false));
  in.vaes.front() = planted_vae(in.run, 0.95, 1.0, 0, false, 1);
  const pv::VaeAnalysis isotropic = pv::analyse({in}, options(false));
  for (std::size_t i = 0; i < t.size(); ++i) {
    BOOST_TEST(aligned.files[0].temperatures[i].principal_share.value > 0.999);
    const pa::Estimate& s = isotropic.files[0].temperatures[i].principal_share;
    BOOST_TEST(s.value > 0.5);
    BOOST_TEST(s.value < 0.5 + std::max(0.1, 5 * s.error));
  }
}

BOOST_AUTO_TEST_CASE(no_peak_inside_the_range_is_a_failure_with_its_reason) {
  // The planted peaks lie above T = 0.92 for L = 8 and 16: chi_z rises to the last point.
  const pv::VaeAnalysis r = pv::analyse(planted_set({8, 16}, temperatures(0.80, 0.90, 11), 2), options());
  BOOST_REQUIRE(!r.files.front().peak_temperature);
  BOOST_REQUIRE(!r.failures.empty());
  BOOST_TEST(r.failures.front().find("no peak inside the range") != std::string::npos);
  BOOST_TEST(!r.variants.front().tkt);
}

BOOST_AUTO_TEST_CASE(refusals) {
  const auto t = temperatures(0.82, 1.10, 9);
  std::vector<pa::SizeInput> set = planted_set({8}, t, 1);
  pa::SizeInput& in = set.front();
  in.vaes.push_back(in.vaes.front());
  in.vaes.back().path = "twin.train.h5";
  BOOST_CHECK_EXCEPTION(pv::analyse(set, options(false)), phaselearn::InputError, [](const auto& e) {
    return std::string(e.what()).find("same run and settings") != std::string::npos;
  });
  in.vaes.pop_back();
  in.trainings.push_back({});
  in.trainings.back().path = "classifier.train.h5";
  BOOST_CHECK_EXCEPTION(pv::analyse(set, options(false)), phaselearn::InputError, [](const auto& e) {
    return std::string(e.what()).find("is a classifier training file") != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(settings_from_the_stored_job) {
  const pa::VaeSettings s = pa::vae_settings_of(
      "[model]\nname = xy2d\nlatent = 9\n\n[train]\nobjective = vae\nenergy_weight = 0.25 # comment\n"
      "kl_weight = 1e-2\nlatent = 4\n", "f.h5");
  BOOST_TEST(s.energy_weight == 0.25);
  BOOST_TEST(s.kl_weight == 0.01);
  BOOST_TEST(s.latent == 4);
  BOOST_CHECK_EXCEPTION(pa::vae_settings_of("[train]\nkl_weight = 1\nlatent = 2\n", "f.h5"), phaselearn::FormatError,
                        [](const auto& e) { return std::string(e.what()).find("train.energy_weight") != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(bootstrap_errors_of_the_peak_cover_the_planted_one) {
  // 20 independent sets: the planted T*(L) within 2 errors in about 95 % of them.
  const auto t = temperatures(0.82, 1.10, 29);
  int covered = 0;
  const int sets = 20;
  for (int k = 0; k < sets; ++k) {
    const pv::VaeAnalysis r = pv::analyse(planted_set({16}, t, 100 + k), options(false));
    const auto& p = r.files.front().peak_temperature;
    BOOST_REQUIRE(p);
    covered += std::abs(p->value - planted_peak(16)) < 2 * p->error;
  }
  BOOST_TEST_MESSAGE("planted T*(16) within 2 errors in " << covered << " of " << sets << " sets");
  BOOST_TEST(covered >= 16);
}
