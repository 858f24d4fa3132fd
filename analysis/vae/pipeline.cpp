#include "analysis/vae/pipeline.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <tuple>

#include "analysis/jackknife.hpp"
#include "analysis/report_text.hpp"
#include "analysis/statistics.hpp"
#include "analysis/xy2d/pipeline.hpp"
#include "core/errors.hpp"
#include "core/random.hpp"

namespace phaselearn::analysis::vae {

namespace {

// Sampled points on either side of the largest chi_z in the parabola.
constexpr std::size_t peak_half_window = 2;
// Fewer bootstrap blocks than this make the errors themselves uncertain by more than ~18 %.
constexpr std::size_t few_blocks = 16;

std::span<const double> row(const std::vector<double>& v, std::size_t t, std::size_t per_row) {
  return {v.data() + t * per_row, per_row};
}

struct Binned {
  Estimate estimate;
  std::size_t block_length = 1;
  bool converged = true;
};

Binned binned(std::span<const double> x) {
  const BinningAnalysis b = binning_analysis(x);
  return {{b.mean, b.error}, b.block_length, b.converged};
}

// Model and MC value of the same samples: the difference is binned sample by sample, so
// what the two share (the configuration) cancels in its error.
Comparison paired(std::span<const double> model, std::span<const double> mc, bool& converged) {
  std::vector<double> d(model.size());
  for (std::size_t s = 0; s < d.size(); ++s) d[s] = model[s] - mc[s];
  const Binned m = binned(model), e = binned(mc), diff = binned(d);
  converged = converged && m.converged && e.converged && diff.converged;
  Comparison c{m.estimate, e.estimate, diff.estimate, std::nullopt};
  if (e.estimate.value != 0)
    c.relative = Estimate{diff.estimate.value / std::abs(e.estimate.value),
                          diff.estimate.error / std::abs(e.estimate.value)};
  return c;
}

// Generated configurations are independent of the run's samples: errors add in quadrature.
Comparison independent(std::span<const double> model, const Estimate& mc) {
  const Binned m = binned(model);
  Comparison c{m.estimate, mc, {m.estimate.value - mc.value, std::hypot(m.estimate.error, mc.error)}, std::nullopt};
  if (mc.value != 0)
    c.relative = Estimate{c.difference.value / std::abs(mc.value), c.difference.error / std::abs(mc.value)};
  return c;
}

// Where the MC curve (means at the sampled temperatures) takes the value v, going up in T.
Outcome<double> matching_temperature(const std::vector<double>& T, const std::vector<double>& mc, double v) {
  for (std::size_t i = 0; i + 1 < T.size(); ++i) {
    const double a = mc[i] - v, b = mc[i + 1] - v;
    if (a == 0) return Outcome<double>::success(T[i]);
    if (a * b < 0) return Outcome<double>::success(T[i] + (T[i + 1] - T[i]) * a / (a - b));
  }
  if (mc.back() == v) return Outcome<double>::success(T.back());
  const auto [lo, hi] = std::minmax_element(mc.begin(), mc.end());
  return Outcome<double>::failure(short_number(v) + " is outside the MC values of the run [" + short_number(*lo) + ", " +
                                  short_number(*hi) + "]");
}

// |mu| and the moments of mu of one temperature, as jackknife columns: |mu|, |mu|^2,
// mu_i, mu_i mu_j (i <= j).
Eigen::MatrixXd latent_columns(const float* mu, std::size_t S, std::size_t d) {
  const auto pairs = d * (d + 1) / 2;
  Eigen::MatrixXd x(static_cast<Eigen::Index>(S), static_cast<Eigen::Index>(2 + d + pairs));
  for (std::size_t s = 0; s < S; ++s) {
    const float* m = mu + s * d;
    const auto r = static_cast<Eigen::Index>(s);
    double r2 = 0;
    for (std::size_t i = 0; i < d; ++i) r2 += double(m[i]) * m[i];
    x(r, 0) = std::sqrt(r2);
    x(r, 1) = r2;
    Eigen::Index c = 2;
    for (std::size_t i = 0; i < d; ++i) x(r, c++) = m[i];
    for (std::size_t i = 0; i < d; ++i)
      for (std::size_t j = i; j < d; ++j) x(r, c++) = double(m[i]) * m[j];
  }
  return x;
}

double principal_share(const Eigen::VectorXd& means, std::size_t d) {
  Eigen::MatrixXd cov(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(d));
  Eigen::Index c = 2 + static_cast<Eigen::Index>(d);
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t j = i; j < d; ++j) {
      const auto a = static_cast<Eigen::Index>(i), b = static_cast<Eigen::Index>(j);
      cov(a, b) = cov(b, a) = means[c++] - means[2 + a] * means[2 + b];
    }
  const double trace = cov.trace();
  if (!(trace > 0)) return 1;
  return Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(cov, Eigen::EigenvaluesOnly).eigenvalues().maxCoeff() / trace;
}

Estimate jackknifed(const Eigen::MatrixXd& x, std::size_t block_length, const MeansFunction& f) {
  const JackknifeEstimate j = block_jackknife(x, block_length, f);
  return {j.value, j.error};
}

// Block means of |mu| and |mu|^2 per temperature: what the bootstrap of chi_z draws.
struct LatentBlocks {
  std::vector<std::vector<double>> abs, square;  // [t][block]
};

Curve susceptibility_curve(const VaeFile& f) {
  Curve c;
  for (const VaeTemperature& t : f.temperatures) {
    c.x.push_back(t.temperature);
    c.y.push_back(t.susceptibility.value);
    c.error.push_back(std::max(t.susceptibility.error, 1e-12));
  }
  return c;
}

// T*(L) of every bootstrap replica (nullopt where the replica has no peak), replicas
// keyed by (seed, L) as the xy2d bootstrap, so a replica draws the same blocks of a run
// in both analyses.
std::vector<std::optional<double>> replica_peaks(const VaeFile& f, const LatentBlocks& blocks,
                                                 const AnalysisOptions& options) {
  const Curve central = susceptibility_curve(f);
  const std::size_t n = blocks.abs.front().size();
  Xoshiro256pp rng(options.seed, static_cast<std::uint64_t>(f.L), Purpose::bootstrap);
  std::uniform_int_distribution<std::size_t> pick(0, n - 1);
  std::vector<std::size_t> chosen(n);
  std::vector<std::optional<double>> out;
  for (std::size_t r = 0; r < options.bootstrap_replicas; ++r) {
    for (std::size_t& k : chosen) k = pick(rng);
    Curve c = central;
    for (std::size_t t = 0; t < c.size(); ++t) {
      double a = 0, a2 = 0;
      for (const std::size_t k : chosen) a += blocks.abs[t][k], a2 += blocks.square[t][k];
      a /= double(n), a2 /= double(n);
      c.y[t] = a2 - a * a;
    }
    const Outcome<PeakFit> p = peak_of(c, peak_half_window);
    out.push_back(p ? std::optional<double>(p->temperature) : std::nullopt);
  }
  return out;
}

Outcome<Bootstrapped> spread(double value, const std::vector<std::optional<double>>& replicas) {
  std::vector<double> values;
  for (const auto& v : replicas)
    if (v) values.push_back(*v);
  if (values.size() < 2)
    return Outcome<Bootstrapped>::failure("no bootstrap error: " + std::to_string(values.size()) + " of " +
                                          std::to_string(replicas.size()) + " replicas give a value");
  return Outcome<Bootstrapped>::success({value, std::sqrt(variance(values)), values.size(),
                                         replicas.size() - values.size()});
}

struct FileWork {
  VaeFile file;
  std::vector<std::optional<double>> replica_peaks;
  LatentBlocks blocks;
  std::uint64_t encoder_digest = 0;
  bool applied = false;
};

FileWork analyse_file(const RunInput& run, const VaeTrainingInput& v, const AnalysisOptions& options) {
  const std::size_t T = run.temperatures.size(), S = run.samples, d = v.latent;
  if (v.temperatures != T || v.samples != S || v.latent_mean.size() != T * S * d ||
      v.reconstruction_energy.size() != T * S || run.energy.size() != T * S)
    throw InputError(v.path + ": its latent means or reconstructions are not [T, S] of run " + run.path);
  const auto vortices_it = run.model_observables.find("vortices");
  const std::vector<double>* mc_vortices = vortices_it == run.model_observables.end() ? nullptr : &vortices_it->second;
  const std::size_t G = v.generated, generated_rows = v.generated_per_temperature ? T : 1;
  if (v.generated_energy.size() != generated_rows * G ||
      (!v.generated_vortices.empty() && v.generated_vortices.size() != generated_rows * G) ||
      (!v.reconstruction_vortices.empty() && v.reconstruction_vortices.size() != T * S) ||
      (!v.reconstruction_loss.empty() && v.reconstruction_loss.size() != T * S))
    throw InputError(v.path + ": /generated or /reconstruction/vortices do not match their shapes");

  FileWork w;
  VaeFile& f = w.file;
  f.path = v.path;
  f.L = run.L;
  f.history = v.history;
  std::vector<Eigen::MatrixXd> columns;
  for (std::size_t t = 0; t < T; ++t) {
    columns.push_back(latent_columns(v.latent_mean.data() + t * S * d, S, d));
    const Eigen::VectorXd a = columns.back().col(0);
    f.block_length = std::max(f.block_length, binning_analysis({a.data(), S}).block_length);
  }
  f.blocks = S / f.block_length;
  if (f.blocks < 2)
    throw InputError(v.path + ": " + std::to_string(S) + " samples per temperature are too few for blocks of " +
                     std::to_string(f.block_length));
  bool converged = true;
  LatentBlocks blocks;
  std::vector<double> mc_energy_means, mc_vortex_means;
  for (std::size_t t = 0; t < T; ++t) {
    VaeTemperature x;
    x.temperature = run.temperatures[t];
    const Eigen::MatrixXd& c = columns[t];
    const Binned abs = binned({c.col(0).data(), S});
    converged = converged && abs.converged;
    x.abs_mean = abs.estimate;
    x.susceptibility = jackknifed(c, f.block_length, [](const Eigen::VectorXd& m) { return m[1] - m[0] * m[0]; });
    x.principal_share = d == 1 ? Estimate{1, 0}
                               : jackknifed(c, f.block_length, [d](const Eigen::VectorXd& m) { return principal_share(m, d); });
    std::vector<double> ab(f.blocks), sq(f.blocks);
    for (std::size_t k = 0; k < f.blocks; ++k) {
      const auto from = static_cast<Eigen::Index>(k * f.block_length), n = static_cast<Eigen::Index>(f.block_length);
      ab[k] = c.col(0).segment(from, n).mean();
      sq[k] = c.col(1).segment(from, n).mean();
    }
    blocks.abs.push_back(std::move(ab));
    blocks.square.push_back(std::move(sq));

    if (!v.reconstruction_loss.empty()) x.reconstruction_loss = binned(row(v.reconstruction_loss, t, S)).estimate;
    x.reconstruction_energy = paired(row(v.reconstruction_energy, t, S), row(run.energy, t, S), converged);
    mc_energy_means.push_back(x.reconstruction_energy.mc.value);
    if (mc_vortices && !v.reconstruction_vortices.empty()) {
      x.reconstruction_vortices = paired(row(v.reconstruction_vortices, t, S), row(*mc_vortices, t, S), converged);
      mc_vortex_means.push_back(x.reconstruction_vortices->mc.value);
    }
    if (v.generated_per_temperature) {
      x.generated_energy = independent(row(v.generated_energy, t, G), x.reconstruction_energy.mc);
      if (x.reconstruction_vortices && !v.generated_vortices.empty())
        x.generated_vortices = independent(row(v.generated_vortices, t, G), x.reconstruction_vortices->mc);
    }
    const double deviation = x.reconstruction_energy.relative ? std::abs(x.reconstruction_energy.relative->value)
                                                              : std::numeric_limits<double>::infinity();
    if (t == 0 || deviation > f.worst_energy_deviation)
      f.worst_energy_deviation = deviation, f.worst_energy_temperature = x.temperature;
    f.temperatures.push_back(x);
  }
  f.energy_within_target = f.worst_energy_deviation <= energy_target && v.settings.coarse_grain == 0;
  if (v.settings.coarse_grain > 0)
    f.warnings.push_back("input: " + std::to_string(v.settings.coarse_grain) + " x " + std::to_string(v.settings.coarse_grain) +
                         " block averages; the reconstruction energies and vortices are of that grid, not comparable "
                         "with the run's (no energy target)");
  if (!v.generated_per_temperature) {
    const Binned e = binned(v.generated_energy);
    f.generated_energy = GeneratedSet{e.estimate, matching_temperature(run.temperatures, mc_energy_means, e.estimate.value)};
    if (!v.generated_vortices.empty() && !mc_vortex_means.empty()) {
      const Binned n = binned(v.generated_vortices);
      f.generated_vortices = GeneratedSet{n.estimate, matching_temperature(run.temperatures, mc_vortex_means, n.estimate.value)};
    }
  }
  if (!converged)
    f.warnings.push_back("at some temperatures binning found no plateau for |mu| or the reconstruction "
                         "differences: their errors are lower bounds");
  if (f.blocks < few_blocks)
    f.warnings.push_back("only " + std::to_string(f.blocks) + " bootstrap blocks of " + std::to_string(f.block_length) +
                         " samples: the errors of T*(L) are rough");

  f.peak = peak_of(susceptibility_curve(f), peak_half_window);
  if (f.peak) {
    w.replica_peaks = replica_peaks(f, blocks, options);
    f.peak_temperature = spread(f.peak->temperature, w.replica_peaks);
  } else {
    f.peak_temperature = Outcome<Bootstrapped>::failure(f.peak.reason());
  }
  w.blocks = std::move(blocks);
  w.encoder_digest = v.encoder_digest;
  w.applied = v.applied;
  return w;
}

std::string settings_text(const VaeSettings& s) {
  return "energy_weight = " + short_number(s.energy_weight) + ", kl_weight = " + short_number(s.kl_weight) +
         ", latent = " + std::to_string(s.latent) +
         (s.coarse_grain > 0 ? ", coarse_grain = " + std::to_string(s.coarse_grain) : std::string());
}

void extrapolate(VaeVariant& variant, const std::vector<FileWork>& work, const AnalysisOptions& options) {
  if (!options.scaling) {
    variant.tkt = Outcome<Bootstrapped>::failure("not extrapolated (--no-scaling)");
    return;
  }
  if (variant.files.size() < 2) {
    variant.tkt = Outcome<Bootstrapped>::failure("T_KT + c/(ln L)^2 needs the peaks of 2 sizes, got " +
                                                 std::to_string(variant.files.size()));
    return;
  }
  std::vector<SizePoint> points;
  for (const std::size_t i : variant.files) {
    const VaeFile& f = work[i].file;
    if (!f.peak_temperature) {
      variant.tkt = Outcome<Bootstrapped>::failure("L = " + std::to_string(f.L) + ": " + f.peak_temperature.reason() +
                                                   "; no extrapolation without every size");
      return;
    }
    if (!(f.peak_temperature->error > 0)) {
      variant.tkt = Outcome<Bootstrapped>::failure("L = " + std::to_string(f.L) + ": the bootstrap error of T*(L) is 0");
      return;
    }
    points.push_back({double(f.L), f.peak_temperature->value, f.peak_temperature->error});
  }
  const Outcome<xy2d::LogExtrapolation> fit = xy2d::extrapolate_log(points, false);
  if (!fit) {
    variant.tkt = Outcome<Bootstrapped>::failure(fit.reason());
    return;
  }
  variant.extrapolation = *fit;
  std::vector<std::optional<double>> replicas;
  for (std::size_t r = 0; r < options.bootstrap_replicas; ++r) {
    std::vector<SizePoint> p = points;
    bool ok = true;
    for (std::size_t k = 0; k < p.size() && ok; ++k) {
      const std::optional<double>& t = work[variant.files[k]].replica_peaks[r];
      ok = t.has_value();
      if (ok) p[k].value = *t;
    }
    const Outcome<xy2d::LogExtrapolation> x = ok ? xy2d::extrapolate_log(p, false)
                                                 : Outcome<xy2d::LogExtrapolation>::failure("");
    replicas.push_back(x ? std::optional<double>(x->tkt) : std::nullopt);
  }
  variant.tkt = spread(fit->tkt, replicas);
  if (variant.tkt && fit->dof > 0 && fit->chi2 > fit->dof) {
    Bootstrapped b = *variant.tkt;
    b.error *= std::sqrt(fit->chi2 / fit->dof);
    variant.tkt = Outcome<Bootstrapped>::success(b);
    variant.note = "error scaled by sqrt(chi2/dof) = " + short_number(std::sqrt(fit->chi2 / fit->dof), 3);
  }
  if (variant.tkt) {
    variant.tkt_within_target = std::abs(xy2d::band_relative_distance(variant.tkt->value)) <= tkt_target;
  }
}

// One VAE at every size (equal encoder digests): where its latent curves part.
void separate(VaeVariant& variant, const std::vector<FileWork>& work, const AnalysisOptions& options) {
  if (!options.scaling || variant.files.size() < 2) return;
  const std::uint64_t digest = work[variant.files.front()].encoder_digest;
  std::vector<LatentSizeBlocks> sizes;
  for (const std::size_t i : variant.files) {
    if (digest == 0 || work[i].encoder_digest != digest) return;  // separately trained VAEs
    LatentSizeBlocks s{work[i].file.L, {}, work[i].blocks.abs, !work[i].applied};
    for (const VaeTemperature& t : work[i].file.temperatures) s.temperatures.push_back(t.temperature);
    sizes.push_back(std::move(s));
  }
  variant.separation = latent_separation(sizes, options.bootstrap_replicas, options.seed);
  if (variant.separation->tkt) {
    variant.separation_within_target =
        std::abs(xy2d::band_relative_distance(variant.separation->tkt->value)) <= tkt_target;
  }
}

}  // namespace

