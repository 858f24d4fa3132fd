#include "app/sample_stage.hpp"

#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <cstdio>
#include <random>

#include "app/checkpoint_trigger.hpp"
#include "app/resource_check.hpp"
#include "app/sample_checkpoint.hpp"
#include "app/sample_extend.hpp"
#include "core/errors.hpp"
#include "core/progress.hpp"
#include "core/version.hpp"
#include "io/run_file.hpp"
#include "io/stored_samples.hpp"
#include "models/models.hpp"
#include "parallel/tempering_ranks.hpp"
#include "tempering/replica_exchange.hpp"

namespace phaselearn::app {
namespace {

// A label for the files of one run, not a random stream of the simulation.
std::string random_run_id() {
  std::random_device device;
  char hex[33];
  for (int i = 0; i < 4; ++i) std::snprintf(hex + 8 * i, 9, "%08x", device());
  return hex;
}

// About 256 KiB of spins per temperature and write: a few MiB per rank, still in cache
// when written. One 1 MiB write per temperature (the whole quick job at the end) took
// twice the HDF5 time, and much smaller writes pay more per call.
template <models::Model M>
int auto_chunk(const Job& job) {
  if (job.sampler.write_chunk > 0) return job.sampler.write_chunk;
  const std::int64_t site_bytes =
      std::int64_t{job.model.L} * job.model.L * std::int64_t(sizeof(typename M::FileSpin));
  return static_cast<int>(
      std::clamp<std::int64_t>((1 << 18) / site_bytes, 1, job.sampler.samples));
}

template <models::Model M>
io::SampleLayout sample_layout() {
  io::SampleLayout layout{std::string(M::file_encoding), {}};
  for (const models::Observable& o : M::observables())
    layout.observables.push_back({o.name, o.components, o.description, o.units});
  return layout;
}

// One sample's record, in M::measure's order, and its place in per-observable columns
// [row][component] (row = temperature * samples + sample): the one mapping, both ways.
template <models::Model M>
using Record = std::array<double, models::record_components<M>()>;

template <models::Model M>
void scatter(const Record<M>& record, std::vector<std::vector<double>>& columns, std::size_t row) {
  std::size_t k = 0, c = 0;
  for (const models::Observable& o : M::observables()) {
    for (int x = 0; x < o.components; ++x)
      columns[k][row * std::size_t(o.components) + std::size_t(x)] = record[c++];
    ++k;
  }
}

template <models::Model M>
Record<M> gather(const std::vector<std::vector<double>>& columns, std::size_t row) {
  Record<M> record;
  std::size_t k = 0, c = 0;
  for (const models::Observable& o : M::observables()) {
    for (int x = 0; x < o.components; ++x)
      record[c++] = columns[k][row * std::size_t(o.components) + std::size_t(x)];
    ++k;
  }
  return record;
}

// Stored samples of this rank's temperatures, written to the file `chunk` samples at a
// time (and before a checkpoint). It also keeps each temperature's running digest.
template <models::Model M>
class SampleBuffer {
 public:
  using Spin = typename M::FileSpin;
  SampleBuffer(std::int64_t temperatures, std::int64_t chunk, const models::LatticeSettings& lattice,
               std::int64_t first, std::vector<std::uint64_t> digests,
               std::vector<std::uint64_t> spin_digests)
      : lattice_(lattice), chunk_(chunk), sites_(lattice.sites()), first_(first),
        spins_(std::size_t(temperatures * chunk * sites_)),
        replica_(std::size_t(temperatures * chunk)), digests_(std::move(digests)),
        spin_digests_(std::move(spin_digests)) {
    for (const models::Observable& o : M::observables())
      observables_.emplace_back(std::size_t(temperatures * chunk * o.components));
  }

