#pragma once
// The 2D XY model on an L x L periodic square lattice (L even), H = -J sum_<ij> cos(theta_i
// - theta_j), k_B = 1: energies and temperatures in the same units, J included.
//
// Precision. The state is each site's unit vector s = (cos theta, sin theta) as two
// float32: the moves act on it without trigonometry of the state (a Metropolis proposal
// rotates it, over-relaxation and Wolff reflect it), and every move renormalises what it
// writes (one Newton step towards |s| = 1, see vector_math.hpp), so |s|^2 stays within a
// few float roundings of 1 however long the chain runs. A checkpoint stores both floats
// of each site (64 bits) and restores the chain bitwise. The angle is derived: theta =
// atan2(s_y, s_x) brought to [0, 2pi_f) (2pi_f = float(2 pi)), |error| <= 4e-7, for the
// file's /spins and the vortex count. Proposals, acceptances and bond tests are float32:
// the acceptance probability min(1, e^{-beta dE}) is exact to 2.5e-7 relative
// (vector_math.hpp), the order of the 9.5e-7 steps of the 20-bit uniforms it is compared
// with; a double kernel would halve the lanes per vector for no change in any estimate at
// our error bars. The moves sample exp(-beta H~), H~ the energy of the stored float
// vectors: it differs from H of their angles by < 1e-6 J a bond, far below any
// statistical error here. Float resolves directions to ~1e-7 rad, ample even at T = 0.01
// (bond angles ~ sqrt(T) = 0.1). Sums over the lattice (energy, magnetization, helicity
// sums) are accumulated in double: a float sum over 65536 sites would lose ~1e-3 relative.
//
// Layout: the two checkerboard sublattices (parity (x + y) % 2) are separate planes, each
// L rows of W = L/2 sites: site (x, y) is entry x/2 of row y of plane (x + y) % 2. A site's
// four neighbours all lie in the other plane, at the same entry of rows y - 1 and y + 1 and
// at entries x/2 and x/2 -/+ 1 of row y, so sixteen sites of one plane update together from
// contiguous (shifted) loads. Each row has one halo entry on either side (copies of its
// ends: entry -1 is entry W-1, entry W is entry 0) for the shifted loads, and room for a
// whole vector past its end, so a row of any width is updated in vectors of 16 sites
// (the last one partly idle where 16 does not divide W).
#include <array>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "core/random.hpp"
#include "core/record.hpp"
#include "models/model.hpp"
#include "models/xy2d/xoshiro_lanes.hpp"

namespace phaselearn::models {

struct Xy2d {
  static constexpr const char* name = "xy2d";
  static constexpr const char* file_encoding = "angle theta in [0, 2pi), float32, [y][x]";
  using FileSpin = float;
  static constexpr std::array<const char*, 2> tracked = {"energy", "abs_magnetization"};
  // energy [1], magnetization [2], bond_cos [2], bond_sin [2], vortices [1] (DESIGN 3).
  static constexpr std::array<Observable, 5> observable_list = {{
      {"energy", 1, "energy per spin, -(J/N) sum_<ij> cos(theta_i - theta_j)",
       "J (k_B = 1)"},
      {"magnetization", 2, "(m_x, m_y) = (1/N) sum_i (cos theta_i, sin theta_i)", ""},
      {"bond_cos", 2, "(1/N) sum_i cos(theta_i - theta_{i+mu}), mu = x, y", ""},
      {"bond_sin", 2, "(1/N) sum_i sin(theta_i - theta_{i+mu}), mu = x, y", ""},
      {"vortices", 1, "(vortices + antivortices) / N, from the winding of each plaquette", ""},
  }};
  static constexpr std::span<const Observable> observables() { return observable_list; }

  class Config {
   public:
    Config() = default;
    explicit Config(int L);  // all spins (1, 0), angle 0

    int L() const { return L_; }
    int row_width() const { return W_; }  // W = L/2 sites per row of a plane
    std::int64_t sites() const { return std::int64_t{L_} * L_; }

    // Entry k of row y of plane p, and the entry of site (x, y).
    std::size_t index(int p, int y, int k) const {
      return (std::size_t(p) * std::size_t(L_) + std::size_t(y)) * stride_ + pad + std::size_t(k);
    }
    std::size_t site(int x, int y) const { return index((x + y) & 1, y, x >> 1); }

    float cos(int x, int y) const { return cos_[site(x, y)]; }
    float sin(int x, int y) const { return sin_[site(x, y)]; }
    float theta(int x, int y) const;  // the derived angle, as in the file
    // Sets every site to the unit vector of `angles` ([y][x], any finite angles).
    void set_angles(std::span<const float> angles);
    // The derived angles of all sites, [y][x], each in [0, 2pi_f): the file's /spins.
    void angles(float* out) const;

