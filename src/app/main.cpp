// phaselearn: parse, dispatch the command, report errors on rank 0, exit.
#include <cstdio>
#include <exception>

#include "app/cli.hpp"
#include "app/sample_stage.hpp"
#include "app/train_stage.hpp"
#include "core/errors.hpp"
#include "core/signals.hpp"
#include "parallel/comm.hpp"

using namespace phaselearn;

int main(int argc, char** argv) {
  // First of all: a SIGUSR1/SIGTERM that arrives while MPI starts must not kill the run;
  // it is remembered, and the stage checkpoints and stops at its first poll.
  install_checkpoint_signals();
  // Line-buffered output: progress reaches Slurm logs and files as it is printed.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  parallel::Environment env(argc, argv);
  parallel::Comm comm;
  try {
    const app::CommandLine cli = app::parse_command_line(argc, argv);
    if (cli.help) {
      if (comm.is_root()) std::printf("%s%s", app::usage().c_str(), ParamSet(job_parameters()).help().c_str());
      return exit_ok;
    }
    const Job job = app::load_job(cli, comm);
    if (cli.command == "sample") {
      app::run_sample(job, cli, comm);
    } else if (cli.command == "train") {
      app::run_train(job, cli, comm);
    } else if (cli.command == "run") {
      if (job.train.run_file != job.run.run_file())
        throw InputError("train.run_file = " + job.train.run_file + ": `run` trains on the file "
                         "it samples (" + job.run.run_file() + "); leave train.run_file empty");
      // An existing training output is refused before the sampling, not after it.
      app::prepare_output(job.run.train_file(), cli.overwrite, comm);
      if (!cli.overwrite && app::sampled_by_this_job(job, comm)) {
        if (comm.is_root())
          std::printf("run: %s was sampled by this job; training on it\n",
                      job.run.run_file().c_str());
      } else {
        app::run_sample(job, cli, comm);
      }
      app::run_train(job, cli, comm);
    } else {
      throw InputError("unknown command '" + cli.command +
                       "' (commands: sample, train, run; see --help)");
    }
    return exit_ok;
  } catch (const Checkpointed& e) {
    if (comm.is_root()) std::printf("phaselearn: %s\n", e.what());
    return e.exit_code();
  } catch (const Error& e) {
    // Errors decided on rank 0 reach every rank, so all ranks leave together; report once.
    if (e.on_every_rank() || comm.size() == 1) {
      if (comm.is_root()) std::fprintf(stderr, "phaselearn: error: %s\n", e.what());
      return e.exit_code();
    }
    std::fprintf(stderr, "phaselearn: error on rank %d: %s\n", comm.rank(), e.what());
    comm.abort(e.exit_code());
  } catch (const std::exception& e) {
    // Any other failure may be on one rank only: end every rank rather than hang.
    std::fprintf(stderr, "phaselearn: error on rank %d: %s\n", comm.rank(), e.what());
    if (comm.size() == 1) return exit_runtime_error;
    comm.abort(exit_runtime_error);
  }
}
