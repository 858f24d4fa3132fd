#pragma once
// Majority-rule block spins (Kadanoff's block-spin transformation): the periodic
// side x side lattice is cut into n x n blocks of b = side / n sites along each axis, and
// each block becomes one spin, the sign of its sum. A tie (even b) goes to the block's
// first site (top left), so the map stays odd under a global flip (P(x) = P(-x) holds).
//
// Why: a network that sees the raw L x L spins learns a threshold on an |m|-like feature
// at a fixed value m0, and P(|m| > m0) is not a finite-size-scaling function (|m| at Tc
// falls like L^(-1/8)), so its crossing T*(L) does not approach Tc like L^(-1/nu). The
// n x n block spins of a lattice of any size L describe it at the scale of the system
// itself: their distribution depends on T and L through (T - Tc) L^(1/nu) only, up to
// corrections to scaling. One classifier of block-spin configurations applied to every
// size then gives curves P_L(T) = F((T - Tc) L^(1/nu)): crossings at fixed scaling
// variable, T*(L) = Tc + a L^(-1/nu).
#include <cstdint>

#include "ml/shard.hpp"

namespace phaselearn::ml {

// One sample: side * side spins (+1 / -1, row-major [y][x]) -> n * n block spins.
// side must be a positive multiple of n (throws InputError otherwise).
void coarse_grain_sample(const std::int8_t* spins, int side, int n, std::int8_t* out);

// Every sample of the shard; the result has side n.
Shard coarse_grain(const Shard& shard, int n);

}  // namespace phaselearn::ml
