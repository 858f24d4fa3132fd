#include "core/random.hpp"

#include <Random123/threefry.h>
#include <cmath>

namespace phaselearn {
namespace {

r123::Threefry4x64::ctr_type threefry(std::uint64_t seed, Purpose purpose, std::uint64_t a,
                                      std::uint64_t b) {
  r123::Threefry4x64 gen;
  const r123::Threefry4x64::key_type key = {{seed, static_cast<std::uint64_t>(purpose), 0, 0}};
  const r123::Threefry4x64::ctr_type ctr = {{a, b, 0x7068617365ULL, 0}};
  return gen(ctr, key);
}

}  // namespace

Xoshiro256pp::Xoshiro256pp(std::uint64_t seed, std::uint64_t index, Purpose purpose,
                           std::uint64_t substream) {
  const auto out = threefry(seed, purpose, index, substream);
  for (int i = 0; i < 4; ++i) s_[i] = out[i];
  if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 1;  // the all-zero state is a fixed point
}

Xoshiro256ppX4::Xoshiro256ppX4(std::uint64_t seed, std::uint64_t index, Purpose purpose) {
  for (int lane = 0; lane < 4; ++lane) {
    const Xoshiro256pp stream(seed, index, purpose, 1 + lane);
    for (int i = 0; i < 4; ++i) s_[i][lane] = stream.state()[i];
  }
}

Xoshiro256ppX4::Xoshiro256ppX4(const std::array<std::uint64_t, 16>& state) {
  for (int i = 0; i < 4; ++i)
    for (int lane = 0; lane < 4; ++lane) s_[i][lane] = state[4 * i + lane];
}

std::array<std::uint64_t, 16> Xoshiro256ppX4::state() const {
  std::array<std::uint64_t, 16> out;
  for (int i = 0; i < 4; ++i)
    for (int lane = 0; lane < 4; ++lane) out[4 * i + lane] = s_[i][lane];
  return out;
}

double keyed_uniform(std::uint64_t seed, Purpose purpose, std::uint64_t a, std::uint64_t b) {
  return static_cast<double>(threefry(seed, purpose, a, b)[0] >> 11) * 0x1.0p-53;
}

std::uint64_t probability_to_fixed(double p) {
  if (!(p > 0)) return 0;
  if (p >= 1) return ~std::uint64_t{0};
  return static_cast<std::uint64_t>(std::ldexp(p, 64));
}

}  // namespace phaselearn
