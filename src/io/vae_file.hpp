#pragma once
// Reading the training file of the VAE objective (format "phaselearn.train",
// format_version 2, objective = "vae"; layout: DESIGN.md §3), serially, for the analysis.
// Plain data out; this header pulls in no HDF5.
//
//   /                               attrs: format, format_version = 2, objective = "vae",
//                                   run_id (of the run file), job, code_version,
//                                   latent, kl_weight, energy_weight, ...
//   /temperatures                   float64 [T]     (optional: the run's)
//   /latent/mean, /latent/log_var   float32 [T, S, d]
//   /reconstruction/energy          float64 [T, S]  energy per spin of the decoded mean
//                                                   configuration of each sample
//   /reconstruction/vortices        float64 [T, S]  (optional: models with vortices)
//   /reconstruction/loss            float64 [T, S]  (optional) -log p(x | z = mean)
//   /generated/energy, /vortices    float64 [T, G]; /generated attr temperature_conditioned
//                                   (int): 0 means the decoder does not see T, and all
//                                   T x G values are draws of one distribution (then [G]
//                                   is accepted too)
//   /history/<metric>               float64 [epochs] (absent in prediction-only files)
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace phaselearn::io {

inline constexpr std::int64_t vae_train_format_version = 2;

struct VaeFileData {
  std::string path, run_id, objective, job, code_version;
  // The root attributes latent, kl_weight, energy_weight; absent: from the job text.
  std::optional<double> latent_attribute, kl_weight, energy_weight;
  std::vector<float> encoder_parameters;  // /model/encoder/layer_<i>/{weights, bias} in order
  bool prediction_only = false;  // root attribute prediction_only: another file's VAE applied
  int coarse_grain = 0;  // root attribute coarse_grain: n x n block averages (0 or absent: sites)
  std::vector<double> temperature_values;                 // /temperatures, or empty
  std::size_t temperatures = 0, samples = 0, latent = 0;  // T, S, d
  std::vector<float> latent_mean, latent_log_var;         // [T][S][d]
  std::vector<double> reconstruction_energy;              // [T][S]
  std::vector<double> reconstruction_vortices;            // [T][S], or empty
  std::vector<double> reconstruction_loss;                // [T][S], or empty
  bool generated_per_temperature = true;                  // [T][G]; false: one set [G]
  std::size_t generated = 0;                              // G (one set: all draws)
  std::vector<double> generated_energy, generated_vortices;  // vortices may be empty
  std::vector<std::pair<std::string, std::vector<double>>> history;  // per metric, by name
};

// The objective a training file declares: its root attribute `objective`, "classifier"
// for files that have none (format_version 1). The version is checked by the reader of
// that objective.
std::string training_objective(const std::string& path);

// Reads a VAE training file whole. Throws InputError for a .partial file and FormatError
// (one line: which file, which dataset, what was expected) for another objective, an
// unknown version, a missing dataset or shapes that disagree.
VaeFileData read_vae_file(const std::string& path);

}  // namespace phaselearn::io
