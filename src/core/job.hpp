#pragma once
// The job: every parameter of every stage, declared once (job_parameters()), and the
// typed, validated settings that reach the physics and the trainer (make_job()).
#include <cstdint>
#include <string>
#include <vector>

#include "core/params.hpp"

namespace phaselearn {

inline constexpr double onsager_tc = 2.269185314213022;  // 2 / ln(1 + sqrt 2), J = 1

struct RunSettings {
  std::string name;
  std::string output_dir;
  std::uint64_t seed;
  double checkpoint_interval;  // seconds; 0 = only on signals
  bool check_resources;        // refuse a run whose file or memory cannot fit
  std::string run_file() const { return output_dir + "/" + name + ".h5"; }
  std::string train_file() const { return output_dir + "/" + name + ".train.h5"; }
};

struct ModelSettings {
  std::string name;  // "ising2d", "xy2d" (models/models.hpp)
  int L;
  double J;
};

struct SamplerSettings {
  long equilibration_sweeps;
  long samples;                 // stored per temperature
  long sweeps_between_samples;  // k
  int metropolis_sweeps;        // checkerboard sweeps per sweep
  double wolff_sweeps;          // Wolff work per sweep, in units of L^2 flipped spins
  int overrelaxation_sweeps;    // xy2d only
  int exchange_every;           // sweeps between exchange attempts; 0 = no exchanges
  bool ordered_start;
  int write_chunk;              // stored samples per collective write; 0 = automatic
  int compression;              // deflate level of /spins; 0 = none
  double log_interval_seconds;
};

enum class LabelScheme { threshold, window, confusion };

struct TrainSettings {
  std::string run_file;  // input; defaults to RunSettings::run_file()
  std::vector<int> hidden;
  std::string activation;  // relu, tanh, sigmoid
  std::string optimizer;   // adam, sgd
  double learning_rate;
  double weight_decay;
  bool shard_optimizer;  // ZeRO stage 1: each rank updates its slice of the weights
  long batch_size;  // global, over all ranks
  int epochs;
  int patience;  // epochs without validation improvement; 0 = off
  LabelScheme labels;
  double t_label, t_low, t_high;  // NaN = auto until with_model_defaults()
  int confusion_points;
  double validation_fraction;
  int validation_block;  // consecutive samples per validation block; 0 = automatic
  bool augment_flip, augment_translate;
  int coarse_grain;        // input: n x n majority-rule block spins; 0 = raw L x L spins
  std::string model_file;  // predict with this training file's model; empty = train
  std::string objective;   // "classifier" or "vae"
  int latent;              // vae: latent dimension
  double kl_weight, energy_weight;  // vae: weights of the KL and energy terms
  bool energy_input = false;  // vae: the input's energy per spin as one more encoder input
  int generated;           // vae: configurations decoded from the prior per temperature
};

struct Job {
  RunSettings run;
  ModelSettings model;
  std::vector<double> temperatures;  // ascending
  SamplerSettings sampler;
  TrainSettings train;
  std::string ini;  // the fully resolved job, as INI text
};

std::vector<ParamSpec> job_parameters();

// `settings` with every `auto` label temperature (NaN) replaced by the declared value for
// `model`, the model of the run file being trained on. Throws InputError when the model
// has none, or when the resolved window is empty.
TrainSettings with_model_defaults(TrainSettings settings, const std::string& model);

// The part of a resolved job (INI text) that fixes a stage's result: every key of the
// given sections except those that only change how the run is reported or checkpointed.
// A checkpoint is resumed only under an identical one.
std::string result_defining(const std::string& ini, const std::vector<std::string>& sections);

// The first line of `a` (e.g. "sampler.samples = 1000") that `b` lacks, "" if none: what a
// refusal to resume names.
std::string first_difference(const std::string& a, const std::string& b);

// Validates what single-key ranges cannot (L even, min < max, ...); throws InputError.
Job make_job(const ParamSet& params);

// Temperature sets: "list", "linear", "geometric", "dense" (denser around a centre).
std::vector<double> make_temperatures(const std::string& spacing, double t_min, double t_max,
                                      int count, const std::vector<double>& list,
                                      double center, double width);

}  // namespace phaselearn
