#include "app/train_stage.hpp"

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include "analysis/confusion.hpp"
#include "app/train_checkpoint.hpp"
#include "app/train_support.hpp"
#include "app/train_vae_stage.hpp"
#include "core/errors.hpp"
#include "core/progress.hpp"
#include "core/signals.hpp"
#include "core/version.hpp"
#include "io/run_file.hpp"
#include "io/train_file.hpp"
#include "ml/data_plan.hpp"
#include "ml/ising_inputs.hpp"
#include "ml/labels.hpp"
#include "ml/objectives/classifier.hpp"
#include "ml/trainer.hpp"
#include "ml/xy_inputs.hpp"

namespace phaselearn::app {
namespace {

const char* scheme_name(LabelScheme s) {
  return s == LabelScheme::threshold ? "threshold" : s == LabelScheme::window ? "window" : "confusion";
}

// The one dispatch on the run file's model: f.template operator()<E>() with E the
// model's input encoder (ml/ising_inputs.hpp, ml/xy_inputs.hpp). Adding a model to the
// trainer is one encoder and one line here.
template <class F>
decltype(auto) with_encoder(const std::string& model, F&& f) {
  if (model == "ising2d") return f.template operator()<ml::IsingInputs>();
  if (model == "xy2d") return f.template operator()<ml::XyInputs>();
  throw InputError("train has no input encoder for model '" + model + "'");
}

// Values per input site and the encoding's name, of the model's encoder.
int channels_of(const std::string& model) {
  return with_encoder(model, []<class E>() { return E::channel_count; });
}
std::string encoding_of(const std::string& model) {
  return with_encoder(model, []<class E>() { return std::string(E::encoding); });
}

// Collective: this rank's held samples (`runs`, `samples` in all) read and encoded on
// an input_side x input_side grid.
std::unique_ptr<ml::Inputs> read_inputs(const io::RunFileReader& run,
                                        const std::vector<io::SampleRun>& runs,
                                        std::size_t samples, int input_side) {
  return with_encoder(run.meta().model, [&]<class E>() -> std::unique_ptr<ml::Inputs> {
    const int L = run.meta().L;
    std::vector<typename E::FileSpin> spins(samples * std::size_t(L) * L);
    io::read_spin_runs(run, runs, spins.data());
    return std::make_unique<E>(std::move(spins), L, input_side);
  });
}

// The labels that decide which samples are trained on. For the confusion scheme every
// temperature is labelled (by each proposed T' in turn); any T' gives the same plan.
ml::TemperatureLabels plan_labels(const TrainSettings& s, const std::vector<double>& temperatures) {
  if (s.labels != LabelScheme::confusion) return ml::labels_for(s, temperatures);
  const auto proposed = ml::confusion_temperatures(temperatures, s.confusion_points);
  return ml::threshold_labels(temperatures, proposed.front());
}

// train.model_file, opened once by each caller.
io::TrainFileReader open_model_file(const std::string& path) {
  if (!std::filesystem::exists(path))
    throw InputError("train.model_file '" + path + "' does not exist");
  return io::TrainFileReader(path, std::nullopt);
}

// Its model must have been trained on samples of this run's model, encoded the same way,
// and have the layer sizes and activation this job asks for.
std::vector<io::LayerData> model_of(const io::TrainFileReader& file, const std::string& path,
                                    const ml::NetworkShape& shape, const std::string& model) {
  const io::TrainMeta& trained = file.meta();
  if (trained.objective != "classifier")
    throw InputError("train.model_file '" + path + "' holds a " + trained.objective +
                     ", but train.objective = classifier: give the training file of a classifier");
  if (trained.model != model || trained.input_encoding != encoding_of(model))
    throw InputError("train.model_file '" + path + "' holds a network of " + trained.model +
                     " samples (encoding " + trained.input_encoding +
                     "), but the run file is of model " + model + " (encoding " +
                     encoding_of(model) + ")");
  std::vector<io::LayerData> layers = file.model();
  std::vector<int> widths{shape.inputs};
  widths.insert(widths.end(), shape.hidden.begin(), shape.hidden.end());
  widths.push_back(ml::class_count);
  const auto describe = [](const std::vector<int>& w) {
    std::string out;
    for (std::size_t i = 0; i < w.size(); ++i) out += (i ? "->" : "") + std::to_string(w[i]);
    return out;
  };
  std::vector<int> found;
  for (const io::LayerData& l : layers) {
    if (found.empty()) found.push_back(l.inputs);
    found.push_back(l.outputs);
  }
  if (found != widths)
    throw InputError("train.model_file '" + path + "' holds a " + describe(found) +
                     " network, but this job's input and train.hidden make " + describe(widths) +
                     " (train.coarse_grain and train.hidden must be those it was trained with)");
  for (std::size_t l = 0; l + 1 < layers.size(); ++l)
    if (layers[l].activation != ml::to_string(shape.activation))
      throw InputError("train.model_file '" + path + "' uses the activation " +
                       layers[l].activation + ", this job train.activation = " +
                       ml::to_string(shape.activation));
  return layers;
}

// Everything the user can get wrong, decided on rank 0 before any file is created.
// Returns the run file's run_id.
std::string check_inputs(const Job& job, int ranks) {
  const std::string& run_file = job.train.run_file;
  if (job.train.batch_size < ranks)
    throw InputError("train.batch_size = " + std::to_string(job.train.batch_size) +
                     " is smaller than the number of MPI ranks (" + std::to_string(ranks) +
                     "): every rank needs part of every batch");
  if (!run_file.ends_with(".partial") && !std::filesystem::exists(run_file))
    throw InputError("run file '" + run_file + "' does not exist" +
                     (std::filesystem::exists(run_file + ".partial")
                          ? " (its .partial does: the sample stage has not finished)"
                          : ": run `phaselearn sample` with this job first, or set "
                            "train.run_file"));
  const io::RunFileReader run(run_file, std::nullopt);  // refuses .partial and formats
  const std::string& model = run.meta().model;
  const TrainSettings s = with_model_defaults(job.train, model);
  const int side = input_side(s, run.meta().L);
  const ml::NetworkShape shape = ml::network_shape(s, channels_of(model) * side * side);
  if (!s.model_file.empty()) model_of(open_model_file(s.model_file), s.model_file, shape, model);
  const auto labels = plan_labels(s, run.temperatures());  // refuses an empty class
  const ml::ValidationSplit split(int(run.temperatures().size()), run.samples(),
                                  s.validation_fraction, s.validation_block, job.run.seed);
  const ml::DataPlan plan(labels, split, s.batch_size, ranks, 0);  // refuses too small sets
  return run.meta().run_id;
}

// First temperature where the mean P(ordered) falls through 0.5, linearly interpolated.
double crossing(const std::vector<double>& t, const std::vector<double>& p) {
  for (std::size_t i = 0; i + 1 < t.size(); ++i)
    if (p[i] >= 0.5 && p[i + 1] < 0.5) return t[i] + (p[i] - 0.5) / (p[i] - p[i + 1]) * (t[i + 1] - t[i]);
  return NAN;
}

std::vector<io::LayerData> layers_of(const ml::Network& network) {
  std::vector<io::LayerData> out;
  const auto layers = network.layers();
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const auto& layer = layers[l];
    io::LayerData d;
    d.inputs = layer.inputs();
    d.outputs = layer.outputs();
    d.activation = l + 1 == layers.size() ? "softmax" : ml::to_string(network.shape().activation);
    d.weights.assign(layer.weights().data(), layer.weights().data() + layer.weights().size());
    d.bias.assign(layer.bias().data(), layer.bias().data() + layer.bias().size());
    out.push_back(std::move(d));
  }
  return out;
}

// The inverse of layers_of: weights and biases of `layers` (shapes checked by model_of).
void load_layers(ml::Network& network, const std::vector<io::LayerData>& layers) {
  const auto target = network.layers();
  for (std::size_t l = 0; l < target.size(); ++l) {
    std::copy(layers[l].weights.begin(), layers[l].weights.end(), target[l].weights().data());
    std::copy(layers[l].bias.begin(), layers[l].bias.end(), target[l].bias().data());
  }
}

}  // namespace

