#pragma once
// Parallel tempering over any Model (models/model.hpp). The ladder's temperatures are
// split over ranks: rank r owns the contiguous block block_of(T, ranks, r). Each
// temperature keeps its own moves, random streams and slab of the output;
// configurations (walkers) move between temperatures — across ranks too, through
// tempering::Ranks — when an exchange is accepted. Physics and bookkeeping are serial:
// with SingleRank no MPI is involved.
#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/partition.hpp"
#include "core/random.hpp"
#include "core/record.hpp"
#include "models/model.hpp"
#include "tempering/binning.hpp"
#include "tempering/exchange.hpp"
#include "tempering/ladder_settings.hpp"
#include "tempering/ranks.hpp"
#include "tempering/sampling_warnings.hpp"

namespace phaselearn::tempering {

// A configuration and what travels with it.
template <models::Model M>
struct Walker {
  typename M::Config config;
  std::int32_t id = 0;          // = its starting temperature index
  std::int64_t trip_state = 0;  // 0 none yet, 1 last extreme was the bottom, 2 top, 3 top first
  std::int64_t round_trips = 0;
  template <class Fields>
  void fields(Fields& f) {
    f(id);
    f(trip_state);
    f(round_trips);
    f(config);
  }
};

// Everything needed to continue a run exactly, for checkpoints. Records are per global
// temperature (moves, random streams, statistics, and the walker sitting there), so a run
// can resume on another number of ranks.
struct ReplicaExchangeState {
  std::int64_t sweeps = 0, exchange_steps = 0;
  std::vector<std::int64_t> attempts, accepts;  // [T-1], every pair
  std::vector<std::uint64_t> records;           // [this rank's temperatures][record_words]
};

template <models::Model M>
class ReplicaExchange {
 public:
  static constexpr std::size_t tracked = M::tracked.size();

  ReplicaExchange(LadderSettings settings, const Ranks& ranks);

  Block temperatures() const { return block_; }
  const Walker<M>& walker(int local) const { return walkers_[std::size_t(local)]; }
  const typename M::Moves& moves(int local) const { return slots_[std::size_t(local)].moves; }
  const LadderSettings& settings() const { return s_; }
  std::int64_t sweeps_done() const { return sweeps_; }
  std::int64_t total_sweeps() const { return s_.total_sweeps(); }

  // Equilibration, then production, from wherever the run stands (a restored state
  // continues). `on_sample(s)` runs when stored sample s is ready; `on_sweep` after
  // every sweep, and returning false from it stops the run there, settled. Inside
  // on_sweep, walker() may show a cross-rank exchange still open: read walkers in
  // on_sample, or after save() or run().
  void run(const std::function<void(std::int64_t)>& on_sample,
           const std::function<bool(std::int64_t)>& on_sweep);
  bool finished() const { return sweeps_ == total_sweeps(); }

  std::size_t record_words() const { return record_words_; }
  ReplicaExchangeState save();  // collective; settles an open exchange first
  void restore(const ReplicaExchangeState& state);
  ExchangeDiagnostics diagnostics() const;  // collective; after run() or step()

  // One sweep of every local temperature and an exchange attempt when one is due,
  // settled before it returns. Production sweeps are measured. Public for tests.
  void step(bool production) {
    sweep(production);
    settle();
  }

 private:
  struct Slot {
    double beta;
    typename M::Moves moves;
    std::array<BinningAccumulator, tracked> series;  // per-sweep M::track(), for tau_int
    template <class Fields>
    void fields(Fields& f) {
      f(moves);
      for (auto& s : series) f(s);
    }
  };
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
    std::unique_ptr<Ranks::Pending> transfers;  // last: destroyed (waited for) before the buffers
    bool involves(std::size_t local) const {
      return std::any_of(boundaries.begin(), boundaries.end(),
                         [&](const Boundary& bd) { return std::size_t(bd.local) == local; });
    }
    void progress() {
      if (transfers) transfers->progress();
    }
  };
  // step() without the settle: a cross-rank exchange may stay open into the next sweep.
  void sweep(bool production);
  void update(std::size_t local, bool production);
  std::vector<Boundary> boundary_pairs() const;  // those of the next exchange
  Crossing start_crossing(std::vector<Boundary> boundaries, bool production);
  void exchange_within_rank();
  void settle();  // completes the open crossing, if any
  void update_round_trips();
  static std::vector<std::uint64_t> pack(Walker<M>& w) {
    std::vector<std::uint64_t> words;
    RecordWriter f(words);
    w.fields(f);
    return words;
  }
  static void unpack(const std::vector<std::uint64_t>& words, Walker<M>& w) {
    RecordReader f(words.data(), words.data() + words.size());
    w.fields(f);
  }
  double total_energy(const Walker<M>& w) const {
    return M::total_energy(s_.lattice, w.config);
  }
  bool accept_pair(std::int64_t t, std::int64_t exchange_step, const Walker<M>& lower,
                   const Walker<M>& upper) const;

