#pragma once
// An estimate whose error is the spread of bootstrap replicas: the KT estimators
// (analysis/xy2d) and the VAE's latent peaks (analysis/vae) report it alike.
#include <cstddef>

namespace phaselearn::analysis {

// A number with its error: the standard deviation over the bootstrap replicas that give
// one (each replica resamples the blocks of every size, the same blocks at every
// temperature of a run).
struct Bootstrapped {
  double value = 0, error = 0;
  std::size_t replicas = 0, failed_replicas = 0;
};

}  // namespace phaselearn::analysis
