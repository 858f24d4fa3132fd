#include "core/job.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/errors.hpp"

namespace phaselearn {

std::vector<ParamSpec> job_parameters() {
  using K = ParamKind;
  const double big = 1e12;
  const std::vector<std::string> yes_no = {"true", "false"};
  return {
      {"run.name", K::text, "quick", "base name of the output files <output_dir>/<name>.h5"},
      {"run.output_dir", K::text, "runs", "directory of the output files"},
      {"run.seed", K::integer, "1", "master seed of every random stream", 0, 9.2e18},
      {"run.checkpoint_interval", K::real, "600",
       "seconds between checkpoints (0 = only on SIGUSR1/SIGTERM)", 0, 1e9},
      {"run.check_resources", K::choice, "true",
       "refuse, before any file is created, a run whose output would not fit in the free "
       "space of run.output_dir or whose state would not fit in the available memory per rank",
       0, 0, yes_no},

      {"model.name", K::choice, "ising2d",
       "spin model: ising2d (H = -J sum s_i s_j, s = +-1) or xy2d (H = -J sum cos(theta_i - "
       "theta_j))", 0, 0, {"ising2d", "xy2d"}},
      {"model.L", K::integer, "32", "linear lattice size (even, periodic L x L)", 4, 4096},
      {"model.J", K::real, "1", "ferromagnetic coupling J", 1e-6, 1e6},

      {"temperatures.spacing", K::choice, "dense", "how temperatures are placed", 0, 0,
       {"list", "linear", "geometric", "dense"}},
      {"temperatures.min", K::real, "1.5", "lowest temperature", 1e-6, 1e6},
      {"temperatures.max", K::real, "3.5", "highest temperature", 1e-6, 1e6},
      {"temperatures.count", K::integer, "32", "number of temperatures (replicas)", 1, 100000},
      {"temperatures.list", K::real_list, "", "explicit ascending temperatures (spacing = list)",
       1e-6, 1e6},
      {"temperatures.center", K::real, "2.269185314213022",
       "dense spacing: temperature where the set is densest", 1e-6, 1e6},
      {"temperatures.width", K::real, "0.25", "dense spacing: width of the dense region", 1e-6,
       1e6},

      {"sampler.equilibration_sweeps", K::integer, "1000", "sweeps before the first sample", 0,
       big},
      {"sampler.samples", K::integer, "1000", "stored samples per temperature", 1, big},
      {"sampler.sweeps_between_samples", K::integer, "10", "sweeps between stored samples (k)",
       1, big},
      {"sampler.metropolis_sweeps", K::integer, "1", "checkerboard Metropolis sweeps per sweep",
       0, 1000},
      {"sampler.wolff_sweeps", K::real, "1",
       "Wolff clusters per sweep, counted in flipped spins per L^2 (the cluster count per "
       "temperature is set from the mean cluster size in the first half of equilibration, "
       "then fixed; with Metropolis on, at most 8 x wolff_sweeps clusters, and where the mean "
       "cluster exceeds 0.75 L^2 a global spin flip with probability 1/2 replaces them)",
       0, 1000},
      {"sampler.overrelaxation_sweeps", K::integer, "1",
       "over-relaxation sweeps per sweep (each spin reflected about its local field: "
       "energy-conserving, no random numbers)", 0, 1000, {}, "model.name", {"xy2d"}},
      {"sampler.exchange_every", K::integer, "1",
       "sweeps between replica-exchange attempts (0 = no exchanges)", 0, big},
      {"sampler.initial_state", K::choice, "random", "initial spins", 0, 0,
       {"random", "ordered"}},
      {"sampler.write_chunk", K::integer, "0",
       "stored samples per collective write (0 = about 256 KiB per temperature)", 0, 1000000},
      {"sampler.compression", K::integer, "0",
       "deflate level of /spins (0 = none, 1 fastest to 9 smallest; h5py and h5dump read "
       "it without a plugin)", 0, 9},
      {"sampler.log_interval", K::real, "5",
       "seconds between progress lines when the output is not a terminal", 0.1, 1e6},

      {"train.run_file", K::text, "", "run file to train on (empty = <output_dir>/<name>.h5)"},
      {"train.objective", K::choice, "classifier",
       "what is trained: classifier (P(ordered) from labelled temperatures) or vae (a "
       "variational autoencoder with an energy-difference loss; see docs/vae.md)", 0, 0,
       {"classifier", "vae"}},
      {"train.latent", K::integer, "2", "vae: latent dimension", 1, 1000, {}, "train.objective",
       {"vae"}},
      {"train.kl_weight", K::real, "1", "vae: weight of the KL divergence term", 0, 1e6, {},
       "train.objective", {"vae"}},
      {"train.energy_weight", K::real, "1",
       "vae: weight of the energy term N (e(decoded mean configuration) - e(input))^2 (0 = a "
       "standard VAE)", 0, 1e9, {}, "train.objective", {"vae"}},
      {"train.energy_input", K::choice, "false",
       "vae: with train.energy_weight > 0, give the encoder the input's energy per spin as "
       "one more input (the latent then carries each sample's energy, which the energy term "
       "needs; docs/vae.md); no effect on a standard VAE (energy_weight = 0)", 0, 0,
       yes_no, "train.objective", {"vae"}},
      {"train.generated", K::integer, "100",
       "vae: configurations decoded from the prior per temperature (/generated)", 1, 1000000,
       {}, "train.objective", {"vae"}},
      {"train.hidden", K::real_list, "100", "units of each hidden layer, comma-separated", 1,
       100000},
      {"train.activation", K::choice, "relu", "hidden-layer activation", 0, 0,
       {"relu", "tanh", "sigmoid"}},
      {"train.optimizer", K::choice, "adam", "optimizer", 0, 0, {"adam", "sgd"}},
      {"train.learning_rate", K::real, "0.001", "learning rate", 1e-9, 10},
      {"train.weight_decay", K::real, "0.0001", "L2 weight decay", 0, 10},
      {"train.shard_optimizer", K::choice, "false",
       "shard the optimizer over ranks (ZeRO stage 1): a reduce-scatter of the gradient, "
       "each rank updates its slice of the weights, an allgather of the weights, instead of "
       "one allreduce and every rank repeating the whole update; the same weights on every "
       "rank either way (bench/README.md for which is faster)", 0, 0, yes_no},
      {"train.batch_size", K::integer, "64", "global batch size (all ranks together)", 1,
       1000000},
      {"train.epochs", K::integer, "30", "maximum number of epochs", 1, 1000000},
      {"train.patience", K::integer, "5",
       "early stopping: epochs without a better validation loss (0 = off)", 0, 1000000},
      {"train.labels", K::choice, "window", "label scheme", 0, 0,
       {"threshold", "window", "confusion"}, "train.objective", {"classifier"}},
      // Per model (the run file's): Ising's around Onsager's Tc = 2.269, XY's about 0.1 on
      // either side of T_KT = 0.893 (docs/methods.md, "XY: the classifier's T_KT").
      {"train.t_label", K::real, "auto", "threshold scheme: T < t_label is ordered", 1e-6, 1e6,
       {}, "train.objective", {"classifier"}, {{"ising2d", "2.269185314213022"}, {"xy2d", "0.8929"}}},
      {"train.t_low", K::real, "auto", "window scheme: train on T <= t_low as ordered", 1e-6,
       1e6, {}, "train.objective", {"classifier"}, {{"ising2d", "2.0"}, {"xy2d", "0.80"}}},
      {"train.t_high", K::real, "auto", "window scheme: train on T >= t_high as disordered", 1e-6,
       1e6, {}, "train.objective", {"classifier"}, {{"ising2d", "2.6"}, {"xy2d", "1.00"}}},
      {"train.confusion_points", K::integer, "17", "confusion scheme: proposed temperatures", 2,
       1000, {}, "train.objective", {"classifier"}},
      {"train.validation_fraction", K::real, "0.2", "share of samples held out for validation",
       0.01, 0.9},
      {"train.validation_block", K::integer, "0",
       "consecutive samples per validation block (0 = automatic)", 0, 1000000},
      {"train.augment_flip", K::choice, "true", "global spin-flip (Z2) augmentation", 0, 0,
       yes_no},
      {"train.augment_translate", K::choice, "false", "random translation augmentation", 0, 0,
       yes_no},
      {"train.coarse_grain", K::integer, "0",
       "network input: block spins on an n x n grid (Ising: majority rule; XY: rms-normalised "
       "block averages), L a multiple of n (0 = the raw L x L spins)", 0, 100000, {},
       "train.objective", {"classifier", "vae"}},
      {"train.model_file", K::text, "",
       "predict with the model of this training file instead of training (same input and "
       "layer sizes; empty = train)"},
  };
}

std::vector<double> make_temperatures(const std::string& spacing, double t_min, double t_max,
                                      int count, const std::vector<double>& list, double center,
                                      double width) {
  if (spacing == "list") return list;
  std::vector<double> t(count);
  if (count == 1) return {t_min};
  for (int i = 0; i < count; ++i) {
    const double u = static_cast<double>(i) / (count - 1);
    if (spacing == "linear") t[i] = t_min + u * (t_max - t_min);
    if (spacing == "geometric") t[i] = t_min * std::pow(t_max / t_min, u);
  }
  if (spacing == "dense") {
    // Points equally spaced in the cumulative of density 1 + 4 exp(-(T-c)^2 / 2w^2):
    // about five times denser at the centre than far from it.
    const int grid = 20000;
    std::vector<double> cdf(grid + 1, 0.0);
    const double h = (t_max - t_min) / grid;
    const auto density = [&](double x) {
      return 1.0 + 4.0 * std::exp(-0.5 * std::pow((x - center) / width, 2));
    };
    for (int g = 1; g <= grid; ++g)
      cdf[g] = cdf[g - 1] + 0.5 * h * (density(t_min + (g - 1) * h) + density(t_min + g * h));
    for (int i = 0; i < count; ++i) {
      const double target = cdf[grid] * i / (count - 1);
      const auto it = std::lower_bound(cdf.begin(), cdf.end(), target);
      const int g = std::clamp(static_cast<int>(it - cdf.begin()), 1, grid);
      const double frac = (target - cdf[g - 1]) / (cdf[g] - cdf[g - 1]);
      t[i] = t_min + (g - 1 + frac) * h;
    }
    t.front() = t_min;
    t.back() = t_max;
  }
  return t;
}

std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream in(a);
  std::string line;
  while (std::getline(in, line))
    if (b.find(line + "\n") == std::string::npos) return line;
  return "";
}

