#include "models/ising2d/ising2d.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace phaselearn::models {

Ising2d::Config Ising2d::initial(const LatticeSettings& lattice, const MoveSettings& moves,
                                 std::uint64_t seed, std::int64_t t) {
  Config c{BitLattice(lattice.L)};
  if (moves.ordered_start) {
    c.spins.set_all(true);
  } else {
    Xoshiro256pp init(seed, std::uint64_t(t), Purpose::initial_spins);
    for (auto& word : c.spins.words()) word = init();
    for (int y = 0; y < lattice.L; ++y)
      for (int k = 0; k < c.spins.words_per_row(); ++k) c.spins.row(y)[k] &= c.spins.valid(k);
  }
  c.bond_sum = c.spins.bond_sum();
  c.spin_sum = c.spins.spin_sum();
  return c;
}

Ising2d::Moves::Moves(const LatticeSettings& lattice, const MoveSettings& moves, double beta,
                      std::uint64_t seed, std::int64_t t)
    : sites_(double(lattice.sites())),
      metropolis_sweeps_(moves.metropolis_sweeps),
      wolff_sweeps_(moves.wolff_sweeps),
      metropolis_(beta, lattice.J),
      wolff_(beta, lattice.J),
      metropolis_rng_(seed, std::uint64_t(t), Purpose::sweep),
      wolff_rng_(seed, std::uint64_t(t), Purpose::sweep),
      clusters_(moves.wolff_sweeps > 0 ? 1 : 0) {}

void Ising2d::Moves::sweep(Config& c, bool adapting) {
  for (int k = 0; k < metropolis_sweeps_; ++k) metropolis_.sweep(c.spins, metropolis_rng_);
  if (!adapting && flips_globally()) {
    if (wolff_rng_() >> 63) c.spins.flip_all();
  } else {
    for (std::int64_t k = 0; k < clusters_; ++k) {
      const auto size = wolff_.update(c.spins, wolff_rng_);
      if (adapting) cluster_spins_ += double(size), cluster_count_ += 1;
    }
    if (adapting && clusters_ > 0) {
      const double wanted = wolff_sweeps_ * sites_ * cluster_count_ / cluster_spins_;
      clusters_ = std::clamp<std::int64_t>(std::llround(wanted), 1, max_clusters());
    }
  }
  c.bond_sum = c.spins.bond_sum();
  c.spin_sum = c.spins.spin_sum();
}

bool Ising2d::Moves::flips_globally() const {
  // Deep in the ordered phase the cluster is almost the whole lattice, and flipping it
  // is almost a global spin flip, at the price of ~L^2 flipped spins (tens of Metropolis
  // sweeps), while Metropolis alone decorrelates the rest in a few sweeps. There the
  // global flip itself is used: an exact Z2 move (energy unchanged), made with
  // probability 1/2. Never without Metropolis: a global flip alone is not ergodic.
  return metropolis_sweeps_ > 0 && cluster_count_ > 0 &&
         cluster_spins_ > global_flip_fraction * sites_ * cluster_count_;
}

std::int64_t Ising2d::Moves::max_clusters() const {
  // Far above Tc clusters are a few spins and Metropolis decorrelates in a few sweeps:
  // flipping L^2 spins one tiny cluster at a time would cost hundreds of Metropolis
  // sweeps and do nothing useful. With Metropolis present, cap the cluster count.
  if (metropolis_sweeps_ == 0) return std::numeric_limits<std::int64_t>::max();
  return std::max<std::int64_t>(1, std::llround(std::ceil(8 * wolff_sweeps_)));
}

}  // namespace phaselearn::models
