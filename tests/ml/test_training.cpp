// Labels, the validation split, the data plan and the epoch schedule (with several ranks
// simulated in one process), and the whole serial trainer on a separable toy set.
#define BOOST_TEST_MODULE ml_training
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "core/errors.hpp"
#include "core/random.hpp"
#include "ml/data_plan.hpp"
#include "ml/epoch_schedule.hpp"
#include "ml/ising_inputs.hpp"
#include "ml/labels.hpp"
#include "ml/optimizer.hpp"
#include "ml/objectives/classifier.hpp"
#include "ml/trainer.hpp"

using namespace phaselearn;
using namespace phaselearn::ml;

namespace {

const std::vector<double> temperatures = {1.0, 1.5, 2.0, 2.5, 3.0, 3.5};

TrainSettings settings(LabelScheme scheme, long batch) {
  TrainSettings s{};
  s.hidden = {16};
  s.activation = "relu";
  s.optimizer = "adam";
  s.learning_rate = 0.01;
  s.weight_decay = 1e-4;
  s.batch_size = batch;
  s.epochs = 20;
  s.patience = 0;
  s.labels = scheme;
  s.t_label = 2.2;
  s.t_low = 1.5;
  s.t_high = 3.0;
  s.confusion_points = 4;
  s.validation_fraction = 0.2;
  s.validation_block = 5;
  s.augment_flip = true;
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(label_schemes) {
  const auto threshold = threshold_labels(temperatures, 2.2);
  BOOST_TEST(int(threshold[2]) == int(Label::ordered));
  BOOST_TEST(int(threshold[3]) == int(Label::disordered));
  const auto window = window_labels(temperatures, 1.5, 3.0);
  const std::vector<Label> expected = {Label::ordered,     Label::ordered,    Label::unlabelled,
                                       Label::unlabelled, Label::disordered, Label::disordered};
  BOOST_TEST((window == expected));
  // bounds outside the range leave a class empty: one message naming the keys
  auto s = settings(LabelScheme::window, 8);
  s.t_low = 0.5;
  try {
    labels_for(s, temperatures);
    BOOST_ERROR("an empty class was accepted");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("train.t_low") != std::string::npos);
    BOOST_TEST(std::string(e.what()).find("no ordered temperature") != std::string::npos);
  }
  s = settings(LabelScheme::threshold, 8);
  s.t_label = 5;
  BOOST_CHECK_THROW(labels_for(s, temperatures), InputError);
  const auto proposed = confusion_temperatures(temperatures, 4);
  BOOST_TEST(proposed.size() == 4u);
  BOOST_TEST(proposed.front() == 1.5);
  BOOST_TEST(proposed.back() == 3.0);
}

BOOST_AUTO_TEST_CASE(validation_split_holds_out_whole_blocks) {
  const ValidationSplit split(6, 100, 0.2, 10, 42), same(6, 100, 0.2, 10, 42),
      other(6, 100, 0.2, 10, 43);
  bool differs = false;
  for (int t = 0; t < 6; ++t) {
    int held = 0;
    for (int s = 0; s < 100; ++s) {
      BOOST_TEST(split.is_validation(t, s) == split.is_validation(t, s - s % 10));  // blocks
      BOOST_TEST(split.is_validation(t, s) == same.is_validation(t, s));  // deterministic
      differs |= split.is_validation(t, s) != other.is_validation(t, s);
      held += split.is_validation(t, s);
    }
    BOOST_TEST(held == 20);  // 2 of 10 blocks
  }
  BOOST_TEST(differs);  // seeded
}

// Simulated ranks: the plans of P ranks together hold every sample exactly once, each
// rank's shard spreads over every temperature, and step k of an epoch is the same global
// batch (same samples, same augmentations) at 1, 2 and 3 ranks.
BOOST_AUTO_TEST_CASE(data_plan_and_schedule_do_not_depend_on_the_rank_count) {
  const auto labels = window_labels(temperatures, 1.5, 3.0);
  const ValidationSplit split(6, 60, 0.2, 5, 7);
  const std::int64_t batch = 12;
  using Place = std::tuple<std::int64_t, std::int64_t, SampleId, bool>;  // step, lane, id, flip
  std::map<int, std::set<Place>> epoch_by_ranks;
  for (int ranks : {1, 2, 3}) {
    std::set<SampleId> seen;
    std::int64_t total = 0;
    for (int rank = 0; rank < ranks; ++rank) {
      const DataPlan plan(labels, split, batch, ranks, rank);
      std::set<int> temps;
      for (const SampleId& id : plan.held()) {
        seen.insert(id);
        temps.insert(id.temperature);
      }
      total += std::int64_t(plan.held().size());
      BOOST_TEST(temps.size() == temperatures.size());
      BOOST_TEST(plan.steps_per_epoch() == plan.training_samples() / batch);
      const EpochSchedule e = schedule_epoch(plan, 99, 3, {true, false, 4});
      for (std::int64_t step = 0; step < e.steps; ++step)
        for (std::int64_t j = 0; j < e.lanes; ++j) {
          const auto at = std::size_t(step * e.lanes + j);
          const std::int64_t held = e.held[at];
          BOOST_TEST((plan.role(held) == Role::train));
          epoch_by_ranks[ranks].insert(
              {step, plan.lanes().begin + j, plan.held()[std::size_t(held)], e.augmentation[at].flip});
        }
    }
    BOOST_TEST(total == 6 * 60);
    BOOST_TEST(seen.size() == std::size_t(6 * 60));
  }
  BOOST_TEST((epoch_by_ranks[1] == epoch_by_ranks[2]));
  BOOST_TEST((epoch_by_ranks[1] == epoch_by_ranks[3]));
  // unlabelled temperatures are never trained or validated on
  const DataPlan plan(labels, split, batch, 1, 0);
  for (std::size_t i = 0; i < plan.held().size(); ++i)
    if (labels[std::size_t(plan.held()[i].temperature)] == Label::unlabelled)
      BOOST_TEST((plan.role(std::int64_t(i)) == Role::predict_only));
}

BOOST_AUTO_TEST_CASE(plan_refuses_what_cannot_work) {
  const auto labels = threshold_labels(temperatures, 2.2);
  const ValidationSplit split(6, 60, 0.2, 5, 7);
  try {
    DataPlan(labels, split, 2, 4, 0);
    BOOST_ERROR("a batch smaller than the rank count was accepted");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("smaller than the number of ranks") != std::string::npos);
  }
  BOOST_CHECK_THROW(DataPlan(labels, split, 100000, 1, 0), InputError);
}

