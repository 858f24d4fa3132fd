#pragma once
#include "app/cli.hpp"

namespace phaselearn::app {
// `phaselearn train`: the data-parallel phase classifier on the run file; every rank
// reads its own shard, trains in lockstep (one allreduce of the gradient per step) and
// writes its predictions into one shared training file <output_dir>/<name>.train.h5.
void run_train(const Job& job, const CommandLine& cli, const parallel::Comm& comm);

// Decided on rank 0: the run file exists, is complete, and was sampled by this job (same
// run, model, temperatures and sampler settings). `run` then goes straight to training:
// a `run` stopped by a checkpoint during training resumes there when started again.
bool sampled_by_this_job(const Job& job, const parallel::Comm& comm);
}  // namespace phaselearn::app
