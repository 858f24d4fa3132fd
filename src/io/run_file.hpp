#pragma once
// The run file written by `phaselearn sample` (layout: DESIGN.md §3, format_version 1).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/partition.hpp"
#include "io/h5.hpp"

namespace phaselearn::io {

inline constexpr const char* run_format = "phaselearn.run";
inline constexpr std::int64_t run_format_version = 1;

struct RunMeta {
  std::string run_id;  // 128-bit random hex, links the files of one run
  std::string model;
  int L = 0;
  double J = 1;
  std::uint64_t master_seed = 0;
  int mpi_ranks = 1;
  std::string code_version, created_utc, job;
};

struct RunDiagnostics {
  std::vector<double> exchange_acceptance;  // [T-1]
  std::vector<std::int64_t> round_trips;    // [walkers]
  std::vector<double> tau_int_energy, tau_int_abs_m;  // [T], in sweeps
};

// Every rank of the communicator constructs one and calls every method (collective).
class RunFileWriter {
 public:
  RunFileWriter(const std::string& path, MPI_Comm comm, const RunMeta& meta,
                const std::vector<double>& temperatures, std::int64_t samples, int chunk);
  // Reopens the .partial of an interrupted run. Refuses a file of another run or shape:
  // the partial output must be the one the checkpoint was taken with.
  static RunFileWriter resume(const std::string& path, MPI_Comm comm, const std::string& run_id,
                              int L, std::int64_t temperatures, std::int64_t samples);
  // Samples [first, first + count) of this rank's temperature block. Buffers are
  // [temperature][buffer_samples](...) with buffer_samples >= count.
  void write_samples(Block temperatures, std::int64_t first, std::int64_t count,
                     std::int64_t buffer_samples, const std::int8_t* spins, const double* energy,
                     const double* magnetization, const std::int32_t* replica);
  // Reads back samples [0, count) of this rank's temperatures: [t][s]. A resumed run
  // checks with it that the partial output still holds what the checkpoint recorded.
  void read_observables(Block temperatures, std::int64_t count, double* energy,
                        double* magnetization) const;
  void write_diagnostics(const RunDiagnostics& d);  // same data on every rank
  void flush();
  void close();

 private:
  RunFileWriter(File file, int L);
  File file_;
  Dataset spins_, energy_, magnetization_, replica_;
  int L_;
};

class RunFileReader {
 public:
  // comm = nullopt: serial. Refuses a .partial file and unknown formats or versions.
  RunFileReader(const std::string& path, std::optional<MPI_Comm> comm);
  const RunMeta& meta() const { return meta_; }
  const std::vector<double>& temperatures() const { return temperatures_; }
  std::int64_t samples() const { return samples_; }
  const File& file() const { return file_; }

  // [t][s] per-sample observables of temperatures [t0, t0 + nt), all samples.
  std::vector<double> energy(Block temperatures) const;
  std::vector<double> magnetization(Block temperatures) const;
  // spins of samples [s0, s0 + ns) of temperature t: [ns][L][L]
  void read_spins(std::int64_t t, std::int64_t s0, std::int64_t ns, std::int8_t* out) const;
  RunDiagnostics diagnostics() const;

 private:
  File file_;
  RunMeta meta_;
  std::vector<double> temperatures_;
  std::int64_t samples_ = 0;
};

// Root attributes every phaselearn file carries, and the check every reader makes.
void write_common_attributes(File& f, const std::string& format, const std::string& job);
void check_format(const File& f, const std::string& expected_format, std::int64_t expected_version);

}  // namespace phaselearn::io
