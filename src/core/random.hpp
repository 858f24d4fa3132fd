#pragma once
// Random streams keyed by (master seed, index, purpose) — never by rank, time or pid —
// so results do not depend on how work is spread over ranks.
//
// xoshiro256++ (Blackman & Vigna) is written here by hand: the Metropolis kernel draws
// ~16 64-bit words per 32 spin updates, and neither Boost.Random nor Random123 has a
// generator this cheap (about 1 ns a word). Random123's Threefry derives its keyed
// 256-bit state, and gives the counter-based draws for exchange decisions.
#include <array>
#include <cstdint>

namespace phaselearn {

__extension__ typedef unsigned __int128 uint128_t;  // for multiply-shift

enum class Purpose : std::uint64_t {
  initial_spins = 1,
  sweep = 2,
  exchange = 3,
  weights = 4,
  shuffle = 5,
  split = 6,
  bootstrap = 7,
  synthetic = 8,
  latent_noise = 9,  // a VAE's reparameterisation noise
  prior = 10,        // latent points drawn from a VAE's prior
};

// One xoshiro256++ step on the four state words; W is a 64-bit word, or a vector of
// them advancing independent streams lane by lane.
template <typename W>
W xoshiro256pp_next(W* s) {
  const auto rotl = [](W x, int k) { return (x << k) | (x >> (64 - k)); };
  const W result = rotl(s[0] + s[3], 23) + s[0];
  const W t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

class Xoshiro256pp {
 public:
  using result_type = std::uint64_t;
  using State = std::array<std::uint64_t, 4>;

  // `substream` separates several generators of one (seed, index, purpose).
  Xoshiro256pp(std::uint64_t seed, std::uint64_t index, Purpose purpose,
               std::uint64_t substream = 0);
  explicit Xoshiro256pp(const State& s) : s_(s) {}

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }

  result_type operator()() {
    return xoshiro256pp_next(s_.data());
  }

  double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }  // [0, 1)
  // Uniform integer in [0, n), multiply-shift; bias below n / 2^64.
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<uint128_t>((*this)()) * n) >> 64);
  }

  const State& state() const { return s_; }  // for checkpoints

 private:
  State s_;
};

// Four independent xoshiro256++ streams advanced together in one 256-bit vector (GCC
// vector extensions: AVX2 or AVX-512VL where the build allows, plain 64-bit code
// otherwise). Lane j is the stream (seed, index, purpose, substream j).
typedef std::uint64_t u64x4 __attribute__((vector_size(32)));

class Xoshiro256ppX4 {
 public:
  Xoshiro256ppX4(std::uint64_t seed, std::uint64_t index, Purpose purpose);
  explicit Xoshiro256ppX4(const std::array<std::uint64_t, 16>& state);  // from state()
  u64x4 operator()() {
    return xoshiro256pp_next(s_);
  }
  std::array<std::uint64_t, 16> state() const;  // for checkpoints

 private:
  u64x4 s_[4];
};

// One uniform double in [0, 1) for (seed, purpose, a, b): a pure function, so every rank
// that needs the same decision computes the same number without communicating.
double keyed_uniform(std::uint64_t seed, Purpose purpose, std::uint64_t a, std::uint64_t b);

// Probability p in [0, 1] as a 64-bit binary fraction floor(p * 2^64), saturated.
std::uint64_t probability_to_fixed(double p);

inline bool any_bit(std::uint64_t w) { return w != 0; }
inline bool any_bit(u64x4 v) { return (v[0] | v[1] | v[2] | v[3]) != 0; }

// Bits of `lanes` where a fresh uniform U in [0, 1) is below p (fixed point, as above), for
// every bit at once: U is compared with p bit by bit, most significant first, one random
// word per bit, until every lane is decided; exact to 2^-64. The first `fixed_words`
// words are drawn whatever happens (a predictable loop exit where most lanes need them).
// Word is std::uint64_t with Xoshiro256pp, or u64x4 with Xoshiro256ppX4.
template <typename Word>
inline void bernoulli_bit(Word u, std::uint64_t p, int bit, Word& accept, Word& undecided) {
  const std::uint64_t p_bit = std::uint64_t{0} - ((p >> bit) & 1);
  accept |= undecided & ~u & p_bit;  // U's bit 0 where p's is 1: U < p
  undecided &= ~(u ^ p_bit);         // equal bits: not decided yet
}

template <typename Word, typename Rng>
inline Word bernoulli_bits(Rng& rng, std::uint64_t p, Word lanes, int fixed_words = 0) {
  Word accept = lanes & 0, undecided = lanes;
  int bit = 63;
  for (; bit > 63 - fixed_words; --bit) bernoulli_bit<Word>(rng(), p, bit, accept, undecided);
  for (; any_bit(undecided) && bit >= 0; --bit) bernoulli_bit<Word>(rng(), p, bit, accept, undecided);
  return accept;
}

}  // namespace phaselearn