std::string result_defining(const std::string& ini, const std::vector<std::string>& sections) {
  static const std::vector<std::string> incidental = {"log_interval", "checkpoint_interval",
                                                      "output_dir", "check_resources"};
  std::istringstream in(ini);
  std::string line, section, out;
  while (std::getline(in, line)) {
    if (line.starts_with("[")) {
      section = line.substr(1, line.find(']') - 1);
      continue;
    }
    if (std::find(sections.begin(), sections.end(), section) == sections.end()) continue;
    const std::string key = line.substr(0, line.find(' '));
    if (std::find(incidental.begin(), incidental.end(), key) != incidental.end()) continue;
    out += section + "." + line + "\n";
  }
  return out;
}

TrainSettings with_model_defaults(TrainSettings settings, const std::string& model) {
  const std::vector<ParamSpec> specs = job_parameters();
  for (auto [name, value] : {std::pair{"train.t_label", &settings.t_label},
                             std::pair{"train.t_low", &settings.t_low},
                             std::pair{"train.t_high", &settings.t_high}}) {
    if (!std::isnan(*value)) continue;
    const auto spec = std::find_if(specs.begin(), specs.end(),
                                   [&](const ParamSpec& s) { return s.name == name; });
    const std::string fallback = spec->model_default(model);
    if (fallback.empty())
      throw InputError(std::string(name) + " = auto has no value for model '" + model +
                       "': set " + name);
    *value = std::stod(fallback);
  }
  if (settings.labels == LabelScheme::window && !(settings.t_low < settings.t_high)) {
    std::ostringstream why;
    why << "train.t_high = " << settings.t_high << " must be above train.t_low = "
        << settings.t_low << " (model " << model << ")";
    throw InputError(why.str());
  }
  return settings;
}

