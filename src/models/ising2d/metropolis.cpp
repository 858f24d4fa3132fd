#include "models/ising2d/metropolis.hpp"

#include <cmath>

namespace phaselearn {
namespace {

// Lanes of `lanes` that accept with probability p. Eight words always: a lane is still
// undecided after them with probability 2^-8, so the loop exit stays predictable.
inline u64x4 bernoulli_lanes(Xoshiro256ppX4& rng, std::uint64_t p, u64x4 lanes) {
  return bernoulli_bits(rng, p, lanes, 8);
}

// Word w of row y and its periodic left (x - 1) and right (x + 1) neighbour words.
struct RowWords {
  std::uint64_t self, left, right;
};

inline RowWords row_words(const BitLattice& lat, int y, int w) {
  const std::uint64_t* r = lat.row(y);
  const int last = lat.words_per_row() - 1;
  const int top_bit = (lat.L() - 1) & 63;  // site L-1 within the last word
  const std::uint64_t from_left = w == 0 ? (r[last] >> top_bit) & 1 : r[w - 1] >> 63;
  const std::uint64_t right = w == last ? ((r[w] >> 1) | ((r[0] & 1) << top_bit))
                                        : ((r[w] >> 1) | (r[w + 1] << 63));
  return {r[w], ((r[w] << 1) | from_left) & lat.valid(w), right & lat.valid(w)};
}

}  // namespace

Metropolis::Metropolis(double beta, double J) : p_(probability_to_fixed(std::exp(-4 * beta * J))) {}

void Metropolis::half_sweep(BitLattice& lat, Xoshiro256ppX4& rng, int parity) const {
  const int L = lat.L(), W = lat.words_per_row();
  const int units = L * W;  // (row, word) pairs, row-major
  constexpr std::uint64_t even_x = 0x5555555555555555ULL;  // bits at even x
  for (int first = 0; first < units; first += 4) {
    u64x4 s, up, down, left, right, sub;
    for (int j = 0; j < 4; ++j) {
      const int unit = first + j;
      if (unit >= units) {  // padding lane: nothing to update
        s[j] = up[j] = down[j] = left[j] = right[j] = sub[j] = 0;
        continue;
      }
      const int y = unit / W, w = unit % W;
      const RowWords rw = row_words(lat, y, w);
      s[j] = rw.self;
      left[j] = rw.left;
      right[j] = rw.right;
      up[j] = lat.row(y == 0 ? L - 1 : y - 1)[w];
      down[j] = lat.row(y == L - 1 ? 0 : y + 1)[w];
      // Sites with (x + y) % 2 == parity; with L even the pattern is periodic.
      sub[j] = (((y + parity) % 2 == 0) ? even_x : ~even_x) & lat.valid(w);
    }
    // a_k: bit set where neighbour k is aligned. Flipping costs 4J(a - 2).
    const u64x4 a1 = ~(s ^ up), a2 = ~(s ^ down), a3 = ~(s ^ left), a4 = ~(s ^ right);
    const u64x4 at_least_3 = (a1 & a2 & (a3 | a4)) | (a3 & a4 & (a1 | a2));
    const u64x4 all_4 = a1 & a2 & a3 & a4;
    u64x4 flip = sub & ~at_least_3;
    const u64x4 costly = sub & at_least_3;
    if (any_bit(costly)) {
      const u64x4 first_ok = bernoulli_lanes(rng, p_, costly);
      const u64x4 needs_second = first_ok & all_4;  // a = 4 flips with p^2
      const u64x4 second_ok = any_bit(needs_second) ? bernoulli_lanes(rng, p_, needs_second)
                                                : u64x4{0, 0, 0, 0};
      flip |= (first_ok & ~all_4) | second_ok;
    }
    for (int j = 0; j < 4 && first + j < units; ++j) {
      const int unit = first + j;
      lat.row(unit / W)[unit % W] ^= flip[j];
    }
  }
}

void Metropolis::sweep(BitLattice& lat, Xoshiro256ppX4& rng) const {
  half_sweep(lat, rng, 0);
  half_sweep(lat, rng, 1);
}

}  // namespace phaselearn
