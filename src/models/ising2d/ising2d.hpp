#pragma once
// The 2D Ising model, H = -J sum_<ij> s_i s_j on the L x L periodic square lattice, as a
// phaselearn Model (models/model.hpp): bit-packed spins, checkerboard Metropolis and
// Wolff clusters (with a global spin flip deep in the ordered phase).
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/random.hpp"
#include "models/ising2d/bit_lattice.hpp"
#include "models/ising2d/metropolis.hpp"
#include "models/ising2d/wolff.hpp"
#include "models/model.hpp"

namespace phaselearn::models {

struct Ising2d {
  static constexpr std::string_view name = "ising2d";
  static constexpr std::string_view file_encoding = "spin s_i as int8: +1 up, -1 down";
  using FileSpin = std::int8_t;

  struct Config {
    BitLattice spins;
    std::int64_t bond_sum = 0, spin_sum = 0;  // of `spins`, kept current after every sweep
    template <class Fields>
    void fields(Fields& f) {
      f(bond_sum);
      f(spin_sum);
      f(spins.words());
    }
  };

  static constexpr std::array<Observable, 2> observable_list = {{
      {"energy", 1, "energy per spin, -(J/N) sum_<ij> s_i s_j", "J (k_B = 1)"},
      {"magnetization", 1, "signed magnetization per spin, (1/N) sum_i s_i", ""},
  }};
  static constexpr std::span<const Observable> observables() { return observable_list; }
  static constexpr std::array<std::string_view, 2> tracked = {"energy", "abs_magnetization"};

  static Config initial(const LatticeSettings& lattice, const MoveSettings& moves,
                        std::uint64_t seed, std::int64_t t);
  static double total_energy(const LatticeSettings& lattice, const Config& c) {
    return -lattice.J * double(c.bond_sum);
  }
  static void measure(const LatticeSettings& lattice, const Config& c, double* out) {
    const double n = double(lattice.sites());
    out[0] = -lattice.J * double(c.bond_sum) / n;
    out[1] = double(c.spin_sum) / n;
  }
  static std::array<double, 2> track(const LatticeSettings& lattice, const Config& c) {
    const double n = double(lattice.sites());
    return {-lattice.J * double(c.bond_sum) / n, std::abs(double(c.spin_sum)) / n};
  }
  static void write_spins(const Config& c, std::int8_t* out) { c.spins.to_int8(out); }

  // One temperature's moves. Wolff clusters per sweep are adapted while `adapting` so that
  // clusters flip about wolff_sweeps * L^2 spins per sweep, then fixed; at most
  // max_clusters() with Metropolis on (far above Tc clusters are tiny and Metropolis
  // suffices). Where the mean cluster exceeded global_flip_fraction of the lattice, a
  // global spin flip replaces the clusters once adapting is over.
  class Moves {
   public:
    Moves(const LatticeSettings& lattice, const MoveSettings& moves, double beta,
          std::uint64_t seed, std::int64_t t);
    void sweep(Config& c, bool adapting);
    // Whether, with adapting over, clusters are replaced by a global flip.
    bool flips_globally() const;

    template <class Fields>
    void fields(Fields& f) {
      f(metropolis_rng_);
      f(wolff_rng_);
      f(clusters_);
      f(cluster_spins_);
      f(cluster_count_);
    }

   private:
    static constexpr double global_flip_fraction = 0.75;
    std::int64_t max_clusters() const;
    double sites_;
    int metropolis_sweeps_;
    double wolff_sweeps_;
    Metropolis metropolis_;
    Wolff wolff_;
    Xoshiro256ppX4 metropolis_rng_;
    Xoshiro256pp wolff_rng_;
    std::int64_t clusters_;
    double cluster_spins_ = 0, cluster_count_ = 0;  // over the adapting sweeps
  };
};

}  // namespace phaselearn::models