Job make_job(const ParamSet& p) {
  Job job;
  job.ini = p.to_ini();
  job.run = {p.text("run.name"), p.text("run.output_dir"),
             static_cast<std::uint64_t>(p.integer("run.seed")),
             p.real("run.checkpoint_interval"), p.text("run.check_resources") == "true"};
  if (job.run.name.empty() || job.run.name.find('/') != std::string::npos)
    p.reject("run.name", "must be a non-empty file name without '/'");
  if (job.run.output_dir.empty()) p.reject("run.output_dir", "must not be empty");

  job.model = {p.text("model.name"), static_cast<int>(p.integer("model.L")), p.real("model.J")};
  if (job.model.L % 2 != 0)
    p.reject("model.L", "the checkerboard update needs an even L (4, 6, 8, ...)");

  const std::string spacing = p.text("temperatures.spacing");
  const double t_min = p.real("temperatures.min"), t_max = p.real("temperatures.max");
  const int count = static_cast<int>(p.integer("temperatures.count"));
  if (spacing == "list") {
    if (p.reals("temperatures.list").empty())
      p.reject("temperatures.list", "spacing = list needs at least one temperature");
  } else if (!p.reals("temperatures.list").empty()) {
    p.reject("temperatures.list", "is used only with temperatures.spacing = list (it is " +
             spacing + "): set the spacing to list, or drop the list");
  } else if (count > 1 && !(t_min < t_max)) {
    p.reject("temperatures.max", "must be above temperatures.min");
  }
  job.temperatures =
      make_temperatures(spacing, t_min, t_max, count, p.reals("temperatures.list"),
                        p.real("temperatures.center"), p.real("temperatures.width"));
  for (std::size_t i = 1; i < job.temperatures.size(); ++i)
    if (!(job.temperatures[i] > job.temperatures[i - 1]))
      p.reject(spacing == "list" ? "temperatures.list" : "temperatures.count",
               "temperatures must be strictly ascending");

  auto& s = job.sampler;
  s.equilibration_sweeps = p.integer("sampler.equilibration_sweeps");
  s.samples = p.integer("sampler.samples");
  s.sweeps_between_samples = p.integer("sampler.sweeps_between_samples");
  s.metropolis_sweeps = static_cast<int>(p.integer("sampler.metropolis_sweeps"));
  s.wolff_sweeps = p.real("sampler.wolff_sweeps");
  s.overrelaxation_sweeps =
      job.model.name == "xy2d" ? static_cast<int>(p.integer("sampler.overrelaxation_sweeps")) : 0;
  s.exchange_every = static_cast<int>(p.integer("sampler.exchange_every"));
  s.ordered_start = p.text("sampler.initial_state") == "ordered";
  s.write_chunk = static_cast<int>(p.integer("sampler.write_chunk"));
  s.compression = static_cast<int>(p.integer("sampler.compression"));
  s.log_interval_seconds = p.real("sampler.log_interval");
  if (s.metropolis_sweeps == 0 && s.wolff_sweeps == 0)
    p.reject("sampler.wolff_sweeps",
             "with sampler.metropolis_sweeps = 0 the Wolff update is the only one: use > 0");

  auto& t = job.train;
  t.run_file = p.text("train.run_file").empty() ? job.run.run_file() : p.text("train.run_file");
  for (double h : p.reals("train.hidden")) {
    if (h != std::floor(h)) p.reject("train.hidden", "layer sizes must be whole numbers");
    t.hidden.push_back(static_cast<int>(h));
  }
  t.activation = p.text("train.activation");
  t.optimizer = p.text("train.optimizer");
  t.learning_rate = p.real("train.learning_rate");
  t.weight_decay = p.real("train.weight_decay");
  t.shard_optimizer = p.text("train.shard_optimizer") == "true";
  t.batch_size = p.integer("train.batch_size");
  t.epochs = static_cast<int>(p.integer("train.epochs"));
  t.patience = static_cast<int>(p.integer("train.patience"));
  const std::string labels = p.text("train.labels");
  t.labels = labels == "threshold" ? LabelScheme::threshold
             : labels == "window"  ? LabelScheme::window
                                   : LabelScheme::confusion;
  t.t_label = p.real("train.t_label");
  t.t_low = p.real("train.t_low");
  t.t_high = p.real("train.t_high");
  t.objective = p.text("train.objective");
  const bool classifier = t.objective == "classifier";
  t.latent = static_cast<int>(p.integer("train.latent"));
  t.kl_weight = p.real("train.kl_weight");
  t.energy_weight = p.real("train.energy_weight");
  t.energy_input = p.text("train.energy_input") == "true";
  t.generated = static_cast<int>(p.integer("train.generated"));
  if (classifier && t.labels == LabelScheme::window && !(t.t_low < t.t_high) &&
      !std::isnan(t.t_low) && !std::isnan(t.t_high))  // auto: checked once resolved
    p.reject("train.t_high", "must be above train.t_low");
  t.confusion_points = static_cast<int>(p.integer("train.confusion_points"));
  t.validation_fraction = p.real("train.validation_fraction");
  t.validation_block = static_cast<int>(p.integer("train.validation_block"));
  t.augment_flip = p.text("train.augment_flip") == "true";
  t.augment_translate = p.text("train.augment_translate") == "true";
  t.coarse_grain = static_cast<int>(p.integer("train.coarse_grain"));
  t.model_file = p.text("train.model_file");
  if (classifier && !t.model_file.empty() && t.labels == LabelScheme::confusion)
    p.reject("train.model_file", "cannot be used with the confusion scheme, which trains one "
             "network per proposed temperature");
  return job;
}

}  // namespace phaselearn
