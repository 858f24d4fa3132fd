#include "sampler/wolff.hpp"

#include <cmath>

namespace phaselearn {

Wolff::Wolff(double beta, double J)
    : p_add_(probability_to_fixed(-std::expm1(-2 * beta * J))) {}

std::int64_t Wolff::update(BitLattice& lat, Xoshiro256pp& rng) {
  const int L = lat.L();
  const auto seed = static_cast<std::uint32_t>(rng.below(std::uint64_t(lat.sites())));
  const bool cluster_up = lat.up(seed % L, seed / L);
  // A site is flipped when it joins, so it no longer matches cluster_up: no visited set.
  lat.flip(seed % L, seed / L);
  stack_.assign(1, seed);
  std::int64_t size = 1;
  while (!stack_.empty()) {
    const std::uint32_t site = stack_.back();
    stack_.pop_back();
    const int x = site % L, y = site / L;
    const int xs[4] = {x == 0 ? L - 1 : x - 1, x == L - 1 ? 0 : x + 1, x, x};
    const int ys[4] = {y, y, y == 0 ? L - 1 : y - 1, y == L - 1 ? 0 : y + 1};
    for (int k = 0; k < 4; ++k) {
      if (lat.up(xs[k], ys[k]) == cluster_up && rng() < p_add_) {
        lat.flip(xs[k], ys[k]);
        stack_.push_back(static_cast<std::uint32_t>(ys[k] * L + xs[k]));
        ++size;
      }
    }
  }
  return size;
}

}  // namespace phaselearn
