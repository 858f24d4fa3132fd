// Where the time of a data-parallel VAE step goes (issue 12 §3: 2 ranks >= 1.8x one rank
// at a global batch of 256). The step of bench_vae (2 x 32 x 32 -> 256 -> 2 x 4, decoder
// 4 -> 256 -> 3 x 32 x 32, energy term on, Adam) at 256 / ranks samples per rank, cut
// into its phases, each timed on every rank:
//   inputs    the batch's columns written from the held angles (cos, sin)
//   gradient  forward, loss, backward (Objective::accumulate_gradient)
//   wait      a barrier: how long this rank waits for the slowest one (imbalance; the
//             barrier is there only to tell waiting from moving the bytes)
//   sum       the step's one collective, the in-place sum of the gradient and vote
//   update    Adam over all the parameters (replicated on every rank)
// Prints, per rank, the median of each phase over the steps, wall clock and this thread's
// CPU time (OpenMPI polls while it waits, so waiting shows as CPU time too).
// Run: mpirun -n 1 --bind-to core bench_vae_phases; mpirun -n 2 --bind-to core
// bench_vae_phases [steps, default 200]
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "bench_vae_model.hpp"
#include "ml/work_memory.hpp"
#include "parallel/comm.hpp"

namespace {

using namespace phaselearn;
using namespace phaselearn::ml;
using Clock = std::chrono::steady_clock;

constexpr std::int64_t global_batch = 256;
enum Phase { inputs_phase, gradient_phase, wait_phase, sum_phase, update_phase, phases };
const char* const phase_names[phases] = {"inputs", "gradient", "wait", "sum", "update"};

// This thread's CPU time in ms: on a loaded machine the wall clock measures the scheduler.
double cpu_ms() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return 1e3 * double(t.tv_sec) + 1e-6 * double(t.tv_nsec);
}

double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  parallel::Environment env(argc, argv);
  const parallel::Comm comm;
  keep_work_memory();  // as the Trainer does, after MPI's initialisation
  const int steps = argc > 1 ? std::stoi(argv[1]) : 200;
  bench::BenchVae vae;
  auto& [inputs, objective, optimizer, segments] = vae;
  const std::size_t pool = bench::BenchVae::pool;
  const std::int64_t batch = global_batch / comm.size();
  Matrix<float> columns(inputs.width(), batch);
  std::vector<std::int64_t> held(static_cast<std::size_t>(batch));
  std::vector<double> wall[phases], cpu[phases];
  const int warm_up = 5;
  comm.barrier();
  for (int step = 0; step < warm_up + steps; ++step) {
    Clock::time_point t[phases + 1];
    double c[phases + 1];
    const auto mark = [&](int p) { t[p] = Clock::now(), c[p] = cpu_ms(); };
    mark(0);
    const std::int64_t first = step * global_batch + comm.rank() * batch;
    for (std::int64_t j = 0; j < batch; ++j) {
      held[std::size_t(j)] = (first + j) % std::int64_t(pool);
      inputs.write(std::size_t(held[std::size_t(j)]), {}, columns.col(j).data());
    }
    mark(1);
    objective.accumulate_gradient(columns, held, {0, step, first});
    mark(2);
    comm.barrier();
    mark(3);
    const auto gradient = objective.gradient_and_vote();
    comm.sum(gradient.data(), gradient.size());
    mark(4);
    optimizer.step(objective.parameters(), gradient.first(gradient.size() - 1), segments,
                   global_batch);
    mark(5);
    if (step < warm_up) continue;
    for (int p = 0; p < phases; ++p) {
      wall[p].push_back(std::chrono::duration<double, std::milli>(t[p + 1] - t[p]).count());
      cpu[p].push_back(c[p + 1] - c[p]);
    }
  }
  std::string line = "rank " + std::to_string(comm.rank()) + " of " +
                     std::to_string(comm.size()) + ", " + std::to_string(batch) +
                     " samples a step, median ms wall / cpu:";
  double total_wall = 0, total_cpu = 0;
  for (int p = 0; p < phases; ++p) {
    const double w = median(wall[p]), u = median(cpu[p]);
    total_wall += w, total_cpu += u;
    char part[80];
    std::snprintf(part, sizeof part, " %s %.3f / %.3f", phase_names[p], w, u);
    line += part;
  }
  char end[80];
  std::snprintf(end, sizeof end, "; sums %.3f / %.3f\n", total_wall, total_cpu);
  line += end;
  // One line per rank, in rank order.
  for (int r = 0; r < comm.size(); ++r) {
    comm.barrier();
    if (r == comm.rank()) std::fputs(line.c_str(), stdout), std::fflush(stdout);
  }
}
