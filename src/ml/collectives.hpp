#pragma once
// What the trainer needs from the other ranks, as plain callbacks: src/ml stays free of
// MPI, and the MPI layer binds these to its communicator (e.g. to Comm::sum and
// Comm::broadcast). serial() is the one-rank case.
#include <cstddef>
#include <cstring>
#include <functional>
#include <span>

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

  // The sharded optimizer (ZeRO stage 1; train.shard_optimizer): rank r owns the slice of
  // counts[r] consecutive entries of a buffer (slices in rank order). reduce_scatter_floats
  // sums `data` (all slices) over ranks and writes this rank's slice of the sum to `slice`;
  // allgather_floats copies every rank's slice of `data` to the other ranks, in place.
  std::function<void(const float* data, float* slice, std::span<const int> counts)>
      reduce_scatter_floats;
  std::function<void(float* data, std::span<const int> counts)> allgather_floats;
  int rank = 0, ranks = 1;

  static RankCollectives serial() {
    return {[](float*, std::size_t) {},
            [](double*, std::size_t) {},
            [](double*, std::size_t) {},
            [](const float* data, float* slice, std::span<const int> counts) {
              std::memcpy(slice, data, sizeof(float) * std::size_t(counts[0]));
            },
            [](float*, std::span<const int>) {}};
  }
};

}  // namespace phaselearn::ml
