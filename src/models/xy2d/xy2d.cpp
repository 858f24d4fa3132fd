#include "models/xy2d/xy2d.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "models/xy2d/vector_math.hpp"

namespace phaselearn::models {

using namespace xy2d;

namespace {


inline i32x8 all_lanes() { return i32x8{} - 1; }

// One Metropolis attempt on eight sites with neighbour sums (hx, hy): theta' = theta +
// step * (2u - 1), accepted where beta Delta E < -ln u' (so always where Delta E <= 0).
// u and u' are 23-bit uniforms in (0, 1): acceptance probabilities are exact to 6e-8.
inline i32x8 metropolis8(f32x8& theta, f32x8& c, f32x8& s, f32x8 hx, f32x8 hy, u32x8 r1,
                         u32x8 r2, f32x8 step_unit, f32x8 beta_j) {
  // step (2u - 1) = (k + 1/2 - 2^22) * step 2^-22 for the 23 bits k of r1: the first factor
  // is exact, so the proposal is symmetric, d and -d equally likely.
  const f32x8 centred = __builtin_convertvector((i32x8)(r1 >> 9), f32x8) + broadcast(0.5f - 0x1.0p22f);
  const f32x8 proposed = wrap_angle(theta + centred * step_unit);
  const SinCos n = sincos(proposed);
  // -Delta E / J = (cos' - cos) hx + (sin' - sin) hy
  const f32x8 gain = (n.cos - c) * hx + (n.sin - s) * hy;
  const f32x8 exponential = -log(uniform_open(r2));
  const i32x8 accept = -(beta_j * gain) < exponential;
  theta = select(accept, proposed, theta);
  c = select(accept, n.cos, c);
  s = select(accept, n.sin, s);
  return accept;
}

// Over-relaxation: theta reflected about the direction of its local field h, theta' =
// theta + 2 psi with psi the angle from s to h. s.h is unchanged, so is the energy; h = 0
// leaves theta as it is (atan2(0, 0) = 0).
inline void overrelax8(f32x8& theta, f32x8& c, f32x8& s, f32x8 hx, f32x8 hy) {
  const f32x8 psi = atan2(c * hy - s * hx, c * hx + s * hy);
  theta = wrap_angle(theta + (psi + psi));
  const SinCos n = sincos(theta);
  c = n.cos;
  s = n.sin;
}

}  // namespace

// ---- Config -------------------------------------------------------------------------

Xy2d::Config::Config(int L) : L_(L), W_(L / 2) {
  if (L < 2 || L % 2 != 0 || L > 65534)
    throw std::invalid_argument("xy2d needs an even L between 2 and 65534");
  stride_ = (std::size_t(W_) + 7) / 8 * 8 + 2 * pad;
  const std::size_t n = 2 * std::size_t(L_) * stride_;
  theta_.assign(n, 0.0f);
  cos_.assign(n, 0.0f);
  sin_.assign(n, 0.0f);
  refresh_caches();
}

void Xy2d::Config::refresh_halos(int plane) {
  for (int y = 0; y < L_; ++y) {
    const std::size_t r = index(plane, y, 0);
    cos_[r - 1] = cos_[r + W_ - 1];
    cos_[r + W_] = cos_[r];
    sin_[r - 1] = sin_[r + W_ - 1];
    sin_[r + W_] = sin_[r];
  }
}

void Xy2d::Config::refresh_caches() {
  // Pads hold angle 0; their caches are never read (halos are overwritten below).
  for (std::size_t i = 0; i < theta_.size(); i += 8) {
    const SinCos sc = sincos(load(&theta_[i]));
    store(&cos_[i], sc.cos);
    store(&sin_[i], sc.sin);
  }
  refresh_halos(0);
  refresh_halos(1);
}

void Xy2d::Config::set_angles(std::span<const float> angles) {
  if (angles.size() != std::size_t(sites())) throw std::invalid_argument("set_angles: not L^2 angles");
  for (int y = 0; y < L_; ++y)
    for (int x = 0; x < L_; ++x) theta_[site(x, y)] = wrap_angle(broadcast(angles[std::size_t(y) * L_ + x]))[0];
  refresh_caches();
}

void Xy2d::Config::pack(std::vector<std::uint64_t>& words) const {
  std::fill(words.begin(), words.end(), 0);
  for (int y = 0; y < L_; ++y)
    for (int x = 0; x < L_; ++x) {
      const std::size_t i = std::size_t(y) * L_ + x;
      words[i / 2] |= std::uint64_t(std::bit_cast<std::uint32_t>(theta(x, y))) << (32 * (i % 2));
    }
}

void Xy2d::Config::unpack(const std::vector<std::uint64_t>& words) {
  for (int y = 0; y < L_; ++y)
    for (int x = 0; x < L_; ++x) {
      const std::size_t i = std::size_t(y) * L_ + x;
      theta_[site(x, y)] = std::bit_cast<float>(std::uint32_t(words[i / 2] >> (32 * (i % 2))));
    }
  refresh_caches();
}

// ---- the model's functions ----------------------------------------------------------

Xy2d::Config Xy2d::initial(const LatticeSettings& lattice, const MoveSettings& moves,
                           std::uint64_t seed, std::int64_t t) {
  Config c(lattice.L);
  if (moves.ordered_start) return c;
  Xoshiro256pp rng(seed, std::uint64_t(t), Purpose::initial_spins);
  std::vector<float> angles(std::size_t(c.sites()));
  for (float& a : angles)
    a = (float(rng() >> 41) + 0.5f) * 0x1.0p-23f * two_pi_f;  // set_angles wraps 2pi_f to 0
  c.set_angles(angles);
  return c;
}

Xy2d::Sums Xy2d::sums(const Config& c) {
  // Every bond has exactly one end in plane 0: sum over plane 0 of s_i . (sum of its four
  // neighbours). Per site in float (error ~1e-7), across sites in double.
  const int L = c.L(), W = c.row_width();
  const float* C = c.cos_data();
  const float* S = c.sin_data();
  double bond = 0, mx = 0, my = 0;
  for (int y = 0; y < L; ++y) {
    const std::size_t own = c.index(0, y, 0), mid = c.index(1, y, 0);
    const std::size_t up = c.index(1, y == 0 ? L - 1 : y - 1, 0);
    const std::size_t down = c.index(1, y == L - 1 ? 0 : y + 1, 0);
    const int o = y & 1;  // plane 0, row y: x = 2k + o
    if (W % 8 == 0) {
      f32x8 b = broadcast(0), sx = broadcast(0), sy = broadcast(0);
      for (int k = 0; k < W; k += 8) {
        const f32x8 hx = (load(C + mid + k - 1 + o) + load(C + mid + k + o)) +
                         (load(C + up + k) + load(C + down + k));
        const f32x8 hy = (load(S + mid + k - 1 + o) + load(S + mid + k + o)) +
                         (load(S + up + k) + load(S + down + k));
        const f32x8 ci = load(C + own + k), si = load(S + own + k);
        b += ci * hx + si * hy;
        sx += ci + load(C + mid + k);
        sy += si + load(S + mid + k);
      }
      for (int j = 0; j < 8; ++j) bond += double(b[j]), mx += double(sx[j]), my += double(sy[j]);
    } else {
      for (int k = 0; k < W; ++k) {
        const float hx = (C[mid + k - 1 + o] + C[mid + k + o]) + (C[up + k] + C[down + k]);
        const float hy = (S[mid + k - 1 + o] + S[mid + k + o]) + (S[up + k] + S[down + k]);
        bond += double(C[own + k] * hx + S[own + k] * hy);
        mx += double(C[own + k]) + double(C[mid + k]);
        my += double(S[own + k]) + double(S[mid + k]);
      }
    }
  }
  return {bond, mx, my};
}

double Xy2d::total_energy(const LatticeSettings& lattice, const Config& config) {
  return -lattice.J * sums(config).bond_cos;
}

std::array<double, 2> Xy2d::track(const LatticeSettings& lattice, const Config& config) {
  const Sums s = sums(config);
  const double n = double(config.sites());
  return {-lattice.J * s.bond_cos / n, std::hypot(s.m_x, s.m_y) / n};
}

void Xy2d::measure(const LatticeSettings& lattice, const Config& c, double* out) {
  // Per sample only: plain double loops, bond by bond, for clarity.
  const int L = c.L();
  const double n = double(c.sites());
  const double two_pi = 2 * M_PI;
  const auto wrapped = [&](double d) { return d - two_pi * std::nearbyint(d / two_pi); };
  double mx = 0, my = 0, bc[2] = {0, 0}, bs[2] = {0, 0}, windings = 0;
  for (int y = 0; y < L; ++y) {
    const int yn = y == L - 1 ? 0 : y + 1;
    for (int x = 0; x < L; ++x) {
      const int xn = x == L - 1 ? 0 : x + 1;
      const double ci = c.cos(x, y), si = c.sin(x, y);
      mx += ci;
      my += si;
      const int nx[2] = {xn, x}, ny[2] = {y, yn};
      for (int mu = 0; mu < 2; ++mu) {
        const double cj = c.cos(nx[mu], ny[mu]), sj = c.sin(nx[mu], ny[mu]);
        bc[mu] += ci * cj + si * sj;  // cos(theta_i - theta_j)
        bs[mu] += si * cj - ci * sj;  // sin(theta_i - theta_j)
      }
      // Plaquette (x, y) -> (x+1, y) -> (x+1, y+1) -> (x, y+1): each difference in
      // [-pi, pi], the sum 2 pi times the winding number.
      const double a = c.theta(x, y), b = c.theta(xn, y), d = c.theta(xn, yn), e = c.theta(x, yn);
      const double w = wrapped(b - a) + wrapped(d - b) + wrapped(e - d) + wrapped(a - e);
      windings += std::abs(std::nearbyint(w / two_pi));
    }
  }
  out[0] = -lattice.J * (bc[0] + bc[1]) / n;
  out[1] = mx / n;
  out[2] = my / n;
  out[3] = bc[0] / n;
  out[4] = bc[1] / n;
  out[5] = bs[0] / n;
  out[6] = bs[1] / n;
  out[7] = windings / n;
}

void Xy2d::write_spins(const Config& config, float* spins) {
  const int L = config.L();
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x) spins[std::size_t(y) * L + x] = config.theta(x, y);
}

