#include "models/xy2d/xy2d.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "models/xy2d/plaquette.hpp"
#include "models/xy2d/vector_math.hpp"

namespace phaselearn::models {

using namespace xy2d;

namespace {

// One Metropolis attempt on a vector of sites (c, s) with neighbour sums (hx, hy): s
// rotated by delta = step (2u - 1), accepted where u' < exp(beta J Delta(s.h)) (so always
// where the energy does not rise). One 32-bit word a site: its top 12 bits give u, its
// low 20 bits u' (uniform_low20_scaled). Idle lanes are never accepted.
inline i32v metropolis(f32v& c, f32v& s, f32v hx, f32v hy, u32v bits, float half_step_unit,
                       float beta_j_log2e, i32v active) {
  // delta / 2 = (k + 1/2 - 2^11) * step 2^-12 for the 12 bits k: the first factor is exact
  // and symmetric about 0, and rotation() is exactly odd, so a rotation and its inverse
  // are proposed equally often.
  const f32v half = (__builtin_convertvector((i32v)(bits >> 20), f32v) + (0.5f - 0x1.0p11f)) *
                    half_step_unit;
  const SinCos r = rotation(half);
  f32v nc = c * r.cos - s * r.sin, ns = s * r.cos + c * r.sin;
  renormalise(nc, ns);
  // -Delta E / J = (c' - c) hx + (s' - s) hy
  const f32v gain = (nc - c) * hx + (ns - s) * hy;
  const i32v accept =
      active & (uniform_low20_scaled(bits) < exp2_clamped<20>(beta_j_log2e * gain));
  c = select(accept, nc, c);
  s = select(accept, ns, s);
  return accept;
}

// Over-relaxation: s reflected about the direction of its local field h, s' = 2 (s.h) h /
// |h|^2 - s. s.h is unchanged, so is the energy. Where h vanishes (|h|^2 <= 1e-20) s stays
// as it is: the move is still an energy-conserving involution.
inline void overrelax(f32v& c, f32v& s, f32v hx, f32v hy, i32v active) {
  const f32v hh = hx * hx + hy * hy;
  const i32v move = active & (hh > 1e-20f);
  const f32v f = (c * hx + s * hy) * 2.0f / select(move, hh, broadcast(1.0f));
  f32v nc = f * hx - c, ns = f * hy - s;
  renormalise(nc, ns);
  c = select(move, nc, c);
  s = select(move, ns, s);
}

}  // namespace

// ---- Config -------------------------------------------------------------------------

Xy2d::Config::Config(int L) : L_(L), W_(L / 2) {
  if (L < 2 || L % 2 != 0 || L > 32768)  // entries fit 32 bits (the Wolff gathers)
    throw std::invalid_argument("xy2d needs an even L between 2 and 32768");
  stride_ = (std::size_t(W_) + lanes - 1) / lanes * lanes + 2 * pad;
  const std::size_t n = 2 * std::size_t(L_) * stride_;
  // Pads hold (0, 0): idle lanes read them and never write them back changed.
  cos_.assign(n, 0.0f);
  sin_.assign(n, 0.0f);
  for (int p = 0; p < 2; ++p)
    for (int y = 0; y < L_; ++y) std::fill_n(&cos_[index(p, y, 0)], W_, 1.0f);
  refresh_halos(0);
  refresh_halos(1);
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

float Xy2d::Config::theta(int x, int y) const {
  return angle_of(broadcast(cos(x, y)), broadcast(sin(x, y)))[0];
}

void Xy2d::Config::angles(float* out) const {
  alignas(64) float row[std::size_t(lanes) * 2];
  for (int p = 0; p < 2; ++p)
    for (int y = 0; y < L_; ++y) {
      const std::size_t r = index(p, y, 0);
      const int o = (p + y) & 1;  // x = 2k + o
      for (int k = 0; k < W_; k += width) {
        store(row, angle_of(load(&cos_[r + k]), load(&sin_[r + k])));
        for (int j = 0; j < width && k + j < W_; ++j)
          out[std::size_t(y) * L_ + std::size_t(2 * (k + j) + o)] = row[j];
      }
    }
}

void Xy2d::Config::set_angles(std::span<const float> angles) {
  if (angles.size() != std::size_t(sites())) throw std::invalid_argument("set_angles: not L^2 angles");
  for (int y = 0; y < L_; ++y)
    for (int x = 0; x < L_; ++x) {
      const float a = wrap_angle(broadcast(angles[std::size_t(y) * L_ + x]))[0];
      SinCos sc = sincos(broadcast(a));
      renormalise(sc.cos, sc.sin);
      cos_[site(x, y)] = sc.cos[0];
      sin_[site(x, y)] = sc.sin[0];
    }
  refresh_halos(0);
  refresh_halos(1);
}

void Xy2d::Config::pack(std::vector<std::uint64_t>& words) const {
  for (int y = 0; y < L_; ++y)
    for (int x = 0; x < L_; ++x)
      words[std::size_t(y) * L_ + x] = std::uint64_t(std::bit_cast<std::uint32_t>(cos(x, y))) |
                                       std::uint64_t(std::bit_cast<std::uint32_t>(sin(x, y))) << 32;
}

void Xy2d::Config::unpack(const std::vector<std::uint64_t>& words) {
  for (int y = 0; y < L_; ++y)
    for (int x = 0; x < L_; ++x) {
      const std::uint64_t w = words[std::size_t(y) * L_ + x];
      cos_[site(x, y)] = std::bit_cast<float>(std::uint32_t(w));
      sin_[site(x, y)] = std::bit_cast<float>(std::uint32_t(w >> 32));
    }
  refresh_halos(0);
  refresh_halos(1);
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
  // neighbours). Per site and along a row in float (error ~1e-7 x row length), across
  // rows in double.
  const int L = c.L(), W = c.row_width();
  const float* C = c.cos_data();
  const float* S = c.sin_data();
  double bond = 0, mx = 0, my = 0;
  for (int y = 0; y < L; ++y) {
    const std::size_t own = c.index(0, y, 0), mid = c.index(1, y, 0);
    const std::size_t up = c.index(1, y == 0 ? L - 1 : y - 1, 0);
    const std::size_t down = c.index(1, y == L - 1 ? 0 : y + 1, 0);
    const int o = y & 1;  // plane 0, row y: x = 2k + o
    // Float sums per lane of a chunk (parts vectors), whatever the vector width.
    f32v b[parts] = {}, sx[parts] = {}, sy[parts] = {};
    for (int k = 0; k < W; k += width) {
      const int h = (k / width) % parts;
      const i32v active = (lane_index + k) < W;
      const f32v hx = (load(C + mid + k - 1 + o) + load(C + mid + k + o)) +
                      (load(C + up + k) + load(C + down + k));
      const f32v hy = (load(S + mid + k - 1 + o) + load(S + mid + k + o)) +
                      (load(S + up + k) + load(S + down + k));
      const f32v ci = load(C + own + k), si = load(S + own + k);
      b[h] += select(active, ci * hx + si * hy, broadcast(0));
      sx[h] += select(active, ci + load(C + mid + k), broadcast(0));
      sy[h] += select(active, si + load(S + mid + k), broadcast(0));
    }
    for (int h = 0; h < parts; ++h)
      for (int j = 0; j < width; ++j)
        bond += double(b[h][j]), mx += double(sx[h][j]), my += double(sy[h][j]);
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
  // Per sample only: plain double loops, bond by bond, for clarity; the vortices from
  // the angles the file stores.
  const int L = c.L();
  const double n = double(c.sites());
  std::vector<float> theta(std::size_t(c.sites()));
  c.angles(theta.data());
  const auto angle = [&](int x, int y) { return theta[std::size_t(y) * L + x]; };
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
      windings += plaquette_vorticity(angle(x, y), angle(xn, y), angle(xn, yn), angle(x, yn));
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

void Xy2d::write_spins(const Config& config, float* spins) { config.angles(spins); }

// ---- Moves ----------------------------------------------------------------------------

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
      metropolis_rng_(seed, std::uint64_t(t), Purpose::sweep, 1),
      wolff_rng_(seed, std::uint64_t(t), Purpose::sweep, 0),
      bond_rng_(seed, std::uint64_t(t), Purpose::sweep, 9) {}

template <class Update>
void Xy2d::Moves::update_plane(Config& c, int p, Update&& update) {
  // A vector of sites of plane p at a time, in row order, the last one of a row idle
  // past its end: update(cos, sin, hx, hy, active, part) leaves idle lanes as they are;
  // part is the vector's place in its chunk of 16 sites (the random draws).
  const int L = c.L(), W = c.row_width();
  float* C = c.cos_data();
  float* S = c.sin_data();
  for (int y = 0; y < L; ++y) {
    const int o = (p + y) & 1;  // row y of plane p: x = 2k + o; left x-1, right x+1
    const std::size_t own = c.index(p, y, 0), mid = c.index(1 - p, y, 0);
    const std::size_t up = c.index(1 - p, y == 0 ? L - 1 : y - 1, 0);
    const std::size_t down = c.index(1 - p, y == L - 1 ? 0 : y + 1, 0);
    for (int k = 0; k < W; k += width) {
      const f32v hx = (load(C + mid + k - 1 + o) + load(C + mid + k + o)) +
                      (load(C + up + k) + load(C + down + k));
      const f32v hy = (load(S + mid + k - 1 + o) + load(S + mid + k + o)) +
                      (load(S + up + k) + load(S + down + k));
      f32v ci = load(C + own + k), si = load(S + own + k);
      update(ci, si, hx, hy, (lane_index + k) < W, (k / width) % parts);
      store(C + own + k, ci);
      store(S + own + k, si);
    }
  }
  c.refresh_halos(p);
}

void Xy2d::Moves::metropolis_sweep(Config& c) {
  const float half_step_unit = float(step_) * 0x1.0p-12f;
  const float beta_j_log2e = float(beta_ * J_ * M_LOG2E);
  i32v accepted = i32v{};
  xy2d::XoshiroLanes rng = metropolis_rng_;  // a local: no stores to the member in the loop
  const auto update = [&](f32v& ci, f32v& si, f32v hx, f32v hy, i32v active, int part) {
    accepted -= metropolis(ci, si, hx, hy, rng.next(part), half_step_unit, beta_j_log2e, active);
  };
  update_plane(c, 0, update);
  update_plane(c, 1, update);
  metropolis_rng_ = rng;
  for (int j = 0; j < width; ++j) accepted_ += accepted[j];
  attempted_ += c.sites();
}

void Xy2d::Moves::overrelaxation_sweep(Config& c) {
  const auto update = [](f32v& ci, f32v& si, f32v hx, f32v hy, i32v active, int) {
    overrelax(ci, si, hx, hy, active);
  };
  update_plane(c, 0, update);
  update_plane(c, 1, update);
}

namespace {

// Element i of p at each lane's offset (a gather).
template <class V, class E>
inline V gather(const E* p, u32v at) {
  V v;
  for (int j = 0; j < width; ++j) v[j] = p[at[j]];
  return v;
}

}  // namespace

std::int64_t Xy2d::Moves::wolff_cluster(Config& c) {
  // Wolff embedding (Wolff 1989): a random unit vector r; s -> s - 2 (s.r) r reflects a
  // cluster grown over bonds <ij> with probability 1 - exp(-2 beta J (s_i.r)(s_j.r)) where
  // that is positive. A bond opens where exp(-2 beta J a_i a_j) < u, u uniform, a = s.r
  // (with a_i before i's reflection); a reflected site has a_j of the other sign, so
  // cannot rejoin; the stamp only guards a_j ~ 0 against rounding.
  //
  // The growth is breadth first, sixteen members at a time: their 64 bonds are tested
  // in vectors (each bond once, with its own uniform), then the sites behind the open
  // bonds join in bond order unless already in (two members of a batch may share a
  // neighbour). Each bond to a site outside the cluster is tested once, as in the one-by-
  // one growth, so the cluster has the same law. The cluster's vectors are
  // rewritten at the end. Everything the growth loop touches is a local: stores through
  // the float and uint32 pointers could otherwise alias members.
  const int L = c.L(), W = c.row_width();
  const std::size_t n = std::size_t(c.sites());
  const float* const C = c.cos_data();
  const float* const S = c.sin_data();
  const auto stride = std::uint32_t(c.index(0, 1, 0) - c.index(0, 0, 0));
  const auto first_entry = std::uint32_t(c.index(0, 0, 0));
  const std::size_t planes = 2 * std::size_t(L) * stride;
  if (stamp_.size() != planes) stamp_.assign(planes, 0), id_ = 0;
  if (++id_ == 0) std::fill(stamp_.begin(), stamp_.end(), 0), id_ = 1;
  members_.resize(n + lanes);  // + lanes: the vector loads past the last member
  member_entries_.resize(n + lanes);
  projections_.resize(n + lanes);
  std::uint32_t* const stamp = stamp_.data();
  std::uint32_t* const members = members_.data();
  std::uint32_t* const entries = member_entries_.data();
  float* const projections = projections_.data();
  const std::uint32_t id = id_;

  const float phi = (float(wolff_rng_() >> 41) + 0.5f) * 0x1.0p-23f * two_pi_f;
  const SinCos r = sincos(broadcast(phi));
  const float rx = r.cos[0], ry = r.sin[0];
  const float k2 = float(2 * beta_ * J_ * M_LOG2E);  // exp(-2 beta J a a') = 2^(-k2 a a')

  const auto seed = std::uint32_t(wolff_rng_.below(n));
  const int x0 = int(seed % std::uint32_t(L)), y0 = int(seed / std::uint32_t(L));
  const std::size_t i0 = c.site(x0, y0);
  stamp[i0] = id;
  members[0] = std::uint32_t(y0) << 16 | std::uint32_t(x0);
  entries[0] = std::uint32_t(i0);
  projections[0] = k2 * (C[i0] * rx + S[i0] * ry);
  std::size_t next = 0, top = 1;

  xy2d::XoshiroLanes rng = bond_rng_;
  const u32v last = u32v{} + std::uint32_t(L - 1);
  // The open bonds of a batch: direction d, lane j at bit 16 d + j.
  alignas(64) std::uint32_t bond_entry[4 * lanes], bond_site[4 * lanes];
  alignas(64) float bond_projection[4 * lanes];
  while (next != top) {
    // The chunk's members: parts vectors of width; bond (d, lane) at bit lanes d + lane.
    const int count = int(std::min<std::size_t>(top - next, lanes));
    i32v active[parts];
    f32v ka[parts];
    u32v nx[parts][4], ny[parts][4], rows[parts];
    for (int h = 0; h < parts; ++h) {
      active[h] = (lane_index + width * h) < count;
      // Idle lanes repeat the first member: their loads stay inside the lattice.
      const u32v m = active[h] ? load(members + next + width * h) : u32v{} + members[next];
      ka[h] = load(projections + next + width * h);
      const u32v x = m & 0xFFFF, y = m >> 16;
      rows[h] = ((~(x + y)) & 1) * std::uint32_t(L);  // row 0 of the other plane
      const u32v left = x == 0 ? last : x - 1, right = x == last ? u32v{} : x + 1;
      const u32v up = y == 0 ? last : y - 1, down = y == last ? u32v{} : y + 1;
      nx[h][0] = left, nx[h][1] = right, nx[h][2] = x, nx[h][3] = x;
      ny[h][0] = y, ny[h][1] = y, ny[h][2] = up, ny[h][3] = down;
    }
    next += std::size_t(count);
    std::uint64_t open = 0;
    for (int d = 0; d < 4; ++d) {
      for (int h = 0; h < parts; ++h) {
        const u32v j = (rows[h] + ny[h][d]) * stride + first_entry + (nx[h][d] >> 1);
        const f32v aj = gather<f32v>(C, j) * rx + gather<f32v>(S, j) * ry;
        const u32v stamps = gather<u32v>(stamp, j);
        const i32v bond = active[h] & (stamps != id) &
                          (exp2_clamped(-(ka[h] * aj)) < uniform_open(rng.next(h)));
        const int at = lanes * d + width * h;
        store(bond_projection + at, k2 * aj);
        store(bond_entry + at, j);
        store(bond_site + at, ny[h][d] << 16 | nx[h][d]);
        for (int l = 0; l < width; ++l) open |= std::uint64_t(bond[l] & 1) << (at + l);
      }
    }
    for (; open != 0; open &= open - 1) {
      const int b = std::countr_zero(open);
      const std::uint32_t j = bond_entry[b];
      const bool fresh = stamp[j] != id;
      stamp[j] = id;
      members[top] = bond_site[b];
      entries[top] = j;
      projections[top] = bond_projection[b];
      top += fresh;
    }
  }
  bond_rng_ = rng;

  // Reflect the members, s -> s - 2 (s.r) r, renormalised, and the halo copy of a row's
  // first or last entry.
  float* const Cw = c.cos_data();
  float* const Sw = c.sin_data();
  for (std::size_t first = 0; first < top; first += width) {
    const std::size_t count = std::min<std::size_t>(width, top - first);
    f32v ci = broadcast(0), si = broadcast(0);
    for (std::size_t j = 0; j < count; ++j) ci[j] = C[entries[first + j]], si[j] = S[entries[first + j]];
    const f32v twice = 2.0f * (ci * rx + si * ry);
    ci -= twice * rx;
    si -= twice * ry;
    renormalise(ci, si);
    for (std::size_t j = 0; j < count; ++j) {
      const std::size_t i = entries[first + j];
      const int k = int(members[first + j] & 0xFFFF) >> 1;
      Cw[i] = ci[j], Sw[i] = si[j];
      if (k == 0) Cw[i + W] = ci[j], Sw[i + W] = si[j];
      if (k == W - 1) Cw[i - W] = ci[j], Sw[i - W] = si[j];
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
