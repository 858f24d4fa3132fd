#pragma once
// Wolff single-cluster update: grow a cluster of aligned spins from a random seed,
// adding each aligned neighbour with p = 1 - exp(-2 beta J), and flip it. Near Tc its
// decorrelation time barely grows with L, where Metropolis' grows like L^2.17.
//
// The growth loop has no data-dependent branch: a site is flipped when it joins (so it
// no longer matches the cluster's sign and needs no visited set), and every neighbour
// test uses the next bit of a 64-bit mask of independent Bernoulli(p) bonds, drawn
// exactly as in Metropolis (bit-serial comparison with the fixed-point p, ~8 random
// words per 64 bonds). An aligned neighbour whose bond is open is flipped and appended
// to the cluster's site list; the store is unconditional, the list grows by 0 or 1.
#include <cstdint>
#include <vector>

#include "core/random.hpp"
#include "models/ising2d/bit_lattice.hpp"

namespace phaselearn {

class Wolff {
 public:
  Wolff(double beta, double J);
  // Grows and flips one cluster; returns its size.
  std::int64_t update(BitLattice& lattice, Xoshiro256pp& rng);

 private:
  std::uint64_t p_add_;  // 1 - exp(-2 beta J) as a 64-bit fixed-point fraction
  std::vector<std::uint32_t> sites_;  // scratch: the cluster, y << 16 | x, L^2 (+ 1)
};

}  // namespace phaselearn
