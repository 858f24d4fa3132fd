#include "app/train_vae_stage.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include "app/train_checkpoint.hpp"
#include "app/train_support.hpp"
#include "core/errors.hpp"
#include "core/progress.hpp"
#include "core/signals.hpp"
#include "io/run_file.hpp"
#include "io/train_file.hpp"
#include "ml/ising_inputs.hpp"
#include "ml/objectives/vae.hpp"
#include "ml/xy_inputs.hpp"
#include "models/ising2d/energy_gradient.hpp"
#include "models/xy2d/energy_gradient.hpp"

namespace phaselearn::app {
namespace {

// Samples per forward pass when encoding and decoding every held sample.
constexpr std::int64_t chunk = 256;

// What the VAE needs of the run's model: its encoder (the lattice frame: the VAE
// reconstructs the sample as it is), the site likelihood, the energy callback.
struct ModelSide {
  std::string encoding;
  ml::SiteLikelihood likelihood;
  ml::EnergyFunction energy;
};

ModelSide model_side(const std::string& model, int L, double J) {  // L: the input's side
  if (model == "xy2d")
    return {"xy_cos_sin_lattice", ml::SiteLikelihood::von_mises,
            [L, J](std::span<const double> spins, std::span<double> g) {
              return xy2d::energy_per_spin(spins, L, J, g);
            }};
  if (model == "ising2d")
    return {ml::IsingInputs::encoding, ml::SiteLikelihood::bernoulli,
            [L, J](std::span<const double> m, std::span<double> g) {
              return ising2d::energy_per_spin(m, L, J, g);
            }};
  throw InputError("train.objective = vae has no decoder for model '" + model + "'");
}

// Collective: this rank's held samples, encoded on an input_side x input_side grid.
std::unique_ptr<ml::Inputs> read_inputs(const io::RunFileReader& run,
                                        const std::vector<io::SampleRun>& runs,
                                        std::size_t samples, int side) {
  const int L = run.meta().L;
  if (run.meta().model == "xy2d") {
    std::vector<float> angles(samples * std::size_t(L) * L);
    io::read_spin_runs(run, runs, angles.data());
    return std::make_unique<ml::XyInputs>(angles, L, side, ml::XyFrame::lattice);
  }
  std::vector<std::int8_t> spins(samples * std::size_t(L) * L);
  io::read_spin_runs(run, runs, spins.data());
  return std::make_unique<ml::IsingInputs>(std::move(spins), L, side);
}

// Every temperature is trained on: the VAE needs no labels.
ml::TemperatureLabels all_temperatures(std::size_t count) {
  return ml::TemperatureLabels(count, ml::Label::ordered);
}

std::vector<io::LayerData> layers_of(std::span<const ml::DenseLayer<float>> layers,
                                     ml::Activation activation) {
  std::vector<io::LayerData> out;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const auto& layer = layers[l];
    io::LayerData d;
    d.inputs = layer.inputs();
    d.outputs = layer.outputs();
    d.activation = l + 1 == layers.size() ? "linear" : ml::to_string(activation);
    d.weights.assign(layer.weights().data(), layer.weights().data() + layer.weights().size());
    d.bias.assign(layer.bias().data(), layer.bias().data() + layer.bias().size());
    out.push_back(std::move(d));
  }
  return out;
}

// train.model_file for the VAE: a VAE of this model and encoding with this job's shape.
std::vector<io::LayerData> model_of(const io::TrainFileReader& file, const std::string& path,
                                    const ml::Vae& vae, const std::string& model,
                                    const std::string& encoding) {
  const io::TrainMeta& trained = file.meta();
  if (trained.objective != "vae")
    throw InputError("train.model_file '" + path + "' holds a " + trained.objective +
                     ", but train.objective = vae: give the training file of a VAE");
  if (trained.model != model || trained.input_encoding != encoding)
    throw InputError("train.model_file '" + path + "' holds a VAE of " + trained.model +
                     " samples (encoding " + trained.input_encoding + "), the run file is of " +
                     model + " (encoding " + encoding + ")");
  std::vector<io::LayerData> layers = file.model("encoder");
  const std::vector<io::LayerData> decoder = file.model("decoder");
  layers.insert(layers.end(), decoder.begin(), decoder.end());
  const auto target = vae.layers();
  bool fits = layers.size() == target.size();
  for (std::size_t l = 0; fits && l < layers.size(); ++l)
    fits = layers[l].inputs == target[l].inputs() && layers[l].outputs == target[l].outputs() &&
           (l + 1 == vae.encoder().size() || l + 1 == layers.size() ||
            layers[l].activation == ml::to_string(vae.shape().activation));
  if (!fits)
    throw InputError("train.model_file '" + path + "' holds a VAE of another shape: "
                     "train.hidden, train.latent, train.activation and train.energy_input must "
                     "be those it was trained with");
  return layers;
}

void load_layers(ml::Vae& vae, const std::vector<io::LayerData>& layers) {
  const auto target = std::span<ml::DenseLayer<float>>(vae.encoder().data(), layers.size());
  for (std::size_t l = 0; l < layers.size(); ++l) {
    std::copy(layers[l].weights.begin(), layers[l].weights.end(), target[l].weights().data());
    std::copy(layers[l].bias.begin(), layers[l].bias.end(), target[l].bias().data());
  }
}

// Decided on rank 0 before any file is created. Returns the run file's run_id.
std::string check_inputs(const Job& job, int ranks) {
  const TrainSettings& s = job.train;
  if (s.batch_size < ranks)
    throw InputError("train.batch_size = " + std::to_string(s.batch_size) +
                     " is smaller than the number of MPI ranks (" + std::to_string(ranks) +
                     "): every rank needs part of every batch");
  if (!s.run_file.ends_with(".partial") && !std::filesystem::exists(s.run_file))
    throw InputError("run file '" + s.run_file + "' does not exist: run `phaselearn sample` "
                     "with this job first, or set train.run_file");
  const io::RunFileReader run(s.run_file, std::nullopt);
  const int n = input_side(s, run.meta().L);
  // The energy term compares lattice energies; block averages have none to compare.
  if (s.coarse_grain > 0 && s.energy_weight > 0)
    throw InputError("train.coarse_grain = " + std::to_string(s.coarse_grain) +
                     " with train.energy_weight = " + std::to_string(s.energy_weight) +
                     ": the energy term needs the spins of the lattice; set "
                     "train.energy_weight = 0 for a VAE on block averages");
  const ModelSide side = model_side(run.meta().model, n, run.meta().J);
  const ml::Vae vae(ml::vae_shape(s, n * n, side.likelihood), job.run.seed);
  if (!s.model_file.empty()) {
    if (!std::filesystem::exists(s.model_file))
      throw InputError("train.model_file '" + s.model_file + "' does not exist");
    model_of(io::TrainFileReader(s.model_file), s.model_file, vae, run.meta().model,
             side.encoding);
  }
  const ml::ValidationSplit split(int(run.temperatures().size()), run.samples(),
                                  s.validation_fraction, s.validation_block, job.run.seed);
  const ml::DataPlan plan(all_temperatures(run.temperatures().size()), split, s.batch_size,
                          ranks, 0);
  return run.meta().run_id;
}

// Per-sample results of one pass over the held samples (z = latent mean).
struct HeldResults {
  std::vector<float> mean, log_var;                     // [held, d]
  std::vector<double> loss, energy, input_energy, vortices;  // [held]
};

HeldResults evaluate_held(ml::VaeObjective& objective, const ml::Inputs& inputs, bool xy) {
  ml::Vae& vae = objective.vae();
  const int d = vae.shape().latent, L = inputs.side();
  const std::int64_t held = std::int64_t(inputs.size());
  HeldResults r;
  r.mean.resize(std::size_t(held * d));
  r.log_var.resize(r.mean.size());
  ml::Matrix<float> x, mean, log_var, noise, spins, angles;
  ml::Matrix<double> per_sample;
  std::vector<double> sample_angles(std::size_t(L) * L);
  for (std::int64_t begin = 0; begin < held; begin += chunk) {
    const std::int64_t n = std::min(chunk, held - begin);
    x.resize(inputs.width(), n);
    for (std::int64_t j = 0; j < n; ++j) inputs.write(std::size_t(begin + j), {}, x.col(j).data());
    vae.encode(x, objective.energy(), mean, log_var);
    std::copy_n(mean.data(), n * d, r.mean.data() + begin * d);
    std::copy_n(log_var.data(), n * d, r.log_var.data() + begin * d);
    noise.setZero(d, n);
    vae.loss(x, noise, {0, 0}, objective.energy(), false, &per_sample);
    for (std::int64_t j = 0; j < n; ++j) {
      r.loss.push_back(per_sample(0, j));
      r.energy.push_back(per_sample(1, j));
      r.input_energy.push_back(per_sample(2, j));
    }
    if (!xy) continue;
    vae.decode(mean, spins, angles);
    for (std::int64_t j = 0; j < n; ++j) {
      std::copy_n(angles.col(j).data(), sample_angles.size(), sample_angles.begin());
      r.vortices.push_back(xy2d::vortex_density(sample_angles, L));
    }
  }
  return r;
}

// Energies (and XY vortex densities) of `per_temperature` prior draws for each temperature
// (the decoder is not conditioned on T: each row is another set of draws). The same on
// every rank: keyed by (seed, temperature, draw).
void generate(ml::VaeObjective& objective, std::uint64_t seed, std::size_t temperatures,
              std::int64_t per_temperature, int L, bool xy, std::vector<double>& energy,
              std::vector<double>& vortices) {
  ml::Vae& vae = objective.vae();
  const int components = vae.shape().spin_components();
  ml::Matrix<float> spins, angles;
  std::vector<double> config(std::size_t(components) * L * L), sample_angles(std::size_t(L) * L);
  for (std::size_t t = 0; t < temperatures; ++t) {
    vae.decode(ml::prior_points(seed, t, vae.shape().latent, per_temperature), spins, angles);
    for (std::int64_t g = 0; g < per_temperature; ++g) {
      std::copy_n(spins.col(g).data(), config.size(), config.begin());
      energy.push_back(objective.energy()(config, {}));
      if (!xy) continue;
      std::copy_n(angles.col(g).data(), sample_angles.size(), sample_angles.begin());
      vortices.push_back(xy2d::vortex_density(sample_angles, L));
    }
  }
}

}  // namespace

