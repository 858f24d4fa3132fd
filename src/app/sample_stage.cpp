#include "app/sample_stage.hpp"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <random>

#include "core/errors.hpp"
#include "core/progress.hpp"
#include "core/version.hpp"
#include "io/run_file.hpp"
#include "sampler/replica_exchange.hpp"

namespace phaselearn::app {
namespace {

// A label for the files of one run, not a random stream of the simulation.
std::string random_run_id() {
  std::random_device device;
  char hex[33];
  for (int i = 0; i < 4; ++i) std::snprintf(hex + 8 * i, 9, "%08x", device());
  return hex;
}

int auto_chunk(const Job& job) {
  if (job.sampler.write_chunk > 0) return job.sampler.write_chunk;
  const std::int64_t site_bytes = std::int64_t{job.model.L} * job.model.L;
  return static_cast<int>(
      std::clamp<std::int64_t>((1 << 20) / site_bytes, 1, job.sampler.samples));
}

// Stored samples of this rank's temperatures, flushed to the file every `chunk` samples.
class SampleBuffer {
 public:
  SampleBuffer(std::int64_t temperatures, std::int64_t chunk, int L)
      : chunk_(chunk), sites_(std::int64_t{L} * L),
        spins_(temperatures * chunk * sites_), energy_(temperatures * chunk),
        magnetization_(temperatures * chunk), replica_(temperatures * chunk) {}

  void store(std::int64_t local_t, std::int64_t slot, const Walker& w) {
    const std::int64_t i = local_t * chunk_ + slot;
    w.spins.to_int8(&spins_[i * sites_]);
    energy_[i] = -double(w.bond_sum) / double(sites_);
    magnetization_[i] = double(w.spin_sum) / double(sites_);
    replica_[i] = w.id;
  }
  void flush(io::RunFileWriter& writer, Block t, std::int64_t first, std::int64_t count) const {
    writer.write_samples(t, first, count, chunk_, spins_.data(), energy_.data(),
                         magnetization_.data(), replica_.data());
  }

 private:
  std::int64_t chunk_, sites_;
  std::vector<std::int8_t> spins_;
  std::vector<double> energy_, magnetization_;
  std::vector<std::int32_t> replica_;
};

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

void warn_about_autocorrelation(const Job& job, const ExchangeDiagnostics& d) {
  const auto k = double(job.sampler.sweeps_between_samples);
  int n = 0;
  double worst_tau = 0, worst_t = 0;
  for (std::size_t t = 0; t < d.tau_int_energy.size(); ++t) {
    const double tau = std::max(d.tau_int_energy[t], d.tau_int_abs_m[t]);
    if (k < 2 * tau) ++n;
    if (tau > worst_tau) worst_tau = tau, worst_t = job.temperatures[t];
  }
  if (n > 0)
    std::printf("warning: at %d temperature(s) sweeps_between_samples = %g is below 2 tau_int "
                "(largest tau_int = %.3g sweeps at T = %.4g): stored samples are correlated; "
                "raise sampler.sweeps_between_samples or sampler.wolff_sweeps\n",
                n, k, worst_tau, worst_t);
}

double peak_memory_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace

void run_sample(const Job& job, const CommandLine& cli, const parallel::Comm& comm) {
  comm.root_decides([&] {
    if (comm.size() > static_cast<int>(job.temperatures.size()))
      throw InputError("more MPI ranks (" + std::to_string(comm.size()) +
                       ") than temperatures (" + std::to_string(job.temperatures.size()) +
                       "): use at most temperatures.count ranks");
    return std::string();
  });
  const std::string final_path = job.run.run_file();
  const std::string partial = prepare_output(final_path, cli.overwrite, comm);

  io::RunMeta meta{"", job.model.name, job.model.L, job.model.J, job.run.seed, comm.size(),
                   code_version(), utc_timestamp(), job.ini};
  meta.run_id = comm.root_decides([] { return random_run_id(); });

  ReplicaExchange pt(job, comm);
  const Block block = pt.temperatures();
  const std::int64_t chunk = auto_chunk(job), S = job.sampler.samples;
  SampleBuffer buffer(block.size(), chunk, job.model.L);

  Stopwatch hdf5;
  std::optional<io::RunFileWriter> writer;
  hdf5.time([&] { writer.emplace(partial, comm.native(), meta, job.temperatures, S, chunk); });

  Progress progress(comm.is_root(), "sample", double(pt.total_sweeps()), "sweeps",
                    job.sampler.log_interval_seconds);
  pt.run(
      [&](std::int64_t s) {
        const std::int64_t slot = s % chunk;
        for (std::int64_t i = 0; i < block.size(); ++i) buffer.store(i, slot, pt.walker(int(i)));
        if (slot == chunk - 1 || s == S - 1)
          hdf5.time([&] { buffer.flush(*writer, block, s - slot, slot + 1); });
      },
      [&](std::int64_t sweeps) {
        progress.update(double(sweeps));
        return true;
      });

  const ExchangeDiagnostics d = pt.diagnostics();
  hdf5.time([&] {
    writer->write_diagnostics({d.acceptance, d.round_trips, d.tau_int_energy, d.tau_int_abs_m});
    writer->close();
  });
  publish_output(final_path, comm);

  const double wall = comm.max(progress.elapsed_seconds());
  const double hdf5_share = comm.max(hdf5.seconds) / wall;
  const double memory = comm.max(peak_memory_mib());
  if (comm.is_root()) {
    std::int64_t trips = 0;
    for (auto r : d.round_trips) trips += r;
    double min_acc = 1;
    for (auto a : d.acceptance) min_acc = std::min(min_acc, a);
    warn_about_autocorrelation(job, d);
    char summary[512];
    std::snprintf(summary, sizeof summary,
                  "wrote %s: %zu temperatures x %lld samples, %.0f samples/s, %.3g sweeps/s "
                  "per temperature, lowest exchange acceptance %.2f, %lld round trips, "
                  "HDF5 %.1f%% of wall time, peak memory %.0f MiB per rank",
                  final_path.c_str(), job.temperatures.size(), static_cast<long long>(S),
                  double(S) * double(job.temperatures.size()) / wall,
                  double(pt.total_sweeps()) / wall, min_acc, static_cast<long long>(trips),
                  100 * hdf5_share, memory);
    progress.finish(summary);
  }
}

}  // namespace phaselearn::app
