#pragma once
// Wolff single-cluster update: grow a cluster of aligned spins from a random seed,
// adding each aligned neighbour with p = 1 - exp(-2 beta J), and flip it. Near Tc its
// decorrelation time barely grows with L, where Metropolis' grows like L^2.17.
#include <cstdint>
#include <vector>

#include "core/random.hpp"
#include "sampler/lattice.hpp"

namespace phaselearn {

class Wolff {
 public:
  Wolff(double beta, double J);
  // Grows and flips one cluster; returns its size.
  std::int64_t update(BitLattice& lattice, Xoshiro256pp& rng);

 private:
  std::uint64_t p_add_;  // 1 - exp(-2 beta J) as a 64-bit fixed-point fraction
  std::vector<std::uint32_t> stack_;  // scratch, reused between clusters
};

}  // namespace phaselearn
