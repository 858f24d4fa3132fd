#include "io/run_file.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/version.hpp"

namespace phaselearn::io {

void write_common_attributes(File& f, const std::string& format, std::int64_t version,
                             const std::string& job) {
  f.write_attribute("/", "format", format);
  f.write_attribute("/", "format_version", version);
  f.write_attribute("/", "code_version", code_version());
  f.write_attribute("/", "created_utc", utc_timestamp());
  f.write_attribute("/", "job", job);
}

std::int64_t check_format(const File& f, const std::string& expected,
                          const std::vector<std::int64_t>& versions) {
  if (!f.has_attribute("/", "format"))
    throw FormatError("'" + f.path() + "' is not a phaselearn file (no 'format' attribute)");
  const std::string format = f.read_string_attribute("/", "format");
  if (format != expected)
    throw FormatError("'" + f.path() + "' has format '" + format + "', expected '" + expected +
                      "'");
  const std::int64_t version = f.read_int_attribute("/", "format_version");
  for (const std::int64_t v : versions)
    if (v == version) return version;
  std::string known;
  for (const std::int64_t v : versions) known += (known.empty() ? "" : " or ") + std::to_string(v);
  throw FormatError("'" + f.path() + "' has format_version " + std::to_string(version) +
                    ", this build reads version " + known);
}

std::vector<double> RunDiagnostics::tau_int_of(const std::string& name) const {
  for (const auto& [n, values] : tau_int)
    if (n == name) return values;
  return {};
}

namespace {

void describe(File& f, const std::string& path, const std::string& description,
              const std::string& units = "") {
  f.write_attribute(path, "description", description);
  if (!units.empty()) f.write_attribute(path, "units", units);
}

Dims observable_dims(hsize_t T, hsize_t S, int components) {
  return components == 1 ? Dims{T, S} : Dims{T, S, hsize_t(components)};
}

}  // namespace

template <typename Spin>
RunFileWriter<Spin>::RunFileWriter(const std::string& path, MPI_Comm comm, const RunMeta& meta,
                                   const SampleLayout& layout,
                                   const std::vector<double>& temperatures, std::int64_t samples,
                                   int chunk, int deflate)
    : file_(File::create(path, comm)),
      layout_(layout),
      spins_(H5Id(), true),
      replica_(H5Id(), true),
      L_(meta.L) {
  write_common_attributes(file_, run_format, run_format_version, meta.job);
  file_.write_attribute("/", "run_id", meta.run_id);
  file_.write_attribute("/", "model", meta.model);
  file_.write_attribute("/", "L", std::int64_t{meta.L});
  file_.write_attribute("/", "J", meta.J);
  file_.write_attribute("/", "master_seed", static_cast<std::int64_t>(meta.master_seed));
  file_.write_attribute("/", "mpi_ranks", std::int64_t{meta.mpi_ranks});

  const hsize_t T = temperatures.size(), S = samples, L = meta.L;
  const hsize_t c = std::min<hsize_t>(chunk, S);
  file_.write_small("/temperatures", temperatures);
  describe(file_, "/temperatures", "temperature of each replica slot, ascending", "J (k_B = 1)");
  spins_ = file_.create_dataset<Spin>("/spins", {T, S, L, L}, {1, c, L, L}, deflate);
  describe(file_, "/spins", "configuration of each stored sample, [temperature][sample][y][x]");
  file_.write_attribute("/spins", "encoding", layout.spin_encoding);
  replica_ = file_.create_dataset<std::int32_t>("/replica", {T, S}, {1, c});
  describe(file_, "/replica", "which walker (by its starting temperature) sat at the temperature");
  file_.create_group("/observables");
  for (const ObservableColumn& o : layout.observables) {
    const std::string name = "/observables/" + o.name;
    Dims chunk_dims = observable_dims(1, c, o.components);
    observables_.push_back(
        file_.create_dataset<double>(name, observable_dims(T, S, o.components), chunk_dims));
    describe(file_, name, o.description, o.units);
  }
}

template <typename Spin>
RunFileWriter<Spin>::RunFileWriter(File file, const SampleLayout& layout, int L)
    : file_(std::move(file)),
      layout_(layout),
      spins_(file_.open_dataset("/spins")),
      replica_(file_.open_dataset("/replica")),
      L_(L) {
  for (const ObservableColumn& o : layout.observables)
    observables_.push_back(file_.open_dataset("/observables/" + o.name));
}

template <typename Spin>
RunFileWriter<Spin> RunFileWriter<Spin>::resume(const std::string& path, MPI_Comm comm,
                                                const std::string& run_id,
                                                const SampleLayout& layout, int L,
                                                std::int64_t temperatures, std::int64_t samples) {
  File file = File::open_write(path, comm);
  const auto refuse = [&](const std::string& why) {
    return FormatError("cannot resume: the partial output '" + path + "' " + why +
                       "; it cannot be trusted — remove it and its .checkpoint, or start "
                       "again with --overwrite");
  };
  check_format(file, run_format, {run_format_version});
  if (file.read_string_attribute("/", "run_id") != run_id)
    throw refuse("belongs to another run than the checkpoint");
  const Dims expected = {hsize_t(temperatures), hsize_t(samples), hsize_t(L), hsize_t(L)};
  if (!file.has("/spins") || file.open_dataset("/spins").dims() != expected)
    throw refuse("does not have the shape of this job");
  for (const ObservableColumn& o : layout.observables)
    if (!file.has("/observables/" + o.name)) throw refuse("has no /observables/" + o.name);
  file.remove_if_present("/diagnostics");
  file.remove_if_present(kept_state_group);
  return RunFileWriter(std::move(file), layout, L);
}

template <typename Spin>
void RunFileWriter<Spin>::flush() {
  file_.flush();
}

template <typename Spin>
void RunFileWriter<Spin>::write_samples(Block t, std::int64_t first, std::int64_t count,
                                        std::int64_t buffer_samples, const Spin* spins,
                                        const std::vector<std::vector<double>>& observables,
                                        const std::int32_t* replica) {
  const hsize_t t0 = t.begin, nt = t.size(), s0 = first, n = count, cap = buffer_samples,
                L = L_;
  spins_.write(Dims{t0, s0, 0, 0}, Dims{nt, n, L, L}, spins, Dims{nt, cap, L, L});
  replica_.write(Dims{t0, s0}, Dims{nt, n}, replica, Dims{nt, cap});
  for (std::size_t k = 0; k < observables_.size(); ++k) {
    const int c = layout_.observables[k].components;
    const Dims offset = c == 1 ? Dims{t0, s0} : Dims{t0, s0, 0};
    observables_[k].write(offset, observable_dims(nt, n, c), observables[k].data(),
                          observable_dims(nt, cap, c));
  }
}

template <typename Spin>
std::vector<double> RunFileWriter<Spin>::read_observable(std::size_t k, Block t,
                                                         std::int64_t count) const {
  const int c = layout_.observables[k].components;
  std::vector<double> out(std::size_t(t.size() * count * c));
  const Dims offset = c == 1 ? Dims{hsize_t(t.begin), 0} : Dims{hsize_t(t.begin), 0, 0};
  observables_[k].read<double>(offset, observable_dims(hsize_t(t.size()), hsize_t(count), c),
                               out.data());
  return out;
}

template <typename Spin>
void RunFileWriter<Spin>::read_spins(std::int64_t t, std::int64_t first, std::int64_t count,
                                     Spin* out) const {
  const hsize_t L = hsize_t(L_);
  spins_.read<Spin>({hsize_t(t), hsize_t(first), 0, 0}, {count > 0 ? 1u : 0u, hsize_t(count), L, L},
                    out);
}

template <typename Spin>
void RunFileWriter<Spin>::write_diagnostics(const RunDiagnostics& d) {
  file_.create_group("/diagnostics");
  file_.write_small("/diagnostics/exchange_acceptance", d.exchange_acceptance);
  describe(file_, "/diagnostics/exchange_acceptance",
           "accepted share of exchange attempts of the pair (t, t+1)");
  file_.write_small("/diagnostics/round_trips", d.round_trips);
  describe(file_, "/diagnostics/round_trips",
           "round trips (lowest to highest temperature and back) of each walker");
  file_.create_group("/diagnostics/tau_int");
  for (const auto& [name, values] : d.tau_int) {
    const std::string path = "/diagnostics/tau_int/" + name;
    file_.write_small(path, values);
    describe(file_, path, "integrated autocorrelation time of the per-sweep " + name +
                              " at each temperature (binning)", "sweeps");
  }
  file_.create_group("/diagnostics/tau_int_plateau");
  for (const auto& [name, values] : d.tau_int_plateau) {
    const std::string path = "/diagnostics/tau_int_plateau/" + name;
    file_.write_small(path, values);
    describe(file_, path, "1 where /diagnostics/tau_int/" + name + " sits on a plateau of the "
                          "binning, 0 where it is only a lower bound (too few sweeps)");
  }
}

template <typename Spin>
void RunFileWriter<Spin>::close() {
  file_.close();
}

template class RunFileWriter<std::int8_t>;
template class RunFileWriter<float>;

RunFileReader::RunFileReader(const std::string& path, std::optional<MPI_Comm> comm)
    : file_([&] {
        if (path.size() >= 8 && path.compare(path.size() - 8, 8, ".partial") == 0)
          throw InputError("'" + path + "' is an unfinished run (.partial); finish or resume it");
        return File::open_read(path, comm);
      }()) {
  meta_.format_version = check_format(file_, run_format, {1, run_format_version});
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
  const Dims d = file_.open_dataset("/spins").dims();
  if (d.size() != 4)
    throw FormatError("'" + path + "' is not a valid run file: /spins has " +
                      std::to_string(d.size()) + " dimensions, expected 4 [T, S, L, L]");
  samples_ = static_cast<std::int64_t>(d[1]);
  validate();
}

namespace {

std::string shape(const Dims& d) {
  std::string out = "[";
  for (std::size_t i = 0; i < d.size(); ++i) out += (i ? ", " : "") + std::to_string(d[i]);
  return out + "]";
}

// What format 2 promises per model (DESIGN.md §3): the observables and their components.
const std::vector<std::pair<std::string, std::vector<std::pair<std::string, int>>>>
    observables_of_model = {
        {"ising2d", {{"energy", 1}, {"magnetization", 1}}},
        {"xy2d",
         {{"energy", 1}, {"magnetization", 2}, {"bond_cos", 2}, {"bond_sin", 2}, {"vortices", 1}}},
};

}  // namespace

void RunFileReader::validate() const {
  const auto bad = [&](const std::string& what) {
    return FormatError("'" + file_.path() + "' is not a valid run file: " + what);
  };
  const std::vector<std::pair<std::string, int>>* observables = nullptr;
  for (const auto& [model, list] : observables_of_model)
    if (model == meta_.model) observables = &list;
  if (!observables || (meta_.format_version == 1 && meta_.model != "ising2d"))
    throw FormatError("'" + file_.path() + "' is a run of model " + meta_.model +
                      ", which this build does not read (it reads ising2d and xy2d)");
  const hsize_t T = temperatures_.size(), S = hsize_t(samples_), L = hsize_t(meta_.L);
  if (T == 0 || S == 0) throw bad("no temperatures or no samples");
  for (std::size_t t = 0; t < T; ++t)
    if (!(std::isfinite(temperatures_[t]) && temperatures_[t] > 0) ||
        (t > 0 && !(temperatures_[t] > temperatures_[t - 1])))
      throw bad("/temperatures must be positive and strictly ascending");
  if (!(std::isfinite(meta_.J) && meta_.J > 0)) throw bad("attribute J must be positive");
  const auto check = [&](const std::string& name, const Dims& expected, bool type_ok) {
    const Dataset set = file_.open_dataset(name);
    if (set.dims() != expected)
      throw bad(name + " has shape " + shape(set.dims()) + ", expected " + shape(expected) +
                " (T = " + std::to_string(T) + " temperatures, S = " + std::to_string(S) +
                " samples, L = " + std::to_string(L) + ")");
    if (!type_ok) throw bad(name + " has the wrong element type");
  };
  const auto float64 = [&](const std::string& name) {
    return file_.open_dataset(name).holds<double>();
  };
  const bool ising = meta_.model == "ising2d";
  check("/spins", {T, S, L, L},
        ising ? file_.open_dataset("/spins").holds<std::int8_t>()
              : file_.open_dataset("/spins").holds<float>());
  check("/replica", {T, S}, file_.open_dataset("/replica").holds<std::int32_t>());
  for (const auto& [name, components] : *observables) {
    const std::string path = observable_path(name);
    check(path, components == 1 ? Dims{T, S} : Dims{T, S, hsize_t(components)}, float64(path));
  }
  check("/diagnostics/exchange_acceptance", {T - 1}, float64("/diagnostics/exchange_acceptance"));
  check("/diagnostics/round_trips", {T},
        file_.open_dataset("/diagnostics/round_trips").holds<std::int64_t>());
}

void RunFileReader::require_model(const std::string& model, const std::string& what) const {
  if (meta_.model != model)
    throw FormatError("'" + file_.path() + "' is a run of model " + meta_.model + "; " + what +
                      " takes " + model + " runs only");
}

std::string RunFileReader::observable_path(const std::string& name) const {
  return meta_.format_version == 1 ? "/" + name : "/observables/" + name;
}

std::vector<double> RunFileReader::observable(const std::string& name, Block t) const {
  const Dataset set = file_.open_dataset(observable_path(name));
  Dims d = set.dims();
  hsize_t per_sample = 1;
  for (std::size_t k = 2; k < d.size(); ++k) per_sample *= d[k];
  std::vector<double> out(std::size_t(t.size() * samples_) * per_sample);
  Dims offset(d.size(), 0), count = d;
  offset[0] = hsize_t(t.begin);
  count[0] = hsize_t(t.size());
  set.read<double>(offset, count, out.data());
  // Per spin, |e| <= 2J and |m| <= 1 for every model: anything else is damage, not physics.
  const double bound = name == "energy" ? 2 * meta_.J : name == "magnetization" ? 1.0 : HUGE_VAL;
  for (const double v : out)
    if (!(std::abs(v) <= bound * (1 + 1e-12)))
      throw FormatError("'" + file_.path() + "' is not a valid run file: " +
                        observable_path(name) + " holds " + std::to_string(v) +
                        (std::isfinite(bound) ? ", outside [-" + std::to_string(bound) + ", " +
                                                    std::to_string(bound) + "]"
                                              : ""));
  return out;
}

void RunFileReader::read_spins(std::int64_t t, std::int64_t s0, std::int64_t ns,
                               std::int8_t* out) const {
  const hsize_t L = meta_.L;
  file_.open_dataset("/spins").read<std::int8_t>({hsize_t(t), hsize_t(s0), 0, 0},
                                                 {1, hsize_t(ns), L, L}, out);
}

RunDiagnostics RunFileReader::diagnostics() const {
  RunDiagnostics d{file_.open_dataset("/diagnostics/exchange_acceptance").read_all<double>(),
                   file_.open_dataset("/diagnostics/round_trips").read_all<std::int64_t>(),
                   {}};
  if (meta_.format_version == 1) {
    d.tau_int = {{"energy", file_.open_dataset("/diagnostics/tau_int_energy").read_all<double>()},
                 {"abs_magnetization",
                  file_.open_dataset("/diagnostics/tau_int_abs_m").read_all<double>()}};
  } else {
    for (const std::string name : {"energy", "abs_magnetization"}) {
      if (file_.has("/diagnostics/tau_int/" + name))
        d.tau_int.push_back(
            {name, file_.open_dataset("/diagnostics/tau_int/" + name).read_all<double>()});
      if (file_.has("/diagnostics/tau_int_plateau/" + name))
        d.tau_int_plateau.push_back(
            {name,
             file_.open_dataset("/diagnostics/tau_int_plateau/" + name).read_all<std::int8_t>()});
    }
  }
  return d;
}

}  // namespace phaselearn::io
