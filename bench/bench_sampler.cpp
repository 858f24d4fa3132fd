// Single-core kernels of the sampler: Metropolis (ns per attempted spin flip) and
// Wolff (clusters and flipped spins per second), 2D Ising at T = Tc.
#include <benchmark/benchmark.h>

#include "core/job.hpp"
#include "core/random.hpp"
#include "models/ising2d/metropolis.hpp"
#include "models/ising2d/wolff.hpp"

using namespace phaselearn;

static void BM_Metropolis(benchmark::State& state) {
  const int L = static_cast<int>(state.range(0));
  BitLattice lattice(L);
  Xoshiro256pp init(1, 0, Purpose::initial_spins);
  Xoshiro256ppX4 rng(1, 0, Purpose::sweep);
  for (auto& w : lattice.words()) w = init();
  for (int y = 0; y < L; ++y)
    for (int k = 0; k < lattice.words_per_row(); ++k) lattice.row(y)[k] &= lattice.valid(k);
  const Metropolis metropolis(1.0 / onsager_tc, 1.0);
  for (int i = 0; i < 200; ++i) metropolis.sweep(lattice, rng);  // equilibrate near Tc
  for (auto _ : state) {
    metropolis.sweep(lattice, rng);
    benchmark::DoNotOptimize(lattice.words().data());
  }
  const double flips = double(state.iterations()) * double(lattice.sites());
  state.counters["ns_per_flip"] =
      benchmark::Counter(flips, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["flips_per_s"] = benchmark::Counter(flips, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Metropolis)->Arg(32)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond);

static void BM_Wolff(benchmark::State& state) {
  const int L = static_cast<int>(state.range(0));
  BitLattice lattice(L);
  lattice.set_all(true);
  Xoshiro256pp rng(1, 0, Purpose::sweep);
  Wolff wolff(1.0 / onsager_tc, 1.0);
  for (int i = 0; i < 1000; ++i) wolff.update(lattice, rng);
  std::int64_t flipped = 0;
  for (auto _ : state) flipped += wolff.update(lattice, rng);
  state.counters["clusters_per_s"] =
      benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["flipped_spins_per_s"] =
      benchmark::Counter(double(flipped), benchmark::Counter::kIsRate);
  state.counters["mean_cluster"] = double(flipped) / double(state.iterations());
}
BENCHMARK(BM_Wolff)->Arg(32)->Arg(64)->Arg(256);

BENCHMARK_MAIN();
