// The data-parallel trainer over MPI (run at 1, 2 and 4 ranks), with the optimizer
// repeated on every rank and sharded over them: identical weights on every
// rank after training, and the same model and predictions as one rank alone (computed
// on every rank as the reference) up to floating-point summation order.
#define BOOST_TEST_MODULE ml_trainer_mpi
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "core/random.hpp"
#include "ml/data_plan.hpp"
#include "ml/ising_inputs.hpp"
#include "ml/labels.hpp"
#include "ml/objectives/classifier.hpp"
#include "ml/objectives/vae.hpp"
#include "models/ising2d/energy_gradient.hpp"
#include "ml/trainer.hpp"
#include "parallel/rank_collectives.hpp"
#include "support/mpi_fixture.hpp"

using namespace phaselearn;
using namespace phaselearn::ml;

namespace {

constexpr int side = 6, samples = 64;
const std::vector<double> temperatures = {1.0, 1.6, 2.2, 2.8, 3.4, 4.0};

// Ising-like synthetic data: at temperature index t a sample has a magnetisation that
// shrinks with t, random sign; every (t, s) is a pure function of its indices.
std::vector<std::int8_t> sample_of(int t, std::int64_t s) {
  Xoshiro256pp rng(17, std::uint64_t(t) * 1000 + std::uint64_t(s), Purpose::synthetic);
  const double p_up = 0.5 + 0.45 * (1.0 - t / 5.0);
  const bool flip = rng() >> 63;
  std::vector<std::int8_t> x(side * side);
  for (auto& v : x) v = std::int8_t((rng.uniform() < p_up) != flip ? 1 : -1);
  return x;
}

Shard shard_of(const DataPlan& plan) {
  Shard shard{side, {}};
  for (const SampleId& id : plan.held()) {
    const auto x = sample_of(id.temperature, id.sample);
    shard.spins.insert(shard.spins.end(), x.begin(), x.end());
  }
  return shard;
}

TrainSettings settings() {
  TrainSettings s{};
  s.hidden = {20, 10};
  s.activation = "tanh";
  s.optimizer = "adam";
  s.learning_rate = 0.003;
  s.weight_decay = 1e-4;
  s.batch_size = 16;
  s.epochs = 4;
  s.patience = 0;
  s.labels = LabelScheme::window;
  s.t_low = 1.7;
  s.t_high = 2.7;
  s.validation_fraction = 0.25;
  s.validation_block = 8;
  s.augment_flip = true;
  s.augment_translate = true;
  return s;
}

// The labels, validation split, plan and shard of settings s for this rank (seed 5).
struct RankData {
  RankData(const TrainSettings& s, const parallel::Comm& comm)
      : labels(labels_for(s, temperatures)),
        split(int(temperatures.size()), samples, s.validation_fraction, s.validation_block, 5),
        plan(labels, split, s.batch_size, comm.size(), comm.rank()),
        shard(shard_of(plan)) {}
  TemperatureLabels labels;
  ValidationSplit split;
  DataPlan plan;
  IsingInputs shard;
};

RankCollectives collectives_of(const parallel::Comm& comm) {
  return parallel::rank_collectives(comm);
}

// Both optimizer layouts: every rank repeating the update, and sharded (ZeRO stage 1).
const std::vector<bool> sharded_or_not = {false, true};

}  // namespace

