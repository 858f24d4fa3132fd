#pragma once
// The checkpoint of `train`, `<training file>.checkpoint`: the trainer's state (weights,
// best weights, optimizer moments and step count, history, the step reached in the
// epoch in progress and each rank's partial sums of it) and, for the confusion scheme,
// which proposed T' is in progress, the curve so far and the best fit so far. The data
// order needs nothing more: it is keyed by (seed, epoch, lane).
//
// A resumed run must use the same job (sections run and train), the same run file
// (run_id) and the same number of ranks: the order of the gradient sums depends on it,
// and the result is bitwise identical to an uninterrupted run only with the same order.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/checkpoint_file.hpp"
#include "core/job.hpp"
#include "ml/trainer.hpp"
#include "parallel/comm.hpp"

namespace phaselearn::app {

struct TrainCheckpoint {
  std::string run_id;
  std::int64_t fit = 0;  // index of the fit in progress (confusion: the proposed T')
  ml::TrainerState current;
  std::vector<double> curve_T, curve_accuracy;  // confusion: fits done
  std::optional<ml::TrainerState> best;         // confusion: best fit done so far
  double best_accuracy = -1, best_T = 0;
};

// Collective. Written to `<path>.tmp`, then renamed by rank 0.
void write_train_checkpoint(const std::string& train_file, const Job& job,
                            const parallel::Comm& comm, const TrainCheckpoint& checkpoint);

// Collective. nullopt when there is none. Refuses (InputError on every rank) a
// checkpoint of another job, another run file or another number of ranks.
std::optional<TrainCheckpoint> read_train_checkpoint(const std::string& train_file,
                                                     const Job& job, const std::string& run_id,
                                                     const parallel::Comm& comm);

void remove_train_checkpoint(const std::string& train_file, const parallel::Comm& comm);

}  // namespace phaselearn::app
