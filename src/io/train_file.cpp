#include "io/train_file.hpp"

#include <algorithm>

#include "core/errors.hpp"

namespace phaselearn::io {
namespace {

std::string layer_group(const std::string& part, std::size_t i) {
  return part + "/layer_" + std::to_string(i);
}

// Runs as HDF5 blocks of a [T, S, ...] dataset whose trailing dimensions are `tail`.
void blocks_of(const std::vector<SampleRun>& runs, const Dims& tail, std::vector<Dims>& offsets,
               std::vector<Dims>& counts) {
  offsets.clear();
  counts.clear();
  for (const SampleRun& r : runs) {
    if (r.count <= 0) continue;
    Dims offset{hsize_t(r.temperature), hsize_t(r.first)}, count{1, hsize_t(r.count)};
    for (hsize_t d : tail) {
      offset.push_back(0);
      count.push_back(d);
    }
    offsets.push_back(std::move(offset));
    counts.push_back(std::move(count));
  }
}

}  // namespace

TrainFileWriter::TrainFileWriter(const std::string& path, MPI_Comm comm, const TrainMeta& meta,
                                 const std::vector<double>& temperatures, std::int64_t samples)
    : file_(File::create(path, comm)), p_ordered_(H5Id(), true) {
  MPI_Comm_rank(comm, &rank_);
  write_common_attributes(file_, train_format, train_format_version, meta.job);
  file_.write_attribute("/", "run_id", meta.run_id);
  file_.write_attribute("/", "run_file", meta.run_file);
  file_.write_attribute("/", "objective", meta.objective);
  file_.write_attribute("/", "prediction_only", std::int64_t{meta.prediction_only});
  file_.write_attribute("/", "model_file", meta.model_file);
  file_.write_attribute("/", "model", meta.model);
  file_.write_attribute("/", "input_encoding", meta.input_encoding);
  file_.write_attribute("/", "L", std::int64_t{meta.L});
  file_.write_attribute("/", "master_seed", static_cast<std::int64_t>(meta.master_seed));
  file_.write_attribute("/", "mpi_ranks", std::int64_t{meta.mpi_ranks});
  file_.write_attribute("/", "best_epoch", meta.best_epoch);
  file_.create_group("/model");
  if (!meta.prediction_only) file_.create_group("/history");
  temperatures_ = temperatures.size();
  samples_ = hsize_t(samples);
  if (meta.objective == "vae") {
    file_.write_attribute("/", "latent", std::int64_t{meta.latent});
    file_.write_attribute("/", "kl_weight", meta.kl_weight);
    file_.write_attribute("/", "energy_weight", meta.energy_weight);
    file_.write_attribute("/", "energy_input", std::int64_t{meta.energy_input});
    file_.write_attribute("/", "coarse_grain", std::int64_t{meta.coarse_grain});
    file_.write_small("/temperatures", temperatures);
    for (const char* g : {"/latent", "/reconstruction", "/generated"}) file_.create_group(g);
    return;
  }
  file_.write_attribute("/", "label_scheme", meta.label_scheme);
  if (meta.label_scheme == "threshold") file_.write_attribute("/", "t_label", meta.t_label);
  if (meta.label_scheme == "window") {
    file_.write_attribute("/", "t_low", meta.t_low);
    file_.write_attribute("/", "t_high", meta.t_high);
  }
  file_.write_attribute("/", "coarse_grain", std::int64_t{meta.coarse_grain});
  file_.create_group("/predictions");
  file_.write_small("/predictions/temperatures", temperatures);
  p_ordered_ = file_.create_dataset<float>("/predictions/p_ordered", {temperatures_, samples_});
}

void TrainFileWriter::write_layers(const std::string& group, const std::vector<LayerData>& layers) {
  file_.write_attribute(group, "inputs", std::int64_t{layers.empty() ? 0 : layers[0].inputs});
  file_.write_attribute(group, "layers", std::int64_t(layers.size()));
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerData& l = layers[i];
    const std::string g = layer_group(group, i);
    file_.create_group(g);
    file_.write_attribute(g, "activation", l.activation);
    // 2-D, so not write_small: every rank calls, root alone writes (same values everywhere).
    Dataset w = file_.create_dataset<float>(g + "/weights", {hsize_t(l.outputs), hsize_t(l.inputs)});
    const hsize_t rows = rank_ == 0 ? hsize_t(l.outputs) : 0;
    w.write<float>({0, 0}, {rows, hsize_t(l.inputs)}, l.weights.data());
    file_.write_small(g + "/bias", l.bias);
  }
}