void run_train_vae(const Job& job, const CommandLine& cli, const parallel::Comm& comm) {
  const TrainSettings& s = job.train;
  const auto [final_path, run_id, partial] =
      claim_training_output(job, cli.overwrite, comm, check_inputs);
  Progress clock(comm.is_root(), "train", 1, "epochs");

  const io::RunFileReader run(s.run_file, comm.native());
  const std::vector<double>& temperatures = run.temperatures();
  const int L = run.meta().L, n = input_side(s, L);
  const bool xy = run.meta().model == "xy2d";
  const std::int64_t T = std::int64_t(temperatures.size()), S = run.samples();
  // With block averages the stored reconstruction energies and vortices are of the n x n
  // grid (the analysis does not hold them against the run's).
  const ModelSide side = model_side(run.meta().model, n, run.meta().J);
  const ml::ValidationSplit split(int(T), S, s.validation_fraction, s.validation_block,
                                  job.run.seed);
  const ml::DataPlan plan(all_temperatures(std::size_t(T)), split, s.batch_size, comm.size(),
                          comm.rank());
  const std::vector<io::SampleRun> runs = runs_of(plan.held());
  const std::unique_ptr<ml::Inputs> inputs = read_inputs(run, runs, plan.held().size(), n);
  const bool predict_only = !s.model_file.empty();
  if (comm.is_root())
    std::printf("train: VAE on %s, %lld temperatures x %lld %s samples of L = %d; latent %d, "
                "kl_weight %g, energy_weight %g; %lld training and %lld validation samples, "
                "batch %ld over %d rank(s)%s%s\n",
                s.run_file.c_str(), static_cast<long long>(T), static_cast<long long>(S),
                run.meta().model.c_str(), L, s.latent, s.kl_weight, s.energy_weight,
                static_cast<long long>(plan.training_samples()),
                static_cast<long long>(plan.validation_samples()), s.batch_size, comm.size(),
                s.coarse_grain > 0 ? ("; input: " + std::to_string(n) + " x " + std::to_string(n) +
                                      " block averages").c_str()
                                   : "",
                predict_only ? ("; applying the model of " + s.model_file + " (not training)").c_str()
                             : "");

  ml::VaeObjective objective(s, job.run.seed, *inputs, side.likelihood, side.energy);
  ml::Trainer trainer(s, job.run.seed, *inputs, plan, objective, collectives_of(comm));
  std::optional<io::TrainFileReader> source;
  if (predict_only) {
    source.emplace(s.model_file, std::nullopt);
    load_layers(objective.vae(), model_of(*source, s.model_file, objective.vae(),
                                          run.meta().model, side.encoding));
  } else {
    if (cli.overwrite) remove_train_checkpoint(final_path, comm);
    std::optional<TrainCheckpoint> resumed = read_train_checkpoint(final_path, job, run_id, comm);
    TrainCheckpoint progress;
    progress.run_id = run_id;
    if (resumed) {
      trainer.restore(std::move(resumed->current));
      if (comm.is_root())
        std::printf("resuming from %s: epoch %zu, step %lld\n", checkpoint_path(final_path).c_str(),
                    trainer.history().size() + 1, static_cast<long long>(trainer.state().step));
    }
    using Clock = std::chrono::steady_clock;
    auto last_checkpoint = Clock::now();
    trainer.set_vote(checkpoint_vote(job, comm, last_checkpoint));
    EpochPrinter printer(comm.is_root(), s.epochs);
    while (!trainer.finished()) {
      if (const auto record = trainer.run_epoch()) {
        printer.print("", *record, objective.metric_names(), s.epochs, 0);
        continue;
      }
      const float votes = trainer.take_vote();
      progress.current = trainer.state();
      write_train_checkpoint(final_path, job, comm, progress);
      last_checkpoint = Clock::now();
      if (comm.is_root())
        std::printf("checkpoint: %s (epoch %zu, step %lld)\n", checkpoint_path(final_path).c_str(),
                    trainer.history().size() + 1, static_cast<long long>(progress.current.step));
      if (votes >= 2)
        throw Checkpointed("checkpoint written to " + checkpoint_path(final_path) + " (epoch " +
                           std::to_string(trainer.history().size() + 1) +
                           "); run the same command again, on as many ranks, to continue");
    }
    trainer.use_best_parameters();
  }

  const HeldResults held = evaluate_held(objective, *inputs, xy);
  std::vector<double> generated_energy, generated_vortices;
  generate(objective, job.run.seed, std::size_t(T), s.generated, n, xy, generated_energy,
           generated_vortices);

  // Per temperature: mean energy of the inputs and of their reconstructions (all ranks).
  std::vector<double> sums(std::size_t(2 * T), 0.0);
  for (std::size_t i = 0; i < held.energy.size(); ++i) {
    const auto t = std::size_t(plan.held()[i].temperature);
    sums[2 * t] += held.input_energy[i];
    sums[2 * t + 1] += held.energy[i];
  }
  comm.sum(sums.data(), sums.size());

  io::TrainMeta meta;
  meta.objective = "vae";
  meta.prediction_only = predict_only;
  meta.model_file = s.model_file;
  meta.latent = s.latent;
  meta.kl_weight = s.kl_weight;
  meta.energy_weight = s.energy_weight;
  meta.energy_input = objective.vae().shape().energy_input;
  meta.coarse_grain = s.coarse_grain;
  meta.run_id = run_id;
  meta.run_file = s.run_file;
  meta.model = run.meta().model;
  meta.input_encoding = side.encoding;
  meta.L = L;
  meta.master_seed = job.run.seed;
  meta.mpi_ranks = comm.size();
  meta.best_epoch = source ? source->meta().best_epoch : trainer.best().epoch;
  meta.job = job.ini;
  {
    io::TrainFileWriter writer(partial, comm.native(), meta, temperatures, S);
    writer.write_model(layers_of(objective.vae().encoder(), objective.vae().shape().activation),
                       layers_of(objective.vae().decoder(), objective.vae().shape().activation),
                       s.optimizer);
    if (!predict_only) writer.write_history(history_of(trainer.history(), objective.metric_names()));
    const io::Dims latent{hsize_t(s.latent)};
    writer.write_per_sample<float>("/latent/mean", "latent mean of the encoder, per sample", runs,
                                   latent, held.mean.data());
    writer.write_per_sample<float>("/latent/log_var",
                                   "log variance of the encoder's latent Gaussian, per sample",
                                   runs, latent, held.log_var.data());
    writer.write_per_sample<double>("/reconstruction/energy",
                                    "energy per spin of the decoded mean configuration "
                                    "(z = latent mean), units of J",
                                    runs, {}, held.energy.data());
    writer.write_per_sample<double>("/reconstruction/loss",
                                    "reconstruction negative log-likelihood -log p(x | z = "
                                    "latent mean), per sample",
                                    runs, {}, held.loss.data());
    if (xy)
      writer.write_per_sample<double>("/reconstruction/vortices",
                                      "(vortices + antivortices) / N of the decoded mean angles",
                                      runs, {}, held.vortices.data());
    writer.write_generated(s.generated, generated_energy, generated_vortices, false);
    writer.close();
  }
  const double memory = publish_training_file(final_path, comm);
  if (comm.is_root()) {
    char summary[512];
    if (predict_only)
      std::snprintf(summary, sizeof summary, "wrote %s: the VAE of %s applied; peak memory %.0f MiB per rank",
                    final_path.c_str(), s.model_file.c_str(), memory);
    else
      std::snprintf(summary, sizeof summary,
                    "wrote %s: best epoch %lld, validation loss %.4f (reconstruction %.4f, kl "
                    "%.4f, energy %.4g); peak memory %.0f MiB per rank",
                    final_path.c_str(), static_cast<long long>(meta.best_epoch + 1),
                    trainer.best().val[0], trainer.best().val[1], trainer.best().val[2],
                    trainer.best().val[3], memory);
    clock.finish(summary);
    if (s.coarse_grain > 0) return;  // energies of the block grid: nothing to hold against MC
    std::printf("%10s %12s %12s %10s\n", "T", "e (samples)", "e (decoded)", "deviation");
    for (std::int64_t t = 0; t < T; ++t) {
      const double e_in = sums[std::size_t(2 * t)] / double(S);
      const double e_out = sums[std::size_t(2 * t + 1)] / double(S);
      std::printf("%10.4f %12.5f %12.5f %9.2f%%\n", temperatures[std::size_t(t)], e_in, e_out,
                  100 * (e_out - e_in) / std::abs(e_in));
    }
  }
}

}  // namespace phaselearn::app