// ---- Moves ----------------------------------------------------------------------------

namespace {
Xoshiro256ppX4 bond_stream(std::uint64_t seed, std::int64_t t);
}

Xy2d::Moves::Moves(const LatticeSettings& lattice, const MoveSettings& moves, double beta,
                   std::uint64_t seed, std::int64_t t)
    : settings_(moves),
      beta_(beta),
      J_(lattice.J),
      max_clusters_(moves.metropolis_sweeps > 0
                        ? std::max<std::int64_t>(1, std::llround(std::ceil(8 * moves.wolff_sweeps)))
                        : std::numeric_limits<std::int64_t>::max()),
      // Harmonic estimate: acceptance ~1/2 where beta J step^2 is of order one.
      step_(std::min(M_PI, 1.0 / std::sqrt(beta * std::abs(lattice.J)))),
      clusters_(moves.wolff_sweeps > 0 ? 1 : 0),
      metropolis_rng_(seed, std::uint64_t(t), Purpose::sweep),
      wolff_rng_(seed, std::uint64_t(t), Purpose::sweep, 0),
      bond_rng_(bond_stream(seed, t)) {}

template <class Update>
void Xy2d::Moves::update_plane(Config& c, int p, Update&& update) {
  // Eight sites of plane p at a time, in row order; update(theta, cos, sin, hx, hy, lanes).
  const int L = c.L(), W = c.row_width();
  float* T = c.theta_data();
  float* C = c.cos_data();
  float* S = c.sin_data();
  if (rows_vectorised(c)) {
    for (int y = 0; y < L; ++y) {
      const int o = (p + y) & 1;  // row y of plane p: x = 2k + o; left x-1, right x+1
      const std::size_t own = c.index(p, y, 0), mid = c.index(1 - p, y, 0);
      const std::size_t up = c.index(1 - p, y == 0 ? L - 1 : y - 1, 0);
      const std::size_t down = c.index(1 - p, y == L - 1 ? 0 : y + 1, 0);
      for (int k = 0; k < W; k += 8) {
        const f32x8 hx = (load(C + mid + k - 1 + o) + load(C + mid + k + o)) +
                         (load(C + up + k) + load(C + down + k));
        const f32x8 hy = (load(S + mid + k - 1 + o) + load(S + mid + k + o)) +
                         (load(S + up + k) + load(S + down + k));
        f32x8 th = load(T + own + k), ci = load(C + own + k), si = load(S + own + k);
        update(th, ci, si, hx, hy, all_lanes());
        store(T + own + k, th);
        store(C + own + k, ci);
        store(S + own + k, si);
      }
    }
  } else {
    // Any W: the same arithmetic on lanes gathered one by one (small lattices).
    const int n = L * W;
    for (int first = 0; first < n; first += 8) {
      f32x8 th = broadcast(0), ci = broadcast(0), si = broadcast(0), hx = broadcast(0),
            hy = broadcast(0);
      i32x8 lanes = i32x8{};
      std::size_t at[8] = {};
      for (int j = 0; j < 8 && first + j < n; ++j) {
        const int y = (first + j) / W, k = (first + j) % W, o = (p + y) & 1;
        const std::size_t mid = c.index(1 - p, y, k);
        const std::size_t up = c.index(1 - p, y == 0 ? L - 1 : y - 1, k);
        const std::size_t down = c.index(1 - p, y == L - 1 ? 0 : y + 1, k);
        at[j] = c.index(p, y, k);
        hx[j] = (C[mid - 1 + o] + C[mid + o]) + (C[up] + C[down]);
        hy[j] = (S[mid - 1 + o] + S[mid + o]) + (S[up] + S[down]);
        th[j] = T[at[j]], ci[j] = C[at[j]], si[j] = S[at[j]];
        lanes[j] = -1;
      }
      update(th, ci, si, hx, hy, lanes);
      for (int j = 0; j < 8 && first + j < n; ++j) T[at[j]] = th[j], C[at[j]] = ci[j], S[at[j]] = si[j];
    }
  }
  c.refresh_halos(p);
}

