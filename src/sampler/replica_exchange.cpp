#include "sampler/replica_exchange.hpp"

#include <bit>
#include <cmath>
#include <limits>
#include <algorithm>

#include "core/errors.hpp"
#include "sampler/exchange.hpp"

namespace phaselearn {

ReplicaExchange::ReplicaExchange(const Job& job, const parallel::Comm& comm)
    : job_(job),
      comm_(comm),
      T_(static_cast<int>(job.temperatures.size())),
      block_(block_of(T_, comm.size(), comm.rank())),
      attempts_(std::max(T_ - 1, 0), 0),
      accepts_(std::max(T_ - 1, 0), 0) {
  if (comm.size() > T_)
    throw InputError("more MPI ranks (" + std::to_string(comm.size()) + ") than temperatures (" +
                     std::to_string(T_) + "): each rank needs at least one temperature");
  const int L = job.model.L;
  for (std::int64_t t = block_.begin; t < block_.end; ++t) {
    const double beta = 1.0 / job.temperatures[t];
    slots_.push_back({beta, Metropolis(beta, job.model.J), Wolff(beta, job.model.J),
                      Xoshiro256ppX4(job.run.seed, t, Purpose::sweep),
                      Xoshiro256pp(job.run.seed, t, Purpose::sweep), {}, {},
                      job.sampler.wolff_sweeps > 0 ? 1 : 0});
    Walker w{BitLattice(L), static_cast<std::int32_t>(t), 0, 0, 0, 0};
    if (job.sampler.ordered_start) {
      w.spins.set_all(true);
    } else {
      Xoshiro256pp init(job.run.seed, t, Purpose::initial_spins);
      for (auto& word : w.spins.words()) word = init();
      for (int y = 0; y < L; ++y)
        for (int k = 0; k < w.spins.words_per_row(); ++k) w.spins.row(y)[k] &= w.spins.valid(k);
    }
    w.bond_sum = w.spins.bond_sum();
    w.spin_sum = w.spins.spin_sum();
    walkers_.push_back(std::move(w));
  }
  update_round_trips();
}

std::int64_t ReplicaExchange::total_sweeps() const {
  const auto& s = job_.sampler;
  return s.equilibration_sweeps + s.samples * s.sweeps_between_samples;
}

void ReplicaExchange::sweep(bool production) {
  const int every = job_.sampler.exchange_every;
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
    if (now) now->transfers.progress();
    if (open_) open_->transfers.progress();
  }
  if (open_) {
    const Crossing& last = *open_;
    std::vector<std::size_t> waiting;
    for (const auto& bd : last.boundaries) waiting.push_back(std::size_t(bd.local));
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

bool ReplicaExchange::Crossing::involves(std::size_t local) const {
  return std::any_of(boundaries.begin(), boundaries.end(),
                     [&](const Boundary& bd) { return std::size_t(bd.local) == local; });
}

ReplicaExchange::Crossing ReplicaExchange::start_crossing(std::vector<Boundary> boundaries,
                                                          bool production) {
  Crossing c{std::move(boundaries), {}, {}, exchange_steps_, {}};
  std::vector<parallel::Comm::ByteSwap> swaps;
  for (const auto& bd : c.boundaries) {
    update(std::size_t(bd.local), production);
    c.sent.push_back(pack(walkers_[bd.local]));
    c.received.emplace_back(c.sent.back().size());
    // Moving `c` later moves these vectors, never their heap buffers that MPI holds.
    swaps.push_back({bd.peer, c.sent.back().data(), c.received.back().data(),
                     c.sent.back().size() * sizeof(std::uint64_t)});
  }
  c.transfers = comm_.start_swaps(swaps);
  return c;
}

void ReplicaExchange::update(std::size_t i, bool production) {
  const bool adapting = sweeps_ < adaptation_sweeps();  // sweeps_ counts on after the sweep
  const double n = static_cast<double>(std::int64_t{job_.model.L} * job_.model.L);
  Slot& slot = slots_[i];
  Walker& w = walkers_[i];
  for (int k = 0; k < job_.sampler.metropolis_sweeps; ++k)
    slot.metropolis.sweep(w.spins, slot.metropolis_rng);
  if (global_flips(int(i))) {
    if (slot.wolff_rng() >> 63) w.spins.flip_all();
  } else {
    for (std::int64_t k = 0; k < slot.clusters; ++k) {
      const auto size = slot.wolff.update(w.spins, slot.wolff_rng);
      if (adapting) slot.cluster_spins += double(size), slot.cluster_count += 1;
    }
    if (adapting && slot.clusters > 0) {
      const double wanted = job_.sampler.wolff_sweeps * n * slot.cluster_count / slot.cluster_spins;
      slot.clusters = std::clamp<std::int64_t>(std::llround(wanted), 1, max_clusters_per_sweep());
    }
  }
  w.bond_sum = w.spins.bond_sum();
  w.spin_sum = w.spins.spin_sum();
  if (production) {
    slot.energy.add(-job_.model.J * double(w.bond_sum) / n);
    slot.abs_m.add(std::abs(double(w.spin_sum)) / n);
  }
}

std::int64_t ReplicaExchange::adaptation_sweeps() const {
  return job_.sampler.equilibration_sweeps / 2;
}

bool ReplicaExchange::flips_globally(const Slot& slot) const {
  // Deep in the ordered phase the cluster is almost the whole lattice, and flipping it
  // is almost a global spin flip, at the price of ~L^2 flipped spins (tens of Metropolis
  // sweeps), while Metropolis alone decorrelates the rest in a few sweeps. There the
  // global flip itself is used: an exact Z2 move (energy unchanged), made with
  // probability 1/2. Never without Metropolis: a global flip alone is not ergodic.
  const double n = static_cast<double>(std::int64_t{job_.model.L} * job_.model.L);
  return job_.sampler.metropolis_sweeps > 0 && slot.cluster_count > 0 &&
         slot.cluster_spins > global_flip_fraction * n * slot.cluster_count;
}

std::int64_t ReplicaExchange::max_clusters_per_sweep() const {
  // Far above Tc clusters are a few spins and Metropolis decorrelates in a few sweeps:
  // flipping L^2 spins one tiny cluster at a time would cost hundreds of Metropolis
  // sweeps and do nothing useful. With Metropolis present, cap the cluster count.
  const auto& s = job_.sampler;
  if (s.metropolis_sweeps == 0) return std::numeric_limits<std::int64_t>::max();
  return std::max<std::int64_t>(1, std::llround(std::ceil(8 * s.wolff_sweeps)));
}

void ReplicaExchange::run(const std::function<void(std::int64_t)>& on_sample,
                          const std::function<bool(std::int64_t)>& on_sweep) {
  const std::int64_t equilibration = job_.sampler.equilibration_sweeps;
  const std::int64_t k = job_.sampler.sweeps_between_samples;
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

std::size_t ReplicaExchange::record_words() const {
  return 16 + 4 + 3 + 2 * BinningAccumulator::saved_words + 5 +
         walkers_.front().spins.words().size();
}

ReplicaExchangeState ReplicaExchange::save() {
  settle();
  ReplicaExchangeState s{sweeps_, exchange_steps_, attempts_, accepts_, {}};
  comm_.sum(s.attempts.data(), s.attempts.size());
  comm_.sum(s.accepts.data(), s.accepts.size());
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const Slot& slot = slots_[i];
    const Walker& w = walkers_[i];
    const auto rng4 = slot.metropolis_rng.state();
    s.records.insert(s.records.end(), rng4.begin(), rng4.end());
    const auto rng = slot.wolff_rng.state();
    s.records.insert(s.records.end(), rng.begin(), rng.end());
    s.records.push_back(std::uint64_t(slot.clusters));
    s.records.push_back(std::bit_cast<std::uint64_t>(slot.cluster_spins));
    s.records.push_back(std::bit_cast<std::uint64_t>(slot.cluster_count));
    for (const BinningAccumulator* acc : {&slot.energy, &slot.abs_m}) {
      s.records.resize(s.records.size() + BinningAccumulator::saved_words);
      acc->save(&*(s.records.end() - BinningAccumulator::saved_words));
    }
    const auto packed = pack(w);
    s.records.insert(s.records.end(), packed.begin(), packed.end());
  }
  return s;
}

void ReplicaExchange::restore(const ReplicaExchangeState& s) {
  sweeps_ = s.sweeps;
  exchange_steps_ = s.exchange_steps;
  // Each pair is counted by the rank that owns its lower temperature.
  for (std::size_t p = 0; p < attempts_.size(); ++p) {
    const bool mine = std::int64_t(p) >= block_.begin && std::int64_t(p) < block_.end;
    attempts_[p] = mine ? s.attempts[p] : 0;
    accepts_[p] = mine ? s.accepts[p] : 0;
  }
  const std::size_t words = record_words();
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const std::uint64_t* r = s.records.data() + i * words;
    Slot& slot = slots_[i];
    std::array<std::uint64_t, 16> rng4;
    std::copy(r, r + 16, rng4.begin());
    slot.metropolis_rng = Xoshiro256ppX4(rng4);
    Xoshiro256pp::State rng;
    std::copy(r + 16, r + 20, rng.begin());
    slot.wolff_rng = Xoshiro256pp(rng);
    slot.clusters = std::int64_t(r[20]);
    slot.cluster_spins = std::bit_cast<double>(r[21]);
    slot.cluster_count = std::bit_cast<double>(r[22]);
    slot.energy.load(r + 23);
    slot.abs_m.load(r + 23 + BinningAccumulator::saved_words);
    const std::uint64_t* walker = r + 23 + 2 * BinningAccumulator::saved_words;
    unpack(std::vector<std::uint64_t>(walker, r + words), walkers_[i]);
  }
}

bool ReplicaExchange::accept_pair(std::int64_t t, std::int64_t exchange_step,
                                  const Walker& lower, const Walker& upper) const {
  // A pure function of (seed, pair, step) and the two energies: both ranks of a pair
  // that straddles a boundary reach the same decision without another message.
  const double u = keyed_uniform(job_.run.seed, Purpose::exchange, std::uint64_t(t),
                                 std::uint64_t(exchange_step));
  return exchange_accepted(1.0 / job_.temperatures[t], 1.0 / job_.temperatures[t + 1],
                           total_energy(lower), total_energy(upper), u);
}

std::vector<std::uint64_t> ReplicaExchange::pack(const Walker& w) const {
  std::vector<std::uint64_t> buffer = {std::uint64_t(w.id), std::uint64_t(w.trip_state),
                                       std::uint64_t(w.round_trips), std::uint64_t(w.bond_sum),
                                       std::uint64_t(w.spin_sum)};
  buffer.insert(buffer.end(), w.spins.words().begin(), w.spins.words().end());
  return buffer;
}

void ReplicaExchange::unpack(const std::vector<std::uint64_t>& buffer, Walker& w) const {
  w.id = static_cast<std::int32_t>(buffer[0]);
  w.trip_state = static_cast<std::int64_t>(buffer[1]);
  w.round_trips = static_cast<std::int64_t>(buffer[2]);
  w.bond_sum = static_cast<std::int64_t>(buffer[3]);
  w.spin_sum = static_cast<std::int64_t>(buffer[4]);
  std::copy(buffer.begin() + 5, buffer.end(), w.spins.words().begin());
}

std::vector<ReplicaExchange::Boundary> ReplicaExchange::boundary_pairs() const {
  const std::int64_t parity = exchange_steps_ % 2;
  const std::int64_t b = block_.begin, e = block_.end;
  std::vector<Boundary> boundaries;
  if (b > 0 && (b - 1) % 2 == parity) boundaries.push_back({b - 1, comm_.rank() - 1, 0, false});
  if (e < T_ && (e - 1) % 2 == parity)
    boundaries.push_back({e - 1, comm_.rank() + 1, int(e - 1 - b), true});
  return boundaries;
}

void ReplicaExchange::exchange_within_rank() {
  const std::int64_t parity = exchange_steps_ % 2;
  const std::int64_t b = block_.begin, e = block_.end;
  for (std::int64_t t = b + ((b % 2 == parity) ? 0 : 1); t + 1 < e; t += 2) {
    Walker& lower = walkers_[t - b];
    Walker& upper = walkers_[t + 1 - b];
    ++attempts_[t];
    if (accept_pair(t, exchange_steps_, lower, upper)) {
      ++accepts_[t];
      std::swap(lower, upper);
    }
  }
}

void ReplicaExchange::settle() {
  // Both sides of a pair that straddles a rank boundary have swapped their walkers, and
  // each keeps the one it received if the move is accepted: the decision is a function
  // of (seed, pair, step) and the two energies, the same on both ranks.
  if (!open_) return;
  Crossing& c = *open_;
  c.transfers.wait();
  for (std::size_t i = 0; i < c.boundaries.size(); ++i) {
    const auto& bd = c.boundaries[i];
    Walker other{BitLattice(job_.model.L), 0, 0, 0, 0, 0};
    unpack(c.received[i], other);
    Walker& mine = walkers_[bd.local];
    const bool accepted = bd.lower_is_local
                              ? accept_pair(bd.pair, c.exchange_step, mine, other)
                              : accept_pair(bd.pair, c.exchange_step, other, mine);
    if (bd.lower_is_local) {
      ++attempts_[bd.pair];
      if (accepted) ++accepts_[bd.pair];
    }
    if (accepted) mine = std::move(other);
  }
  open_.reset();
  update_round_trips();  // of the exchange step just completed
}

void ReplicaExchange::update_round_trips() {
  if (T_ < 2) return;
  if (block_.begin == 0) {
    Walker& w = walkers_.front();
    if (w.trip_state == 2) ++w.round_trips;
    w.trip_state = 1;
  }
  if (block_.end == T_) {
    Walker& w = walkers_.back();
    if (w.trip_state == 1) w.trip_state = 2;
    if (w.trip_state == 0) w.trip_state = 3;
  }
}

ExchangeDiagnostics ReplicaExchange::diagnostics() const {
  ExchangeDiagnostics d;
  std::vector<std::int64_t> counts(2 * attempts_.size());
  std::copy(attempts_.begin(), attempts_.end(), counts.begin());
  std::copy(accepts_.begin(), accepts_.end(), counts.begin() + attempts_.size());
  comm_.sum(counts.data(), counts.size());
  for (std::size_t p = 0; p < attempts_.size(); ++p)
    d.acceptance.push_back(counts[p] ? double(counts[attempts_.size() + p]) / double(counts[p])
                                     : 0.0);
  d.round_trips.assign(T_, 0);
  for (const auto& w : walkers_) d.round_trips[w.id] = w.round_trips;
  comm_.sum(d.round_trips.data(), d.round_trips.size());
  d.tau_int_energy.assign(T_, 0.0);
  d.tau_int_abs_m.assign(T_, 0.0);
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    d.tau_int_energy[block_.begin + i] = slots_[i].energy.tau_int();
    d.tau_int_abs_m[block_.begin + i] = slots_[i].abs_m.tau_int();
  }
  comm_.sum(d.tau_int_energy.data(), T_);
  comm_.sum(d.tau_int_abs_m.data(), T_);
  return d;
}

}  // namespace phaselearn
