#pragma once
// Checkerboard Metropolis on a BitLattice, 64 sites a word.
//
// Flipping site i costs dE = 2 J s_i sum_nb s_j = 4 J (a - 2), a = number of aligned
// neighbours. a <= 2 always flips; a = 3 flips with p = exp(-4 beta J); a = 4 with p^2,
// drawn as two independent Bernoulli(p) bits. Each Bernoulli(p) mask compares 64
// uniform numbers with p bit by bit, most significant first, and stops once every lane
// in question is decided: exact to the 2^-64 of the fixed-point p, and it needs only
// ~log2(lanes) + 2 random words per word of spins. Four words (rows of one sublattice
// are independent within a half-sweep) go through 256-bit vector operations at once,
// each with its own xoshiro256++ stream.
#include <cstdint>

#include "core/random.hpp"
#include "models/ising2d/bit_lattice.hpp"

namespace phaselearn {

class Metropolis {
 public:
  Metropolis(double beta, double J);
  void sweep(BitLattice& lattice, Xoshiro256ppX4& rng) const;  // both sublattices

 private:
  void half_sweep(BitLattice& lattice, Xoshiro256ppX4& rng, int parity) const;
  std::uint64_t p_;  // exp(-4 beta J) as a 64-bit fixed-point fraction
};

}  // namespace phaselearn
