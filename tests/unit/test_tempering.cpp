// The replica-exchange ladder alone, with no MPI (tempering::SingleRank): physics against
// 4x4 enumeration, checkpoint records that continue a run exactly, and the model list.
#define BOOST_TEST_MODULE tempering
#include <boost/test/unit_test.hpp>
#include <cmath>

#include "core/errors.hpp"
#include "core/job.hpp"
#include "exact/ising2d_exact.hpp"
#include "models/models.hpp"
#include "tempering/replica_exchange.hpp"
#include "support/test_job.hpp"

using namespace phaselearn;
using Ladder = tempering::ReplicaExchange<models::Ising2d>;

namespace {

const std::vector<std::string> ladder_4x4 = {
    "--model.L=4", "--temperatures.spacing=linear", "--temperatures.min=1.5",
    "--temperatures.max=3.5", "--temperatures.count=6", "--sampler.equilibration_sweeps=400",
    "--run.seed=5"};

}  // namespace

BOOST_AUTO_TEST_CASE(serial_ladder_matches_enumeration) {
  const tempering::SingleRank one;
  const Job job = make_test_job(ladder_4x4);
  Ladder pt(tempering::ladder_settings(job), one);
  for (int i = 0; i < 400; ++i) pt.step(false);
  std::vector<BinningAccumulator> energy(6);
  for (int i = 0; i < (1 << 16); ++i) {
    pt.step(true);
    for (int t = 0; t < 6; ++t) energy[std::size_t(t)].add(-double(pt.walker(t).config.bond_sum) / 16);
  }
  for (int t = 0; t < 6; ++t) {
    const double T = job.temperatures[std::size_t(t)];
    const auto& e = energy[std::size_t(t)];
    const double s = std::sqrt(e.error_squared(e.levels() - 8));
    const double exact = exact::enumerate(4, T).energy;
    BOOST_TEST(std::abs(e.mean() - exact) < 4 * s,
               "T=" << T << " measured " << e.mean() << " +- " << s << " exact " << exact);
  }
  const auto d = pt.diagnostics();
  BOOST_TEST(d.acceptance.size() == 5u);
  BOOST_TEST(d.tau_int.size() == models::Ising2d::tracked.size());
  for (double a : d.acceptance) BOOST_TEST((a > 0.05 && a <= 1.0));
}

// A run saved at sweep 300 and restored into a fresh ladder goes on exactly like the run
// that never stopped: every field of the record is listed once and read back in order.
BOOST_AUTO_TEST_CASE(saved_record_continues_bitwise) {
  const tempering::SingleRank one;
  const Job job = make_test_job(ladder_4x4);
  Ladder whole(tempering::ladder_settings(job), one), first(tempering::ladder_settings(job), one);
  for (int i = 0; i < 300; ++i) whole.step(i >= 200), first.step(i >= 200);
  const tempering::ReplicaExchangeState state = first.save();
  BOOST_TEST(state.records.size() == 6 * first.record_words());
  Ladder resumed(tempering::ladder_settings(job), one);
  resumed.restore(state);
  for (int i = 300; i < 700; ++i) whole.step(true), resumed.step(true);
  for (int t = 0; t < 6; ++t) {
    BOOST_TEST(whole.walker(t).config.spins.words() == resumed.walker(t).config.spins.words());
    BOOST_TEST(whole.walker(t).id == resumed.walker(t).id);
  }
  const auto a = whole.diagnostics(), b = resumed.diagnostics();
  BOOST_TEST(a.acceptance == b.acceptance);
  BOOST_TEST(a.tau_int == b.tau_int);
  // A record cut short is refused, not read past its end.
  tempering::ReplicaExchangeState cut = state;
  cut.records.resize(cut.records.size() - 1);
  Ladder damaged(tempering::ladder_settings(job), one);
  BOOST_CHECK_THROW(damaged.restore(cut), FormatError);
}

// Adding a model is one folder plus one line in models.hpp and its name among
// model.name's choices: the two lists must agree.
BOOST_AUTO_TEST_CASE(model_list_and_model_name_choices_agree) {
  int found = 0;
  for (const ParamSpec& s : job_parameters())
    if (s.name == "model.name") {
      BOOST_TEST(s.choices == models::model_names());
      ++found;
    }
  BOOST_TEST(found == 1);
}

BOOST_AUTO_TEST_CASE(keys_of_another_model_are_refused_by_name) {
  try {
    make_test_job({"--model.name=ising2d", "--sampler.overrelaxation_sweeps=2"});
    BOOST_FAIL("an xy2d key was accepted for ising2d");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("sampler.overrelaxation_sweeps does not apply to "
                                          "model.name = ising2d") != std::string::npos,
               e.what());
  }
}
