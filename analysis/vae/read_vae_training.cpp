#include "analysis/vae/read_vae_training.hpp"

#include <cstdlib>
#include <sstream>

#include "analysis/digest.hpp"
#include "core/errors.hpp"
#include "io/vae_file.hpp"

namespace phaselearn::analysis {

namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

}  // namespace

VaeSettings vae_settings_of(const std::string& job, const std::string& path) {
  std::istringstream in(job);
  std::string line, section;
  bool seen[3] = {false, false, false};
  VaeSettings s;
  while (std::getline(in, line)) {
    line = trimmed(line.substr(0, line.find_first_of("#;")));
    if (line.empty()) continue;
    if (line.front() == '[' && line.back() == ']') {
      section = trimmed(line.substr(1, line.size() - 2));
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string::npos || section != "train") continue;
    const std::string key = trimmed(line.substr(0, eq)), value = trimmed(line.substr(eq + 1));
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    const bool number = !value.empty() && *end == '\0';
    const char* keys[] = {"energy_weight", "kl_weight", "latent"};
    for (int k = 0; k < 3; ++k) {
      if (key != keys[k]) continue;
      if (!number)
        throw FormatError("'" + path + "': the stored job's train." + key + " = '" + value + "' is not a number");
      seen[k] = true;
      if (k == 0) s.energy_weight = v;
      if (k == 1) s.kl_weight = v;
      if (k == 2) s.latent = static_cast<int>(v);
    }
  }
  for (int k = 0; k < 3; ++k)
    if (!seen[k])
      throw FormatError("'" + path + "': the job stored in it has no train." +
                        std::string(k == 0 ? "energy_weight" : k == 1 ? "kl_weight" : "latent") +
                        " (not a VAE job?)");
  return s;
}

VaeTrainingInput read_vae_training(const std::string& path) {
  io::VaeFileData f = io::read_vae_file(path);
  VaeTrainingInput v;
  v.path = path;
  v.run_id = f.run_id;
  v.settings = f.energy_weight && f.kl_weight && f.latent_attribute
                   ? VaeSettings{*f.energy_weight, *f.kl_weight, static_cast<int>(*f.latent_attribute)}
                   : vae_settings_of(f.job, path);
  v.settings.coarse_grain = f.coarse_grain;
  v.applied = f.prediction_only;
  if (!f.encoder_parameters.empty()) {
    Fnv1a h;
    h.mix(f.encoder_parameters.data(), f.encoder_parameters.size() * sizeof(float));
    v.encoder_digest = h.value();
  }
  if (v.settings.latent > 0 && static_cast<std::size_t>(v.settings.latent) != f.latent)
    throw FormatError("'" + path + "': /latent/mean has " + std::to_string(f.latent) +
                      " latent dimensions but its job says train.latent = " + std::to_string(v.settings.latent));
  v.temperatures = f.temperatures;
  v.samples = f.samples;
  v.latent = f.latent;
  v.latent_mean = std::move(f.latent_mean);
  v.reconstruction_energy = std::move(f.reconstruction_energy);
  v.reconstruction_vortices = std::move(f.reconstruction_vortices);
  v.reconstruction_loss = std::move(f.reconstruction_loss);
  v.temperature_values = std::move(f.temperature_values);
  v.generated_per_temperature = f.generated_per_temperature;
  v.generated = f.generated;
  v.generated_energy = std::move(f.generated_energy);
  v.generated_vortices = std::move(f.generated_vortices);
  v.history = std::move(f.history);
  return v;
}

}  // namespace phaselearn::analysis
