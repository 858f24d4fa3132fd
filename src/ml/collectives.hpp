#pragma once
// What the trainer needs from the other ranks, as plain callbacks: src/ml stays free of
// MPI, and the MPI layer binds these to its communicator (e.g. to Comm::sum and
// Comm::broadcast). serial() is the one-rank case.
#include <cstddef>
#include <functional>

namespace phaselearn::ml {

struct RankCollectives {
  // In-place sums over all ranks. The trainer calls sum_floats once per step, on the
  // whole flat gradient buffer and its vote slot (Network::gradient_and_vote), and
  // sum_doubles once per epoch (6 statistics).
  std::function<void(float*, std::size_t)> sum_floats;
  std::function<void(double*, std::size_t)> sum_doubles;
  // Replaces every rank's values with rank 0's: decisions (early stopping) are taken on
  // numbers that are bitwise identical everywhere.
  std::function<void(double*, std::size_t)> broadcast_from_root;

  static RankCollectives serial() {
    return {[](float*, std::size_t) {}, [](double*, std::size_t) {},
            [](double*, std::size_t) {}};
  }
};

}  // namespace phaselearn::ml
