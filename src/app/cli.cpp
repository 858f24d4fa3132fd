#include "app/cli.hpp"

#include <unistd.h>

#include <filesystem>

#include "core/errors.hpp"

namespace fs = std::filesystem;

namespace phaselearn::app {

std::string usage() {
  return "usage: phaselearn <command> [JOB_FILE] [--section.key=value ...] [--overwrite | "
         "--extend]\n"
         "\n"
         "commands:\n"
         "  sample   replica-exchange Monte Carlo; writes <output_dir>/<name>.h5\n"
         "  train    data-parallel phase classifier on the run file (train.run_file, default\n"
         "           <output_dir>/<name>.h5); writes <output_dir>/<name>.train.h5\n"
         "  run      sample, then train on the new run file, in one job\n"
         "  help     this text\n"
         "\n"
         "JOB_FILE is an INI file (see jobs/); any key can be overridden on the command line,\n"
         "e.g. --model.L=64 --sampler.samples=2000. Command-line values win over the file.\n"
         "  --overwrite   replace an existing output file\n"
         "  --extend      (sample) continue the finished run file to a larger\n"
         "                --sampler.samples=N from the state it keeps, without equilibrating\n"
         "                again: the result is the file a run of N samples from the start\n"
         "                writes; any other key that changes the samples is refused\n"
         "  --help        this text and every parameter (`phaselearn sample --help`: the\n"
         "                parameters of that command)\n"
         "  --version     the release and the build's code_version (git describe)\n"
         "\n"
         "exit codes: 0 done, 1 runtime error, 2 bad input, 3 checkpointed but not finished\n";
}

std::string help_text(const std::string& command) {
  // The sections each command reads: `train` takes the model from its run file.
  std::vector<std::string> sections;
  if (command == "sample") sections = {"run", "model", "temperatures", "sampler"};
  if (command == "train") sections = {"run", "train"};
  return usage() + "\nparameters" + (command.empty() ? "" : " of `" + command + "`") +
         " (section.key, default, allowed values):\n" +
         ParamSet(job_parameters()).help(sections);
}

namespace {
// Every rank parses the same argv and reaches the same verdict: an error here is one
// every rank has, so main reports it once and all ranks leave together.
[[noreturn]] void refuse(const std::string& why) {
  InputError e(why);
  e.set_on_every_rank();
  throw e;
}
// The job files that come with phaselearn: beside an installed binary
// (<prefix>/bin/phaselearn -> <prefix>/share/phaselearn/jobs), else in the source tree of
// this build. Empty when neither exists.
std::string shipped_jobs_directory() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / PHASELEARN_INSTALLED_JOBS;
    if (fs::is_directory(installed, ec)) return installed.lexically_normal().string();
  }
  if (fs::is_directory(PHASELEARN_SOURCE_JOBS, ec)) return PHASELEARN_SOURCE_JOBS;
  return "";
}
}  // namespace

CommandLine parse_command_line(int argc, char** argv) {
  CommandLine cli;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    cli.no_arguments = true;
    return cli;
  }
  if (args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    cli.help = true;
    return cli;
  }
  if (args[0] == "--version") {
    cli.version = true;
    return cli;
  }
  cli.command = args[0];
  if (cli.command != "sample" && cli.command != "train" && cli.command != "run")
    refuse("unknown command '" + cli.command + "' (commands: sample, train, run; see --help)");
  std::size_t i = 1;
  if (i < args.size() && !args[i].starts_with("-")) cli.job_file = args[i++];
  for (; i < args.size(); ++i) {
    if (args[i] == "--overwrite")
      cli.overwrite = true;
    else if (args[i] == "--extend")
      cli.extend = true;
    else if (args[i] == "--help" || args[i] == "-h")
      cli.help = true;
    else if (!args[i].starts_with("-"))
      refuse("unexpected argument '" + args[i] + "'" +
             (cli.job_file.empty() ? "" : " after the job file '" + cli.job_file + "'") +
             ": one job file, then --section.key=value overrides");
    else
      cli.overrides.push_back(args[i]);
  }
  if (cli.extend && cli.command != "sample")
    refuse("--extend continues a finished run file: it applies to `phaselearn sample` only");
  if (cli.extend && cli.overwrite)
    refuse("--extend keeps the samples of the run file and --overwrite replaces them: give "
           "one of them");
  if (!cli.job_file.empty() && fs::is_directory(cli.job_file))
    refuse("job file '" + cli.job_file + "' is a directory, not an INI file");
  if (!cli.job_file.empty() && !fs::exists(cli.job_file)) {
    const std::string shipped = shipped_jobs_directory();
    refuse("cannot read job file '" + cli.job_file + "': it does not exist" +
           (shipped.empty() ? "" : "; the job files that come with phaselearn are in " + shipped));
  }
  return cli;
}

Job load_job(const CommandLine& cli, const parallel::Comm& comm) {
  const std::string ini = comm.root_decides([&] {
    ParamSet params(job_parameters());
    params.load(cli.job_file, cli.overrides);
    make_job(params);  // validates what single keys cannot
    return params.to_ini();
  });
  ParamSet params(job_parameters());
  params.load_text(ini);
  return make_job(params);
}

void check_output_directory(const std::string& output) {
  const fs::path path(output);
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir) || access(dir.c_str(), W_OK) != 0)
    throw InputError("cannot write to output directory '" + dir.string() + "'" +
                     (ec ? " (" + ec.message() + ")" : ""));
  if (fs::is_directory(path))
    throw InputError("output '" + output + "' is a directory; choose another run.name or "
                     "run.output_dir");
}

std::string prepare_output(const std::string& final_path, bool overwrite,
                           const parallel::Comm& comm) {
  return comm.root_decides([&] {
    check_output_directory(final_path);
    const fs::path path(final_path);
    if (fs::exists(path) && !overwrite)
      throw InputError("output '" + final_path +
                       "' exists; pass --overwrite to replace it, or choose another run.name");
    return final_path + ".partial";
  });
}

void publish_output(const std::string& final_path, const parallel::Comm& comm) {
  comm.root_decides([&] {
    fs::rename(final_path + ".partial", final_path);
    return std::string();
  });
}

}  // namespace phaselearn::app
