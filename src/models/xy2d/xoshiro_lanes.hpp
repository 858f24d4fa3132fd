#pragma once
// Eight xoshiro256++ streams advanced together: a chunk's 16 32-bit words (vector_math.hpp),
// one per site, stream j giving the words of sites 2 j (low half) and 2 j + 1. Stream j is
// the keyed stream (seed, index, purpose, first_substream + j). With AVX-512 the eight
// advance in one vector; without, a chunk is two vectors and each advances its four
// streams. Either way every stream yields the same sequence to the same sites, so the
// numbers depend neither on the rank nor on the hardware's vector width.
#include <array>
#include <cstdint>

#include "core/random.hpp"
#include "models/xy2d/vector_math.hpp"

namespace phaselearn::models::xy2d {

class XoshiroLanes {
 public:
  using State = std::array<std::uint64_t, 32>;  // word i of stream j at 8 i + j

  XoshiroLanes(std::uint64_t seed, std::uint64_t index, Purpose purpose,
               std::uint64_t first_substream) {
    State s;
    for (int j = 0; j < 8; ++j) {
      const Xoshiro256pp stream(seed, index, purpose, first_substream + std::uint64_t(j));
      for (int i = 0; i < 4; ++i) s[std::size_t(8 * i + j)] = stream.state()[std::size_t(i)];
    }
    *this = XoshiroLanes(s);
  }
  explicit XoshiroLanes(const State& state) {
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 8; ++j) s_[j / per][i][j % per] = state[std::size_t(8 * i + j)];
  }
  State state() const {
    State out;
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 8; ++j) out[std::size_t(8 * i + j)] = s_[j / per][i][j % per];
    return out;
  }

  // The next words of the sites of part `part` of a chunk (a vector's worth).
  u32v next(int part) { return (u32v)xoshiro256pp_next(s_[part]); }

 private:
  typedef std::uint64_t u64v __attribute__((vector_size(4 * width)));
  static constexpr int per = width / 2;  // streams per vector
  u64v s_[parts][4];
};

}  // namespace phaselearn::models::xy2d
