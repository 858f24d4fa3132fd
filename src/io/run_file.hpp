#pragma once
// The run file written by `phaselearn sample` (layout: DESIGN.md §3). Format 2 is one
// layout for every model: /spins in the model's encoding, /observables/<name> as the
// model lists them, /diagnostics/tau_int/<name>. Format 1 (Ising only: /energy,
// /magnetization, /diagnostics/tau_int_energy, ...) is still read.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/partition.hpp"
#include "io/h5.hpp"

namespace phaselearn::io {

inline constexpr const char* run_format = "phaselearn.run";
inline constexpr std::int64_t run_format_version = 2;

struct RunMeta {
  std::string run_id;  // 128-bit random hex, links the files of one run
  std::string model;
  int L = 0;
  double J = 1;
  std::uint64_t master_seed = 0;
  int mpi_ranks = 1;
  std::string code_version, created_utc, job;
  std::int64_t format_version = run_format_version;  // of a file read
};

// One per-sample observable: [T, S] for a scalar, [T, S, components] otherwise.
struct ObservableColumn {
  std::string name;
  int components;
  std::string description, units;
};

// What a model stores per sample, as plain data (io knows no model).
struct SampleLayout {
  std::string spin_encoding;  // the /spins attribute `encoding`
  std::vector<ObservableColumn> observables;
};

struct RunDiagnostics {
  std::vector<double> exchange_acceptance;  // [T-1]
  std::vector<std::int64_t> round_trips;    // [walkers]
  std::vector<std::pair<std::string, std::vector<double>>> tau_int;  // name -> [T], sweeps
  // name -> [T]: 1 where tau_int sits on a plateau of the binning, 0 where it is a lower
  // bound; empty for format 1, which did not record it
  std::vector<std::pair<std::string, std::vector<std::int8_t>>> tau_int_plateau;
  // The named tau_int series; empty when the file has none of that name.
  std::vector<double> tau_int_of(const std::string& name) const;
};

// The group of a finished run file that keeps the sampler's state after its last sample,
// from which `phaselearn sample --extend` continues the run.
inline constexpr const char* kept_state_group = "/resume";

// Every rank of the communicator constructs one and calls every method (collective).
// Spin is the element type of /spins: std::int8_t or float.
template <typename Spin>
class RunFileWriter {
 public:
  RunFileWriter(const std::string& path, MPI_Comm comm, const RunMeta& meta,
                const SampleLayout& layout, const std::vector<double>& temperatures,
                std::int64_t samples, int chunk, int deflate = 0);
  // Reopens the .partial of an interrupted run. Refuses a file of another run or shape:
  // the partial output must be the one the checkpoint was taken with. Removes what a run
  // writes after its last sample (/diagnostics, the kept state): a run killed between
  // writing them and publishing the file writes them again when it finishes.
  static RunFileWriter resume(const std::string& path, MPI_Comm comm, const std::string& run_id,
                              const SampleLayout& layout, int L, std::int64_t temperatures,
                              std::int64_t samples);
  // Samples [first, first + count) of this rank's temperature block. Buffers are
  // [temperature][buffer_samples](...) with buffer_samples >= count; observables[k] holds
  // layout.observables[k], its components last.
  void write_samples(Block temperatures, std::int64_t first, std::int64_t count,
                     std::int64_t buffer_samples, const Spin* spins,
                     const std::vector<std::vector<double>>& observables,
                     const std::int32_t* replica);
  // Reads back samples [0, count) of observable k of this rank's temperatures:
  // [t][s][component]. A resumed run checks with it that the partial output still holds
  // what the checkpoint recorded.
  std::vector<double> read_observable(std::size_t k, Block temperatures, std::int64_t count) const;
  // Reads back spins [first, first + count) of temperature t into `out` (count may be 0:
  // every rank calls the same number of times). HDF5 checks each chunk's checksum.
  void read_spins(std::int64_t t, std::int64_t first, std::int64_t count, Spin* out) const;
  void write_diagnostics(const RunDiagnostics& d);  // same data on every rank
  void flush();
  void close();

 private:
  RunFileWriter(File file, const SampleLayout& layout, int L);
  File file_;
  SampleLayout layout_;
  Dataset spins_, replica_;
  std::vector<Dataset> observables_;
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

  // Refuses (FormatError) a run file of another model than `model`, naming `what` needs it.
  void require_model(const std::string& model, const std::string& what) const;
  // [t][s] (scalar) or [t][s][component] observable of temperatures [t0, t0 + nt).
  std::vector<double> observable(const std::string& name, Block temperatures) const;
  // Ising: per-sample energy and signed magnetization per spin, [t][s].
  std::vector<double> energy(Block temperatures) const { return observable("energy", temperatures); }
  std::vector<double> magnetization(Block temperatures) const {
    return observable("magnetization", temperatures);
  }
  // Ising spins of samples [s0, s0 + ns) of temperature t: [ns][L][L]
  void read_spins(std::int64_t t, std::int64_t s0, std::int64_t ns, std::int8_t* out) const;
  RunDiagnostics diagnostics() const;

 private:
  std::string observable_path(const std::string& name) const;
  // Shapes, element types and attributes against the format; FormatError naming the first
  // that is wrong.
  void validate() const;
  File file_;
  RunMeta meta_;
  std::vector<double> temperatures_;
  std::int64_t samples_ = 0;
};

// Root attributes every phaselearn file carries, and the check every reader makes:
// `versions` are the format versions this build reads; the found one is returned.
void write_common_attributes(File& f, const std::string& format, std::int64_t version,
                             const std::string& job);
std::int64_t check_format(const File& f, const std::string& expected_format,
                          const std::vector<std::int64_t>& versions);

}  // namespace phaselearn::io
