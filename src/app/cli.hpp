#pragma once
// Command line of `phaselearn <command> [JOB_FILE] [--key=value ...] [--overwrite | --extend]`.
#include <string>
#include <vector>

#include "core/job.hpp"
#include "parallel/comm.hpp"

namespace phaselearn::app {

struct CommandLine {
  std::string command;  // sample, train, run
  std::string job_file;
  std::vector<std::string> overrides;  // "--key=value", validated against job_parameters()
  bool overwrite = false;
  bool extend = false;  // sample: continue the finished run file to more samples
  bool help = false;
  bool version = false;
  bool no_arguments = false;  // usage on stderr, exit 2
};

CommandLine parse_command_line(int argc, char** argv);
std::string usage();
// The usage, then the parameters `command` reads (every one for an empty command).
std::string help_text(const std::string& command);

// Parsed and validated on rank 0, then broadcast: a bad value ends every rank with the
// same one-line InputError before any file is created.
Job load_job(const CommandLine& cli, const parallel::Comm& comm);

// The output's directory exists (created if missing) and is writable, and the output is not
// itself a directory; throws InputError naming which.
void check_output_directory(const std::string& output);

// Decided on rank 0: checks the output directory and refuses an existing output unless
// --overwrite. Returns the path to write, `<final>.partial`.
std::string prepare_output(const std::string& final_path, bool overwrite,
                           const parallel::Comm& comm);
// Every rank calls after closing the file; rank 0 renames the finished `.partial`.
void publish_output(const std::string& final_path, const parallel::Comm& comm);

}  // namespace phaselearn::app
