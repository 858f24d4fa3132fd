#include "app/train_support.hpp"

#include <sys/resource.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/cli.hpp"
#include "app/train_checkpoint.hpp"
#include "core/errors.hpp"
#include "core/signals.hpp"
#include "parallel/rank_collectives.hpp"

namespace phaselearn::app {

ml::RankCollectives collectives_of(const parallel::Comm& comm) {
  return parallel::rank_collectives(comm);
}

namespace {

// An existing training file is refused (unless --overwrite) by prepare_output; say so
// more precisely when it was trained on another run than the one named now.
void check_existing_output(const std::string& path, const std::string& run_id, bool overwrite) {
  if (overwrite || !std::filesystem::exists(path)) return;
  std::string other;
  try {
    other = io::TrainFileReader(path).meta().run_id;
  } catch (const Error&) {
    return;  // not a readable training file: prepare_output's message is the right one
  }
  if (other != run_id)
    throw InputError("output '" + path + "' exists and was trained on another run (" + other +
                     ", the run file is " + run_id +
                     "); pass --overwrite to replace it, or choose another run.name");
}

}  // namespace

TrainingOutput claim_training_output(const Job& job, bool overwrite, const parallel::Comm& comm,
                                     std::string (*check_inputs)(const Job&, int ranks)) {
  TrainingOutput out;
  out.final_path = job.run.train_file();
  out.run_id = comm.root_decides([&] {
    const std::string id = check_inputs(job, comm.size());
    check_existing_output(out.final_path, id, overwrite);
    return id;
  });
  out.partial = prepare_output(out.final_path, overwrite, comm);
  return out;
}

// The held samples (sorted by temperature, sample) as runs of consecutive samples.
int input_side(const TrainSettings& s, int L) {
  if (s.coarse_grain == 0) return L;
  if (L % s.coarse_grain != 0)
    throw InputError("train.coarse_grain = " + std::to_string(s.coarse_grain) +
                     " does not divide the lattice side L = " + std::to_string(L) +
                     ": block spins need L to be a multiple of it");
  return s.coarse_grain;
}

std::vector<io::SampleRun> runs_of(std::span<const ml::SampleId> held) {
  std::vector<io::SampleRun> runs;
  for (const ml::SampleId& id : held) {
    if (!runs.empty() && runs.back().temperature == id.temperature &&
        runs.back().first + runs.back().count == id.sample)
      ++runs.back().count;
    else
      runs.push_back({id.temperature, id.sample, 1});
  }
  return runs;
}

std::function<float()> checkpoint_vote(const Job& job, const parallel::Comm& comm,
                                       const std::chrono::steady_clock::time_point& last_checkpoint) {
  return [&job, &comm, &last_checkpoint] {
    float v = checkpoint_requested() ? 2.0f : 0.0f;
    if (comm.is_root() && job.run.checkpoint_interval > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - last_checkpoint)
                .count() >= job.run.checkpoint_interval)
      v += 1.0f;
    return v;
  };
}

std::string format_seconds(double s) {
  char buf[32];
  const long t = std::isfinite(s) ? std::lround(s) : 0;
  std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  return buf;
}

double peak_memory_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

// /history/train_<metric> and /history/val_<metric> of every metric, per epoch.
double publish_training_file(const std::string& final_path, const parallel::Comm& comm) {
  publish_output(final_path, comm);
  remove_train_checkpoint(final_path, comm);
  return comm.max(peak_memory_mib());
}

io::HistorySeries history_of(const std::vector<ml::EpochRecord>& records,
                             const std::vector<std::string>& names) {
  io::HistorySeries series;
  for (const char* split : {"train", "val"})
    for (std::size_t k = 0; k < names.size(); ++k) {
      std::vector<double> values;
      for (const ml::EpochRecord& r : records)
        values.push_back(split[0] == 't' ? r.train[k] : r.val[k]);
      series.emplace_back(std::string(split) + "_" + names[k], std::move(values));
    }
  return series;
}

void EpochPrinter::print(const std::string& prefix, const ml::EpochRecord& r,
                         const std::vector<std::string>& names, int max_epochs, int fits_left) {
  seconds_ += r.seconds;
  ++epochs_;
  if (!enabled_) return;
  const double per_epoch = seconds_ / epochs_;
  const double eta = per_epoch * ((max_epochs - r.epoch - 1) + double(fits_left) * max_epochs);
  // samples/s: training throughput (forward, backward, allreduce, update), all ranks.
  std::string train, val;
  char value[64];
  for (std::size_t k = 0; k < names.size(); ++k) {
    std::snprintf(value, sizeof value, " %s %.4f", names[k].c_str(), r.train[k]);
    train += value;
    std::snprintf(value, sizeof value, " %s %.4f", names[k].c_str(), r.val[k]);
    val += value;
  }
  std::printf("%sepoch %d/%d  train%s  val%s%s  %.3g samples/s  ETA %s\n", prefix.c_str(),
              r.epoch + 1, max_epochs, train.c_str(), val.c_str(), r.improved ? " *" : "  ",
              double(r.samples) / r.train_seconds, format_seconds(eta).c_str());
  std::fflush(stdout);
}

}  // namespace phaselearn::app
