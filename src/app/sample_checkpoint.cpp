#include "app/sample_checkpoint.hpp"

#include <algorithm>
#include <bit>
#include <filesystem>

#include "app/checkpoint_file.hpp"
#include "core/errors.hpp"
#include "io/checkpoint.hpp"
#include "io/run_file.hpp"

namespace fs = std::filesystem;

namespace phaselearn::app {
namespace {

// The parts of a job that change the samples; the rest (logging, checkpoint interval,
// output directory, training) may differ on resume.
const std::vector<std::string> sampling_sections = {"run", "model", "temperatures", "sampler"};

// Raised whenever the update rules or the record layout change (2: branch-free Wolff and
// global flips, 2c80856; 3: records listed by the models' field lists, run file format 2; 4: a digest of the stored spins):
// a checkpoint of older rules would resume into a file that matches neither version's
// uninterrupted run.
constexpr std::int64_t sampler_rules_version = 4;

}  // namespace

std::uint64_t digest_bytes(std::uint64_t digest, std::span<const std::byte> bytes) {
  for (const std::byte b : bytes) {
    digest ^= std::uint64_t(b);
    digest *= 0x100000001b3ULL;  // FNV-1a
  }
  return digest;
}

std::uint64_t digest_sample(std::uint64_t digest, std::span<const double> record) {
  for (const double v : record) {
    digest ^= std::bit_cast<std::uint64_t>(v);
    digest *= 0x100000001b3ULL;  // FNV prime: every bit of v reaches the whole word
    digest ^= digest >> 29;
  }
  return digest;
}

namespace {

// A sample checkpoint as generic checkpoint content: the state's counters and arrays, and
// one row per temperature of its record words and the two digests of its stored samples.
// The rows are laid out in the records' own buffer (it may hold 10^8 words).
io::CheckpointData to_data(SampleCheckpoint c, Block temperatures) {
  io::CheckpointData data;
  data.counters = {{"sweeps", c.state.sweeps},
                   {"exchange_steps", c.state.exchange_steps},
                   {"samples_written", c.samples_written},
                   {"sampler_rules", sampler_rules_version}};
  data.integers = {{"attempts", std::move(c.state.attempts)},
                   {"accepts", std::move(c.state.accepts)}};
  const std::size_t n = std::size_t(temperatures.size()), words = c.state.records.size() / n;
  data.row_words = std::int64_t(words) + 2;
  std::vector<std::uint64_t>& rows = c.state.records;
  rows.resize(n * (words + 2));
  for (std::size_t i = n; i-- > 0;) {  // last row first: each moves up, over no unread word
    std::copy_backward(rows.begin() + std::ptrdiff_t(i * words),
                       rows.begin() + std::ptrdiff_t((i + 1) * words),
                       rows.begin() + std::ptrdiff_t(i * (words + 2) + words));
    rows[i * (words + 2) + words] = c.digests[i];
    rows[i * (words + 2) + words + 1] = c.spin_digests[i];
  }
  data.rows = std::move(rows);
  return data;
}

// Whether content read back was written by these rules, with records of this length.
bool same_rules(const io::CheckpointData& data, std::size_t record_words) {
  const auto rules = data.counters.find("sampler_rules");
  return rules != data.counters.end() && rules->second == sampler_rules_version &&
         data.row_words == std::int64_t(record_words) + 2;
}

SampleCheckpoint from_data(const io::CheckpointData& data, Block temperatures,
                           std::size_t record_words) {
  SampleCheckpoint c;
  const auto run_id = data.texts.find("run_id");
  if (run_id != data.texts.end()) c.run_id = run_id->second;
  c.samples_written = data.counters.at("samples_written");
  c.state.sweeps = data.counters.at("sweeps");
  c.state.exchange_steps = data.counters.at("exchange_steps");
  c.state.attempts = data.integers.at("attempts");
  c.state.accepts = data.integers.at("accepts");
  for (std::int64_t i = 0; i < temperatures.size(); ++i) {
    const auto row = data.rows.begin() + std::ptrdiff_t(i * data.row_words);
    c.state.records.insert(c.state.records.end(), row, row + std::ptrdiff_t(record_words));
    c.digests.push_back(row[std::ptrdiff_t(record_words)]);
    c.spin_digests.push_back(row[std::ptrdiff_t(record_words) + 1]);
  }
  return c;
}

}  // namespace

void write_sample_checkpoint(const std::string& run_file, const Job& job,
                             const parallel::Comm& comm, Block temperatures,
                             const SampleCheckpoint& c) {
  io::CheckpointData data = to_data(c, temperatures);
  data.texts = {{"job", job.ini}, {"run_id", c.run_id}};
  save_checkpoint(checkpoint_path(run_file), comm, temperatures,
                  std::int64_t(job.temperatures.size()), data);
}

std::optional<SampleCheckpoint> read_sample_checkpoint(const std::string& run_file,
                                                       const Job& job,
                                                       const parallel::Comm& comm,
                                                       Block temperatures,
                                                       std::size_t record_words) {
  const std::string path = checkpoint_path(run_file);
  const std::string found = comm.root_decides([&] {
    if (!fs::exists(path)) return std::string();
    if (!fs::exists(run_file + ".partial"))
      throw InputError("checkpoint '" + path + "' has no partial output '" + run_file +
                       ".partial' to continue; remove the checkpoint or pass --overwrite");
    return std::string("yes");
  });
  if (found.empty()) return std::nullopt;

  const io::CheckpointData data = io::read_checkpoint(path, comm.native(), temperatures);
  comm.root_decides([&] {
    const std::string then = result_defining(data.texts.at("job"), sampling_sections);
    const std::string now = result_defining(job.ini, sampling_sections);
    if (then != now)
      throw InputError("checkpoint '" + path + "' was written by a different job (it has '" +
                       first_difference(then, now) +
                       "'): resume with the job and overrides it was started with, or pass "
                       "--overwrite to start afresh");
    if (!same_rules(data, record_words))
      throw FormatError("checkpoint '" + path + "' was written by another version of the "
                        "sampler; pass --overwrite to start afresh");
    return std::string();
  });
  return from_data(data, temperatures, record_words);
}

void write_kept_state(const std::string& partial, const Job& job, const parallel::Comm& comm,
                      Block temperatures, SampleCheckpoint state) {
  io::write_checkpoint_group(
      partial, comm.native(), io::kept_state_group,
      "the sampler's state after the last sample (replica-exchange records and sample "
      "digests per temperature, exchange counts), from which `phaselearn sample --extend` "
      "continues the run",
      temperatures, std::int64_t(job.temperatures.size()), to_data(std::move(state), temperatures));
}

bool has_kept_state(const std::string& run_file) {
  return io::has_checkpoint_group(run_file, io::kept_state_group);
}

SampleCheckpoint read_kept_state(const std::string& run_file, const parallel::Comm& comm,
                                 Block temperatures, std::size_t record_words) {
  const io::CheckpointData data =
      io::read_checkpoint_group(run_file, comm.native(), io::kept_state_group, temperatures);
  comm.root_decides([&] {
    if (!same_rules(data, record_words))
      throw InputError("'" + run_file + "' was written by another version of the sampler: "
                       "its kept state cannot be continued; run the job with its new sample "
                       "count from the start");
    return std::string();
  });
  return from_data(data, temperatures, record_words);
}

void remove_sample_checkpoint(const std::string& run_file, const parallel::Comm& comm) {
  remove_checkpoint(checkpoint_path(run_file), comm);
}

}  // namespace phaselearn::app
