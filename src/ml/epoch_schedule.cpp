#include "ml/epoch_schedule.hpp"

#include <utility>

#include "core/random.hpp"

namespace phaselearn::ml {

EpochSchedule schedule_epoch(const DataPlan& plan, std::uint64_t seed, int epoch,
                             const AugmentationSettings& augment) {
  EpochSchedule schedule;
  schedule.steps = plan.steps_per_epoch();
  const Block lanes = plan.lanes();
  schedule.lanes = lanes.size();
  schedule.held.resize(std::size_t(schedule.steps * schedule.lanes));
  schedule.augmentation.resize(schedule.held.size());
  std::vector<std::int64_t> members;
  for (std::int64_t lane = lanes.begin; lane < lanes.end; ++lane) {
    // Lanes are fewer than 2^32 (the batch size is bounded far below), epochs too.
    Xoshiro256pp rng(seed, (std::uint64_t(epoch) << 32) | std::uint64_t(lane), Purpose::shuffle);
    const auto mine = plan.lane(lane);
    members.assign(mine.begin(), mine.end());
    for (std::size_t i = members.size(); i-- > 1;) std::swap(members[i], members[rng.below(i + 1)]);
    for (std::int64_t step = 0; step < schedule.steps; ++step) {
      const auto at = std::size_t(step * schedule.lanes + (lane - lanes.begin));
      schedule.held[at] = members[std::size_t(step)];
      Augmentation& a = schedule.augmentation[at];
      if (augment.flip) a.flip = rng() >> 63;
      if (augment.translate) {
        a.shift_x = int(rng.below(std::uint64_t(augment.side)));
        a.shift_y = int(rng.below(std::uint64_t(augment.side)));
      }
    }
  }
  return schedule;
}

}  // namespace phaselearn::ml