bool sampled_by_this_job(const Job& job, const parallel::Comm& comm) {
  return !comm.root_decides([&] {
            const std::string path = job.run.run_file();
            if (!std::filesystem::exists(path)) return std::string();
            try {
              const io::RunFileReader run(path, std::nullopt);
              const std::vector<std::string> sections = {"run", "model", "temperatures",
                                                         "sampler"};
              return result_defining(run.meta().job, sections) ==
                             result_defining(job.ini, sections)
                         ? std::string("yes")
                         : std::string();
            } catch (const Error&) {
              return std::string();  // not a finished run file: `sample` will say why
            }
          }).empty();
}

void run_train(const Job& job, const CommandLine& cli, const parallel::Comm& comm) {
  if (job.train.objective == "vae") return run_train_vae(job, cli, comm);
  const auto [final_path, run_id, partial] =
      claim_training_output(job, cli.overwrite, comm, check_inputs);
  Progress clock(comm.is_root(), "train", 1, "epochs");

  // Every rank builds the same plan without communicating and reads its own shard.
  const io::RunFileReader run(job.train.run_file, comm.native());
  // The label temperatures left at auto take the run file's model's values.
  const TrainSettings s = with_model_defaults(job.train, run.meta().model);
  const std::vector<double>& temperatures = run.temperatures();
  const int L = run.meta().L;
  const std::int64_t T = std::int64_t(temperatures.size()), S = run.samples();
  const ml::ValidationSplit split(int(T), S, s.validation_fraction, s.validation_block,
                                  job.run.seed);
  const ml::DataPlan plan(plan_labels(s, temperatures), split, s.batch_size, comm.size(),
                          comm.rank());
  const std::vector<io::SampleRun> runs = runs_of(plan.held());
  const auto read_start = std::chrono::steady_clock::now();
  // The network's input: the block spins of every sample (train.coarse_grain), or the spins.
  const std::unique_ptr<ml::Inputs> inputs =
      read_inputs(run, runs, plan.held().size(), input_side(s, L));
  const double read_seconds = comm.max(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - read_start).count());
  if (comm.is_root())
    std::printf("train: %s, %lld temperatures x %lld %s samples of L = %d; %lld training and "
                "%lld validation samples, %s labels, batch %ld over %d rank(s), %lld steps per "
                "epoch; shards read in %.2f s%s\n",
                s.run_file.c_str(), static_cast<long long>(T), static_cast<long long>(S),
                run.meta().model.c_str(), L,
                static_cast<long long>(plan.training_samples()),
                static_cast<long long>(plan.validation_samples()), scheme_name(s.labels),
                s.batch_size, comm.size(), static_cast<long long>(plan.steps_per_epoch()),
                read_seconds,
                s.coarse_grain > 0 ? ("; input: " + std::to_string(s.coarse_grain) + " x " +
                                      std::to_string(s.coarse_grain) + " block spins")
                                         .c_str()
                                   : "");
  // train.model_file: no training, the predictions of that file's model on this run.
  const bool predict_only = !s.model_file.empty();
  if (predict_only && comm.is_root())
    std::printf("train: predicting with the model of %s (not training)\n", s.model_file.c_str());

  // A checkpoint of this job resumes where it stopped (--overwrite starts afresh).
  if (cli.overwrite) remove_train_checkpoint(final_path, comm);
  std::optional<TrainCheckpoint> resumed =
      predict_only ? std::nullopt : read_train_checkpoint(final_path, job, run_id, comm);
  TrainCheckpoint progress;  // what a checkpoint records beyond the trainer in progress
  progress.run_id = run_id;
  if (resumed) {
    progress = *resumed;
    if (comm.is_root())
      std::printf("resuming from %s: fit %lld, epoch %zu, step %lld\n",
                  checkpoint_path(final_path).c_str(),
                  static_cast<long long>(progress.fit + 1), progress.current.history.size() + 1,
                  static_cast<long long>(progress.current.step));
  }

  auto last_checkpoint = std::chrono::steady_clock::now();
  const auto vote = checkpoint_vote(job, comm, last_checkpoint);

  // Fit once (threshold, window) or once per proposed T' (confusion).
  std::vector<double> proposed;
  if (s.labels == LabelScheme::confusion)
    proposed = ml::confusion_temperatures(temperatures, s.confusion_points);
  EpochPrinter printer(comm.is_root(), s.epochs);
  const std::size_t fits = predict_only ? 0 : proposed.empty() ? 1 : proposed.size();
  for (std::size_t k = std::size_t(progress.fit); k < fits; ++k) {
    const ml::TemperatureLabels labels = proposed.empty()
                                             ? ml::labels_for(s, temperatures)
                                             : ml::threshold_labels(temperatures, proposed[k]);
    ml::ClassifierObjective objective(s, job.run.seed, *inputs, plan, labels);
    ml::Trainer trainer(s, job.run.seed, *inputs, plan, objective, collectives_of(comm));
    if (resumed) {
      trainer.restore(std::move(resumed->current));
      resumed.reset();
    }
    trainer.set_vote(vote);
    char prefix[64] = "";
    if (!proposed.empty())
      std::snprintf(prefix, sizeof prefix, "T' = %.4f (%zu/%zu)  ", proposed[k], k + 1, fits);
    while (!trainer.finished()) {
      if (const auto record = trainer.run_epoch()) {
        printer.print(prefix, *record, objective.metric_names(), s.epochs, int(fits - k - 1));
        continue;
      }
      const float votes = trainer.take_vote();  // the same on every rank
      progress.fit = std::int64_t(k);
      progress.current = trainer.state();
      write_train_checkpoint(final_path, job, comm, progress);
      last_checkpoint = std::chrono::steady_clock::now();
      if (comm.is_root())
        std::printf("checkpoint: %s (fit %zu, epoch %zu, step %lld)\n",
                    checkpoint_path(final_path).c_str(), k + 1,
                    trainer.history().size() + 1, static_cast<long long>(progress.current.step));
      if (votes >= 2)
        throw Checkpointed("checkpoint written to " + checkpoint_path(final_path) +
                           " (epoch " + std::to_string(trainer.history().size() + 1) +
                           "); run the same command again, on as many ranks, to continue");
    }
    trainer.use_best_parameters();
    const double accuracy = trainer.best().val[ml::ClassifierObjective::accuracy_metric];
    if (!proposed.empty()) {
      progress.curve_T.push_back(proposed[k]);
      progress.curve_accuracy.push_back(accuracy);
      if (comm.is_root())
        std::printf("T' = %.4f: validation accuracy %.4f\n", proposed[k], accuracy);
    }
    // Strictly better only: the decision is the same on every rank (identical numbers).
    if (accuracy > progress.best_accuracy) {
      progress.best_accuracy = accuracy;
      progress.best_T = proposed.empty() ? 0.0 : proposed[k];
      progress.best = trainer.state();
    }
    progress.current = {};
  }

  // The stored model: the best fit, with its best weights; predictions of every sample.
  const ml::TemperatureLabels labels =
      proposed.empty() ? ml::labels_for(s, temperatures)
                       : ml::threshold_labels(temperatures, progress.best_T);
  ml::ClassifierObjective objective(s, job.run.seed, *inputs, plan, labels);
  ml::Trainer trainer(s, job.run.seed, *inputs, plan, objective, collectives_of(comm));
  std::optional<io::TrainFileReader> source;  // train.model_file
  if (predict_only) {
    source.emplace(s.model_file, std::nullopt);
    load_layers(objective.network(),
                model_of(*source, s.model_file, objective.network().shape(), run.meta().model));
  } else {
    trainer.restore(std::move(*progress.best));
    trainer.use_best_parameters();
  }
  const std::vector<float> p = objective.predict_held();
  const io::ConfusionCurve curve{progress.curve_T, progress.curve_accuracy};

  // Mean and block standard error per temperature: sums over (temperature, block).
  const std::int64_t blocks = std::min<std::int64_t>(20, S);
  std::vector<double> block_sums(std::size_t(T * blocks), 0.0);
  for (std::size_t i = 0; i < p.size(); ++i) {
    const ml::SampleId id = plan.held()[i];
    block_sums[std::size_t(id.temperature * blocks + id.sample * blocks / S)] += p[i];
  }
  comm.sum(block_sums.data(), block_sums.size());
  std::vector<double> mean, standard_error;
  // Sample s is in block floor(s * blocks / S): block b holds [ceil(b S / blocks), ...).
  const auto first_of = [&](std::int64_t b) { return (b * S + blocks - 1) / blocks; };
  for (std::int64_t t = 0; t < T; ++t) {
    double total = 0, sum_sq = 0;
    for (std::int64_t b = 0; b < blocks; ++b) {
      const double sum = block_sums[std::size_t(t * blocks + b)];
      const double block_mean = sum / double(first_of(b + 1) - first_of(b));
      total += sum;
      sum_sq += block_mean * block_mean;
    }
    const double m = total / double(S), n = double(blocks);
    const double variance = n > 1 ? std::max(sum_sq / n - m * m, 0.0) * n / (n - 1) : 0.0;
    mean.push_back(m);
    standard_error.push_back(std::sqrt(variance / n));
  }

  io::TrainMeta meta;
  meta.run_id = run_id;
  meta.run_file = s.run_file;
  meta.label_scheme = scheme_name(s.labels);
  if (s.labels == LabelScheme::threshold) meta.t_label = s.t_label;
  if (s.labels == LabelScheme::window) meta.t_low = s.t_low, meta.t_high = s.t_high;
  if (source) {  // the labels the model was trained with
    meta.label_scheme = source->meta().label_scheme;
    meta.t_label = source->meta().t_label;
    meta.t_low = source->meta().t_low, meta.t_high = source->meta().t_high;
  }
  meta.model = run.meta().model;
  meta.input_encoding = encoding_of(run.meta().model);
  meta.L = L;
  meta.master_seed = job.run.seed;
  meta.mpi_ranks = comm.size();
  meta.best_epoch = source ? source->meta().best_epoch : trainer.best().epoch;
  meta.job = job.ini;
  meta.objective = "classifier";
  meta.coarse_grain = s.coarse_grain;
  meta.prediction_only = predict_only;
  meta.model_file = s.model_file;
  {
    io::TrainFileWriter writer(partial, comm.native(), meta, temperatures, S);
    writer.write_model(layers_of(objective.network()), s.optimizer);
    if (!predict_only) writer.write_history(history_of(trainer.history(), objective.metric_names()));
    if (!proposed.empty()) writer.write_confusion(curve);
    writer.write_prediction_summary(mean, standard_error);
    writer.write_predictions(runs, p.data());
    writer.close();
  }
  const double memory = publish_training_file(final_path, comm);
  if (comm.is_root()) {
    char summary[512];
    if (source)
      std::snprintf(summary, sizeof summary,
                    "wrote %s: predictions of the model of %s; peak memory %.0f MiB per rank",
                    final_path.c_str(), s.model_file.c_str(), memory);
    else
      std::snprintf(summary, sizeof summary,
                    "wrote %s: best epoch %lld, validation loss %.4f, accuracy %.4f; "
                    "peak memory %.0f MiB per rank",
                    final_path.c_str(), static_cast<long long>(meta.best_epoch + 1),
                    trainer.best().val_loss(),
                    trainer.best().val[ml::ClassifierObjective::accuracy_metric], memory);
    clock.finish(summary);
    // The confusion scheme's estimate is the curve's interior peak, located as
    // phaselearn-analyze does; the stored predictions are those of one proposed boundary
    // (the most accurate), so their crossing of 0.5 is no estimate and is not printed.
    const double tc = crossing(temperatures, mean);
    if (!proposed.empty()) {
      const auto peak = analysis::confusion_peak(progress.curve_T, progress.curve_accuracy);
      if (peak)
        std::printf("confusion: the accuracy curve peaks at T' = %.4f (accuracy %.4f); "
                    "stored: the network of T' = %.4f\n",
                    peak->temperature, peak->accuracy, progress.best_T);
      else
        std::printf("warning: confusion: %s\n", peak.reason().c_str());
    } else if (std::isfinite(tc))
      std::printf("P(ordered) crosses 0.5 at T = %.4f\n", tc);
    else
      std::printf("P(ordered) does not cross 0.5 within the temperature range\n");
  }
}

}  // namespace phaselearn::app