// A linearly separable toy set, learned to 100 % by the network and optimizer alone
// (the raw, not Z2-symmetrised, output): the class is the side of a fixed hyperplane,
// with a margin.
BOOST_AUTO_TEST_CASE(linearly_separable_set_is_learned_perfectly) {
  const int inputs = 36, n = 256;
  Xoshiro256pp rng(4, 0, Purpose::synthetic);
  std::vector<double> w(inputs);
  for (auto& v : w) v = 2 * rng.uniform() - 1;
  Matrix<float> x(inputs, n);
  std::vector<std::int8_t> classes;
  while (classes.size() < std::size_t(n)) {
    double projection = 0;
    const auto j = Eigen::Index(classes.size());
    for (int i = 0; i < inputs; ++i) {
      x(i, j) = (rng() >> 63) ? 1.0f : -1.0f;
      projection += w[std::size_t(i)] * x(i, j);
    }
    if (std::abs(projection) < 1.0) continue;  // the margin
    classes.push_back(projection > 0 ? ordered_class : disordered_class);
  }
  Network network({inputs, {8}, Activation::tanh}, 3);
  Optimizer optimizer(OptimizerKind::adam, 0.01, 0, network.parameters().size());
  BatchStats stats;
  for (int epoch = 0; epoch < 300 && stats.correct < n; ++epoch) {
    stats = network.accumulate_gradient(x, classes);
    optimizer.step(network, n);
  }
  network.zero_gradient();
  BOOST_TEST(network.accumulate_gradient(x, classes).correct == n);
}

