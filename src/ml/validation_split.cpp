#include "ml/validation_split.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/errors.hpp"
#include "core/random.hpp"

namespace phaselearn::ml {

ValidationSplit::ValidationSplit(int temperatures, std::int64_t samples_per_temperature,
                                 double fraction, std::int64_t block, std::uint64_t seed)
    : samples_(samples_per_temperature) {
  if (temperatures < 1 || samples_ < 1)
    throw InputError("the run file holds no samples to train on");
  if (!(fraction > 0 && fraction < 1))
    throw InputError("train.validation_fraction must lie strictly between 0 and 1");
  if (block < 0) throw InputError("train.validation_block must not be negative");
  block_ = block > 0 ? std::min(block, samples_) : std::max<std::int64_t>(1, samples_ / 20);

  const std::int64_t blocks = (samples_ + block_ - 1) / block_;
  const std::int64_t held = blocks < 2 ? 0
                                       : std::clamp<std::int64_t>(std::llround(fraction * blocks),
                                                                  1, blocks - 1);
  held_out_.assign(std::size_t(temperatures), std::vector<bool>(std::size_t(blocks), false));
  std::vector<std::int64_t> order(static_cast<std::size_t>(blocks));
  for (int t = 0; t < temperatures; ++t) {
    // The first `held` entries of a partial Fisher-Yates shuffle: a uniform choice.
    std::iota(order.begin(), order.end(), 0);
    Xoshiro256pp rng(seed, std::uint64_t(t), Purpose::split);
    for (std::int64_t i = 0; i < held; ++i) {
      std::swap(order[i], order[i + std::int64_t(rng.below(std::uint64_t(blocks - i)))]);
      held_out_[t][order[i]] = true;
    }
  }
}

}  // namespace phaselearn::ml
