#define BOOST_TEST_MODULE params
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <fstream>

#include "core/errors.hpp"
#include "core/job.hpp"

using namespace phaselearn;

namespace {
std::string error_of(const std::string& ini, const std::vector<std::string>& overrides) {
  const std::string path = "test_params_job.ini";
  std::ofstream(path) << ini;
  ParamSet params(job_parameters());
  try {
    params.load(path, overrides);
    make_job(params);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

BOOST_AUTO_TEST_CASE(command_line_wins_over_job_file) {
  std::ofstream("test_params_job.ini") << "[model]\nL = 16\n[sampler]\nsamples = 50\n";
  ParamSet params(job_parameters());
  params.load("test_params_job.ini", {"--model.L=24"});
  const Job job = make_job(params);
  BOOST_TEST(job.model.L == 24);
  BOOST_TEST(job.sampler.samples == 50);
  // The resolved text reproduces the job exactly.
  ParamSet again(job_parameters());
  again.load_text(job.ini);
  BOOST_TEST(make_job(again).ini == job.ini);
}

BOOST_AUTO_TEST_CASE(a_key_given_twice_on_the_command_line_is_refused) {
  // As twice in the job file: which value a run used must never be a guess.
  const std::string e = error_of("", {"--model.L=24", "--sampler.samples=7", "--model.L=40"});
  BOOST_TEST(e.find("model.L is given twice") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_trailing_comma_is_refused_like_an_empty_item) {
  BOOST_TEST(error_of("", {"--train.hidden=16,"}).find("train.hidden") != std::string::npos);
  BOOST_TEST(error_of("", {"--train.hidden=16,,8"}).find("train.hidden") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_temperature_list_needs_spacing_list) {
  const std::string e = error_of("", {"--temperatures.list=2,2.5"});
  BOOST_TEST(e.find("temperatures.list") != std::string::npos);
  BOOST_TEST(e.find("spacing = list") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_values_name_the_key_the_value_and_what_is_allowed) {
  std::string e = error_of("[model]\nL = 3000000\n", {});
  BOOST_TEST(e.find("model.L") != std::string::npos);
  BOOST_TEST(e.find("3000000") != std::string::npos);
  BOOST_TEST(e.find("an integer in [4, 4096]") != std::string::npos);
  e = error_of("", {"--model.L=15"});
  BOOST_TEST(e.find("even") != std::string::npos);
  e = error_of("", {"--sampler.samples=many"});
  BOOST_TEST(e.find("sampler.samples") != std::string::npos);
  e = error_of("[sampler]\nwarp_speed = 9\n", {});
  BOOST_TEST(e.find("warp_speed") != std::string::npos);
  e = error_of("", {"--no.such_key=1"});
  BOOST_TEST(e.find("no.such_key") != std::string::npos);
  e = error_of("", {"--temperatures.spacing=list", "--temperatures.list=2.5,2.0"});
  BOOST_TEST(e.find("ascending") != std::string::npos);
  e = error_of("", {"--model.name=potts"});
  BOOST_TEST(e.find("one of ising2d") != std::string::npos);
  e = error_of("", {"--temperatures.min=3", "--temperatures.max=2"});
  BOOST_TEST(e.find("temperatures.max") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(temperature_sets) {
  const auto lin = make_temperatures("linear", 1, 3, 5, {}, 0, 0);
  BOOST_TEST(lin == std::vector<double>({1, 1.5, 2, 2.5, 3}), boost::test_tools::per_element());
  const auto geo = make_temperatures("geometric", 1, 16, 5, {}, 0, 0);
  BOOST_TEST(geo[2] == 4.0, boost::test_tools::tolerance(1e-12));
  const auto dense = make_temperatures("dense", 1.5, 3.5, 32, {}, onsager_tc, 0.25);
  BOOST_TEST(dense.front() == 1.5);
  BOOST_TEST(dense.back() == 3.5);
  // Spacing near the centre is several times finer than at the ends.
  double near = 1e9, far = dense[1] - dense[0];
  for (std::size_t i = 1; i < dense.size(); ++i) {
    BOOST_TEST_REQUIRE(dense[i] > dense[i - 1]);
    if (std::abs(dense[i] - onsager_tc) < 0.1) near = std::min(near, dense[i] - dense[i - 1]);
  }
  BOOST_TEST(far > 3 * near);
}

BOOST_AUTO_TEST_CASE(help_lists_every_parameter) {
  const ParamSet params(job_parameters());
  const std::string help = params.help();
  for (const auto& spec : job_parameters()) BOOST_TEST(help.find("--" + spec.name) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_mistyped_key_names_the_nearest_declared_one) {
  BOOST_TEST(error_of("", {"--sampler.sample=50"}).find("did you mean sampler.samples?") !=
             std::string::npos);
  BOOST_TEST(error_of("[model]\nl = 16\n", {}).find("did you mean model.L?") != std::string::npos);
  BOOST_TEST(error_of("", {"--tempratures.count=8"}).find("did you mean temperatures.count?") !=
             std::string::npos);
  // Without its section.
  BOOST_TEST(nearest_parameter(job_parameters(), "--seed") == "run.seed");
  // Nothing near: no guess.
  const std::string e = error_of("", {"--no.such_key=1"});
  BOOST_TEST(e.find("no.such_key") != std::string::npos);
  BOOST_TEST(e.find("did you mean") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(help_of_some_sections_lists_only_their_keys) {
  const std::string help = ParamSet(job_parameters()).help({"run", "train"});
  BOOST_TEST(help.find("--train.epochs") != std::string::npos);
  BOOST_TEST(help.find("--run.seed") != std::string::npos);
  BOOST_TEST(help.find("--sampler.samples") == std::string::npos);
  BOOST_TEST(help.find("--model.L") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(label_temperatures_default_to_the_run_files_model) {
  ParamSet params(job_parameters());
  params.load("", {"--train.t_high=0.95"});
  const Job job = make_job(params);
  // Not given: auto in the job text (the same after a round trip), NaN until resolved.
  BOOST_TEST(job.ini.find("t_low = auto\n") != std::string::npos);
  BOOST_TEST(job.ini.find("t_high = 0.95\n") != std::string::npos);
  BOOST_TEST(std::isnan(job.train.t_low));
  ParamSet again(job_parameters());
  again.load_text(job.ini);
  BOOST_TEST(make_job(again).ini == job.ini);

  // The XY window around T_KT = 0.893; a given bound wins over the model's.
  const TrainSettings xy = with_model_defaults(job.train, "xy2d");
  BOOST_TEST(xy.t_low == 0.80);
  BOOST_TEST(xy.t_high == 0.95);
  BOOST_TEST(xy.t_label == 0.8929);
  // Ising's low bound 2.0 is above the given 0.95: an empty window, refused by name.
  try {
    with_model_defaults(job.train, "ising2d");
    BOOST_FAIL("an empty Ising window was accepted");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("train.t_high = 0.95 must be above train.t_low = 2 "
                                          "(model ising2d)") != std::string::npos);
  }
  ParamSet plain(job_parameters());
  plain.load("", {});
  const TrainSettings ising = with_model_defaults(make_job(plain).train, "ising2d");
  BOOST_TEST(ising.t_low == 2.0);
  BOOST_TEST(ising.t_high == 2.6);
  BOOST_TEST(ising.t_label == 2.269185314213022);
  // A model without a declared value asks for the key.
  try {
    with_model_defaults(make_job(plain).train, "potts2d");
    BOOST_FAIL("a model without defaults was accepted");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("train.t_label = auto has no value for model "
                                          "'potts2d'") != std::string::npos);
  }
  // --help and the refusal of a bad value both give every model's value.
  BOOST_TEST(plain.help().find("or auto (the model's value: ising2d 2.0, xy2d 0.80)") !=
             std::string::npos);
  BOOST_TEST(error_of("", {"--train.t_low=cold"}).find("xy2d 0.80") != std::string::npos);
}
