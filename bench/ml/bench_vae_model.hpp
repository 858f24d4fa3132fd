#pragma once
// The VAE the speed benchmarks of issue 12 time (bench_vae, bench_vae_phases): the shape of
// ../shared/bench-refs/torch_vae_bench.py, XY inputs 2 x 32 x 32 -> 256 (ReLU) -> 2 x 4,
// decoder 4 -> 256 (ReLU) -> 3 x 32 x 32, von Mises NLL + KL + the energy term, over a
// pool of 1024 random configurations, and Adam (learning rate 1e-3, no decay) for it.
#include <cstdint>
#include <numbers>
#include <vector>

#include "core/random.hpp"
#include "ml/objectives/vae.hpp"
#include "ml/optimizer.hpp"
#include "ml/xy_inputs.hpp"
#include "models/xy2d/energy_gradient.hpp"

namespace phaselearn::bench {

struct BenchVae {
  static constexpr int side = 32;
  static constexpr std::size_t pool = 1024;
  static constexpr std::uint64_t seed = 12345;

  ml::XyInputs inputs{random_angles(), side, side, ml::XyFrame::lattice};
  ml::VaeObjective objective{settings(), seed, inputs, ml::SiteLikelihood::von_mises,
                             [](std::span<const double> spins, std::span<double> g) {
                               return xy2d::energy_per_spin(spins, side, 1.0, g);
                             }};
  ml::Optimizer optimizer{ml::OptimizerKind::adam, 1e-3, 0, objective.parameters().size()};
  std::vector<ml::ParameterSegment> segments = objective.segments();

 private:
  static std::vector<float> random_angles() {
    Xoshiro256pp rng(seed, 0, Purpose::synthetic);
    std::vector<float> angles(pool * side * side);
    for (float& a : angles) a = float(2 * std::numbers::pi * rng.uniform());
    return angles;
  }
  static TrainSettings settings() {
    TrainSettings s{};
    s.hidden = {256};
    s.activation = "relu";
    s.latent = 4;
    s.kl_weight = 1;
    s.energy_weight = 1;
    return s;
  }
};

}  // namespace phaselearn::bench
