#include "io/vae_file.hpp"

#include "core/errors.hpp"
#include "io/h5.hpp"
#include "io/run_file.hpp"
#include "io/train_file.hpp"

namespace phaselearn::io {

namespace {

std::string quoted(const std::string& path) { return "'" + path + "'"; }

// The dataset with its dims, refused by name when it is absent or not of type T.
template <typename T>
std::vector<T> read_checked(const File& f, const std::string& name, Dims& dims) {
  if (!f.has(name))
    throw FormatError(quoted(f.path()) + " has no " + name + " (a VAE training file needs it; see DESIGN.md §3)");
  const Dataset d = f.open_dataset(name);
  if (!d.holds<T>())
    throw FormatError(quoted(f.path()) + ": " + name + " is not " +
                      (sizeof(T) == 4 ? "float32" : "float64"));
  dims = d.dims();
  return d.read_all<T>();
}

std::string dims_text(const Dims& d) {
  std::string s;
  for (const hsize_t n : d) s += (s.empty() ? "" : ", ") + std::to_string(n);
  return "[" + s + "]";
}

}  // namespace

std::string training_objective(const std::string& path) {
  const File f = File::open_read(path, std::nullopt);
  return f.has_attribute("/", "objective") ? f.read_string_attribute("/", "objective") : "classifier";
}

VaeFileData read_vae_file(const std::string& path) {
  if (path.ends_with(".partial"))
    throw InputError(quoted(path) + " is an unfinished training file (.partial)");
  const File f = File::open_read(path, std::nullopt);
  check_format(f, train_format, {vae_train_format_version});
  VaeFileData v;
  v.path = path;
  v.objective = f.has_attribute("/", "objective") ? f.read_string_attribute("/", "objective") : "classifier";
  if (v.objective != "vae")
    throw FormatError(quoted(path) + " is a training file of objective '" + v.objective + "', expected 'vae'");
  for (const char* attribute : {"run_id", "job"})
    if (!f.has_attribute("/", attribute))
      throw FormatError(quoted(path) + " has no root attribute '" + attribute + "'");
  v.run_id = f.read_string_attribute("/", "run_id");
  v.job = f.read_string_attribute("/", "job");
  if (f.has_attribute("/", "code_version")) v.code_version = f.read_string_attribute("/", "code_version");
  if (f.has_attribute("/", "latent")) v.latent_attribute = double(f.read_int_attribute("/", "latent"));
  if (f.has_attribute("/", "kl_weight")) v.kl_weight = f.read_double_attribute("/", "kl_weight");
  if (f.has_attribute("/", "energy_weight")) v.energy_weight = f.read_double_attribute("/", "energy_weight");
  if (f.has_attribute("/", "coarse_grain")) v.coarse_grain = int(f.read_int_attribute("/", "coarse_grain"));
  if (f.has_attribute("/", "prediction_only")) v.prediction_only = f.read_int_attribute("/", "prediction_only") != 0;
  Dims dims;
  if (f.has("/temperatures")) v.temperature_values = read_checked<double>(f, "/temperatures", dims);

  // The encoder's weights and biases, layer by layer: what identifies one VAE applied at
  // several sizes (absent in files without a model: empty).
  for (int l = 0; f.has("/model/encoder/layer_" + std::to_string(l) + "/weights"); ++l)
    for (const char* part : {"/weights", "/bias"}) {
      const std::vector<float> w = read_checked<float>(f, "/model/encoder/layer_" + std::to_string(l) + part, dims);
      v.encoder_parameters.insert(v.encoder_parameters.end(), w.begin(), w.end());
    }
  v.latent_mean = read_checked<float>(f, "/latent/mean", dims);
  if (dims.size() != 3 || dims[0] < 1 || dims[1] < 1 || dims[2] < 1)
    throw FormatError(quoted(path) + ": /latent/mean is " + dims_text(dims) + ", expected [T, S, d]");
  v.temperatures = dims[0], v.samples = dims[1], v.latent = dims[2];
  const Dims latent_dims = dims;
  v.latent_log_var = read_checked<float>(f, "/latent/log_var", dims);
  if (dims != latent_dims)
    throw FormatError(quoted(path) + ": /latent/log_var is " + dims_text(dims) + ", /latent/mean " +
                      dims_text(latent_dims));
  const Dims per_sample{latent_dims[0], latent_dims[1]};
  v.reconstruction_energy = read_checked<double>(f, "/reconstruction/energy", dims);
  if (dims != per_sample)
    throw FormatError(quoted(path) + ": /reconstruction/energy is " + dims_text(dims) + ", expected " +
                      dims_text(per_sample) + " as /latent/mean");
  if (f.has("/reconstruction/vortices")) {
    v.reconstruction_vortices = read_checked<double>(f, "/reconstruction/vortices", dims);
    if (dims != per_sample)
      throw FormatError(quoted(path) + ": /reconstruction/vortices is " + dims_text(dims) + ", expected " +
                        dims_text(per_sample));
  }
  if (f.has("/reconstruction/loss")) {
    v.reconstruction_loss = read_checked<double>(f, "/reconstruction/loss", dims);
    if (dims != per_sample)
      throw FormatError(quoted(path) + ": /reconstruction/loss is " + dims_text(dims) + ", expected " +
                        dims_text(per_sample));
  }

  v.generated_energy = read_checked<double>(f, "/generated/energy", dims);
  if (!f.has_attribute("/generated", "temperature_conditioned"))
    throw FormatError(quoted(path) + ": /generated has no attribute temperature_conditioned (whether the "
                      "decoder sees T)");
  v.generated_per_temperature = f.read_int_attribute("/generated", "temperature_conditioned") != 0;
  const bool shape_ok = v.generated_per_temperature ? dims.size() == 2 && dims[0] == latent_dims[0]
                                                    : dims.size() == 1 || dims.size() == 2;
  if (!shape_ok || dims.empty() || dims.back() < 1)
    throw FormatError(quoted(path) + ": /generated/energy is " + dims_text(dims) + ", expected " +
                      (v.generated_per_temperature ? "[T, G] (decoder conditioned on T)"
                                                   : "[T, G] or [G] (decoder not conditioned on T)"));
  // Not conditioned on T: every value is a draw of the same distribution, one set.
  v.generated = v.generated_per_temperature ? dims.back() : v.generated_energy.size();
  const Dims generated_dims = dims;
  if (f.has("/generated/vortices")) {
    v.generated_vortices = read_checked<double>(f, "/generated/vortices", dims);
    if (dims != generated_dims)
      throw FormatError(quoted(path) + ": /generated/vortices is " + dims_text(dims) + ", /generated/energy " +
                        dims_text(generated_dims));
  }

  // A prediction-only file (a stored model applied to this run) has no history.
  for (const std::string& name : f.has("/history") ? f.members("/history") : std::vector<std::string>{}) {
    std::vector<double> values = read_checked<double>(f, "/history/" + name, dims);
    if (dims.size() != 1) throw FormatError(quoted(path) + ": /history/" + name + " is not 1-D");
    v.history.emplace_back(name, std::move(values));
  }
  return v;
}

}  // namespace phaselearn::io
