#pragma once
// Before a run creates any file: will its output fit on the disk, and its state in the
// memory of each rank? Refused (InputError, with the numbers) when not, unless the job
// says run.check_resources = false.
#include <cstdint>
#include <string>

#include "core/job.hpp"

namespace phaselearn::app {

struct SampleFootprint {
  double file_bytes;      // the run file when complete
  double rank_bytes;      // the largest rank's walkers, scratch and write buffer
};

// spin_bytes: bytes of one site in /spins (a temperature holds at most eight times that
// per site: XY angles, cos/sin caches, Wolff scratch, an exchange copy); components: doubles per sample.
SampleFootprint sample_footprint(const Job& job, int ranks, double spin_bytes, int components,
                                 std::int64_t chunk);

// Throws InputError naming what does not fit, where, and the numbers.
void check_resources(const Job& job, const SampleFootprint& need, const std::string& output_dir);

}  // namespace phaselearn::app