void TrainFileWriter::write_model(const std::vector<LayerData>& layers,
                                  const std::string& optimizer) {
  file_.write_attribute("/model", "optimizer", optimizer);
  write_layers("/model", layers);
}

void TrainFileWriter::write_model(const std::vector<LayerData>& encoder,
                                  const std::vector<LayerData>& decoder,
                                  const std::string& optimizer) {
  file_.write_attribute("/model", "optimizer", optimizer);
  file_.create_group("/model/encoder");
  write_layers("/model/encoder", encoder);
  file_.create_group("/model/decoder");
  write_layers("/model/decoder", decoder);
}

void TrainFileWriter::write_generated(std::int64_t per_temperature,
                                      const std::vector<double>& energy,
                                      const std::vector<double>& vortices,
                                      bool temperature_conditioned) {
  const hsize_t G = hsize_t(per_temperature), rows = rank_ == 0 ? temperatures_ : 0;
  const auto write = [&](const std::string& path, const std::vector<double>& values,
                         const std::string& description) {
    Dataset d = file_.create_dataset<double>(path, {temperatures_, G});
    d.write<double>({0, 0}, {rows, G}, values.data());
    file_.write_attribute(path, "description", description);
  };
  write("/generated/energy", energy, "energy per spin of configurations decoded from prior draws");
  if (!vortices.empty())
    write("/generated/vortices", vortices, "vortex density of configurations decoded from prior draws");
  file_.write_attribute("/generated", "temperature_conditioned",
                        std::int64_t{temperature_conditioned});
}

template <typename T>
void TrainFileWriter::write_per_sample(const std::string& path, const std::string& description,
                                       const std::vector<SampleRun>& runs, const Dims& tail,
                                       const T* values) {
  Dims dims{temperatures_, samples_};
  dims.insert(dims.end(), tail.begin(), tail.end());
  Dataset d = file_.create_dataset<T>(path, dims);
  std::vector<Dims> offsets, counts;
  blocks_of(runs, tail, offsets, counts);
  d.write_blocks<T>(offsets, counts, values);
  file_.write_attribute(path, "description", description);
}

template void TrainFileWriter::write_per_sample<float>(const std::string&, const std::string&,
                                                       const std::vector<SampleRun>&, const Dims&,
                                                       const float*);
template void TrainFileWriter::write_per_sample<double>(const std::string&, const std::string&,
                                                        const std::vector<SampleRun>&,
                                                        const Dims&, const double*);

void TrainFileWriter::write_history(const HistorySeries& history) {
  for (const auto& [name, values] : history) file_.write_small("/history/" + name, values);
}

void TrainFileWriter::write_confusion(const ConfusionCurve& c) {
  file_.create_group("/confusion");
  file_.write_small("/confusion/proposed_T", c.proposed_T);
  file_.write_small("/confusion/val_accuracy", c.val_accuracy);
}

void TrainFileWriter::write_prediction_summary(const std::vector<double>& mean,
                                               const std::vector<double>& standard_error) {
  file_.write_small("/predictions/mean", mean);
  file_.write_small("/predictions/stderr", standard_error);
  file_.write_attribute("/predictions/stderr", "method",
                        std::string("standard deviation of the means of 20 blocks of "
                                    "consecutive samples / sqrt(20)"));
}

void TrainFileWriter::write_predictions(const std::vector<SampleRun>& runs, const float* p) {
  std::vector<Dims> offsets, counts;
  blocks_of(runs, {}, offsets, counts);
  p_ordered_.write_blocks<float>(offsets, counts, p);
}

void TrainFileWriter::close() {
  p_ordered_ = Dataset(H5Id(), true);  // an open dataset would keep the file open
  file_.close();
}