BOOST_DATA_TEST_CASE(ranks_agree_with_each_other_and_with_one_rank,
                     boost::unit_test::data::make(sharded_or_not), sharded) {
  parallel::Comm comm;
  TrainSettings s = settings();
  s.shard_optimizer = sharded;
  const RankData d(s, comm);
  const auto& [labels, split, plan, shard] = d;
  ClassifierObjective objective(s, 5, shard, plan, labels);
  Trainer trainer(s, 5, shard, plan, objective, collectives_of(comm));
  trainer.fit();
  const auto p = objective.predict_held();

  // 1. Every rank holds bitwise the same weights as rank 0.
  const auto mine = objective.network().parameters();
  std::vector<double> root(mine.begin(), mine.end());
  comm.broadcast(root.data(), int(root.size()));
  std::size_t differing = 0;
  for (std::size_t i = 0; i < root.size(); ++i) differing += double(mine[i]) != root[i];
  BOOST_TEST(differing == 0u);

  // 2. One rank alone, on all the data (computed here, on every rank).
  const DataPlan whole(labels, split, s.batch_size, 1, 0);
  const IsingInputs all(shard_of(whole));
  TrainSettings replicated = s;  // the reference repeats the whole update
  replicated.shard_optimizer = false;
  ClassifierObjective alone_objective(replicated, 5, all, whole, labels);
  Trainer alone(replicated, 5, all, whole, alone_objective, RankCollectives::serial());
  alone.fit();
  const auto p_alone = alone_objective.predict_held();
  BOOST_REQUIRE(trainer.history().size() == alone.history().size());
  for (std::size_t e = 0; e < alone.history().size(); ++e) {
    BOOST_TEST(trainer.history()[e].val_loss() == alone.history()[e].val_loss(),
               boost::test_tools::tolerance(1e-4));
    BOOST_TEST(trainer.history()[e].train_loss() == alone.history()[e].train_loss(),
               boost::test_tools::tolerance(1e-4));
  }
  BOOST_TEST(trainer.history().back().val_loss() < trainer.history().front().val_loss());
  const auto reference = alone_objective.network().parameters();
  float largest = 0, worst = 0;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    largest = std::max(largest, std::abs(reference[i]));
    worst = std::max(worst, std::abs(reference[i] - mine[i]));
  }
  BOOST_TEST(worst <= 1e-4f * largest);
  // One rank: the same order of every sum, sharded or not: bitwise.
  if (comm.size() == 1) BOOST_TEST(worst == 0.0f);
  // Adam's moments, gathered from their owners, agree with the replicated update's.
  const auto& m = trainer.optimizer().state().second_moment;
  const auto& m_alone = alone.optimizer().state().second_moment;
  BOOST_REQUIRE(m.size() == m_alone.size());
  float largest_m = 0, worst_m = 0;
  for (std::size_t i = 0; i < m.size(); ++i) {
    largest_m = std::max(largest_m, std::abs(m_alone[i]));
    worst_m = std::max(worst_m, std::abs(m[i] - m_alone[i]));
  }
  BOOST_TEST(largest_m > 0.0f);
  BOOST_TEST(worst_m <= 1e-3f * largest_m);
  if (comm.size() == 1) BOOST_TEST(worst_m == 0.0f);
  // predictions of this rank's samples against one rank's (whole holds all, in order)
  for (std::size_t i = 0; i < p.size(); ++i) {
    const SampleId id = plan.held()[i];
    BOOST_TEST(std::abs(p[i] - p_alone[std::size_t(id.temperature * samples + id.sample)]) <= 1e-4f);
  }
}

// A vote from one rank (a signal caught there) interrupts every rank after the same step;
// the saved state, restored into a fresh trainer, continues bit for bit.
BOOST_DATA_TEST_CASE(a_vote_interrupts_every_rank_and_the_state_resumes_exactly,
                     boost::unit_test::data::make(sharded_or_not), sharded) {
  parallel::Comm comm;
  TrainSettings s = settings();
  s.epochs = 3;
  s.shard_optimizer = sharded;
  const RankData d(s, comm);
  const auto& [labels, split, plan, shard] = d;

  ClassifierObjective whole_objective(s, 5, shard, plan, labels);
  Trainer whole(s, 5, shard, plan, whole_objective, collectives_of(comm));
  whole.fit();

  ClassifierObjective cut_objective(s, 5, shard, plan, labels);
  Trainer cut(s, 5, shard, plan, cut_objective, collectives_of(comm));
  int calls = 0;
  const bool voter = comm.rank() == comm.size() - 1;
  cut.set_vote([&] { return voter && ++calls == 17 ? 2.0f : 0.0f; });
  std::optional<EpochRecord> record;
  while (!cut.finished() && (record = cut.run_epoch())) {}
  BOOST_TEST(cut.take_vote() == 2.0f);  // on every rank, not only the voter
  const TrainerState state = cut.state();
  double step = double(state.history.size() * 1000 + std::size_t(state.step));
  double root_step = step;
  comm.broadcast(&root_step, 1);
  BOOST_TEST(step == root_step);  // every rank stopped after the same step
  BOOST_TEST(state.step > 0);

  ClassifierObjective resumed_objective(s, 5, shard, plan, labels);
  Trainer resumed(s, 5, shard, plan, resumed_objective, collectives_of(comm));
  resumed.restore(state);
  resumed.fit();
  const auto a = whole_objective.network().parameters();
  const auto b = resumed_objective.network().parameters();
  BOOST_TEST(std::equal(a.begin(), a.end(), b.begin(), b.end()));
  BOOST_REQUIRE(resumed.history().size() == whole.history().size());
  for (std::size_t e = 0; e < whole.history().size(); ++e)
    BOOST_TEST(resumed.history()[e].val_loss() == whole.history()[e].val_loss());
  // The state holds every rank's slice of the moments: the same on every rank.
  const auto& moments = state.optimizer.first_moment;
  std::vector<double> root(moments.begin(), moments.end());
  comm.broadcast(root.data(), int(root.size()));
  std::size_t differing = 0;
  for (std::size_t i = 0; i < root.size(); ++i) differing += double(moments[i]) != root[i];
  BOOST_TEST(differing == 0u);
}