  void store(std::int64_t local_t, const tempering::Walker<M>& w) {
    const std::int64_t i = local_t * chunk_ + count_;
    M::write_spins(w.config, &spins_[std::size_t(i * sites_)]);
    Record<M> record;
    M::measure(lattice_, w.config, record.data());
    scatter<M>(record, observables_, std::size_t(i));
    replica_[std::size_t(i)] = w.id;
    digests_[std::size_t(local_t)] = digest_sample(digests_[std::size_t(local_t)], record);
    spin_digests_[std::size_t(local_t)] = digest_bytes(
        spin_digests_[std::size_t(local_t)],
        std::as_bytes(std::span(&spins_[std::size_t(i * sites_)], std::size_t(sites_))));
  }
  void stored() { ++count_; }
  bool full() const { return count_ == chunk_; }
  void flush(io::RunFileWriter<Spin>& writer, Block t) {
    writer.write_samples(t, first_, count_, chunk_, spins_.data(), observables_, replica_.data());
    first_ += count_;
    count_ = 0;
  }
  std::int64_t written() const { return first_; }
  const std::vector<std::uint64_t>& digests() const { return digests_; }
  const std::vector<std::uint64_t>& spin_digests() const { return spin_digests_; }

 private:
  models::LatticeSettings lattice_;
  std::int64_t chunk_, sites_, first_, count_ = 0;
  std::vector<Spin> spins_;
  std::vector<std::vector<double>> observables_;  // [observable][t][s][component]
  std::vector<std::int32_t> replica_;
  std::vector<std::uint64_t> digests_, spin_digests_;
};

// Reads back every spin the checkpoint counts, `chunk` samples at a time: HDF5 verifies
// each chunk's checksum on the way. Every rank makes the same number of reads (a rank
// with fewer temperatures reads nothing in the last ones), so a failure on one rank is
// counted, not thrown out of the middle of collective reads. Returns whether all were read.
template <models::Model M>
bool spins_readable(const io::RunFileWriter<typename M::FileSpin>& writer, Block t,
                    std::int64_t samples, std::int64_t chunk, std::int64_t most_temperatures,
                    std::int64_t sites, const std::vector<std::uint64_t>& expected) {
  std::vector<typename M::FileSpin> buffer(std::size_t(chunk * sites));
  bool readable = true;
  for (std::int64_t i = 0; i < most_temperatures; ++i) {
    std::uint64_t digest = 0;
    for (std::int64_t first = 0; first < samples; first += chunk) {
      const std::int64_t count = i < t.size() ? std::min(chunk, samples - first) : 0;
      try {
        writer.read_spins(t.begin + std::min(i, t.size() - 1), first, count, buffer.data());
        for (std::int64_t s = 0; s < count; ++s)
          digest = digest_bytes(digest, std::as_bytes(std::span(
                                            &buffer[std::size_t(s * sites)], std::size_t(sites))));
      } catch (const Error&) {
        readable = false;
      }
    }
    if (i < t.size() && digest != expected[std::size_t(i)]) readable = false;
  }
  return readable;
}

// After a hard kill the partial output may have lost samples the checkpoint counted, or a
// disk may have damaged it: compare its observables with the digests and read back its
// spins. Collective; refuses on every rank.
template <models::Model M>
void verify_partial_output(const io::RunFileWriter<typename M::FileSpin>& writer, Block t,
                           const SampleCheckpoint& c, const std::string& partial,
                           std::int64_t chunk, std::int64_t most_temperatures, std::int64_t sites,
                           const parallel::Comm& comm) {
  const std::int64_t n = c.samples_written;
  std::vector<std::vector<double>> columns;
  double damaged = 0;
  for (std::size_t k = 0; k < M::observables().size(); ++k) {
    try {
      columns.push_back(writer.read_observable(k, t, n));
    } catch (const Error&) {  // a checksum failure on this rank: counted, as below
      damaged = 1;
      columns.emplace_back();
    }
  }
  for (std::int64_t i = 0; i < t.size() && damaged == 0; ++i) {
    std::uint64_t digest = 0;
    for (std::int64_t s = 0; s < n; ++s)
      digest = digest_sample(digest, gather<M>(columns, std::size_t(i * n + s)));
    if (digest != c.digests[std::size_t(i)]) damaged = 1;
  }
  if (!spins_readable<M>(writer, t, n, chunk, most_temperatures, sites, c.spin_digests))
    damaged = 1;
  if (comm.max(damaged) > 0) {
    FormatError e("cannot resume: the partial output '" + partial +
                  "' no longer holds the samples its checkpoint recorded (probably cut off "
                  "while writing); it cannot be trusted: start again with --overwrite");
    e.set_on_every_rank();
    throw e;
  }
}

// `--extend`: samples [0, kept.samples_written) of the finished run file `from` into the
// new partial output, `chunk` at a time, checked against the digests its kept state
// recorded, so the continued chain joins exactly the samples it produced. Every rank makes
// the same reads and writes; a failure on one is counted, then refused on every rank.
template <models::Model M>
void copy_kept_samples(const std::string& from, io::RunFileWriter<typename M::FileSpin>& writer,
                       Block t, const SampleCheckpoint& kept, std::int64_t chunk,
                       const models::LatticeSettings& lattice, const io::SampleLayout& layout,
                       const parallel::Comm& comm) {
  const std::int64_t n = kept.samples_written, sites = lattice.sites();
  std::vector<typename M::FileSpin> spins(std::size_t(t.size() * chunk * sites));
  std::vector<std::vector<double>> columns(M::observables().size());
  std::vector<std::int32_t> replica(std::size_t(t.size() * chunk));
  std::vector<std::uint64_t> digests(std::size_t(t.size()), 0), spin_digests = digests;
  double damaged = 0;
  {
    const io::RunFileReader old(from, comm.native());
    for (std::int64_t first = 0; first < n; first += chunk) {
      const std::int64_t count = std::min(chunk, n - first);
      try {
        io::read_stored_samples(old, layout, t, first, count, spins.data(), columns,
                                replica.data());
      } catch (const Error&) {  // a checksum failure on this rank
        damaged = 1;
      }
      for (std::int64_t i = 0; i < t.size() && damaged == 0; ++i)
        for (std::int64_t s = 0; s < count; ++s) {
          const std::size_t row = std::size_t(i * count + s);
          digests[std::size_t(i)] = digest_sample(digests[std::size_t(i)], gather<M>(columns, row));
          spin_digests[std::size_t(i)] = digest_bytes(
              spin_digests[std::size_t(i)],
              std::as_bytes(std::span(&spins[row * std::size_t(sites)], std::size_t(sites))));
        }
      writer.write_samples(t, first, count, count, spins.data(), columns, replica.data());
    }
  }
  if (digests != kept.digests || spin_digests != kept.spin_digests) damaged = 1;
  if (comm.max(damaged) > 0) {
    FormatError e("cannot extend '" + from + "': its samples are not those its kept state "
                  "recorded (the file was changed or damaged); it cannot be trusted: sample "
                  "the job from the start");
    e.set_on_every_rank();
    throw e;
  }
}

class Stopwatch {
 public:
  template <typename F>
  void time(F&& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  double seconds = 0;
};

double peak_memory_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace

template <models::Model M>
void sample_model(const Job& job, const CommandLine& cli, const parallel::Comm& comm) {
  using Spin = typename M::FileSpin;
  const auto started = std::chrono::steady_clock::now();  // HDF5 set-up counts too
  const std::string final_path = job.run.run_file();
  const Extension extension =
      cli.extend ? prepare_extension(final_path, job, comm) : Extension{};
  const std::string partial =
      cli.extend ? extension.partial : prepare_output(final_path, cli.overwrite, comm);
  const std::int64_t chunk = auto_chunk<M>(job), S = job.sampler.samples;
  comm.root_decides([&] {
    SampleFootprint need = sample_footprint(job, comm.size(), double(sizeof(Spin)),
                                            models::record_components<M>(), chunk);
    if (std::filesystem::exists(partial)) need.file_bytes = 0;  // resuming: its space is taken
    check_resources(job, need, job.run.output_dir);
    return std::string();
  });
  CheckpointTrigger trigger(job.run.checkpoint_interval, comm);

  io::RunMeta meta{"", job.model.name, job.model.L, job.model.J, job.run.seed, comm.size(),
                   code_version(), utc_timestamp(), job.ini};
  const parallel::TemperingRanks ranks(comm);
  tempering::ReplicaExchange<M> pt(tempering::ladder_settings(job), ranks);
  const Block block = pt.temperatures();
  const io::SampleLayout layout = sample_layout<M>();

  Stopwatch hdf5;
  std::optional<io::RunFileWriter<Spin>> writer;
  if (cli.overwrite) remove_sample_checkpoint(final_path, comm);
  std::optional<SampleCheckpoint> resumed =
      read_sample_checkpoint(final_path, job, comm, block, pt.record_words());
  std::optional<SampleCheckpoint> kept;  // the finished run an extension continues
  if (!resumed && cli.extend) {
    kept = read_kept_state(final_path, comm, block, pt.record_words());
    comm.root_decides([&] {
      if (kept->samples_written != extension.samples)
        throw FormatError("cannot extend '" + final_path + "': its kept state counts " +
                          std::to_string(kept->samples_written) + " samples, the file holds " +
                          std::to_string(extension.samples) +
                          "; it cannot be trusted: sample the job from the start");
      return std::string();
    });
    pt.restore(kept->state);
  }
  if (resumed) {
    pt.restore(resumed->state);
    meta.run_id = resumed->run_id;
    hdf5.time([&] {
      writer.emplace(io::RunFileWriter<Spin>::resume(partial, comm.native(), meta.run_id, layout,
                                                     job.model.L,
                                                     std::int64_t(job.temperatures.size()), S));
      verify_partial_output<M>(*writer, block, *resumed, partial, chunk,
                               block_of(std::int64_t(job.temperatures.size()), comm.size(), 0).size(),
                               pt.settings().lattice.sites(), comm);
    });
    if (comm.is_root())
      std::printf("resuming from %s at sweep %lld of %lld\n",
                  checkpoint_path(final_path).c_str(), static_cast<long long>(pt.sweeps_done()),
                  static_cast<long long>(pt.total_sweeps()));
  } else {
    meta.run_id = comm.root_decides([] { return random_run_id(); });
    hdf5.time([&] {
      writer.emplace(partial, comm.native(), meta, layout, job.temperatures, S, chunk,
                     job.sampler.compression);
    });
  }
  if (kept) {
    if (comm.is_root())
      std::printf("extending %s from %lld to %lld samples at sweep %lld of %lld\n",
                  final_path.c_str(), static_cast<long long>(kept->samples_written),
                  static_cast<long long>(S), static_cast<long long>(pt.sweeps_done()),
                  static_cast<long long>(pt.total_sweeps()));
    hdf5.time([&] {
      try {
        copy_kept_samples<M>(final_path, *writer, block, *kept, chunk, pt.settings().lattice,
                             layout, comm);
      } catch (const Error& e) {
        if (!e.on_every_rank()) throw;
        writer->close();  // a refusal, on every rank together: leave nothing behind
        comm.root_decides([&] {
          std::filesystem::remove(partial);
          return std::string();
        });
        throw;
      }
    });
  }
  // Where the stored samples stand: a resumed checkpoint's, the extended run's, or none.
  const SampleCheckpoint* start = resumed ? &*resumed : kept ? &*kept : nullptr;
  const std::vector<std::uint64_t> no_digests(std::size_t(block.size()), 0);
  SampleBuffer<M> buffer(block.size(), chunk, pt.settings().lattice,
                         start ? start->samples_written : 0,
                         start ? start->digests : no_digests,
                         start ? start->spin_digests : no_digests);

  const std::int64_t first_sweep = pt.sweeps_done();
  Progress progress(comm.is_root(), "sample", double(pt.total_sweeps() - first_sweep), "sweeps",
                    job.sampler.log_interval_seconds);
  const auto write_checkpoint = [&] {
    hdf5.time([&] {
      buffer.flush(*writer, block);
      writer->flush();
      write_sample_checkpoint(final_path, job, comm, block,
                              {meta.run_id, buffer.written(), pt.save(), buffer.digests(),
                               buffer.spin_digests()});
    });
    trigger.written();
  };
  // Poll for a checkpoint once per stored sample: cheap, and the same sweep on every rank.
  const std::int64_t poll_every = job.sampler.sweeps_between_samples;
  pt.run(
      [&](std::int64_t s) {
        for (std::int64_t i = 0; i < block.size(); ++i) buffer.store(i, pt.walker(int(i)));
        buffer.stored();
        if (buffer.full() || s == S - 1) hdf5.time([&] { buffer.flush(*writer, block); });
      },
      [&](std::int64_t sweeps) {
        progress.update(double(sweeps - first_sweep));
        if (sweeps % poll_every != 0 || pt.finished()) return true;
        const auto action = trigger.poll();
        if (action == CheckpointTrigger::Action::none) return true;
        write_checkpoint();
        return action != CheckpointTrigger::Action::checkpoint_and_stop;
      });
  if (!pt.finished())
    throw Checkpointed("checkpoint written to " + checkpoint_path(final_path) + " at sweep " +
                       std::to_string(pt.sweeps_done()) + " of " +
                       std::to_string(pt.total_sweeps()) +
                       "; run the same command again to resume");

  const tempering::ExchangeDiagnostics d = pt.diagnostics();
  io::RunDiagnostics diagnostics{d.acceptance, d.round_trips, {}, {}};
  for (std::size_t k = 0; k < M::tracked.size(); ++k) {
    diagnostics.tau_int.push_back({std::string(M::tracked[k]), d.tau_int[k]});
    diagnostics.tau_int_plateau.push_back({std::string(M::tracked[k]), d.tau_plateau[k]});
  }
  hdf5.time([&] {
    writer->write_diagnostics(diagnostics);
    writer->close();
    write_kept_state(partial, job, comm, block,
                     {meta.run_id, S, pt.save(), buffer.digests(), buffer.spin_digests()});
  });
  publish_output(final_path, comm);
  remove_sample_checkpoint(final_path, comm);

  const double wall = comm.max(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  const std::int64_t resumed_samples = start ? start->samples_written : 0;
  const double hdf5_share = comm.max(hdf5.seconds) / wall;
  const double memory = comm.max(peak_memory_mib());
  if (comm.is_root()) {
    std::int64_t trips = 0;
    for (auto r : d.round_trips) trips += r;
    double min_acc = 1;
    for (auto a : d.acceptance) min_acc = std::min(min_acc, a);
    char summary[512];
    std::snprintf(summary, sizeof summary,
                  "wrote %s: %zu temperatures x %lld samples, %.0f samples/s, %.3g sweeps/s "
                  "per temperature, lowest exchange acceptance %.2f, %lld round trips, "
                  "HDF5 %.1f%% of wall time, peak memory %.0f MiB per rank",
                  final_path.c_str(), job.temperatures.size(), static_cast<long long>(S),
                  double(S - resumed_samples) * double(job.temperatures.size()) / wall,
                  double(pt.total_sweeps() - first_sweep) / wall, min_acc, static_cast<long long>(trips),
                  100 * hdf5_share, memory);
    progress.finish(summary);
    for (const std::string& line :
         tempering::sampling_warnings(d, job.temperatures, job.sampler.sweeps_between_samples))
      std::printf("warning: %s\n", line.c_str());
  }
}

void run_sample(const Job& job, const CommandLine& cli, const parallel::Comm& comm) {
  models::with_model(job.model.name, [&]<models::Model M>() { sample_model<M>(job, cli, comm); });
}

}  // namespace phaselearn::app
