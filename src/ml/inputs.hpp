#pragma once
// Turns stored int8 samples into network input columns, with the training
// augmentations: a global spin flip (the Z2 symmetry of the Ising model) and a periodic
// translation (the lattice's).
#include <cstdint>

namespace phaselearn::ml {

struct Augmentation {
  bool flip = false;
  int shift_x = 0, shift_y = 0;  // in [0, side): site (x, y) moves to (x + dx, y + dy)
};

// Writes side * side floats (+1 / -1) for one sample.
void write_input(const std::int8_t* spins, int side, const Augmentation& augmentation,
                 float* column);

}  // namespace phaselearn::ml
