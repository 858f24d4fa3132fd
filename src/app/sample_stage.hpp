#pragma once
#include "app/cli.hpp"

namespace phaselearn::app {
// `phaselearn sample`: parallel tempering, stored samples streamed to one shared file.
void run_sample(const Job& job, const CommandLine& cli, const parallel::Comm& comm);
}  // namespace phaselearn::app
