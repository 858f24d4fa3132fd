// Single-core kernels of the XY model (models/xy2d): checkerboard Metropolis and
// over-relaxation (ns per site update), Wolff embedding (flipped spins per second), at
// T = 0.89, near T_KT, after equilibration and with the Metropolis step adapted.
#include <benchmark/benchmark.h>

#include "models/xy2d/xy2d.hpp"

using namespace phaselearn;
using namespace phaselearn::models;

namespace {

constexpr double T = 0.89;

struct Equilibrated {
  LatticeSettings lattice;
  Xy2d::Config config;
  Xy2d::Moves moves;
  explicit Equilibrated(int L, MoveSettings m = {1, 1.0, 1, false})
      : lattice{L, 1.0}, config(Xy2d::initial(lattice, m, 1, 0)), moves(lattice, m, 1 / T, 1, 0) {
    for (int i = 0; i < 300; ++i) moves.sweep(config, i < 150);
  }
};

void site_rate(benchmark::State& state, double sites) {
  const double updates = double(state.iterations()) * sites;
  state.counters["ns_per_site"] =
      benchmark::Counter(updates, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["updates_per_s"] = benchmark::Counter(updates, benchmark::Counter::kIsRate);
}

}  // namespace

static void BM_XyMetropolis(benchmark::State& state) {
  Equilibrated e(int(state.range(0)));
  for (auto _ : state) {
    e.moves.metropolis_sweep(e.config);
    benchmark::DoNotOptimize(e.config.cos_data());
  }
  site_rate(state, double(e.config.sites()));
  state.counters["acceptance"] = e.moves.acceptance();
}
BENCHMARK(BM_XyMetropolis)->Arg(32)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond);

static void BM_XyOverrelaxation(benchmark::State& state) {
  Equilibrated e(int(state.range(0)));
  for (auto _ : state) {
    e.moves.overrelaxation_sweep(e.config);
    benchmark::DoNotOptimize(e.config.cos_data());
  }
  site_rate(state, double(e.config.sites()));
}
BENCHMARK(BM_XyOverrelaxation)->Arg(32)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond);

static void BM_XyWolff(benchmark::State& state) {
  Equilibrated e(int(state.range(0)));
  std::int64_t flipped = 0;
  for (auto _ : state) flipped += e.moves.wolff_cluster(e.config);
  state.counters["clusters_per_s"] =
      benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["flipped_spins_per_s"] =
      benchmark::Counter(double(flipped), benchmark::Counter::kIsRate);
  state.counters["mean_cluster"] = double(flipped) / double(state.iterations());
}
BENCHMARK(BM_XyWolff)->Arg(32)->Arg(64)->Arg(256);

// One whole sweep of the default mix (1 Metropolis, 1 over-relaxation, clusters for
// ~L^2 flipped spins), per site.
static void BM_XySweep(benchmark::State& state) {
  Equilibrated e(int(state.range(0)));
  for (auto _ : state) {
    e.moves.sweep(e.config, false);
    benchmark::DoNotOptimize(e.config.cos_data());
  }
  site_rate(state, double(e.config.sites()));
  state.counters["clusters"] = double(e.moves.clusters());
}
BENCHMARK(BM_XySweep)->Arg(32)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