void Xy2d::Moves::metropolis_sweep(Config& c) {
  const f32x8 step_unit = broadcast(float(step_) * 0x1.0p-22f);
  const f32x8 beta_j = broadcast(float(beta_ * J_));
  i32x8 accepted = i32x8{};
  Xoshiro256ppX4 rng = metropolis_rng_;  // a local: no stores to the member in the loop
  const auto update = [&](f32x8& th, f32x8& ci, f32x8& si, f32x8 hx, f32x8 hy, i32x8 lanes) {
    const u32x8 r1 = (u32x8)rng(), r2 = (u32x8)rng();
    accepted -= metropolis8(th, ci, si, hx, hy, r1, r2, step_unit, beta_j) & lanes;
  };
  update_plane(c, 0, update);
  update_plane(c, 1, update);
  metropolis_rng_ = rng;
  for (int j = 0; j < 8; ++j) accepted_ += accepted[j];
  attempted_ += c.sites();
}

void Xy2d::Moves::overrelaxation_sweep(Config& c) {
  const auto update = [](f32x8& th, f32x8& ci, f32x8& si, f32x8 hx, f32x8 hy, i32x8) {
    overrelax8(th, ci, si, hx, hy);
  };
  update_plane(c, 0, update);
  update_plane(c, 1, update);
}

