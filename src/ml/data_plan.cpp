#include "ml/data_plan.hpp"

#include <string>

#include "core/errors.hpp"

namespace phaselearn::ml {

DataPlan::DataPlan(const TemperatureLabels& labels, const ValidationSplit& split,
                   std::int64_t batch_size, int ranks, int rank)
    : labels_(labels), batch_size_(batch_size), ranks_(ranks), rank_(rank) {
  if (ranks < 1 || rank < 0 || rank >= ranks)
    throw InputError("rank " + std::to_string(rank) + " of " + std::to_string(ranks) +
                     " does not exist");
  if (batch_size < ranks)
    throw InputError("train.batch_size = " + std::to_string(batch_size) +
                     " is smaller than the number of ranks (" + std::to_string(ranks) +
                     "): every rank needs at least one sample of each batch");
  if (int(labels.size()) != split.temperatures())
    throw InputError("labels for " + std::to_string(labels.size()) +
                     " temperatures, but the run file has " +
                     std::to_string(split.temperatures()));

  lanes_ = block_of(batch_size, ranks, rank);
  lane_members_.resize(std::size_t(lanes_.size()));
  // Samples not trained on are dealt over the lanes the same way, so every rank's shard
  // is a list of runs of about B / P consecutive samples (few blocks to read and write).
  std::int64_t others = 0;
  for (int t = 0; t < split.temperatures(); ++t) {
    const bool labelled = labels[std::size_t(t)] != Label::unlabelled;
    for (std::int64_t s = 0; s < split.samples_per_temperature(); ++s) {
      const Role role = !labelled                    ? Role::predict_only
                        : split.is_validation(t, s) ? Role::validation
                                                     : Role::train;
      if (role == Role::validation) ++validation_samples_;
      bool mine;
      std::int64_t lane = -1;
      if (role == Role::train) {
        lane = training_samples_++ % batch_size;
        mine = lane >= lanes_.begin && lane < lanes_.end;
      } else {
        const std::int64_t other_lane = others++ % batch_size;
        mine = other_lane >= lanes_.begin && other_lane < lanes_.end;
      }
      if (!mine) continue;
      const auto index = std::int64_t(held_.size());
      held_.push_back({t, s});
      roles_.push_back(role);
      if (role == Role::train) lane_members_[std::size_t(lane - lanes_.begin)].push_back(index);
      if (role == Role::validation) validation_.push_back(index);
    }
  }
  if (training_samples_ < batch_size)
    throw InputError("the training set holds " + std::to_string(training_samples_) +
                     " samples, fewer than train.batch_size = " + std::to_string(batch_size));
  if (validation_samples_ == 0)
    throw InputError("no sample is left for validation: every labelled temperature has a "
                     "single validation block; store more samples or lower "
                     "train.validation_block");
}

}  // namespace phaselearn::ml
