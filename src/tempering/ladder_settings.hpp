#pragma once
// What the replica-exchange ladder is told by the job: its temperatures, its schedule, and
// the lattice and move mix its model sees.
#include <cstdint>
#include <vector>

#include "core/job.hpp"
#include "models/model.hpp"

namespace phaselearn::tempering {

struct LadderSettings {
  std::vector<double> temperatures;  // ascending
  std::uint64_t seed;
  std::int64_t equilibration_sweeps, samples, sweeps_between_samples;
  int exchange_every;  // sweeps between exchange attempts; 0 = none
  models::LatticeSettings lattice;
  models::MoveSettings moves;

  std::int64_t total_sweeps() const {
    return equilibration_sweeps + samples * sweeps_between_samples;
  }
  // Adaptive choices (cluster counts, Metropolis steps) are made in the first half of
  // equilibration, then fixed.
  std::int64_t adaptation_sweeps() const { return equilibration_sweeps / 2; }
};

inline LadderSettings ladder_settings(const Job& job) {
  const auto& s = job.sampler;
  return {job.temperatures,
          job.run.seed,
          s.equilibration_sweeps,
          s.samples,
          s.sweeps_between_samples,
          s.exchange_every,
          {job.model.L, job.model.J},
          {s.metropolis_sweeps, s.wolff_sweeps, s.overrelaxation_sweeps, s.ordered_start}};
}

}  // namespace phaselearn::tempering