namespace {

// Eight exponential variates E = -ln u, u in (0, 1) (23 bits: E <= 16.6, so a bond whose
// probability is above 1 - 6e-8 is always open).
inline f32x8 exponentials(Xoshiro256ppX4& rng) { return -log(uniform_open((u32x8)rng())); }

// Four xoshiro256++ streams (seed, t, sweep, substream 5 + lane) in one vector generator:
// the lanes of the Metropolis generator are substreams 1-4.
Xoshiro256ppX4 bond_stream(std::uint64_t seed, std::int64_t t) {
  std::array<std::uint64_t, 16> state;
  for (int lane = 0; lane < 4; ++lane) {
    const Xoshiro256pp stream(seed, std::uint64_t(t), Purpose::sweep, 5 + lane);
    for (int i = 0; i < 4; ++i) state[4 * i + lane] = stream.state()[i];
  }
  return Xoshiro256ppX4(state);
}

}  // namespace

std::int64_t Xy2d::Moves::wolff_cluster(Config& c) {
  // Wolff embedding (Wolff 1989): a random unit vector r; s -> s - 2 (s.r) r reflects a
  // cluster grown over bonds <ij> with probability 1 - exp(-2 beta J (s_i.r)(s_j.r)) where
  // that is positive. A bond is open where 2 beta J a_i a_j > E, E ~ Exp(1), a = s.r (with
  // a_i before i's reflection); a reflected site has a_j of the other sign, so cannot
  // rejoin; the stamp only guards a_j ~ 0 against rounding. Angles and caches of the
  // cluster are rewritten at the end, eight at a time. Everything the growth loop touches
  // is a local: stores through the float and uint32 pointers could otherwise alias members.
  const int L = c.L(), W = c.row_width();
  const std::size_t n = std::size_t(c.sites());
  float* const T = c.theta_data();
  const float* const C = c.cos_data();
  const float* const S = c.sin_data();
  const std::size_t planes = 2 * std::size_t(L) * (c.index(0, 1, 0) - c.index(0, 0, 0));
  if (stamp_.size() != planes) stamp_.assign(planes, 0), id_ = 0;
  if (++id_ == 0) std::fill(stamp_.begin(), stamp_.end(), 0), id_ = 1;
  members_.resize(n + 1);  // + 1: the store past a full cluster
  projections_.resize(n + 1);
  std::uint32_t* const stamp = stamp_.data();
  std::uint32_t* const members = members_.data();
  float* const projections = projections_.data();
  const std::uint32_t id = id_;

  const float phi = (float(wolff_rng_() >> 41) + 0.5f) * 0x1.0p-23f * two_pi_f;
  const SinCos r = sincos(broadcast(phi));
  const float rx = r.cos[0], ry = r.sin[0];
  float omega = 2 * phi + pi_f;  // theta -> omega - theta reflects about the normal of r
  while (omega >= two_pi_f) omega -= two_pi_f;
  const float k2 = float(2 * beta_ * J_);

  const auto seed = std::uint32_t(wolff_rng_.below(n));
  const int x0 = int(seed % std::uint32_t(L)), y0 = int(seed / std::uint32_t(L));
  const std::size_t i0 = c.site(x0, y0);
  stamp[i0] = id;
  std::size_t next = 0, top = 0;
  members[top] = std::uint32_t(y0) << 16 | std::uint32_t(x0);
  projections[top++] = k2 * (C[i0] * rx + S[i0] * ry);

  Xoshiro256ppX4 rng = bond_rng_;
  f32x8 variates = exponentials(rng);  // a cluster's own: none carried to the next
  int left = 8;
  // Neighbour (x, y), entry j of the other plane.
  const auto visit = [&](int x, int y, std::size_t j, float ka) {
    if (left == 0) [[unlikely]]
      variates = exponentials(rng), left = 8;
    const float e = variates[--left];
    const float aj = C[j] * rx + S[j] * ry;
    const bool join = (stamp[j] != id) & (ka * aj > e);
    stamp[j] = join ? id : stamp[j];
    members[top] = std::uint32_t(y) << 16 | std::uint32_t(x);
    projections[top] = k2 * aj;
    top += join;
  };
  while (next != top) {
    const std::uint32_t m = members[next];
    const float ka = projections[next++];
    const int x = int(m & 0xFFFF), y = int(m >> 16), q = 1 - ((x + y) & 1);
    const int xl = x == 0 ? L - 1 : x - 1, xr = x == L - 1 ? 0 : x + 1;
    const int yu = y == 0 ? L - 1 : y - 1, yd = y == L - 1 ? 0 : y + 1;
    const std::size_t mid = c.index(q, y, 0);
    visit(xl, y, mid + std::size_t(xl >> 1), ka);
    visit(xr, y, mid + std::size_t(xr >> 1), ka);
    visit(x, yu, c.index(q, yu, x >> 1), ka);
    visit(x, yd, c.index(q, yd, x >> 1), ka);
  }
  bond_rng_ = rng;

  // Reflect the members: theta -> omega - theta, caches from the new angles, and the
  // halo copy of a row's first or last entry.
  float* const Cw = c.cos_data();
  float* const Sw = c.sin_data();
  for (std::size_t first = 0; first < top; first += 8) {
    const std::size_t count = std::min<std::size_t>(8, top - first);
    std::size_t at[8];
    int k[8];
    f32x8 th = broadcast(0);
    for (std::size_t j = 0; j < count; ++j) {
      const std::uint32_t m = members[first + j];
      const int x = int(m & 0xFFFF), y = int(m >> 16);
      at[j] = c.site(x, y), k[j] = x >> 1;
      th[j] = T[at[j]];
    }
    th = wrap_angle(broadcast(omega) - th);
    const SinCos sc = sincos(th);
    for (std::size_t j = 0; j < count; ++j) {
      const std::size_t i = at[j];
      T[i] = th[j], Cw[i] = sc.cos[j], Sw[i] = sc.sin[j];
      if (k[j] == 0) Cw[i + W] = sc.cos[j], Sw[i + W] = sc.sin[j];
      if (k[j] == W - 1) Cw[i - W] = sc.cos[j], Sw[i - W] = sc.sin[j];
    }
  }
  return std::int64_t(top);
}