// The VAE through the same engine (Ising samples, Bernoulli sites, the energy term): every
// rank ends with rank 0's weights, one rank alone on all the data agrees to summation
// order (bitwise at one rank), and a run cut by a vote resumes bit for bit.
namespace {

TrainSettings vae_settings() {
  TrainSettings s = settings();
  s.hidden = {16};
  s.latent = 2;
  s.kl_weight = 1;
  s.energy_weight = 2;
  s.epochs = 3;
  return s;
}

struct VaeRankData {
  VaeRankData(const TrainSettings& s, const parallel::Comm& comm, int ranks, int rank)
      : labels(temperatures.size(), Label::ordered),
        split(int(temperatures.size()), samples, s.validation_fraction, s.validation_block, 5),
        plan(labels, split, s.batch_size, ranks, rank),
        shard(shard_of(plan)) {
    (void)comm;
  }
  TemperatureLabels labels;
  ValidationSplit split;
  DataPlan plan;
  IsingInputs shard;
};

EnergyFunction ising_energy() {
  return [](std::span<const double> m, std::span<double> g) {
    return ising2d::energy_per_spin(m, side, 1.0, g);
  };
}

}  // namespace

namespace {
void check_vae_ranks_and_resume(const TrainSettings& s) {
  parallel::Comm comm;
  const VaeRankData d(s, comm, comm.size(), comm.rank());
  VaeObjective objective(s, 5, d.shard, SiteLikelihood::bernoulli, ising_energy());
  Trainer trainer(s, 5, d.shard, d.plan, objective, collectives_of(comm));
  trainer.fit();
  const auto mine = objective.parameters();
  std::vector<double> root(mine.begin(), mine.end());
  comm.broadcast(root.data(), int(root.size()));
  std::size_t differing = 0;
  for (std::size_t i = 0; i < root.size(); ++i) differing += double(mine[i]) != root[i];
  BOOST_TEST(differing == 0u);
  BOOST_TEST(trainer.history().back().val_loss() < trainer.history().front().val_loss());

  const VaeRankData whole(s, comm, 1, 0);
  VaeObjective alone_objective(s, 5, whole.shard, SiteLikelihood::bernoulli, ising_energy());
  Trainer alone(s, 5, whole.shard, whole.plan, alone_objective, RankCollectives::serial());
  alone.fit();
  const auto reference = alone_objective.parameters();
  float largest = 0, worst = 0;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    largest = std::max(largest, std::abs(reference[i]));
    worst = std::max(worst, std::abs(reference[i] - mine[i]));
  }
  BOOST_TEST(worst <= 1e-3f * largest);
  if (comm.size() == 1) BOOST_TEST(worst == 0.0f);
  for (std::size_t e = 0; e < alone.history().size(); ++e)
    for (std::size_t k = 0; k < 4; ++k)
      BOOST_TEST(trainer.history()[e].val[k] == alone.history()[e].val[k],
                 boost::test_tools::tolerance(1e-3));

  VaeObjective cut_objective(s, 5, d.shard, SiteLikelihood::bernoulli, ising_energy());
  Trainer cut(s, 5, d.shard, d.plan, cut_objective, collectives_of(comm));
  int calls = 0;
  cut.set_vote([&] { return comm.rank() == 0 && ++calls == 9 ? 2.0f : 0.0f; });
  while (!cut.finished() && cut.run_epoch()) {}
  BOOST_TEST(cut.take_vote() == 2.0f);
  VaeObjective resumed_objective(s, 5, d.shard, SiteLikelihood::bernoulli, ising_energy());
  Trainer resumed(s, 5, d.shard, d.plan, resumed_objective, collectives_of(comm));
  resumed.restore(cut.state());
  resumed.fit();
  const auto a = objective.parameters(), b = resumed_objective.parameters();
  BOOST_TEST(std::equal(a.begin(), a.end(), b.begin(), b.end()));
  for (std::size_t e = 0; e < trainer.history().size(); ++e)
    BOOST_TEST(resumed.history()[e].val == trainer.history()[e].val);
}
}  // namespace

BOOST_AUTO_TEST_CASE(vae_ranks_agree_and_a_cut_run_resumes_exactly) {
  check_vae_ranks_and_resume(vae_settings());
}

// train.energy_input: the encoder's extra input is each sample's own energy, computed
// where the sample is, so ranks still agree.
BOOST_AUTO_TEST_CASE(vae_with_the_energy_input_ranks_agree_and_resume_exactly) {
  TrainSettings s = vae_settings();
  s.energy_input = true;
  check_vae_ranks_and_resume(s);
}
