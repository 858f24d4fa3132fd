#include "app/sample_extend.hpp"

#include <filesystem>
#include <sstream>

#include "app/checkpoint_file.hpp"
#include "app/cli.hpp"
#include "app/sample_checkpoint.hpp"
#include "core/errors.hpp"
#include "io/run_file.hpp"

namespace fs = std::filesystem;

namespace phaselearn::app {
namespace {

// What fixes the samples (as a checkpoint compares it), without the key --extend changes
// and the run's name (a copy renamed to keep the shorter run is extended under its name).
std::string defining_but_samples(const std::string& ini) {
  std::istringstream in(result_defining(ini, {"run", "model", "temperatures", "sampler"}));
  std::string line, out;
  while (std::getline(in, line))
    if (!line.starts_with("sampler.samples ") && !line.starts_with("run.name ")) out += line + "\n";
  return out;
}

std::string trimmed(std::string line) {
  while (!line.empty() && line.back() == '\n') line.pop_back();
  return line;
}

}  // namespace

Extension prepare_extension(const std::string& final_path, const Job& job,
                            const parallel::Comm& comm) {
  const std::string partial = final_path + ".partial";
  const std::string samples = comm.root_decides([&] {
    check_output_directory(final_path);
    const std::string checkpoint = checkpoint_path(final_path);
    const bool unfinished = fs::exists(checkpoint) || fs::exists(partial);
    if (!fs::exists(final_path))
      throw InputError(
          unfinished ? "cannot extend '" + final_path + "': the run is not finished ('" +
                           partial + "' is left); finish it first with the command it was "
                           "started with (without --extend), then extend it"
                     : "cannot extend '" + final_path + "': it does not exist; sample the "
                       "job first (without --extend)");
    if (fs::exists(checkpoint)) return std::string("0");  // an interrupted extension
    const io::RunFileReader run(final_path, std::nullopt);
    const std::string then = defining_but_samples(run.meta().job);
    const std::string now = defining_but_samples(job.ini);
    if (then != now)
      throw InputError("cannot extend '" + final_path + "': it was sampled with '" +
                       trimmed(first_difference(then, now)) + "', this job has '" +
                       trimmed(first_difference(now, then)) +
                       "'; --extend changes sampler.samples only");
    if (job.sampler.samples <= run.samples())
      throw InputError("cannot extend '" + final_path + "': sampler.samples = " +
                       std::to_string(job.sampler.samples) + " is not more than the " +
                       std::to_string(run.samples()) + " samples it holds; --extend adds samples");
    if (!has_kept_state(final_path))
      throw InputError("cannot extend '" + final_path + "': it keeps no final state (" +
                       io::kept_state_group +
                       "; written by an older phaselearn): sample the job with sampler.samples "
                       "= " + std::to_string(job.sampler.samples) + " from the start");
    return std::to_string(run.samples());
  });
  return {partial, std::stoll(samples)};
}

}  // namespace phaselearn::app
