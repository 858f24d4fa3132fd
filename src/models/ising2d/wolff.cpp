#include "models/ising2d/wolff.hpp"

#include <cmath>

namespace phaselearn {

Wolff::Wolff(double beta, double J)
    : p_add_(probability_to_fixed(-std::expm1(-2 * beta * J))) {}

std::int64_t Wolff::update(BitLattice& lat, Xoshiro256pp& rng) {
  const int L = lat.L();
  sites_.resize(std::size_t(lat.sites()) + 1);  // + 1: the store past a full cluster
  const auto seed = static_cast<std::uint32_t>(rng.below(std::uint64_t(lat.sites())));
  const int x0 = int(seed % std::uint32_t(L)), y0 = int(seed / std::uint32_t(L));
  const std::uint64_t cluster_up = lat.up(x0, y0);
  lat.flip(x0, y0);
  // Sites in the order they joined: the ones before `next` have been grown from.
  const std::uint32_t* next = sites_.data();
  std::uint32_t* top = sites_.data();
  *top++ = std::uint32_t(y0) << 16 | std::uint32_t(x0);

  std::uint64_t bonds = 0;
  int bonds_left = 0;
  // Adds (x, y) when it is aligned with the cluster and `bond` (0 or 1) is open.
  const auto visit = [&](int x, int y, std::uint64_t bond) {
    std::uint64_t& word = lat.row(y)[x >> 6];
    const int shift = x & 63;
    const std::uint64_t add = (~((word >> shift) ^ cluster_up)) & bond & 1;
    word ^= add << shift;
    *top = std::uint32_t(y) << 16 | std::uint32_t(x);
    top += add;
  };
  while (next != top) {
    const std::uint32_t site = *next++;
    const int x = int(site & 0xFFFF), y = int(site >> 16);
    if (bonds_left < 4) bonds = bernoulli_bits(rng, p_add_, ~std::uint64_t{0}), bonds_left = 64;
    visit(x == 0 ? L - 1 : x - 1, y, bonds);
    visit(x == L - 1 ? 0 : x + 1, y, bonds >> 1);
    visit(x, y == 0 ? L - 1 : y - 1, bonds >> 2);
    visit(x, y == L - 1 ? 0 : y + 1, bonds >> 3);
    bonds >>= 4;
    bonds_left -= 4;
  }
  return top - sites_.data();
}

}  // namespace phaselearn