TrainFileReader::TrainFileReader(const std::string& path, std::optional<MPI_Comm> comm)
    : file_([&] {
        if (path.ends_with(".partial"))
          throw InputError("'" + path + "' is an unfinished training file (.partial)");
        return File::open_read(path, comm);
      }()) {
  check_format(file_, train_format, {1, train_format_version});
  meta_.format_version = file_.read_int_attribute("/", "format_version");
  if (file_.has_attribute("/", "objective"))
    meta_.objective = file_.read_string_attribute("/", "objective");
  if (meta_.objective != "classifier" && meta_.objective != "vae")
    throw FormatError("'" + path + "' holds a model of objective '" + meta_.objective +
                      "'; this build knows classifier and vae");
  if (file_.has_attribute("/", "prediction_only"))
    meta_.prediction_only = file_.read_int_attribute("/", "prediction_only") != 0;
  if (file_.has_attribute("/", "model_file"))
    meta_.model_file = file_.read_string_attribute("/", "model_file");
  meta_.run_id = file_.read_string_attribute("/", "run_id");
  meta_.run_file = file_.read_string_attribute("/", "run_file");
  if (file_.has_attribute("/", "model")) meta_.model = file_.read_string_attribute("/", "model");
  if (file_.has_attribute("/", "input_encoding"))
    meta_.input_encoding = file_.read_string_attribute("/", "input_encoding");
  meta_.L = static_cast<int>(file_.read_int_attribute("/", "L"));
  meta_.master_seed = static_cast<std::uint64_t>(file_.read_int_attribute("/", "master_seed"));
  meta_.mpi_ranks = static_cast<int>(file_.read_int_attribute("/", "mpi_ranks"));
  meta_.best_epoch = file_.read_int_attribute("/", "best_epoch");
  meta_.code_version = file_.read_string_attribute("/", "code_version");
  meta_.created_utc = file_.read_string_attribute("/", "created_utc");
  meta_.job = file_.read_string_attribute("/", "job");
  if (file_.has_attribute("/", "coarse_grain"))
    meta_.coarse_grain = static_cast<int>(file_.read_int_attribute("/", "coarse_grain"));
  if (meta_.objective == "vae") {
    meta_.latent = static_cast<int>(file_.read_int_attribute("/", "latent"));
    meta_.kl_weight = file_.read_double_attribute("/", "kl_weight");
    meta_.energy_weight = file_.read_double_attribute("/", "energy_weight");
    if (file_.has_attribute("/", "energy_input"))
      meta_.energy_input = file_.read_int_attribute("/", "energy_input") != 0;
    temperatures_ = file_.open_dataset("/temperatures").read_all<double>();
    const Dims d = file_.open_dataset("/latent/mean").dims();
    if (d.size() != 3 || d[0] != temperatures_.size())
      throw FormatError("'" + path + "': /latent/mean does not match its temperatures");
    samples_ = static_cast<std::int64_t>(d[1]);
    return;
  }
  meta_.label_scheme = file_.read_string_attribute("/", "label_scheme");
  if (file_.has_attribute("/", "t_label")) meta_.t_label = file_.read_double_attribute("/", "t_label");
  if (file_.has_attribute("/", "t_low")) meta_.t_low = file_.read_double_attribute("/", "t_low");
  if (file_.has_attribute("/", "t_high")) meta_.t_high = file_.read_double_attribute("/", "t_high");
  temperatures_ = file_.open_dataset("/predictions/temperatures").read_all<double>();
  const Dims d = file_.open_dataset("/predictions/p_ordered").dims();
  if (d.size() != 2 || d[0] != temperatures_.size())
    throw FormatError("'" + path + "': /predictions/p_ordered does not match its temperatures");
  samples_ = static_cast<std::int64_t>(d[1]);
}

void TrainFileReader::require_objective(const std::string& objective,
                                        const std::string& what) const {
  if (meta_.objective != objective)
    throw FormatError("training file '" + file_.path() + "' holds a " + meta_.objective +
                      " (objective = " + meta_.objective + "), not a " + objective + ": it has no " +
                      what);
}

void TrainFileReader::require_run(const std::string& run_id, const std::string& run_path) const {
  if (meta_.run_id != run_id)
    throw FormatError("training file '" + file_.path() + "' was trained on run " + meta_.run_id +
                      ", but '" + run_path + "' is run " + run_id +
                      ": they do not belong together");
}

std::vector<LayerData> TrainFileReader::model() const {
  require_objective("classifier", "/model/layer_<i>");
  return model("");
}