  LadderSettings s_;
  const Ranks& ranks_;
  int T_;
  Block block_;
  std::vector<Slot> slots_;
  std::vector<Walker<M>> walkers_;
  std::size_t record_words_ = 0;
  std::int64_t sweeps_ = 0, exchange_steps_ = 0;
  std::vector<std::int64_t> attempts_, accepts_;  // [T-1], pairs whose lower side is local
  std::optional<Crossing> open_;
};

template <models::Model M>
ReplicaExchange<M>::ReplicaExchange(LadderSettings settings, const Ranks& ranks)
    : s_(std::move(settings)),
      ranks_(ranks),
      T_(static_cast<int>(s_.temperatures.size())),
      block_(block_of(T_, ranks.size(), ranks.rank())),
      attempts_(std::size_t(std::max(T_ - 1, 0)), 0),
      accepts_(std::size_t(std::max(T_ - 1, 0)), 0) {
  if (ranks.size() > T_)
    throw InputError("more MPI ranks (" + std::to_string(ranks.size()) + ") than temperatures (" +
                     std::to_string(T_) + "): each rank needs at least one temperature");
  for (std::int64_t t = block_.begin; t < block_.end; ++t) {
    const double beta = 1.0 / s_.temperatures[std::size_t(t)];
    slots_.push_back({beta, typename M::Moves(s_.lattice, s_.moves, beta, s_.seed, t), {}});
    walkers_.push_back({M::initial(s_.lattice, s_.moves, s_.seed, t), std::int32_t(t)});
  }
  std::vector<std::uint64_t> record;
  RecordWriter f(record);
  slots_.front().fields(f);
  walkers_.front().fields(f);
  record_words_ = record.size();
  update_round_trips();
}

template <models::Model M>
void ReplicaExchange<M>::sweep(bool production) {
  const int every = s_.exchange_every;
  const bool exchanging = every > 0 && (sweeps_ + 1) % every == 0;
  std::vector<Boundary> boundaries = exchanging ? boundary_pairs() : std::vector<Boundary>{};
  // A walker that crosses again before its last crossing settled (a rank with a single
  // temperature): settle first.
  if (open_ && std::any_of(boundaries.begin(), boundaries.end(), [&](const Boundary& bd) {
        return open_->involves(std::size_t(bd.local));
      }))
    settle();
  // Order of updates: the walkers that may cross to a neighbouring rank now, sent at
  // once; the others; last the walkers whose crossing of the previous sweep is still
  // open, settled just before. A neighbour may so fall nearly two sweeps behind before
  // anyone waits. Each temperature has its own random streams: the order changes nothing.
  std::optional<Crossing> now;
  if (!boundaries.empty()) now.emplace(start_crossing(std::move(boundaries), production));
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if ((now && now->involves(i)) || (open_ && open_->involves(i))) continue;
    update(i, production);
    if (now) now->progress();
    if (open_) open_->progress();
  }
  if (open_) {
    std::vector<std::size_t> waiting;
    for (const auto& bd : open_->boundaries) waiting.push_back(std::size_t(bd.local));
    settle();
    for (std::size_t i : waiting) update(i, production);
  }
  ++sweeps_;
  if (!exchanging) return;
  exchange_within_rank();
  ++exchange_steps_;
  if (now)
    open_.emplace(std::move(*now));
  else
    update_round_trips();
}

