#pragma once
// Reading the training file of the VAE objective (format "phaselearn.train",
// format_version 2, objective = "vae"; layout: DESIGN.md §3), serially, for the analysis.
// Plain data out; this header pulls in no HDF5.
//
//   /                               attrs: format, format_version = 2, objective = "vae",
//                                   run_id (of the run file), job, code_version, ...
//   /latent/mean, /latent/log_var   float32 [T, S, d]
//   /reconstruction/energy          float64 [T, S]  energy per spin of the decoded mean
//                                                   configuration of each sample
//   /reconstruction/vortices        float64 [T, S]  (optional: models with vortices)
//   /generated/energy, /vortices    float64 [T, G] when the decoder is conditioned on T,
//                                   [G] (or [1, G]) otherwise; /generated attr
//                                   conditioned_on_temperature (int 0/1) says which
//   /history/<metric>               float64 [epochs]
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace phaselearn::io {

inline constexpr std::int64_t vae_train_format_version = 2;

struct VaeFileData {
  std::string path, run_id, objective, job, code_version;
  std::size_t temperatures = 0, samples = 0, latent = 0;  // T, S, d
  std::vector<float> latent_mean, latent_log_var;         // [T][S][d]
  std::vector<double> reconstruction_energy;              // [T][S]
  std::vector<double> reconstruction_vortices;            // [T][S], or empty
  bool generated_per_temperature = true;                  // [T][G]; false: one set [G]
  std::size_t generated = 0;                              // G
  std::vector<double> generated_energy, generated_vortices;  // vortices may be empty
  std::vector<std::pair<std::string, std::vector<double>>> history;  // per metric, by name
};

// The objective a training file declares: its root attribute `objective`, "classifier"
// for files that have none (format_version 1). Throws FormatError for a file that is not
// a phaselearn training file.
std::string training_objective(const std::string& path);

// Reads a VAE training file whole. Throws InputError for a .partial file and FormatError
// (one line: which file, which dataset, what was expected) for another objective, an
// unknown version, a missing dataset or shapes that disagree.
VaeFileData read_vae_file(const std::string& path);

}  // namespace phaselearn::io
