#pragma once
// What phaselearn-analyze reads, as plain data: one entry per lattice size, the run file
// and, when given, its training files. Only inputs.cpp touches the file readers of src/io;
// everything downstream works on these structs (so tests can build them synthetically).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/crossing.hpp"
#include "analysis/vae/vae_input.hpp"

namespace phaselearn::analysis {

struct RunInput {
  std::string path;
  std::string run_id, model, code_version;
  int L = 0;
  double J = 1;
  std::vector<double> temperatures;  // ascending
  std::size_t samples = 0;           // per temperature
  std::vector<double> energy;  // [t][s], per spin, time ordered in s
  // [t][s][component] per spin: ising2d the signed m (1 component), xy2d (m_x, m_y).
  std::vector<double> magnetization;
  std::size_t magnetization_components = 1;
  // The model's further per-sample observables by run-file name, [t][s][component]
  // (xy2d: bond_cos and bond_sin with components x, y; vortices).
  std::map<std::string, std::vector<double>> model_observables;
  std::vector<double> exchange_acceptance;    // [T-1], pair (t, t+1)
  std::vector<std::int64_t> round_trips;      // per walker
  std::vector<double> tau_int_energy, tau_int_abs_m;  // sampler's own estimates, sweeps
};

struct TrainingInput {
  std::string path;
  std::string run_id, label_scheme;
  std::vector<double> train_loss, val_loss, train_accuracy, val_accuracy;  // per epoch
  SampleMatrix p_ordered;  // [T, S], same order as the run file's samples
  std::vector<double> confusion_t, confusion_accuracy;  // empty unless the scheme ran
  // Identity of the model: a digest of its weights and biases (0 = unknown). Files with
  // equal digests hold the same network, e.g. one model applied to the run of every size
  // (train.model_file).
  std::uint64_t model_digest = 0;
  int coarse_grain = 0;  // the job's train.coarse_grain: n x n block spins in, 0 = raw spins
  // The job applied a trained model (train.model_file): the history is that model's.
  bool applied_model = false;
};

struct SizeInput {
  RunInput run;
  // Networks trained on this run: none, one, or an ensemble (other seeds), by path.
  std::vector<TrainingInput> trainings;
  // VAE training files of this run (objective = "vae"), e.g. with and without the energy
  // term, by path.
  std::vector<VaeTrainingInput> vaes;
};

// Reads the files (any order: the kind is told by the `format` attribute), pairs every
// training file with its run file by run_id and sorts by L. Throws InputError/FormatError
// for: an unreadable or foreign file, an unknown format or version, a training file whose
// run is not among the run files (classifier or VAE), training files of one run with different label schemes,
// two runs of one size,
// runs of different models or couplings, a model without an analysis, shapes that do not
// match.
std::vector<SizeInput> load_inputs(const std::vector<std::string>& paths);

}  // namespace phaselearn::analysis
