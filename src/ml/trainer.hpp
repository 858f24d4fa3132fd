#pragma once
// The training engine of one rank, over any objective (objective.hpp), in lockstep with
// the other ranks through RankCollectives. Per step: this rank's part of the global batch
// -> Objective::accumulate_gradient -> sum_floats(gradient and vote) -> Optimizer::step
// (global batch size); with settings.shard_optimizer, a reduce-scatter of the gradient,
// the update of this rank's slice of the weights and an allgather of the weights instead
// (ZeRO stage 1: see sharded_step). Per epoch: the validation metrics, early stopping with patience on
// the validation loss, the best weights kept. Every random choice is keyed by (seed,
// epoch, lane), so the data order needs no generator state: (epoch, step) restores it,
// and a restored run continues bit for bit.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "core/job.hpp"
#include "ml/collectives.hpp"
#include "ml/data_plan.hpp"
#include "ml/epoch_schedule.hpp"
#include "ml/inputs.hpp"
#include "ml/objective.hpp"
#include "ml/optimizer.hpp"

namespace phaselearn::ml {

struct EpochRecord {
  int epoch;  // from 0
  // Means of the objective's metrics (Objective::metric_names; [0] is the loss): training
  // over the epoch's steps as the weights moved, validation after the epoch.
  std::vector<double> train, val;
  std::int64_t samples;               // trained on, all ranks together
  double seconds;                     // this rank's wall time for the epoch
  double train_seconds;               // of which the training steps (the throughput)
  bool improved;                      // best validation loss so far
  double train_loss() const { return train.at(0); }
  double val_loss() const { return val.at(0); }
};

// Symmetric save/load for checkpoints (the shard, plan and settings are rebuilt).
struct TrainerState {
  std::vector<float> parameters, best_parameters;
  OptimizerState optimizer;
  int epochs_since_best = 0;
  std::vector<EpochRecord> history;  // one record per epoch done
  std::int64_t step = 0;             // next step of the epoch in progress
  MetricSums partial;                // this rank's training sums of that epoch so far
};

class Trainer {
 public:
  // Keeps references to `inputs` (the held samples, encoded for their model), `plan` and
  // `objective`, which must outlive the trainer. Throws InputError on settings or data
  // that do not fit.
  Trainer(const TrainSettings& settings, std::uint64_t seed, const Inputs& inputs,
          const DataPlan& plan, Objective& objective, RankCollectives collectives);

  // Each step, every rank adds vote() to the vote slot of the gradient allreduce. A
  // non-zero total interrupts the epoch after that step (see run_epoch).
  void set_vote(std::function<float()> vote) { vote_ = std::move(vote); }

  // One epoch of training and validation, or the rest of the epoch in progress.
  // Collective: every rank calls it together. nullopt: interrupted by a vote (its total
  // is take_vote()); the weights are consistent, state() can be saved, and the next call
  // continues with the next step.
  std::optional<EpochRecord> run_epoch();
  float take_vote();
  // Maximum epochs reached, or `patience` epochs without a better validation loss.
  bool finished() const;
  // Runs epochs until finished(), then loads the best weights.
  void fit(const std::function<void(const EpochRecord&)>& on_epoch = {});
  void use_best_parameters();

  const std::vector<EpochRecord>& history() const { return history_; }
  const EpochRecord& best() const;  // the epoch with the lowest validation loss
  const Optimizer& optimizer() const { return optimizer_; }

  // Complete whenever run_epoch has returned: with the sharded optimizer each rank
  // updates only its slice of Adam's moments, and run_epoch gathers them before it
  // returns (after an epoch and at a vote), so state() needs no collective.
  TrainerState state() const;
  void restore(TrainerState state);  // throws InputError when it does not fit

 private:
  void load_batch(std::int64_t step);
  // The sum over ranks and the update of one step; returns the summed vote.
  float replicated_step(std::span<float> reduced);
  float sharded_step(std::span<float> reduced);
  void gather_moments();  // collective; a no-op unless sharded
  MetricSums validate();

  TrainSettings settings_;
  std::uint64_t seed_;
  const Inputs& inputs_;
  const DataPlan& plan_;
  Objective& objective_;
  RankCollectives collectives_;
  std::vector<ParameterSegment> segments_;
  Optimizer optimizer_;
  // Sharded optimizer: the entries of the gradient-and-vote buffer each rank owns (the
  // last rank owns the vote too), this rank's parameters [owned_begin_, owned_end_), its
  // slice of the summed gradient. Empty counts: not sharded.
  std::vector<int> shard_counts_;
  std::size_t owned_begin_ = 0, owned_end_ = 0;
  std::vector<float> shard_gradient_;
  std::size_t metrics_;
  std::vector<float> best_parameters_;
  int epochs_since_best_ = 0;
  std::vector<EpochRecord> history_;  // one record per epoch done
  std::int64_t step_ = 0;             // next step of the current epoch
  MetricSums partial_;                // this rank's training sums of the current epoch
  double partial_seconds_ = 0;        // time spent on the current epoch's steps so far
  std::function<float()> vote_;
  float voted_ = 0;
  int scheduled_epoch_ = -1;

  EpochSchedule schedule_;  // this rank's part of the epoch's batches
  Matrix<float> batch_;     // input columns
  std::vector<std::int64_t> batch_held_;
};

}  // namespace phaselearn::ml
