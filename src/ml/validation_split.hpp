#pragma once
// Which samples are held out for validation. Consecutive samples of a temperature are
// correlated, so a per-sample shuffle would leak: the samples of each temperature are
// cut into blocks of consecutive indices and whole blocks are held out, chosen by a
// stream keyed by (seed, temperature, Purpose::split). Deterministic, and the same on
// every rank without communication.
#include <cstdint>
#include <vector>

namespace phaselearn::ml {

class ValidationSplit {
 public:
  // `block` consecutive samples per block; 0 picks samples / 20 (at least 1), so about
  // 4 blocks of a temperature are held out at the default fraction of 0.2. Each
  // temperature holds out round(fraction * blocks) blocks, at least one and never all
  // (a temperature with a single block stays entirely in training).
  ValidationSplit(int temperatures, std::int64_t samples_per_temperature, double fraction,
                  std::int64_t block, std::uint64_t seed);

  bool is_validation(int temperature, std::int64_t sample) const {
    return held_out_[std::size_t(temperature)][std::size_t(sample / block_)];
  }
  int temperatures() const { return int(held_out_.size()); }
  std::int64_t samples_per_temperature() const { return samples_; }
  std::int64_t block() const { return block_; }

 private:
  std::int64_t samples_, block_;
  std::vector<std::vector<bool>> held_out_;  // [temperature][block]
};

}  // namespace phaselearn::ml
