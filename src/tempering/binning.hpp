#pragma once
// Online logarithmic binning of a time series: memory O(log n), whatever its length.
// Level l holds the means of consecutive blocks of 2^l values; the variance of the mean
// estimated at a level where blocks are longer than the autocorrelation time gives the
// integrated autocorrelation time tau_int = 1/2 + sum_{t>=1} rho(t) (Sokal's convention:
// 1/2 for uncorrelated data) as tau_int = var_l / (2 var_0).
#include <cstdint>
#include <vector>

#include "core/record.hpp"

namespace phaselearn {

class BinningAccumulator {
 public:
  void add(double x);

  std::int64_t count() const { return levels_.empty() ? 0 : levels_[0].n; }
  double mean() const;
  // Variance of the mean from blocks of 2^level values (naive at level 0).
  double error_squared(int level) const;
  int levels() const { return static_cast<int>(levels_.size()); }
  std::int64_t blocks(int level) const { return levels_[level].n; }
  // tau_int from the coarsest level that still has at least `min_blocks` blocks;
  // 0.5 when the series is too short to tell or constant.
  double tau_int(std::int64_t min_blocks = 128) const;
  // Whether that estimate sits on a plateau: blocks of at least 8 values and 8 tau_int,
  // and the level below agrees within the statistical error of the estimate (relative
  // sqrt(2 / blocks)). Without one, tau_int() is a lower bound: the series is too short
  // to see its correlations.
  bool tau_plateau(std::int64_t min_blocks = 128) const;

  // Checkpoints: a fixed-size record of 64-bit words (doubles bit-cast), exact.
  static constexpr std::size_t saved_words = 2 + 5 * 64;
  void save(std::uint64_t* out) const;
  void load(const std::uint64_t* in);
  void fields(RecordWriter& f) {
    std::array<std::uint64_t, saved_words> words;
    save(words.data());
    f(words);
  }
  void fields(RecordReader& f) {
    std::array<std::uint64_t, saved_words> words;
    f(words);
    load(words.data());
  }

 private:
  struct Level {
    std::int64_t n = 0;
    double sum = 0, sum_sq = 0;
    double pending = 0;
    bool has_pending = false;
  };
  int plateau_level(std::int64_t min_blocks) const;  // coarsest with min_blocks blocks
  double tau_at(int level) const;
  std::vector<Level> levels_;
  double shift_ = 0;  // first value, subtracted to keep the sums well conditioned
};

}  // namespace phaselearn