template <models::Model M>
typename ReplicaExchange<M>::Crossing ReplicaExchange<M>::start_crossing(
    std::vector<Boundary> boundaries, bool production) {
  Crossing c{std::move(boundaries), {}, {}, exchange_steps_, {}};
  std::vector<Ranks::Swap> swaps;
  for (const auto& bd : c.boundaries) {
    update(std::size_t(bd.local), production);
    c.sent.push_back(pack(walkers_[std::size_t(bd.local)]));
    c.received.emplace_back(c.sent.back().size());
    // Moving `c` later moves these vectors, never their heap buffers that MPI holds.
    swaps.push_back({bd.peer, c.sent.back().data(), c.received.back().data(),
                     c.sent.back().size() * sizeof(std::uint64_t)});
  }
  c.transfers = ranks_.start_swaps(swaps);
  return c;
}

template <models::Model M>
void ReplicaExchange<M>::update(std::size_t i, bool production) {
  const bool adapting = sweeps_ < s_.adaptation_sweeps();  // sweeps_ counts on after the sweep
  Slot& slot = slots_[i];
  Walker<M>& w = walkers_[i];
  slot.moves.sweep(w.config, adapting);
  if (production) {
    const auto values = M::track(s_.lattice, w.config);
    for (std::size_t k = 0; k < tracked; ++k) slot.series[k].add(values[k]);
  }
}

template <models::Model M>
void ReplicaExchange<M>::run(const std::function<void(std::int64_t)>& on_sample,
                             const std::function<bool(std::int64_t)>& on_sweep) {
  const std::int64_t equilibration = s_.equilibration_sweeps;
  const std::int64_t k = s_.sweeps_between_samples;
  while (sweeps_ < total_sweeps()) {
    sweep(sweeps_ >= equilibration);
    const std::int64_t production = sweeps_ - equilibration;
    if (production > 0 && production % k == 0) {
      settle();  // a stored sample is the walker after the whole exchange step
      on_sample(production / k - 1);
    }
    if (!on_sweep(sweeps_)) break;
  }
  settle();
}

template <models::Model M>
ReplicaExchangeState ReplicaExchange<M>::save() {
  settle();
  ReplicaExchangeState s{sweeps_, exchange_steps_, attempts_, accepts_, {}};
  ranks_.sum(s.attempts.data(), s.attempts.size());
  ranks_.sum(s.accepts.data(), s.accepts.size());
  RecordWriter f(s.records);
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    slots_[i].fields(f);
    walkers_[i].fields(f);
  }
  return s;
}

template <models::Model M>
void ReplicaExchange<M>::restore(const ReplicaExchangeState& s) {
  if (s.records.size() != slots_.size() * record_words_ ||
      s.attempts.size() != attempts_.size() || s.accepts.size() != accepts_.size())
    throw FormatError("checkpoint state has " + std::to_string(s.records.size()) +
                      " record words and " + std::to_string(s.attempts.size()) +
                      " exchange pairs, this ladder expects " +
                      std::to_string(slots_.size() * record_words_) + " and " +
                      std::to_string(attempts_.size()) + "; it cannot be trusted");
  sweeps_ = s.sweeps;
  exchange_steps_ = s.exchange_steps;
  // Each pair is counted by the rank that owns its lower temperature.
  for (std::size_t p = 0; p < attempts_.size(); ++p) {
    const bool mine = std::int64_t(p) >= block_.begin && std::int64_t(p) < block_.end;
    attempts_[p] = mine ? s.attempts[p] : 0;
    accepts_[p] = mine ? s.accepts[p] : 0;
  }
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const std::uint64_t* r = s.records.data() + i * record_words_;
    RecordReader f(r, r + record_words_);
    slots_[i].fields(f);
    walkers_[i].fields(f);
  }
}

template <models::Model M>
bool ReplicaExchange<M>::accept_pair(std::int64_t t, std::int64_t exchange_step,
                                     const Walker<M>& lower, const Walker<M>& upper) const {
  // A pure function of (seed, pair, step) and the two energies: both ranks of a pair
  // that straddles a boundary reach the same decision without another message.
  const double u = keyed_uniform(s_.seed, Purpose::exchange, std::uint64_t(t),
                                 std::uint64_t(exchange_step));
  return exchange_accepted(1.0 / s_.temperatures[std::size_t(t)],
                           1.0 / s_.temperatures[std::size_t(t + 1)], total_energy(lower),
                           total_energy(upper), u);
}

