#pragma once
// A VAE training file as plain data for the analysis (read by read_vae_training.cpp through
// src/io; built directly by tests). Layout of the file: DESIGN.md §3, io/vae_file.hpp.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace phaselearn::analysis {

// The loss weights and latent size of the job the VAE was trained with (train.*).
struct VaeSettings {
  double energy_weight = 0, kl_weight = 0;
  int latent = 0;
  int coarse_grain = 0;  // n x n block averages as input (0: the lattice's sites)
};

struct VaeTrainingInput {
  std::string path, run_id;
  VaeSettings settings;
  // A digest of the encoder's weights (0 = unknown): equal digests at several sizes mean
  // one VAE applied to all of them (train.model_file), whose latent curves can be compared.
  std::uint64_t encoder_digest = 0;
  bool applied = false;  // the VAE of another file applied (train.model_file), not trained here
  std::size_t temperatures = 0, samples = 0, latent = 0;  // T, S, d
  std::vector<float> latent_mean;                         // [T][S][d], the encoder's mu
  std::vector<double> reconstruction_energy;              // [T][S] energy per spin
  std::vector<double> reconstruction_vortices;            // [T][S], empty when not stored
  std::vector<double> reconstruction_loss;                // [T][S] -log p(x|z=mu), or empty
  std::vector<double> temperature_values;                 // the file's /temperatures, or empty
  // Configurations decoded from the prior: [T][G] when the decoder is conditioned on T,
  // else one set of G draws.
  bool generated_per_temperature = true;
  std::size_t generated = 0;
  std::vector<double> generated_energy, generated_vortices;
  std::vector<std::pair<std::string, std::vector<double>>> history;  // per metric
};

}  // namespace phaselearn::analysis
