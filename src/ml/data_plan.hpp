#pragma once
// Which samples each rank holds, and how every global batch is split over the ranks.
//
// The global batch of B samples has B places ("lanes"). The training samples, numbered
// in (temperature, sample) order, are dealt round-robin: training sample i belongs to
// lane i mod B. Rank r owns the lanes block_of(B, P, r) and holds exactly their
// training samples, so its shard is spread over all temperatures and the ranks' parts of
// a batch differ in size by at most one. Each epoch, each lane's samples are shuffled by
// a stream keyed by (seed, epoch, lane) — never by rank — and step k takes the k-th
// sample of every lane. The sequence of global batches (and their augmentations) is
// therefore the same at 1, 2 or P ranks; only the order in which the parts of a
// gradient are summed changes. An epoch has floor(N_train / B) steps; a lane one sample
// longer than that leaves a different one of its samples out each epoch.
//
// Samples that are not trained on (validation blocks, unlabelled temperatures) are dealt
// the same way: the k-th such sample goes to the rank owning lane k mod B. So a rank's
// shard is a list of runs of about B / P consecutive samples of one temperature each.
//
// Every rank builds the plan from the same inputs without communicating. Memory per rank
// is about (T * S / P) * (L^2 + 25) bytes for the spins, ids and roles of its shard.
#include <compare>
#include <cstdint>
#include <span>
#include <vector>

#include "core/partition.hpp"
#include "ml/labels.hpp"
#include "ml/validation_split.hpp"

namespace phaselearn::ml {

struct SampleId {
  std::int32_t temperature;  // index into the run file's temperatures
  std::int64_t sample;       // index among that temperature's stored samples
  friend auto operator<=>(const SampleId&, const SampleId&) = default;
};

enum class Role : std::uint8_t { train, validation, predict_only };

class DataPlan {
 public:
  // `labels`: unlabelled temperatures are predicted only (for the confusion scheme pass
  // the labels of any proposed T': all temperatures are labelled). Throws InputError when
  // the batch is smaller than the number of ranks, larger than the training set, or
  // when no sample is left for validation.
  DataPlan(const TemperatureLabels& labels, const ValidationSplit& split,
           std::int64_t batch_size, int ranks, int rank);

  // The samples this rank reads from the run file, sorted by (temperature, sample); a
  // "held index" below is a position in this list (and in the Shard).
  std::span<const SampleId> held() const { return held_; }
  Role role(std::int64_t held_index) const { return roles_[std::size_t(held_index)]; }
  std::span<const std::int64_t> validation() const { return validation_; }  // held indices

  std::int64_t batch_size() const { return batch_size_; }
  int ranks() const { return ranks_; }
  int rank() const { return rank_; }
  Block lanes() const { return lanes_; }  // the places of every batch this rank fills
  // Held indices of the training samples of lane `lane` (one of lanes()), in order.
  std::span<const std::int64_t> lane(std::int64_t lane) const {
    return lane_members_[std::size_t(lane - lanes_.begin)];
  }
  std::int64_t steps_per_epoch() const { return training_samples_ / batch_size_; }
  std::int64_t training_samples() const { return training_samples_; }      // all ranks
  std::int64_t validation_samples() const { return validation_samples_; }  // all ranks
  const TemperatureLabels& labels() const { return labels_; }

 private:
  TemperatureLabels labels_;
  std::int64_t batch_size_;
  int ranks_, rank_;
  Block lanes_;
  std::vector<SampleId> held_;
  std::vector<Role> roles_;
  std::vector<std::int64_t> validation_;
  std::vector<std::vector<std::int64_t>> lane_members_;
  std::int64_t training_samples_ = 0, validation_samples_ = 0;
};

}  // namespace phaselearn::ml
