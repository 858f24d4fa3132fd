#include "io/run_file.hpp"

#include "core/errors.hpp"
#include "core/version.hpp"

namespace phaselearn::io {

void write_common_attributes(File& f, const std::string& format, const std::string& job) {
  f.write_attribute("/", "format", format);
  f.write_attribute("/", "format_version", std::int64_t{1});
  f.write_attribute("/", "code_version", code_version());
  f.write_attribute("/", "created_utc", utc_timestamp());
  f.write_attribute("/", "job", job);
}

void check_format(const File& f, const std::string& expected, std::int64_t expected_version) {
  if (!f.has_attribute("/", "format"))
    throw FormatError("'" + f.path() + "' is not a phaselearn file (no 'format' attribute)");
  const std::string format = f.read_string_attribute("/", "format");
  if (format != expected)
    throw FormatError("'" + f.path() + "' has format '" + format + "', expected '" + expected +
                      "'");
  const std::int64_t version = f.read_int_attribute("/", "format_version");
  if (version != expected_version)
    throw FormatError("'" + f.path() + "' has format_version " + std::to_string(version) +
                      ", this build reads version " + std::to_string(expected_version));
}

RunFileWriter::RunFileWriter(const std::string& path, MPI_Comm comm, const RunMeta& meta,
                             const std::vector<double>& temperatures, std::int64_t samples,
                             int chunk)
    : file_(File::create(path, comm)),
      spins_(H5Id(), true),
      energy_(H5Id(), true),
      magnetization_(H5Id(), true),
      replica_(H5Id(), true),
      L_(meta.L) {
  write_common_attributes(file_, run_format, meta.job);
  file_.write_attribute("/", "run_id", meta.run_id);
  file_.write_attribute("/", "model", meta.model);
  file_.write_attribute("/", "L", std::int64_t{meta.L});
  file_.write_attribute("/", "J", meta.J);
  file_.write_attribute("/", "master_seed", static_cast<std::int64_t>(meta.master_seed));
  file_.write_attribute("/", "mpi_ranks", std::int64_t{meta.mpi_ranks});

  const hsize_t T = temperatures.size(), S = samples, L = meta.L;
  const hsize_t c = std::min<hsize_t>(chunk, S);
  file_.write_small("/temperatures", temperatures);
  spins_ = file_.create_dataset<std::int8_t>("/spins", {T, S, L, L}, {1, c, L, L});
  energy_ = file_.create_dataset<double>("/energy", {T, S}, {1, c});
  magnetization_ = file_.create_dataset<double>("/magnetization", {T, S}, {1, c});
  replica_ = file_.create_dataset<std::int32_t>("/replica", {T, S}, {1, c});
}

RunFileWriter::RunFileWriter(File file, int L)
    : file_(std::move(file)),
      spins_(file_.open_dataset("/spins")),
      energy_(file_.open_dataset("/energy")),
      magnetization_(file_.open_dataset("/magnetization")),
      replica_(file_.open_dataset("/replica")),
      L_(L) {}

RunFileWriter RunFileWriter::resume(const std::string& path, MPI_Comm comm,
                                    const std::string& run_id, int L, std::int64_t temperatures,
                                    std::int64_t samples) {
  File file = File::open_write(path, comm);
  const auto refuse = [&](const std::string& why) {
    return FormatError("cannot resume: the partial output '" + path + "' " + why +
                       "; it cannot be trusted — remove it and its .checkpoint, or start "
                       "again with --overwrite");
  };
  check_format(file, run_format, run_format_version);
  if (file.read_string_attribute("/", "run_id") != run_id)
    throw refuse("belongs to another run than the checkpoint");
  const Dims expected = {hsize_t(temperatures), hsize_t(samples), hsize_t(L), hsize_t(L)};
  if (!file.has("/spins") || file.open_dataset("/spins").dims() != expected)
    throw refuse("does not have the shape of this job");
  return RunFileWriter(std::move(file), L);
}

void RunFileWriter::flush() { file_.flush(); }

void RunFileWriter::write_samples(Block t, std::int64_t first, std::int64_t count,
                                  std::int64_t buffer_samples, const std::int8_t* spins,
                                  const double* energy, const double* magnetization,
                                  const std::int32_t* replica) {
  const hsize_t t0 = t.begin, nt = t.size(), s0 = first, n = count, cap = buffer_samples,
                L = L_;
  spins_.write(Dims{t0, s0, 0, 0}, Dims{nt, n, L, L}, spins, Dims{nt, cap, L, L});
  energy_.write(Dims{t0, s0}, Dims{nt, n}, energy, Dims{nt, cap});
  magnetization_.write(Dims{t0, s0}, Dims{nt, n}, magnetization, Dims{nt, cap});
  replica_.write(Dims{t0, s0}, Dims{nt, n}, replica, Dims{nt, cap});
}

void RunFileWriter::read_observables(Block t, std::int64_t count, double* energy,
                                     double* magnetization) const {
  const Dims offset{hsize_t(t.begin), 0}, size{hsize_t(t.size()), hsize_t(count)};
  energy_.read<double>(offset, size, energy);
  magnetization_.read<double>(offset, size, magnetization);
}

void RunFileWriter::write_diagnostics(const RunDiagnostics& d) {
  file_.create_group("/diagnostics");
  file_.write_small("/diagnostics/exchange_acceptance", d.exchange_acceptance);
  file_.write_small("/diagnostics/round_trips", d.round_trips);
  file_.write_small("/diagnostics/tau_int_energy", d.tau_int_energy);
  file_.write_small("/diagnostics/tau_int_abs_m", d.tau_int_abs_m);
}

void RunFileWriter::close() { file_.close(); }

RunFileReader::RunFileReader(const std::string& path, std::optional<MPI_Comm> comm)
    : file_([&] {
        if (path.size() >= 8 && path.compare(path.size() - 8, 8, ".partial") == 0)
          throw InputError("'" + path + "' is an unfinished run (.partial); finish or resume it");
        return File::open_read(path, comm);
      }()) {
  check_format(file_, run_format, run_format_version);
  meta_.run_id = file_.read_string_attribute("/", "run_id");
  meta_.model = file_.read_string_attribute("/", "model");
  meta_.L = static_cast<int>(file_.read_int_attribute("/", "L"));
  meta_.J = file_.read_double_attribute("/", "J");
  meta_.master_seed = static_cast<std::uint64_t>(file_.read_int_attribute("/", "master_seed"));
  meta_.mpi_ranks = static_cast<int>(file_.read_int_attribute("/", "mpi_ranks"));
  meta_.code_version = file_.read_string_attribute("/", "code_version");
  meta_.created_utc = file_.read_string_attribute("/", "created_utc");
  meta_.job = file_.read_string_attribute("/", "job");
  temperatures_ = file_.open_dataset("/temperatures").read_all<double>();
  const Dims d = file_.open_dataset("/energy").dims();
  if (d.size() != 2 || d[0] != temperatures_.size())
    throw FormatError("'" + path + "': /energy does not match /temperatures");
  samples_ = static_cast<std::int64_t>(d[1]);
}

namespace {
std::vector<double> read_rows(const File& f, const std::string& name, Block t, std::int64_t S) {
  std::vector<double> out(static_cast<std::size_t>(t.size() * S));
  f.open_dataset(name).read<double>({hsize_t(t.begin), 0}, {hsize_t(t.size()), hsize_t(S)},
                                    out.data());
  return out;
}
}  // namespace

std::vector<double> RunFileReader::energy(Block t) const {
  return read_rows(file_, "/energy", t, samples_);
}

std::vector<double> RunFileReader::magnetization(Block t) const {
  return read_rows(file_, "/magnetization", t, samples_);
}

void RunFileReader::read_spins(std::int64_t t, std::int64_t s0, std::int64_t ns,
                               std::int8_t* out) const {
  const hsize_t L = meta_.L;
  file_.open_dataset("/spins").read<std::int8_t>({hsize_t(t), hsize_t(s0), 0, 0},
                                                 {1, hsize_t(ns), L, L}, out);
}

RunDiagnostics RunFileReader::diagnostics() const {
  return {file_.open_dataset("/diagnostics/exchange_acceptance").read_all<double>(),
          file_.open_dataset("/diagnostics/round_trips").read_all<std::int64_t>(),
          file_.open_dataset("/diagnostics/tau_int_energy").read_all<double>(),
          file_.open_dataset("/diagnostics/tau_int_abs_m").read_all<double>()};
}

}  // namespace phaselearn::io