bool has_vae_files(const std::vector<SizeInput>& inputs) {
  return std::any_of(inputs.begin(), inputs.end(), [](const SizeInput& s) { return !s.vaes.empty(); });
}

VaeAnalysis analyse(const std::vector<SizeInput>& inputs, const AnalysisOptions& options) {
  // Its reference values (the KT band, the (ln L)^-2 drift of the latent peak) are XY's.
  if (inputs.front().run.model != "xy2d")
    throw InputError("the VAE analysis covers xy2d runs; '" + inputs.front().run.path + "' is " +
                     inputs.front().run.model + " (its VAE trains, but is not analysed yet)");
  for (const SizeInput& s : inputs)
    if (!s.trainings.empty())
      throw InputError("'" + s.trainings.front().path + "' is a classifier training file; this is a VAE "
                       "analysis (VAE training files among the inputs): give run files and VAE training files only");
  VaeAnalysis r;
  r.options = options;
  std::vector<FileWork> work;
  std::map<std::tuple<double, double, int, int>, std::size_t> variant_of;
  for (const SizeInput& s : inputs)
    for (const VaeTrainingInput& v : s.vaes) {
      const auto key = std::make_tuple(v.settings.energy_weight, v.settings.kl_weight, v.settings.latent,
                                       v.settings.coarse_grain);
      const auto [it, inserted] = variant_of.emplace(key, r.variants.size());
      if (inserted) r.variants.push_back({v.settings, {}, {}, std::nullopt,
                                          Outcome<Bootstrapped>::failure("not computed"), {}, false, std::nullopt,
                                          std::nullopt});
      VaeVariant& variant = r.variants[it->second];
      for (const std::size_t i : variant.files)
        if (work[i].file.L == s.run.L)
          throw InputError("'" + work[i].file.path + "' and '" + v.path + "' are VAE files of the same run and "
                           "settings (" + settings_text(v.settings) + "); give one of them");
      variant.files.push_back(work.size());
      work.push_back(analyse_file(s.run, v, options));
      work.back().file.variant = it->second;
    }
  // Labels: the energy weight says which is which; the other settings only when needed.
  for (VaeVariant& v : r.variants) {
    const bool shared = std::count_if(r.variants.begin(), r.variants.end(), [&](const VaeVariant& o) {
                          return o.settings.energy_weight == v.settings.energy_weight;
                        }) > 1;
    v.label = v.settings.energy_weight == 0 ? "standard VAE (energy_weight = 0)"
                                            : "energy_weight = " + short_number(v.settings.energy_weight);
    if (shared) v.label += ", kl_weight = " + short_number(v.settings.kl_weight) + ", latent = " + std::to_string(v.settings.latent);
    if (v.settings.coarse_grain > 0)
      v.label += ", " + std::to_string(v.settings.coarse_grain) + " x " + std::to_string(v.settings.coarse_grain) + " blocks";
    extrapolate(v, work, options);
    separate(v, work, options);
    v.energy_within_target = std::all_of(v.files.begin(), v.files.end(),
                                         [&](std::size_t i) { return work[i].file.energy_within_target; });
  }
  for (FileWork& w : work) r.files.push_back(std::move(w.file));
  const auto many_failed = [](const Bootstrapped& b) { return b.failed_replicas * 10 > b.replicas + b.failed_replicas; };
  for (const VaeFile& f : r.files) {
    const std::string where = r.variants[f.variant].label + ", L = " + std::to_string(f.L);
    if (!f.peak_temperature)
      r.failures.push_back("VAE latent peak, " + where + ": " + f.peak_temperature.reason());
    else if (many_failed(*f.peak_temperature))
      r.warnings.push_back("VAE latent peak, " + where + ": " + std::to_string(f.peak_temperature->failed_replicas) +
                           " bootstrap replicas have no peak; its error is from the others");
  }
  for (const VaeVariant& v : r.variants)
    if (v.tkt && many_failed(*v.tkt))
      r.warnings.push_back("VAE latent T_KT, " + v.label + ": " + std::to_string(v.tkt->failed_replicas) +
                           " bootstrap replicas give no value; its error is from the others");
  if (options.scaling)
    for (const VaeVariant& v : r.variants) {
      if (!v.tkt) r.failures.push_back("VAE latent T_KT, " + v.label + ": " + v.tkt.reason());
      if (v.separation && !v.separation->tkt)
        r.failures.push_back("VAE latent separation T_KT, " + v.label + ": " + v.separation->tkt.reason());
    }
  return r;
}

}  // namespace phaselearn::analysis::vae
