// Training throughput of the phase classifier on one core (issue 3): samples per second
// through forward, backward and optimizer update of the 900-100-2 network (L = 30).
// Batch 64 is the one-rank target (>= 164,000/s, twice PyTorch on one thread); 128 is
// what each of two ranks computes at a global batch of 256; 256 is one rank alone.
#include <benchmark/benchmark.h>

#include <algorithm>

#include <cstdint>
#include <vector>

#include "core/random.hpp"
#include "ml/data_plan.hpp"
#include "ml/ising_inputs.hpp"
#include "ml/network.hpp"
#include "ml/optimizer.hpp"
#include "ml/objectives/classifier.hpp"
#include "ml/trainer.hpp"
#include "ml/xy_inputs.hpp"
#include "ml/work_memory.hpp"

namespace {

using namespace phaselearn;
using namespace phaselearn::ml;

constexpr int side = 30;
constexpr std::uint64_t seed = 12345;

TrainSettings settings(long batch) {
  TrainSettings s{};
  s.hidden = {100};
  s.activation = "relu";
  s.optimizer = "adam";
  s.learning_rate = 1e-3;
  s.weight_decay = 1e-4;
  s.batch_size = batch;
  s.epochs = 1;
  s.patience = 0;
  s.labels = LabelScheme::threshold;
  s.t_label = onsager_tc;
  s.validation_fraction = 0.2;
  s.augment_flip = true;
  return s;
}

// Random +-1 spins: throughput does not depend on what the samples look like.
std::vector<std::int8_t> random_spins(std::size_t samples) {
  Xoshiro256pp rng(seed, 0, Purpose::synthetic);
  std::vector<std::int8_t> spins(samples * side * side);
  for (auto& s : spins) s = (rng() >> 63) ? 1 : -1;
  return spins;
}

// One optimizer step as the trainer takes it, without the sum over ranks: int8 samples
// to float inputs (with flips), forward, backward, Adam.
void BM_TrainStep(benchmark::State& state) {
  const auto batch = state.range(0);
  keep_work_memory();  // as the Trainer does
  Network network(network_shape(settings(batch), side * side), seed);
  Optimizer optimizer(OptimizerKind::adam, 1e-3, 1e-4, network.parameters().size());
  const std::size_t pool = 4096;
  const auto spins = random_spins(pool);
  std::vector<std::int8_t> classes(static_cast<std::size_t>(batch));
  Matrix<float> inputs(side * side, batch);
  std::size_t next = 0;
  for (auto _ : state) {
    for (Eigen::Index j = 0; j < batch; ++j, next = (next + 1) % pool) {
      write_ising_input(spins.data() + next * side * side, side, {.flip = (next & 1) != 0},
                  inputs.col(j).data());
      classes[std::size_t(j)] = std::int8_t(next & 1);
    }
    benchmark::DoNotOptimize(network.accumulate_gradient(inputs, classes));
    optimizer.step(network, batch);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_TrainStep)->Arg(64)->Arg(128)->Arg(256)->Unit(benchmark::kMicrosecond);

// The same step on XY inputs (issue 11): 2 x 32 x 32 (cos θ, sin θ) -> 100 -> 2, Adam,
// the inputs encoded once (as when the shard is read) and written per step with random
// reflections. The PyTorch peer is torch_xy_mlp_bench.py; bench_xy.sh runs both.
void BM_XyTrainStep(benchmark::State& state) {
  const auto batch = state.range(0);
  keep_work_memory();  // as the Trainer does
  constexpr int xy_side = 32, width = 2 * xy_side * xy_side;
  Network network(network_shape(settings(batch), width), seed);
  Optimizer optimizer(OptimizerKind::adam, 1e-3, 1e-4, network.parameters().size());
  const std::size_t pool = 1024;
  Xoshiro256pp rng(seed, 1, Purpose::synthetic);
  std::vector<float> angles(pool * xy_side * xy_side);
  for (auto& a : angles) a = float(6.283185307179586 * rng.uniform());
  const XyInputs inputs(angles, xy_side, xy_side);
  std::vector<std::int8_t> classes(static_cast<std::size_t>(batch));
  Matrix<float> columns(width, batch);
  std::size_t next = 0;
  for (auto _ : state) {
    for (Eigen::Index j = 0; j < batch; ++j, next = (next + 1) % pool) {
      inputs.write(next, {.flip = (next & 1) != 0}, columns.col(j).data());
      classes[std::size_t(j)] = std::int8_t(next & 1);
    }
    benchmark::DoNotOptimize(network.accumulate_gradient(columns, classes));
    optimizer.step(network, batch);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_XyTrainStep)->Arg(64)->Unit(benchmark::kMicrosecond);

// The Adam update alone: every rank repeats it on the summed gradient, so it is the
// part of a step that does not shrink with more ranks.
void BM_AdamStep(benchmark::State& state) {
  Network network(network_shape(settings(64), side * side), seed);
  Optimizer optimizer(OptimizerKind::adam, 1e-3, 1e-4, network.parameters().size());
  for (auto _ : state) {
    for (float& g : network.gradient()) g = 1e-3f;
    optimizer.step(network, 64);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * std::int64_t(network.parameters().size()));
}
BENCHMARK(BM_AdamStep)->Unit(benchmark::kMicrosecond);

// What the sharded optimizer leaves to one of two ranks: Adam on half the parameters,
// then the gathered weights copied into place and the gradient buffer zeroed (as
// Trainer::sharded_step does after the allgather).
void BM_AdamHalfStep(benchmark::State& state) {
  Network network(network_shape(settings(64), side * side), seed);
  const auto parameters = network.parameters();
  const std::size_t half = parameters.size() / 2;
  Optimizer optimizer(OptimizerKind::adam, 1e-3, 1e-4, parameters.size());
  const auto segments = segments_of(network.layers(), parameters.data());
  std::vector<float> slice(half), gathered(parameters.size() + 1);
  for (auto _ : state) {
    std::fill(slice.begin(), slice.end(), 1e-3f);
    optimizer.step_slice(parameters, slice.data(), gathered.data(), 0, half, segments, 64);
    for (std::size_t begin = 0; begin < parameters.size(); begin += 4096) {
      const std::size_t n = std::min<std::size_t>(4096, parameters.size() - begin);
      std::copy_n(gathered.data() + begin, n, parameters.data() + begin);
      std::fill_n(gathered.data() + begin, n, 0.0f);
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * std::int64_t(parameters.size()));
}
BENCHMARK(BM_AdamHalfStep)->Unit(benchmark::kMicrosecond);

// A whole epoch of the serial trainer on 16 temperatures x 2,000 samples: shuffling,
// augmentation, steps, validation and bookkeeping. Items are training samples.
void BM_TrainerEpoch(benchmark::State& state) {
  const auto batch = state.range(0);
  keep_work_memory();  // as the Trainer does
  const TrainSettings s = settings(batch);
  std::vector<double> temperatures;
  for (int t = 0; t < 16; ++t) temperatures.push_back(1.5 + 0.1 * t);
  const std::int64_t samples = 2000;
  const auto labels = labels_for(s, temperatures);
  const ValidationSplit split(16, samples, s.validation_fraction, 0, seed);
  const DataPlan plan(labels, split, batch, 1, 0);
  const IsingInputs shard(Shard{side, random_spins(plan.held().size())});
  ClassifierObjective objective(s, seed, shard, plan, labels);
  Trainer trainer(s, seed, shard, plan, objective, RankCollectives::serial());
  std::int64_t trained = 0;
  for (auto _ : state) trained += trainer.run_epoch()->samples;
  state.SetItemsProcessed(trained);
}
BENCHMARK(BM_TrainerEpoch)->Arg(64)->Arg(128)->Arg(256)->Unit(benchmark::kMillisecond);

// Z2-symmetric P(ordered), the prediction pass over every stored sample.
void BM_PredictSymmetric(benchmark::State& state) {
  const auto batch = state.range(0);
  keep_work_memory();  // as the Trainer does
  Network network(network_shape(settings(batch), side * side), seed);
  const auto spins = random_spins(std::size_t(batch));
  Matrix<float> inputs(side * side, batch);
  for (Eigen::Index j = 0; j < batch; ++j)
    write_ising_input(spins.data() + j * side * side, side, {}, inputs.col(j).data());
  std::vector<float> p(static_cast<std::size_t>(batch));
  for (auto _ : state) {
    network.predict_ordered(inputs, p);
    benchmark::DoNotOptimize(p.data());
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_PredictSymmetric)->Arg(256)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
