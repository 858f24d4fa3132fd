#pragma once
// A VAE training file into the analysis' plain input (through src/io), with its loss
// weights (root attributes, or the job stored in it).
#include <string>

#include "analysis/vae/vae_input.hpp"

namespace phaselearn::analysis {

// Throws InputError/FormatError (one line) for a file that is not a finished VAE training
// file of format 2, a missing dataset, or a stored job without the VAE keys.
VaeTrainingInput read_vae_training(const std::string& path);

// The VAE keys (train.energy_weight, train.kl_weight, train.latent) of a stored job's INI
// text. Read by hand, not through the job's parameter list, so that jobs with keys this
// build does not know still give their weights. `path` names the file in messages.
VaeSettings vae_settings_of(const std::string& job, const std::string& path);

}  // namespace phaselearn::analysis
