#include "analysis/inputs.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>
#include <stdexcept>

#include "analysis/digest.hpp"
#include "core/errors.hpp"
#include "core/job.hpp"
#include "core/params.hpp"
#include "io/h5.hpp"
#include "io/run_file.hpp"
#include "io/train_file.hpp"
#include "io/vae_file.hpp"
#include "analysis/vae/read_vae_training.hpp"

namespace phaselearn::analysis {

namespace {

std::string in_quotes(const std::string& path) { return "'" + path + "'"; }

// The `format` attribute says what a file is; io's readers check it again, with the
// version, when they open it.
std::string file_format(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError("cannot read " + in_quotes(path) + ": no such file");
  const io::File file = io::File::open_read(path, std::nullopt);
  if (!file.has_attribute("/", "format"))
    throw FormatError(in_quotes(path) + " is not a phaselearn file (no 'format' attribute)");
  return file.read_string_attribute("/", "format");
}

// What each analysed model stores per sample beyond the energy (see DESIGN.md §3).
struct ModelLayout {
  const char* model;
  std::size_t magnetization_components;
  std::vector<const char*> observables;
};

const ModelLayout* layout_of(const std::string& model) {
  static const ModelLayout layouts[] = {
      {"ising2d", 1, {}},
      {"xy2d", 2, {"bond_cos", "bond_sin", "vortices"}},
  };
  for (const ModelLayout& l : layouts)
    if (model == l.model) return &l;
  return nullptr;
}

RunInput read_run(const std::string& path) {
  const io::RunFileReader reader(path, std::nullopt);
  const io::RunMeta& meta = reader.meta();
  const ModelLayout* layout = layout_of(meta.model);
  if (!layout)
    throw FormatError(in_quotes(path) + " is a run of model " + meta.model +
                      "; phaselearn-analyze analyses ising2d and xy2d runs");
  RunInput run;
  run.path = path;
  run.run_id = meta.run_id;
  run.model = meta.model;
  run.code_version = meta.code_version;
  run.L = meta.L;
  run.J = meta.J;
  run.temperatures = reader.temperatures();
  run.samples = static_cast<std::size_t>(reader.samples());
  const Block all{0, static_cast<std::int64_t>(run.temperatures.size())};
  run.energy = reader.energy(all);
  run.magnetization = reader.magnetization(all);
  run.magnetization_components = layout->magnetization_components;
  for (const char* name : layout->observables) run.model_observables[name] = reader.observable(name, all);
  const io::RunDiagnostics d = reader.diagnostics();
  run.exchange_acceptance = d.exchange_acceptance;
  run.round_trips = d.round_trips;
  run.tau_int_energy = d.tau_int_of("energy");
  run.tau_int_abs_m = d.tau_int_of("abs_magnetization");
  if (run.temperatures.size() < 2)
    throw FormatError(in_quotes(path) + " has " + std::to_string(run.temperatures.size()) +
                      " temperature; the analysis needs at least 2");
  if (run.samples < 2)
    throw FormatError(in_quotes(path) + " has " + std::to_string(run.samples) +
                      " sample per temperature; the analysis needs at least 2");
  return run;
}

// FNV-1a over the bytes of every layer's weights and biases, with the shapes.
std::uint64_t model_digest(const std::vector<io::LayerData>& layers) {
  Fnv1a h;
  for (const io::LayerData& l : layers) {
    h.mix(&l.inputs, sizeof l.inputs);
    h.mix(&l.outputs, sizeof l.outputs);
    h.mix(l.weights.data(), l.weights.size() * sizeof(float));
    h.mix(l.bias.data(), l.bias.size() * sizeof(float));
  }
  return h.value();
}

// The job stored in a training file, read as every job is.
ParamSet job_of(const std::string& job, const std::string& path) {
  ParamSet params(job_parameters());
  try {
    params.load_text(job);
  } catch (const std::exception& e) {
    throw FormatError(in_quotes(path) + ": the job stored in it cannot be read: " + e.what());
  }
  return params;
}

TrainingInput read_training(const std::string& path) {
  const io::TrainFileReader reader(path, std::nullopt);
  const io::TrainMeta& meta = reader.meta();
  if (meta.objective != "classifier")
    throw FormatError(in_quotes(path) + " is a training file of objective '" + meta.objective +
                      "': the classifier analysis reads files of objective 'classifier'");
  TrainingInput training;
  training.path = path;
  training.run_id = meta.run_id;
  training.label_scheme = meta.label_scheme;
  training.model_digest = model_digest(reader.model());
  // Format 2 carries both as attributes; format 1 only inside the job text.
  if (meta.format_version >= 2) {
    training.coarse_grain = meta.coarse_grain;
    training.applied_model = meta.prediction_only;
  } else {
    const ParamSet job = job_of(meta.job, path);
    training.coarse_grain = static_cast<int>(job.integer("train.coarse_grain"));
    training.applied_model = !job.text("train.model_file").empty();
  }
  const io::TrainHistory history = reader.history();
  training.train_loss = history.train_loss;
  training.val_loss = history.val_loss;
  training.train_accuracy = history.train_acc;
  training.val_accuracy = history.val_acc;
  const std::vector<float> p = reader.p_ordered();
  const auto T = static_cast<Eigen::Index>(reader.temperatures().size());
  const auto S = static_cast<Eigen::Index>(reader.samples());
  if (static_cast<Eigen::Index>(p.size()) != T * S)
    throw FormatError(in_quotes(path) + ": /predictions/p_ordered does not match its temperatures");
  training.p_ordered = Eigen::Map<const SampleMatrix>(p.data(), T, S);
  if (reader.has_confusion()) {
    const io::ConfusionCurve c = reader.confusion();
    training.confusion_t = c.proposed_T;
    training.confusion_accuracy = c.val_accuracy;
  }
  return training;
}

std::string size_text(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

}  // namespace

std::vector<SizeInput> load_inputs(const std::vector<std::string>& paths) {
  if (paths.empty()) throw InputError("no input files (give run files, optionally with their training files)");
  std::vector<SizeInput> sizes;
  std::vector<TrainingInput> trainings;
  std::vector<VaeTrainingInput> vaes;
  for (const std::string& path : paths) {
    const std::string format = file_format(path);
    if (format == io::run_format) {
      sizes.push_back({read_run(path), {}});
    } else if (format == io::train_format && io::training_objective(path) == "vae") {
      vaes.push_back(read_vae_training(path));
    } else if (format == io::train_format) {
      trainings.push_back(read_training(path));
    } else {
      throw FormatError(in_quotes(path) + " has format '" + format + "', expected '" +
                        io::run_format + "' or '" + io::train_format + "'");
    }
  }
  if (sizes.empty())
    throw InputError("no run file among the inputs: give each training file with its run file");

  std::map<std::string, std::size_t> by_run_id;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const RunInput& run = sizes[i].run;
    const auto [it, inserted] = by_run_id.emplace(run.run_id, i);
    if (!inserted)
      throw InputError(in_quotes(run.path) + " and " + in_quotes(sizes[it->second].run.path) +
                       " are the same run (run_id " + run.run_id + ")");
  }
  const RunInput& first = sizes.front().run;
  for (const SizeInput& s : sizes) {
    if (s.run.model != first.model)
      throw InputError("the run files are of different models: " + in_quotes(first.path) + " is '" +
                       first.model + "', " + in_quotes(s.run.path) + " is '" + s.run.model + "'");
    if (s.run.J != first.J)
      throw InputError("the run files have different couplings: J = " + size_text(first.J) +
                       " in " + in_quotes(first.path) + ", J = " + size_text(s.run.J) + " in " +
                       in_quotes(s.run.path));
  }
  // The size whose run a training file (of either objective) belongs to.
  const auto size_of = [&](const std::string& run_id, const std::string& path, const char* what) -> SizeInput& {
    const auto it = by_run_id.find(run_id);
    if (it == by_run_id.end())
      throw InputError(std::string(what) + " " + in_quotes(path) + " belongs to run " + run_id +
                       ", which is none of the given run files");
    return sizes[it->second];
  };
  for (TrainingInput& t : trainings) {
    SizeInput& size = size_of(t.run_id, t.path, "training file");
    // The same network twice (one file under two names, or a copy) would count as an
    // ensemble of two and halve its spread.
    for (const TrainingInput& other : size.trainings) {
      std::error_code ec;
      if (std::filesystem::equivalent(t.path, other.path, ec) ||
          (t.p_ordered.rows() == other.p_ordered.rows() &&
           t.p_ordered.cols() == other.p_ordered.cols() && t.p_ordered == other.p_ordered))
        throw InputError(in_quotes(t.path) + " and " + in_quotes(other.path) +
                         " are the same training file (the same network's predictions): give "
                         "each network once");
    }
    if (!size.trainings.empty() && size.trainings.front().label_scheme != t.label_scheme)
      throw InputError(in_quotes(t.path) + " (labels " + t.label_scheme + ") and " +
                       in_quotes(size.trainings.front().path) + " (labels " +
                       size.trainings.front().label_scheme + ") are training files of " +
                       in_quotes(size.run.path) + " with different label schemes");
    const auto rows = static_cast<std::size_t>(t.p_ordered.rows());
    const auto columns = static_cast<std::size_t>(t.p_ordered.cols());
    if (rows != size.run.temperatures.size() || columns != size.run.samples)
      throw FormatError(in_quotes(t.path) + ": predictions are [" + std::to_string(rows) + ", " +
                        std::to_string(columns) + "] but its run file has " +
                        std::to_string(size.run.temperatures.size()) + " temperatures and " +
                        std::to_string(size.run.samples) + " samples");
    size.trainings.push_back(std::move(t));
  }
  for (VaeTrainingInput& v : vaes) {
    SizeInput& size = size_of(v.run_id, v.path, "VAE training file");
    if (v.temperatures != size.run.temperatures.size() || v.samples != size.run.samples)
      throw FormatError(in_quotes(v.path) + ": /latent/mean is [" + std::to_string(v.temperatures) + ", " +
                        std::to_string(v.samples) + ", d] but its run file " + in_quotes(size.run.path) +
                        " has " + std::to_string(size.run.temperatures.size()) + " temperatures and " +
                        std::to_string(size.run.samples) + " samples");
    if (!v.temperature_values.empty() && v.temperature_values != size.run.temperatures)
      throw FormatError(in_quotes(v.path) + ": its /temperatures differ from those of its run file " +
                        in_quotes(size.run.path));
    size.vaes.push_back(std::move(v));
  }
  for (SizeInput& s : sizes) {
    std::sort(s.vaes.begin(), s.vaes.end(),
              [](const VaeTrainingInput& a, const VaeTrainingInput& b) { return a.path < b.path; });
    std::sort(s.trainings.begin(), s.trainings.end(),
              [](const TrainingInput& a, const TrainingInput& b) { return a.path < b.path; });
  }
  std::sort(sizes.begin(), sizes.end(),
            [](const SizeInput& a, const SizeInput& b) { return a.run.L < b.run.L; });
  for (std::size_t i = 1; i < sizes.size(); ++i)
    if (sizes[i].run.L == sizes[i - 1].run.L)
      throw InputError(in_quotes(sizes[i - 1].run.path) + " and " + in_quotes(sizes[i].run.path) +
                       " are both of size L = " + std::to_string(sizes[i].run.L) +
                       "; give one run per size");
  return sizes;
}

}  // namespace phaselearn::analysis