std::vector<LayerData> TrainFileReader::model(const std::string& part) const {
  const std::string group = part.empty() ? "/model" : "/model/" + part;
  if (!part.empty()) require_objective("vae", group);
  const auto layers = file_.read_int_attribute(group, "layers");
  std::vector<LayerData> out;
  for (std::int64_t i = 0; i < layers; ++i) {
    const std::string g = layer_group(group, std::size_t(i));
    LayerData l;
    const Dataset w = file_.open_dataset(g + "/weights");
    const Dims d = w.dims();
    if (d.size() != 2) throw FormatError("'" + file_.path() + "': " + g + "/weights is not 2-D");
    l.outputs = int(d[0]);
    l.inputs = int(d[1]);
    l.weights = w.read_all<float>();
    l.bias = file_.open_dataset(g + "/bias").read_all<float>();
    l.activation = file_.read_string_attribute(g, "activation");
    out.push_back(std::move(l));
  }
  return out;
}

TrainHistory TrainFileReader::history() const {
  require_objective("classifier", "classifier history");
  if (!file_.has("/history/train_loss")) return {};  // prediction only
  return {file_.open_dataset("/history/train_loss").read_all<double>(),
          file_.open_dataset("/history/val_loss").read_all<double>(),
          file_.open_dataset("/history/train_acc").read_all<double>(),
          file_.open_dataset("/history/val_acc").read_all<double>()};
}

std::vector<float> TrainFileReader::p_ordered() const {
  require_objective("classifier", "/predictions/p_ordered");
  return file_.open_dataset("/predictions/p_ordered").read_all<float>();
}

std::vector<double> TrainFileReader::mean() const {
  return file_.open_dataset("/predictions/mean").read_all<double>();
}

std::vector<double> TrainFileReader::standard_error() const {
  return file_.open_dataset("/predictions/stderr").read_all<double>();
}

bool TrainFileReader::has_confusion() const { return file_.has("/confusion/proposed_T"); }

ConfusionCurve TrainFileReader::confusion() const {
  return {file_.open_dataset("/confusion/proposed_T").read_all<double>(),
          file_.open_dataset("/confusion/val_accuracy").read_all<double>()};
}

template <typename Spin>
void read_spin_runs(const RunFileReader& run, const std::vector<SampleRun>& runs, Spin* out) {
  // One collective read per temperature (the same number of calls on every rank), into
  // a buffer shaped like the temperature's samples, the runs at their own places: the
  // memory selection then has the file selection's shape, HDF5's fast path (see
  // Dataset::read_blocks). The buffer (S * L * L values) is reused.
  const hsize_t L = hsize_t(run.meta().L), S = hsize_t(run.samples());
  const Dataset spins = run.file().open_dataset("/spins");
  if (!spins.holds<Spin>())
    throw FormatError("'" + run.file().path() + "': /spins of this " + run.meta().model +
                      " run do not have the element type its encoder reads");
  std::vector<Spin> buffer;
  std::size_t next = 0, done = 0;
  const std::size_t sample_values = std::size_t(L * L);
  for (std::int64_t t = 0; t < std::int64_t(run.temperatures().size()); ++t) {
    std::vector<Dims> offsets, counts, memory_offsets;
    const std::size_t first = next;
    for (; next < runs.size() && runs[next].temperature == t; ++next) {
      if (runs[next].count <= 0) continue;
      const hsize_t s0 = hsize_t(runs[next].first), n = hsize_t(runs[next].count);
      offsets.push_back({hsize_t(t), s0, 0, 0});
      memory_offsets.push_back({0, s0, 0, 0});
      counts.push_back({1, n, L, L});
    }
    if (!offsets.empty() && buffer.empty()) buffer.resize(std::size_t(S) * sample_values);
    spins.read_blocks<Spin>(offsets, counts, buffer.data(), {1, S, L, L}, memory_offsets);
    for (std::size_t r = first; r < next; ++r) {
      const std::size_t values = std::size_t(runs[r].count) * sample_values;
      std::copy_n(buffer.data() + std::size_t(runs[r].first) * sample_values, values, out + done);
      done += values;
    }
  }
  if (next != runs.size())
    throw Error("read_spin_runs: runs must be sorted by temperature and inside the file");
}

template void read_spin_runs<std::int8_t>(const RunFileReader&, const std::vector<SampleRun>&,
                                          std::int8_t*);
template void read_spin_runs<float>(const RunFileReader&, const std::vector<SampleRun>&, float*);

}  // namespace phaselearn::io
