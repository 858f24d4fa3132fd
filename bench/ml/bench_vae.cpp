// One VAE training step on one core (issue 12 target: >= 2x PyTorch, the shape of
// ../shared/bench-refs/torch_vae_bench.py): XY inputs 2 x 32 x 32 -> 256 (ReLU) -> 2 x 4,
// decoder 4 -> 256 (ReLU) -> 3 x 32 x 32, von Mises NLL + KL + the energy term, Adam.
// A step: inputs written from the encoded samples, the keyed latent noise, forward,
// backward, the energy callback per sample, the optimizer update.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "bench_vae_model.hpp"
#include "ml/work_memory.hpp"

namespace {

using namespace phaselearn;
using namespace phaselearn::ml;

void BM_VaeStep(benchmark::State& state) {
  const auto batch = state.range(0);
  keep_work_memory();  // as the Trainer does
  bench::BenchVae vae;
  auto& [inputs, objective, optimizer, segments] = vae;
  const std::size_t pool = bench::BenchVae::pool;
  Matrix<float> columns(inputs.width(), batch);
  std::vector<std::int64_t> held(static_cast<std::size_t>(batch));
  std::int64_t step = 0;
  for (auto _ : state) {
    for (std::int64_t j = 0; j < batch; ++j) {
      held[std::size_t(j)] = (step * batch + j) % std::int64_t(pool);
      inputs.write(std::size_t(held[std::size_t(j)]), {}, columns.col(j).data());
    }
    benchmark::DoNotOptimize(objective.accumulate_gradient(columns, held, {0, step, 0}));
    const auto gradient = objective.gradient_and_vote();
    optimizer.step(objective.parameters(), gradient.first(gradient.size() - 1), segments, batch);
    ++step;
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_VaeStep)->Arg(64)->Arg(128)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
