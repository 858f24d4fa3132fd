#pragma once
// Contiguous blocks of n items over p parts; block sizes differ by at most one.
#include <algorithm>
#include <cstdint>

namespace phaselearn {

struct Block {
  std::int64_t begin, end;
  std::int64_t size() const { return end - begin; }
};

inline Block block_of(std::int64_t n, int parts, int part) {
  const std::int64_t base = n / parts, rem = n % parts;
  const std::int64_t begin = part * base + std::min<std::int64_t>(part, rem);
  return {begin, begin + base + (part < rem ? 1 : 0)};
}

}  // namespace phaselearn
