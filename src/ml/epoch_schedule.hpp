#pragma once
// This rank's part of every global batch of one epoch (see data_plan.hpp for the lanes):
// each lane's training samples in an order drawn from the stream keyed by
// (seed, epoch, lane, Purpose::shuffle), then each place's augmentation from the same
// stream. Nothing depends on the rank count, so the union over ranks of step k is the
// same global batch at any number of ranks.
#include <cstdint>
#include <vector>

#include "ml/data_plan.hpp"
#include "ml/inputs.hpp"

namespace phaselearn::ml {

struct AugmentationSettings {
  bool flip = true;        // global spin flip with probability 1/2
  bool translate = false;  // uniform periodic shift in x and y
  int side = 0;            // lattice side L, for the shifts
};

struct EpochSchedule {
  std::int64_t steps = 0, lanes = 0;
  // [step * lanes + j]: lane plan.lanes().begin + j at this step.
  std::vector<std::int64_t> held;  // held index of the sample
  std::vector<Augmentation> augmentation;
};

EpochSchedule schedule_epoch(const DataPlan& plan, std::uint64_t seed, int epoch,
                             const AugmentationSettings& augment);

}  // namespace phaselearn::ml
