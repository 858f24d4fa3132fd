// The one collective of a training step, alone: the in-place sum (Comm::sum, an
// MPI_Allreduce) of the 900-100-2 network's gradient and vote slot, 90,303 floats, as
// the trainer calls it once per step. Run at 2 ranks: `mpirun -n 2 bench_allreduce`.
// Prints the median time per call over many calls, next to a memcpy of the same buffer
// on one core (what the transport costs beyond moving the bytes), and, alternated with
// it, the sharded optimizer's pair of collectives on the same buffer: a reduce-scatter
// into this rank's slice and an in-place allgather (train.shard_optimizer). An argument
// gives another count: `mpirun -n 2 bench_allreduce 1317385` is the VAE of
// bench_vae_ranks.sh (2048 -> 256 -> 8, 4 -> 256 -> 3072, and the vote).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "parallel/comm.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double micros(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::micro>(b - a).count();
}

double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  phaselearn::parallel::Environment env(argc, argv);
  const phaselearn::parallel::Comm comm;
  const std::size_t n = argc > 1 ? std::stoul(argv[1])
                                 : 900 * 100 + 100 + 100 * 2 + 2 + 1;  // weights, biases, vote
  std::vector<float> gradient(n, 1.0f), copy(n);
  const int calls = int(std::max<std::size_t>(20, 3000 * 90303 / n));
  std::vector<int> counts;
  for (int r = 0; r < comm.size(); ++r)
    counts.push_back(int(n) / comm.size() + (r < int(n) % comm.size() ? 1 : 0));
  std::vector<float> slice(std::size_t(counts[std::size_t(comm.rank())]));
  std::vector<double> sum_us, copy_us, scatter_us, gather_us;
  comm.barrier();
  for (int i = 0; i < calls; ++i) {
    const auto a = Clock::now();
    comm.sum(gradient.data(), n);
    const auto b = Clock::now();
    std::memcpy(copy.data(), gradient.data(), n * sizeof(float));
    const auto c = Clock::now();
    comm.reduce_scatter_sum(gradient.data(), slice.data(), counts);
    const auto d = Clock::now();
    comm.allgather(gradient.data(), counts);
    const auto e = Clock::now();
    gradient[std::size_t(i) % n] = copy[(std::size_t(i) * 7) % n] * 0.5f + slice[0];  // live
    sum_us.push_back(micros(a, b));
    copy_us.push_back(micros(b, c));
    scatter_us.push_back(micros(c, d));
    gather_us.push_back(micros(d, e));
  }
  const double sum = comm.max(median(sum_us)), memcpy_us = comm.max(median(copy_us));
  const double scatter = comm.max(median(scatter_us)), gather = comm.max(median(gather_us));
  if (comm.is_root())
    std::printf("ranks %d: allreduce of %zu floats (%.0f KB): median %.1f us per call; "
                "memcpy of the same buffer: %.1f us; reduce-scatter %.1f us + allgather "
                "%.1f us = %.1f us\n",
                comm.size(), n, double(n * sizeof(float)) / 1000, sum, memcpy_us, scatter,
                gather, scatter + gather);
}