    // Raw planes for the kernels: cos, sin at index(), with their halos.
    float* cos_data() { return cos_.data(); }
    float* sin_data() { return sin_.data(); }
    const float* cos_data() const { return cos_.data(); }
    const float* sin_data() const { return sin_.data(); }
    void refresh_halos(int plane);  // after a plane's entries changed

    // L, then each site's (cos, sin) [y][x] as one word (cos in the low half): 1 + L^2
    // words, the configuration bitwise.
    template <class F>
    void fields(F& f) {
      std::int64_t L = L_;
      f(L);
      if (L != L_) throw std::length_error("xy2d configuration record of another L");
      std::vector<std::uint64_t> words(static_cast<std::size_t>(sites()));
      if constexpr (!std::is_same_v<F, RecordReader>) pack(words);
      f(words);
      if constexpr (std::is_same_v<F, RecordReader>) unpack(words);
    }

   private:
    static constexpr std::size_t pad = 16;  // row start 64-byte aligned relative to the plane
    void pack(std::vector<std::uint64_t>& words) const;
    void unpack(const std::vector<std::uint64_t>& words);
    int L_ = 0, W_ = 0;
    std::size_t stride_ = 0;
    std::vector<float> cos_, sin_;
  };

  class Moves {
   public:
    Moves(const LatticeSettings& lattice, const MoveSettings& moves, double beta,
          std::uint64_t seed, std::int64_t t);

    // metropolis_sweeps Metropolis sweeps, overrelaxation_sweeps over-relaxation sweeps,
    // then the Wolff clusters. While `adapting`, the Metropolis step moves towards 50 %
    // acceptance and the cluster count towards wolff_sweeps * L^2 flipped spins a sweep.
    void sweep(Config& config, bool adapting);

    // The moves one by one (benchmarks, tests).
    void metropolis_sweep(Config& config);      // both planes, checkerboard
    void overrelaxation_sweep(Config& config);  // both planes; no random numbers
    std::int64_t wolff_cluster(Config& config);  // one cluster; returns its size

    double step() const { return step_; }  // proposal: a rotation by step * (-1, 1)
    double acceptance() const { return attempted_ ? double(accepted_) / double(attempted_) : 0; }
    std::int64_t clusters() const { return clusters_; }

    // Adapted state and streams: the record restores the run bitwise.
    template <class F>
    void fields(F& f) {
      f(step_);
      f(accepted_);
      f(attempted_);
      f(clusters_);
      f(cluster_spins_);
      f(cluster_count_);
      lanes_state(f, metropolis_rng_);
      f(wolff_rng_);
      lanes_state(f, bond_rng_);
    }

   private:
    template <class F>
    static void lanes_state(F& f, xy2d::XoshiroLanes& rng) {
      xy2d::XoshiroLanes::State s = rng.state();
      f(s);
      if constexpr (std::is_same_v<F, RecordReader>) rng = xy2d::XoshiroLanes(s);
    }
    template <class Update>
    void update_plane(Config& c, int p, Update&& update);

    MoveSettings settings_;
    double beta_, J_;
    std::int64_t max_clusters_;
    double step_;
    std::int64_t accepted_ = 0, attempted_ = 0;
    std::int64_t clusters_;
    double cluster_spins_ = 0, cluster_count_ = 0;  // over the adaptation sweeps
    xy2d::XoshiroLanes metropolis_rng_;  // substreams 1-8
    Xoshiro256pp wolff_rng_;             // r and the seed site (substream 0)
    xy2d::XoshiroLanes bond_rng_;        // the bonds' uniforms (substreams 9-16)
    // Wolff scratch, not state: cluster stamps (compared with a growing id only, so stale
    // stamps never matter); the cluster's sites as (y << 16 | x) and as entries, and
    // their projections 2 beta J log2(e) s.r.
    std::vector<std::uint32_t> stamp_;
    std::uint32_t id_ = 0;
    std::vector<std::uint32_t> members_, member_entries_;
    std::vector<float> projections_;
  };

  static Config initial(const LatticeSettings& lattice, const MoveSettings& moves,
                        std::uint64_t seed, std::int64_t t);
  static double total_energy(const LatticeSettings& lattice, const Config& config);
  static void measure(const LatticeSettings& lattice, const Config& config, double* out);
  static std::array<double, 2> track(const LatticeSettings& lattice, const Config& config);
  static void write_spins(const Config& config, float* spins);

  // Sum over the 2 L^2 bonds of cos(theta_i - theta_j), and the summed unit vectors.
  struct Sums {
    double bond_cos, m_x, m_y;
  };
  static Sums sums(const Config& config);
};

static_assert(Model<Xy2d>);

}  // namespace phaselearn::models
