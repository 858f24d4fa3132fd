#include "ml/coarse_grain.hpp"

#include <cstddef>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace phaselearn::ml {

namespace {

void require_divides(int side, int n) {
  if (n < 1 || side < 1 || side % n != 0)
    throw InputError("block spins on an " + std::to_string(n) + " x " + std::to_string(n) +
                     " grid need a lattice side that is a multiple of " + std::to_string(n) +
                     ", got L = " + std::to_string(side));
}

// One sample into `out`; `sums` is scratch, resized and zeroed here.
void block_spins(const std::int8_t* spins, int side, int n, std::vector<int>& sums,
                 std::int8_t* out) {
  const int b = side / n;
  sums.assign(std::size_t(n) * n, 0);
  for (int y = 0; y < side; ++y) {
    const std::int8_t* row = spins + std::ptrdiff_t(y) * side;
    int* block_row = sums.data() + std::ptrdiff_t(y / b) * n;
    for (int x = 0; x < side; ++x) block_row[x / b] += row[x];
  }
  for (int by = 0; by < n; ++by)
    for (int bx = 0; bx < n; ++bx) {
      const int sum = sums[std::size_t(by) * n + bx];
      const std::int8_t first = spins[std::ptrdiff_t(by) * b * side + std::ptrdiff_t(bx) * b];
      out[std::size_t(by) * n + bx] = sum > 0 ? std::int8_t(1) : sum < 0 ? std::int8_t(-1) : first;
    }
}

}  // namespace

void coarse_grain_sample(const std::int8_t* spins, int side, int n, std::int8_t* out) {
  require_divides(side, n);
  std::vector<int> sums;
  block_spins(spins, side, n, sums, out);
}

Shard coarse_grain(const Shard& shard, int n) {
  require_divides(shard.side, n);
  Shard out{n, std::vector<std::int8_t>(shard.size() * std::size_t(n) * n)};
  std::vector<int> sums;  // reused by every sample
  for (std::size_t i = 0; i < shard.size(); ++i)
    block_spins(shard.sample(i), shard.side, n, sums, out.spins.data() + i * out.sites());
  return out;
}

}  // namespace phaselearn::ml
