#pragma once
// What a spin model provides to the sampler, the run file and the stages after it.
// A model is one folder (src/models/<name>/) with one type M satisfying `Model`:
//
//   M::name, M::file_encoding     "ising2d"; how /spins encodes a site (an attribute)
//   M::Config                     a configuration and what it caches (e.g. its energy);
//                                 fields(f) lists its state (record.hpp): it is packed
//                                 with it for exchanges across ranks and for checkpoints,
//                                 and always packs to the same number of words for a given L
//   M::FileSpin                   the element type of /spins (int8_t, float)
//   M::observables()              what each stored sample records, in record order
//                                 (constexpr: the record's length is a compile-time constant)
//   M::tracked                    names of the per-sweep scalars whose tau_int is reported
//   M::Moves                      one temperature's moves, random streams and adapted
//                                 parameters; sweep(config, adapting) is one sweep of the
//                                 job's move mix; fields(f) for checkpoints
//   M::initial / total_energy / measure / track / write_spins   (see the concept)
//
// Random streams are keyed by (seed, temperature index, purpose) only. Adaptive choices
// (a Metropolis step, a cluster count) are made while `adapting` (the first half of
// equilibration) from the job and seed only, then fixed.
#include <array>
#include <concepts>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/record.hpp"

namespace phaselearn::models {

// The lattice every model lives on (model.L, model.J): L x L, periodic, H includes J.
struct LatticeSettings {
  int L;
  double J;
  std::int64_t sites() const { return std::int64_t{L} * L; }
};

// The move mix of one sweep, from the [sampler] section. A model reads the keys it has
// moves for; job validation refuses the others by name.
struct MoveSettings {
  int metropolis_sweeps;      // checkerboard Metropolis sweeps per sweep
  double wolff_sweeps;        // cluster work per sweep, in flipped spins per L^2
  int overrelaxation_sweeps;  // xy2d: over-relaxation sweeps per sweep
  bool ordered_start;         // all spins aligned at start (else random, keyed)
};

// One observable recorded per stored sample: `components` doubles (1 = a scalar, stored
// as [T, S]; otherwise [T, S, components]) under /observables/<name>.
struct Observable {
  const char* name;
  int components;
  const char* description;
  const char* units;  // "" where it has none
};

template <class M>
concept Model =
    requires(const LatticeSettings& lattice, const MoveSettings& moves_settings,
             typename M::Config& config, const typename M::Config& const_config,
             typename M::Moves& moves, RecordWriter& writer, RecordReader& reader, double* out,
             typename M::FileSpin* spins, std::uint64_t seed, std::int64_t t, double beta,
             bool adapting) {
      { M::name } -> std::convertible_to<std::string_view>;
      { M::file_encoding } -> std::convertible_to<std::string_view>;
      { M::observables() } -> std::convertible_to<std::span<const Observable>>;
      { M::tracked.size() } -> std::convertible_to<std::size_t>;
      // The starting configuration of temperature t (ordered, or random keyed by seed, t).
      { M::initial(lattice, moves_settings, seed, t) } -> std::same_as<typename M::Config>;
      // TOTAL energy (J included), for replica exchange.
      { M::total_energy(lattice, const_config) } -> std::same_as<double>;
      // observables() in order, components flattened: out has their summed components.
      { M::measure(lattice, const_config, out) };
      // The tracked scalars after a sweep (for tau_int), in the order of M::tracked.
      { M::track(lattice, const_config) } -> std::same_as<std::array<double, M::tracked.size()>>;
      // L x L sites, [y][x].
      { M::write_spins(const_config, spins) };
      { config.fields(writer) };
      { config.fields(reader) };
      { typename M::Moves(lattice, moves_settings, beta, seed, t) };
      { moves.sweep(config, adapting) };
      { moves.fields(writer) };
      { moves.fields(reader) };
    };

// Sum of the components of M's observables: the length of one sample's record.
template <class M>
constexpr int record_components() {
  int n = 0;
  for (const Observable& o : M::observables()) n += o.components;
  return n;
}

}  // namespace phaselearn::models
