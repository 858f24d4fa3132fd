#pragma once
// Parallel tempering over MPI ranks. Rank r owns the contiguous temperature block
// block_of(T, ranks, r). Each temperature keeps its own random stream and its slab of
// the output; configurations (walkers) move between temperatures — across ranks too —
// when an exchange is accepted.
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/job.hpp"
#include "core/partition.hpp"
#include "core/random.hpp"
#include "parallel/comm.hpp"
#include "sampler/binning.hpp"
#include "sampler/lattice.hpp"
#include "sampler/metropolis.hpp"
#include "sampler/wolff.hpp"

namespace phaselearn {

// A configuration and what travels with it.
struct Walker {
  BitLattice spins;
  std::int32_t id;          // = its starting temperature index
  std::int64_t trip_state;  // 0 none yet, 1 last extreme was the bottom, 2 top, 3 top first
  std::int64_t round_trips;
  std::int64_t bond_sum, spin_sum;  // of `spins`, kept current after every sweep
};

struct ExchangeDiagnostics {
  std::vector<double> acceptance;         // [T-1], pair (t, t+1)
  std::vector<std::int64_t> round_trips;  // [walkers]
  std::vector<double> tau_int_energy, tau_int_abs_m;  // [T], in sweeps
};

// Everything needed to continue a run exactly, for checkpoints. Records are per global
// temperature (random streams, statistics, and the walker sitting there), so a run can
// resume on another number of ranks.
struct ReplicaExchangeState {
  std::int64_t sweeps = 0, exchange_steps = 0;
  std::vector<std::int64_t> attempts, accepts;  // [T-1], every pair
  std::vector<std::uint64_t> records;           // [this rank's temperatures][record_words]
};

class ReplicaExchange {
 public:
  ReplicaExchange(const Job& job, const parallel::Comm& comm);

  Block temperatures() const { return block_; }
  const Walker& walker(int local) const { return walkers_[local]; }
  std::int64_t sweeps_done() const { return sweeps_; }
  std::int64_t total_sweeps() const;

  // Equilibration, then production, from wherever the run stands (a restored state
  // continues). `on_sample(s)` runs when stored sample s is ready; `on_sweep` after
  // every sweep, and returning false from it stops the run there, settled. Inside
  // on_sweep, walker() may show a cross-rank exchange still open: read walkers in
  // on_sample, or after save() or run().
  void run(const std::function<void(std::int64_t)>& on_sample,
           const std::function<bool(std::int64_t)>& on_sweep);
  bool finished() const { return sweeps_ == total_sweeps(); }
  // Whether local temperature `local` now replaces its Wolff clusters by global flips.
  bool global_flips(int local) const {
    return sweeps_ >= adaptation_sweeps() && flips_globally(slots_[std::size_t(local)]);
  }

  std::size_t record_words() const;
  ReplicaExchangeState save();  // collective; settles an open exchange first
  void restore(const ReplicaExchangeState& state);
  ExchangeDiagnostics diagnostics() const;  // collective; after run() or step()

  // One sweep of every local temperature (Metropolis, then Wolff clusters or, deep in the
  // ordered phase, a global flip), and an exchange attempt when one is due, settled
  // before it returns. Production sweeps are measured. Public for tests.
  void step(bool production) {
    sweep(production);
    settle();
  }

 private:
  struct Slot {
    double beta;
    Metropolis metropolis;
    Wolff wolff;
    Xoshiro256ppX4 metropolis_rng;
    Xoshiro256pp wolff_rng;
    BinningAccumulator energy, abs_m;  // per-sweep series, for tau_int
    // Wolff clusters per sweep: adapted in the first half of equilibration so that
    // clusters flip about wolff_sweeps * L^2 spins per sweep, then fixed, so the rest is
    // a fixed update. At most max_clusters_per_sweep(): far above Tc clusters are tiny
    // and Metropolis suffices. Where the mean cluster was more than global_flip_fraction
    // of the lattice, a global spin flip replaces the clusters (flips_globally()).
    std::int64_t clusters;
    double cluster_spins = 0, cluster_count = 0;  // over the adaptation sweeps
  };
  static constexpr double global_flip_fraction = 0.75;
  // A neighbour pair (t, t+1) whose temperatures sit on two ranks.
  struct Boundary {
    std::int64_t pair;  // t
    int peer;
    int local;  // which local walker takes part
    bool lower_is_local;
  };
  // The cross-rank half of an exchange step: walkers sent, replies awaited.
  struct Crossing {
    std::vector<Boundary> boundaries;
    std::vector<std::vector<std::uint64_t>> sent, received;
    std::int64_t exchange_step;
    parallel::Comm::Transfers transfers;  // last: destroyed (waited for) before the buffers
    bool involves(std::size_t local) const;
  };
  // step() without the settle: a cross-rank exchange may stay open into the next sweep.
  void sweep(bool production);
  void update(std::size_t local, bool production);
  std::vector<Boundary> boundary_pairs() const;  // those of the next exchange
  Crossing start_crossing(std::vector<Boundary> boundaries, bool production);
  void exchange_within_rank();
  void settle();  // completes the open crossing, if any
  void update_round_trips();
  std::int64_t adaptation_sweeps() const;
  bool flips_globally(const Slot& slot) const;
  std::int64_t max_clusters_per_sweep() const;
  std::vector<std::uint64_t> pack(const Walker& w) const;
  void unpack(const std::vector<std::uint64_t>& buffer, Walker& w) const;
  double total_energy(const Walker& w) const { return -job_.model.J * double(w.bond_sum); }
  bool accept_pair(std::int64_t t, std::int64_t exchange_step, const Walker& lower,
                   const Walker& upper) const;

  const Job& job_;
  const parallel::Comm& comm_;
  int T_;
  Block block_;
  std::vector<Slot> slots_;
  std::vector<Walker> walkers_;
  std::int64_t sweeps_ = 0, exchange_steps_ = 0;
  std::vector<std::int64_t> attempts_, accepts_;  // [T-1], pairs whose lower side is local
  std::optional<Crossing> open_;
};

}  // namespace phaselearn
