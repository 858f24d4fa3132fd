#pragma once
// The options of phaselearn-analyze that reach a model's analysis (the command line's).
#include <cstddef>
#include <cstdint>

namespace phaselearn::analysis {

struct AnalysisOptions {
  bool scaling = true;  // across sizes; needs at least 2 sizes
  double nu_fixed = 1;  // ising2d: the exponent of the fixed-nu fit (exactly 1)
  std::size_t bootstrap_replicas = 400;
  std::uint64_t seed = 1;  // bootstrap streams keyed by (seed, L)
  // xy2d: the fits to the integrated Kosterlitz flow (and the headline's bias on them).
  // Every real analysis makes them; the coverage tests of the other estimators, which
  // analyse hundreds of planted sets, leave them out (they have tests of their own).
  bool kt_flow = true;
  // A neighbour pair whose exchange acceptance is below this is reported: walkers hardly
  // cross it, so the temperatures on either side equilibrate separately.
  double min_exchange_acceptance = 0.1;
  // ising2d: |<E> - exact| above this many standard errors at some temperature is reported.
  double exact_energy_z = 4;
};

}  // namespace phaselearn::analysis
