#pragma once
// What both training objectives' stages share: the trainer's view of the other ranks, the
// held samples as runs of the run file, the refusal of another run's training file, the
// per-epoch line, the history datasets.
#include <chrono>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/job.hpp"
#include "io/train_file.hpp"
#include "ml/collectives.hpp"
#include "ml/data_plan.hpp"
#include "ml/trainer.hpp"
#include "parallel/comm.hpp"

namespace phaselearn::app {

// The trainer's view of the other ranks: the gradient sum is the one allreduce per step.
ml::RankCollectives collectives_of(const parallel::Comm& comm);

// The start of both training stages: rank 0 checks the job (the objective's own
// `check_inputs`, which returns the run file's run_id) and refuses an existing training
// file of another run by name; then the partial output is prepared on every rank.
struct TrainingOutput {
  std::string final_path, run_id, partial;
};
TrainingOutput claim_training_output(const Job& job, bool overwrite, const parallel::Comm& comm,
                                     std::string (*check_inputs)(const Job&, int ranks));

// The side of the network's input lattice: the n x n block grid of train.coarse_grain (for
// the VAE: one VAE trained on one size's blocks sees every size in the same units), or the
// lattice itself. Throws InputError when n does not divide L.
int input_side(const TrainSettings& s, int L);

// The held samples (sorted by temperature, sample) as runs of consecutive samples.
std::vector<io::SampleRun> runs_of(std::span<const ml::SampleId> held);

// Checkpoint votes, summed in each step's gradient allreduce (Trainer::set_vote): 2 per
// rank that caught SIGUSR1/SIGTERM (checkpoint and stop), 1 from rank 0 when
// run.checkpoint_interval has passed since `last_checkpoint` (which the caller resets).
std::function<float()> checkpoint_vote(const Job& job, const parallel::Comm& comm,
                                       const std::chrono::steady_clock::time_point& last_checkpoint);

std::string format_seconds(double s);
double peak_memory_mib();  // of this process so far

// The end of both training stages: publishes the written training file, removes its
// checkpoint, and returns the largest peak memory of any rank (MiB), for the summary line.
double publish_training_file(const std::string& final_path, const parallel::Comm& comm);

// /history/train_<metric> and /history/val_<metric> of every metric, per epoch.
io::HistorySeries history_of(const std::vector<ml::EpochRecord>& records,
                             const std::vector<std::string>& names);

// One line per epoch on rank 0: every metric of the objective, throughput and ETA.
class EpochPrinter {
 public:
  EpochPrinter(bool enabled, int total_epochs) : enabled_(enabled), total_(total_epochs) {}
  // `prefix` names the fit (confusion scheme); `fits_left` follow this one; `names` are
  // the objective's metrics.
  void print(const std::string& prefix, const ml::EpochRecord& r,
             const std::vector<std::string>& names, int max_epochs, int fits_left);
  double seconds() const { return seconds_; }

 private:
  bool enabled_;
  int total_, epochs_ = 0;
  double seconds_ = 0;
};

}  // namespace phaselearn::app
