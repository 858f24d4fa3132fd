#include "tempering/binning.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace phaselearn {

void BinningAccumulator::add(double x) {
  if (levels_.empty()) {
    levels_.emplace_back();
    shift_ = x;
  }
  double v = x - shift_;
  for (std::size_t l = 0;; ++l) {
    if (l == levels_.size()) levels_.emplace_back();
    Level& lev = levels_[l];
    lev.n += 1;
    lev.sum += v;
    lev.sum_sq += v * v;
    if (!lev.has_pending) {
      lev.pending = v;
      lev.has_pending = true;
      return;
    }
    v = 0.5 * (lev.pending + v);  // a completed block of the next level
    lev.has_pending = false;
  }
}

void BinningAccumulator::save(std::uint64_t* out) const {
  std::fill(out, out + saved_words, 0);
  out[0] = std::bit_cast<std::uint64_t>(shift_);
  out[1] = levels_.size();
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    std::uint64_t* o = out + 2 + 5 * l;
    o[0] = std::uint64_t(levels_[l].n);
    o[1] = std::bit_cast<std::uint64_t>(levels_[l].sum);
    o[2] = std::bit_cast<std::uint64_t>(levels_[l].sum_sq);
    o[3] = std::bit_cast<std::uint64_t>(levels_[l].pending);
    o[4] = levels_[l].has_pending;
  }
}

void BinningAccumulator::load(const std::uint64_t* in) {
  shift_ = std::bit_cast<double>(in[0]);
  levels_.assign(in[1], Level{});
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    const std::uint64_t* i = in + 2 + 5 * l;
    levels_[l] = {std::int64_t(i[0]), std::bit_cast<double>(i[1]), std::bit_cast<double>(i[2]),
                  std::bit_cast<double>(i[3]), i[4] != 0};
  }
}

double BinningAccumulator::mean() const {
  return count() ? shift_ + levels_[0].sum / static_cast<double>(levels_[0].n) : 0.0;
}

double BinningAccumulator::error_squared(int level) const {
  const Level& lev = levels_[level];
  if (lev.n < 2) return 0.0;
  const double n = static_cast<double>(lev.n);
  const double m = lev.sum / n;
  return std::max(0.0, (lev.sum_sq / n - m * m) / (n - 1));
}

int BinningAccumulator::plateau_level(std::int64_t min_blocks) const {
  int level = 0;
  while (level + 1 < levels() && blocks(level + 1) >= min_blocks) ++level;
  return level;
}

double BinningAccumulator::tau_at(int level) const {
  return 0.5 * error_squared(level) / error_squared(0);
}

double BinningAccumulator::tau_int(std::int64_t min_blocks) const {
  if (levels_.empty() || error_squared(0) <= 0) return 0.5;
  return tau_at(plateau_level(min_blocks));
}

bool BinningAccumulator::tau_plateau(std::int64_t min_blocks) const {
  if (levels_.empty() || error_squared(0) <= 0) return false;
  const int level = plateau_level(min_blocks);
  if (level < 3) return false;
  const double tau = tau_at(level), below = tau_at(level - 1);
  const double sigma = tau * std::sqrt(2.0 / double(blocks(level)));
  return std::ldexp(1.0, level) >= 8 * tau && tau - below <= 2 * sigma;
}

}  // namespace phaselearn
