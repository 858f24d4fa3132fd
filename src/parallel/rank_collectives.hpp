#pragma once
// The trainer's view of the other ranks (ml/collectives.hpp) bound to a communicator:
// the gradient sum is the one allreduce per step, or a reduce-scatter and an allgather
// with the sharded optimizer. Header-only: src/ml stays free of MPI, and the app and the
// MPI tests share one binding.
#include "ml/collectives.hpp"
#include "parallel/comm.hpp"

namespace phaselearn::parallel {

// `comm` must outlive the returned callbacks.
inline ml::RankCollectives rank_collectives(const Comm& comm) {
  return {[&comm](float* v, std::size_t n) { comm.sum(v, n); },
          [&comm](double* v, std::size_t n) { comm.sum(v, n); },
          [&comm](double* v, std::size_t n) { comm.broadcast(v, int(n)); },
          [&comm](const float* in, float* out, std::span<const int> counts) {
            comm.reduce_scatter_sum(in, out, counts);
          },
          [&comm](float* v, std::span<const int> counts) { comm.allgather(v, counts); },
          comm.rank(),
          comm.size()};
}

}  // namespace phaselearn::parallel