// The whole trainer (schedule, flips, validation, early stopping bookkeeping) on a
// Z2-symmetric toy set: "ordered" samples have |m| >= 12/16, "disordered" ones
// |m| <= 2/16. Separable by |m| = relu(m) + relu(-m), i.e. linearly after the first
// layer; a set linearly separable in x itself cannot be Z2-symmetric, and the trainer
// predicts Z2-symmetrically. It must reach 100 % validation accuracy.
BOOST_AUTO_TEST_CASE(separable_toy_set_is_learned_perfectly) {
  const int side = 4, sites = 16, per_t = 200;
  const std::vector<double> temps = {1.0, 2.0, 3.0, 4.0};
  Shard shard{side, {}};
  auto s = settings(LabelScheme::threshold, 16);
  s.t_label = 2.5;
  s.epochs = 40;
  s.augment_flip = true;
  const auto labels = threshold_labels(temps, s.t_label);
  const ValidationSplit split(4, per_t, 0.2, 10, 1);
  const DataPlan plan(labels, split, s.batch_size, 1, 0);
  Xoshiro256pp rng(5, 0, Purpose::synthetic);
  for (const SampleId& id : plan.held()) {
    const bool ordered = temps[std::size_t(id.temperature)] < 2.5;
    const int ups = ordered ? 14 + int(rng.below(3)) : 7 + int(rng.below(3));  // 14-16 or 7-9
    std::vector<std::int8_t> x(sites, -1);
    for (int k = 0; k < ups; ++k) x[std::size_t(k)] = 1;
    for (int i = sites - 1; i > 0; --i) std::swap(x[std::size_t(i)], x[rng.below(std::uint64_t(i + 1))]);
    if (rng() >> 63)
      for (auto& v : x) v = std::int8_t(-v);
    shard.spins.insert(shard.spins.end(), x.begin(), x.end());
  }
  const IsingInputs inputs(shard);
  ClassifierObjective objective(s, 11, inputs, plan, labels);
  Trainer trainer(s, 11, inputs, plan, objective, RankCollectives::serial());
  trainer.fit();
  BOOST_TEST(trainer.best().val[ClassifierObjective::accuracy_metric] == 1.0);
  const auto p = objective.predict_held();
  for (std::size_t i = 0; i < p.size(); ++i) {
    const bool ordered = temps[std::size_t(plan.held()[i].temperature)] < 2.5;
    BOOST_TEST((p[i] > 0.5f) == ordered);
  }
  // the Z2-symmetric prediction: the flipped shard gives the same probabilities
  Shard flipped = shard;
  for (auto& v : flipped.spins) v = std::int8_t(-v);
  const IsingInputs flipped_inputs(flipped);
  ClassifierObjective twin_objective(s, 11, flipped_inputs, plan, labels);
  Trainer twin(s, 11, flipped_inputs, plan, twin_objective, RankCollectives::serial());
  twin.restore(trainer.state());
  twin.use_best_parameters();
  BOOST_TEST(twin_objective.predict_held() == p);
}

BOOST_AUTO_TEST_CASE(early_stopping_keeps_the_best_weights) {
  const int side = 4, per_t = 40;
  auto s = settings(LabelScheme::threshold, 8);
  s.epochs = 50;
  s.patience = 2;
  s.learning_rate = 0.05;  // noisy labels, large steps: the validation loss turns up early
  const auto labels = threshold_labels(temperatures, s.t_label);
  const ValidationSplit split(6, per_t, 0.25, 5, 3);
  const DataPlan plan(labels, split, s.batch_size, 1, 0);
  Shard shard{side, std::vector<std::int8_t>(plan.held().size() * 16)};
  Xoshiro256pp rng(9, 0, Purpose::synthetic);
  for (auto& v : shard.spins) v = (rng() >> 63) ? 1 : -1;  // pure noise
  const IsingInputs inputs(shard);
  ClassifierObjective objective(s, 2, inputs, plan, labels);
  Trainer trainer(s, 2, inputs, plan, objective, RankCollectives::serial());
  trainer.fit();
  BOOST_TEST(trainer.history().size() < 50u);
  const auto& last = trainer.history().back();
  BOOST_TEST(last.epoch - trainer.best().epoch == 2);
  double lowest = 1e9;
  for (const auto& r : trainer.history()) lowest = std::min(lowest, r.val_loss());
  BOOST_TEST(trainer.best().val_loss() == lowest);
}