template <models::Model M>
std::vector<typename ReplicaExchange<M>::Boundary> ReplicaExchange<M>::boundary_pairs() const {
  const std::int64_t parity = exchange_steps_ % 2;
  const std::int64_t b = block_.begin, e = block_.end;
  std::vector<Boundary> boundaries;
  if (b > 0 && (b - 1) % 2 == parity) boundaries.push_back({b - 1, ranks_.rank() - 1, 0, false});
  if (e < T_ && (e - 1) % 2 == parity)
    boundaries.push_back({e - 1, ranks_.rank() + 1, int(e - 1 - b), true});
  return boundaries;
}

template <models::Model M>
void ReplicaExchange<M>::exchange_within_rank() {
  const std::int64_t parity = exchange_steps_ % 2;
  const std::int64_t b = block_.begin, e = block_.end;
  for (std::int64_t t = b + ((b % 2 == parity) ? 0 : 1); t + 1 < e; t += 2) {
    Walker<M>& lower = walkers_[std::size_t(t - b)];
    Walker<M>& upper = walkers_[std::size_t(t + 1 - b)];
    ++attempts_[std::size_t(t)];
    if (accept_pair(t, exchange_steps_, lower, upper)) {
      ++accepts_[std::size_t(t)];
      std::swap(lower, upper);
    }
  }
}

template <models::Model M>
void ReplicaExchange<M>::settle() {
  // Both sides of a pair that straddles a rank boundary have swapped their walkers, and
  // each keeps the one it received if the move is accepted: the decision is a function
  // of (seed, pair, step) and the two energies, the same on both ranks.
  if (!open_) return;
  Crossing& c = *open_;
  if (c.transfers) c.transfers->wait();
  for (std::size_t i = 0; i < c.boundaries.size(); ++i) {
    const auto& bd = c.boundaries[i];
    Walker<M>& mine = walkers_[std::size_t(bd.local)];
    Walker<M> other = mine;  // the same shape, overwritten by the received record
    unpack(c.received[i], other);
    const bool accepted = bd.lower_is_local
                              ? accept_pair(bd.pair, c.exchange_step, mine, other)
                              : accept_pair(bd.pair, c.exchange_step, other, mine);
    if (bd.lower_is_local) {
      ++attempts_[std::size_t(bd.pair)];
      if (accepted) ++accepts_[std::size_t(bd.pair)];
    }
    if (accepted) mine = std::move(other);
  }
  open_.reset();
  update_round_trips();  // of the exchange step just completed
}

template <models::Model M>
void ReplicaExchange<M>::update_round_trips() {
  if (T_ < 2) return;
  if (block_.begin == 0) {
    Walker<M>& w = walkers_.front();
    if (w.trip_state == 2) ++w.round_trips;
    w.trip_state = 1;
  }
  if (block_.end == T_) {
    Walker<M>& w = walkers_.back();
    if (w.trip_state == 1) w.trip_state = 2;
    if (w.trip_state == 0) w.trip_state = 3;
  }
}

template <models::Model M>
ExchangeDiagnostics ReplicaExchange<M>::diagnostics() const {
  ExchangeDiagnostics d;
  std::vector<std::int64_t> counts(2 * attempts_.size());
  std::copy(attempts_.begin(), attempts_.end(), counts.begin());
  std::copy(accepts_.begin(), accepts_.end(), counts.begin() + std::ptrdiff_t(attempts_.size()));
  ranks_.sum(counts.data(), counts.size());
  for (std::size_t p = 0; p < attempts_.size(); ++p)
    d.acceptance.push_back(counts[p] ? double(counts[attempts_.size() + p]) / double(counts[p])
                                     : 0.0);
  d.round_trips.assign(std::size_t(T_), 0);
  for (const auto& w : walkers_) d.round_trips[std::size_t(w.id)] = w.round_trips;
  ranks_.sum(d.round_trips.data(), d.round_trips.size());
  for (std::size_t k = 0; k < tracked; ++k) {
    std::vector<double> tau(std::size_t(T_), 0.0), plateau(std::size_t(T_), 0.0);
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      tau[std::size_t(block_.begin) + i] = slots_[i].series[k].tau_int();
      plateau[std::size_t(block_.begin) + i] = slots_[i].series[k].tau_plateau() ? 1 : 0;
    }
    ranks_.sum(tau.data(), tau.size());
    ranks_.sum(plateau.data(), plateau.size());
    d.tau_int.push_back(std::move(tau));
    d.tau_plateau.emplace_back(plateau.begin(), plateau.end());
  }
  return d;
}

}  // namespace phaselearn::tempering
