// phaselearn: parse, dispatch the command, report errors on rank 0, exit.
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/output_lock.hpp"
#include "app/sample_stage.hpp"
#include "app/train_stage.hpp"
#include "core/errors.hpp"
#include "core/signals.hpp"
#include "core/version.hpp"
#include "io/h5.hpp"
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
  std::optional<app::OutputLocks> locks;
  // One rank failed alone (it may have left the others inside a collective): report it
  // and end every rank now. The output's lock is left to be taken over (its pid is dead).
  const auto end_every_rank = [&](const char* what, int code) {
    std::fprintf(stderr, "phaselearn: error on rank %d: %s\n", comm.rank(), what);
    std::fflush(stderr);
    std::fflush(stdout);
    if (locks) locks->release();
    // After a failed HDF5 call even one rank ends through MPI_Abort: closing the file, or
    // HDF5's clean-up in MPI_Finalize, crashed there (exit 139 after a full disk).
    if (comm.size() == 1 && !io::an_hdf5_call_failed()) {
      io::close_all_files();
      return code;
    }
    comm.abort(code);
  };
  try {
    const app::CommandLine cli = app::parse_command_line(argc, argv);
    if (cli.no_arguments) {
      if (comm.is_root()) std::fprintf(stderr, "%s", app::usage().c_str());
      return exit_bad_input;
    }
    if (cli.version) {
      if (comm.is_root()) std::printf("%s\n", version_line("phaselearn").c_str());
      return exit_ok;
    }
    if (cli.help) {
      if (comm.is_root()) std::printf("%s", app::help_text(cli.command).c_str());
      return exit_ok;
    }
    const Job job = app::load_job(cli, comm);
    // One writer per output: taken before anything is written (refused at once, exit 2,
    // when another run holds it).
    // Refused before the lock and the output directory exist (sample_stage checks it too).
    if ((cli.command == "sample" || cli.command == "run") &&
        comm.size() > static_cast<int>(job.temperatures.size())) {
      InputError e("more MPI ranks (" + std::to_string(comm.size()) + ") than temperatures (" +
                   std::to_string(job.temperatures.size()) +
                   "): use at most temperatures.count ranks");
      e.set_on_every_rank();  // every rank has the same job and size
      throw e;
    }
    std::vector<std::string> outputs;
    if (cli.command == "sample" || cli.command == "run") outputs.push_back(job.run.run_file());
    if (cli.command == "train" || cli.command == "run") outputs.push_back(job.run.train_file());
    locks.emplace(outputs, comm);
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
    }
    return exit_ok;
  } catch (const Checkpointed& e) {
    io::close_all_files();  // left open while the exception unwound; every rank is here
    if (comm.is_root()) std::printf("phaselearn: %s\n", e.what());
    return e.exit_code();
  } catch (const Error& e) {
    // Errors decided on rank 0 reach every rank, so all ranks leave together; report once.
    if (e.on_every_rank()) {
      io::close_all_files();
      if (comm.is_root()) std::fprintf(stderr, "phaselearn: error: %s\n", e.what());
      return e.exit_code();
    }
    if (comm.size() == 1 && !io::an_hdf5_call_failed()) {
      io::close_all_files();
      std::fprintf(stderr, "phaselearn: error: %s\n", e.what());
      return e.exit_code();
    }
    return end_every_rank(e.what(), e.exit_code());
  } catch (const std::exception& e) {
    // Any other failure may be on one rank only: end every rank rather than hang.
    return end_every_rank(e.what(), exit_runtime_error);
  }
}
