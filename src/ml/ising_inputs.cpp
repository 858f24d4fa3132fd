#include "ml/ising_inputs.hpp"

#include <cstddef>

#include "ml/coarse_grain.hpp"

namespace phaselearn::ml {

void write_ising_input(const std::int8_t* spins, int side, const Augmentation& augmentation,
                       float* column) {
  const float sign = augmentation.flip ? -1.0f : 1.0f;
  const int dx = augmentation.shift_x, dy = augmentation.shift_y;
  if (dx == 0 && dy == 0) {  // one long loop that vectorises: the common case
    const int sites = side * side;
    for (int i = 0; i < sites; ++i) column[i] = sign * spins[i];
    return;
  }
  for (int y = 0; y < side; ++y) {
    const std::int8_t* from = spins + std::ptrdiff_t((y + side - dy) % side) * side;
    float* to = column + std::ptrdiff_t(y) * side;
    // Periodic shift of a row by dx: two contiguous runs.
    for (int x = 0; x < side - dx; ++x) to[x + dx] = sign * from[x];
    for (int x = side - dx; x < side; ++x) to[x + dx - side] = sign * from[x];
  }
}

IsingInputs::IsingInputs(std::vector<std::int8_t> spins, int L, int input_side)
    : shard_{L, std::move(spins)} {
  if (input_side != L) shard_ = coarse_grain(shard_, input_side);
}

}  // namespace phaselearn::ml
