#pragma once
// `phaselearn sample --extend`: a finished run file continued from the state it keeps
// (/resume) to a larger sampler.samples. The new file is written as `<name>.h5.partial`
// with the old samples copied in and published over the old one only when complete: the
// result is the file a run that asked for the larger count from the start would write.
#include <cstdint>
#include <string>

#include "core/job.hpp"
#include "parallel/comm.hpp"

namespace phaselearn::app {

struct Extension {
  std::string partial;       // the path to write, `<final>.partial`
  std::int64_t samples = 0;  // samples per temperature of the finished run; 0 when an
                             // interrupted extension's checkpoint is resumed instead
};

// Decided on rank 0; refuses (InputError, one line naming what and what to do; nothing
// touched) unless the output is a finished run file of this job that differs from it in
// sampler.samples only, holds fewer samples than asked for and keeps its state. The
// checkpoint of an interrupted extension beside it is resumed instead (and checked as
// any checkpoint is).
Extension prepare_extension(const std::string& final_path, const Job& job,
                            const parallel::Comm& comm);

}  // namespace phaselearn::app
