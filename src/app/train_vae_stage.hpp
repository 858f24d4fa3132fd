#pragma once
#include "app/cli.hpp"

namespace phaselearn::app {
// `phaselearn train` with train.objective = vae: the variational autoencoder with the
// energy-difference loss (ml/objectives/vae.hpp) on every temperature of the run file,
// data-parallel like the classifier; writes the latent means and variances, the energy
// (and XY vortex density) of every sample's reconstruction and of configurations decoded
// from the prior into <output_dir>/<name>.train.h5 (io/train_file.hpp). With
// train.model_file (a VAE training file) it applies that model instead of training.
void run_train_vae(const Job& job, const CommandLine& cli, const parallel::Comm& comm);
}  // namespace phaselearn::app