void Xy2d::Moves::sweep(Config& c, bool adapting) {
  const std::int64_t accepted0 = accepted_, attempted0 = attempted_;
  for (int k = 0; k < settings_.metropolis_sweeps; ++k) metropolis_sweep(c);
  if (adapting && attempted_ > attempted0) {
    // Multiplicative steps towards 50 % acceptance; at most a full turn (step pi).
    const double rate = double(accepted_ - accepted0) / double(attempted_ - attempted0);
    step_ = std::clamp(step_ * std::exp(rate - 0.5), 1e-4, M_PI);
  }
  for (int k = 0; k < settings_.overrelaxation_sweeps; ++k) overrelaxation_sweep(c);
  for (std::int64_t k = 0; k < clusters_; ++k) {
    const auto size = wolff_cluster(c);
    if (adapting) cluster_spins_ += double(size), cluster_count_ += 1;
  }
  if (adapting && clusters_ > 0) {
    // As for Ising: clusters enough for about wolff_sweeps * L^2 flipped spins a sweep.
    const double wanted = settings_.wolff_sweeps * double(c.sites()) * cluster_count_ / cluster_spins_;
    clusters_ = std::clamp<std::int64_t>(std::llround(wanted), 1, max_clusters_);
  }
}

}  // namespace phaselearn::models
