#include "analysis/ising2d/pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/errors.hpp"
#include "analysis/report_text.hpp"
#include "analysis/run_report.hpp"
#include "analysis/statistics.hpp"
#include "exact/ising2d_exact.hpp"

namespace phaselearn::analysis::ising2d {

namespace {

std::string size_label(int L) { return "L = " + std::to_string(L); }

bool is_ising2d(const std::string& model) { return model == "ising2d"; }

// With the confusion scheme the stored predictions are those of one proposed boundary, not
// a phase classifier: such sizes stay out of the scaling of classifier curves.
bool in_classifier_scaling(const SizeResult& s) {
  return s.classifier && s.label_scheme != "confusion";
}

// A saturated point (U4 or P at its limit for every sample) has no spread; a tiny floor
// keeps its weight in a fit finite without letting it dominate.
void floor_errors(Curve& curve) {
  for (double& e : curve.error) e = std::max(e, 1e-6);
}

// The crossing of the largest pair of sizes that crosses, as the estimate of Tc.
std::optional<BinderEstimate> largest_pair(const std::vector<Outcome<BinderCrossing>>& crossings) {
  for (auto c = crossings.rbegin(); c != crossings.rend(); ++c)
    if (c->ok()) return BinderEstimate{(*c)->temperature, (*c)->error, (*c)->size_small, (*c)->size_large};
  return std::nullopt;
}

// Jackknife replicas of the Binder curve: U4 = 1 - <m^4> / (3 <m^2>^2) at every temperature
// from all samples but block k, the same block of sample index (the same stretch of the
// run) at every temperature.
std::vector<std::vector<double>> binder_replicas(const RunInput& run) {
  constexpr std::size_t blocks = 20;
  const std::size_t T = run.temperatures.size(), S = run.samples;
  if (S < 2 * blocks) return {};
  std::vector<std::vector<double>> replicas(blocks);
  for (std::size_t t = 0; t < T; ++t) {
    std::vector<double> m2(blocks, 0), m4(blocks, 0), count(blocks, 0);
    for (std::size_t s = 0; s < S; ++s) {
      const double m = run.magnetization[t * S + s], sq = m * m;
      const std::size_t k = s * blocks / S;
      m2[k] += sq;
      m4[k] += sq * sq;
      count[k] += 1;
    }
    double all2 = 0, all4 = 0;
    for (std::size_t k = 0; k < blocks; ++k) all2 += m2[k], all4 += m4[k];
    for (std::size_t k = 0; k < blocks; ++k) {
      const double n = double(S) - count[k];
      const double mean2 = (all2 - m2[k]) / n, mean4 = (all4 - m4[k]) / n;
      replicas[k].push_back(mean2 > 0 ? 1 - mean4 / (3 * mean2 * mean2) : 0);
    }
  }
  return replicas;
}

// One classifier for every size? Every trained size holds the same known models (weight
// digests, in any order); their common input grid, -1 when the sizes differ.
struct ClassifierSharing {
  bool shared = false;
  int coarse_grain = -1;
  std::vector<std::uint64_t> models;  // the first trained size's, in its files' order
};

ClassifierSharing classifier_sharing(const std::vector<SizeResult>& sizes) {
  std::vector<const SizeResult*> trained;
  for (const SizeResult& s : sizes)
    if (in_classifier_scaling(s)) trained.push_back(&s);
  if (trained.empty()) return {};
  const auto sorted = [](std::vector<std::uint64_t> d) {
    std::sort(d.begin(), d.end());
    return d;
  };
  const std::vector<std::uint64_t> first = sorted(trained.front()->model_digests);
  ClassifierSharing r{trained.size() >= 2 && std::find(first.begin(), first.end(), 0) == first.end(),
                      trained.front()->coarse_grain, trained.front()->model_digests};
  for (const SizeResult* s : trained) {
    if (sorted(s->model_digests) != first) r.shared = false;
    if (s->coarse_grain != r.coarse_grain) r.coarse_grain = -1;
  }
  return r;
}

void analyse_run(const RunInput& run, const AnalysisOptions& options, SizeResult& result) {
  const std::size_t T = run.temperatures.size(), S = run.samples;
  if (run.energy.size() != T * S || run.magnetization.size() != T * S)
    throw InputError(run.path + ": energy and magnetization are not [temperatures, samples]");
  const auto spins = static_cast<std::size_t>(run.L) * static_cast<std::size_t>(run.L);
  std::vector<std::size_t> unconverged;
  for (std::size_t t = 0; t < T; ++t) {
    const std::span<const double> e(run.energy.data() + t * S, S);
    const std::span<const double> m(run.magnetization.data() + t * S, S);
    result.observables.push_back(thermodynamic_observables(e, m, run.temperatures[t], spins));
    if (!result.observables.back().binning_converged) unconverged.push_back(t);
  }
  result.binder_replicas = binder_replicas(run);
  if (!unconverged.empty()) {
    std::string list;
    for (std::size_t i = 0; i < unconverged.size() && i < 6; ++i)
      list += (i ? ", " : "") + short_number(run.temperatures[unconverged[i]]);
    if (unconverged.size() > 6) list += ", ...";
    result.warnings.push_back(
        std::to_string(unconverged.size()) + " temperature(s) (T = " + list +
        ") have too few samples for their autocorrelation time: binning found no plateau, so "
        "their errors and tau_int are lower bounds");
  }

  if (is_ising2d(run.model) && run.J > 0) {
    for (std::size_t t = 0; t < T; ++t) {
      double energy = std::nan(""), heat = std::nan("");
      try {
        const exact::Thermo exact = exact::finite_size(run.L, run.temperatures[t], run.J);
        energy = exact.energy;
        heat = exact.specific_heat;
      } catch (const std::invalid_argument&) {
        // Outside the range where the exact formulas are accurate: no reference there.
      }
      result.exact_energy.push_back(energy);
      result.exact_specific_heat.push_back(heat);
      const Estimate& e = result.observables[t].energy;
      if (std::isfinite(energy) && e.error > 0)
        result.max_energy_z = std::max(result.max_energy_z, std::abs(e.value - energy) / e.error);
    }
    constexpr int grid = 200;
    for (int k = 0; k < grid; ++k) {
      const double t = run.temperatures.front() +
                       (run.temperatures.back() - run.temperatures.front()) * k / (grid - 1);
      try {
        const exact::Thermo exact = exact::finite_size(run.L, t, run.J);
        result.exact_grid_t.push_back(t);
        result.exact_grid_energy.push_back(exact.energy);
        result.exact_grid_specific_heat.push_back(exact.specific_heat);
      } catch (const std::invalid_argument&) {
      }
    }
    if (result.max_energy_z > options.exact_energy_z)
      result.warnings.push_back(
          "the measured energy differs from the exact finite-size energy by up to " +
          short_number(result.max_energy_z, 3) +
          " standard errors: equilibration or sampling may be insufficient");
  }

  result.sampler_tau_int_energy = run.tau_int_energy;
  result.sampler_tau_int_abs_m = run.tau_int_abs_m;
  result.exchange_acceptance = run.exchange_acceptance;
  result.round_trips = run.round_trips;
  for (std::string& w : exchange_warnings(run, options.min_exchange_acceptance))
    result.warnings.push_back(std::move(w));
}

void analyse_training(const RunInput& run, const std::vector<TrainingInput>& networks,
                      const AnalysisOptions& options, SizeResult& result,
                      std::vector<std::string>& failures) {
  const TrainingInput& training = networks.front();
  for (const TrainingInput& t : networks) {
    result.training_paths.push_back(t.path);
    result.model_digests.push_back(t.model_digest);
  }
  result.coarse_grain = training.coarse_grain;
  result.label_scheme = training.label_scheme;
  for (std::size_t k = 0; k < networks.size(); ++k) {
    const TrainingInput& t = networks[k];
    result.histories.push_back({k + 1, t.model_digest, t.applied_model, t.train_loss, t.val_loss,
                                t.train_accuracy, t.val_accuracy});
  }
  result.train_loss = training.train_loss;
  result.val_loss = training.val_loss;
  result.train_accuracy = training.train_accuracy;
  result.val_accuracy = training.val_accuracy;
  // An ensemble is analysed through its mean output per sample.
  SampleMatrix p = training.p_ordered;
  for (std::size_t k = 1; k < networks.size(); ++k) p += networks[k].p_ordered;
  p /= static_cast<float>(networks.size());
  result.classifier = classifier_curve(run.temperatures, p);
  CrossingOptions crossing_options;
  crossing_options.bootstrap_replicas = options.bootstrap_replicas;
  crossing_options.seed = options.seed;
  crossing_options.stream = static_cast<std::uint64_t>(run.L);
  result.crossing = find_crossing(run.temperatures, p, crossing_options);
  // With the confusion scheme the stored predictions are those of one proposed boundary;
  // the confusion peak is that scheme's estimate, so a missing crossing is no failure.
  const bool confusion_scheme = training.label_scheme == "confusion";
  if (!result.crossing->ok()) {
    if (confusion_scheme)
      result.warnings.push_back("classifier curve (confusion scheme): " + result.crossing->reason());
    else
      failures.push_back(size_label(run.L) + ": " + result.crossing->reason());
  } else {
    Crossing c = result.crossing->value();
    result.crossing_sampling_error = c.error;
    if (networks.size() > 1) {
      // Each network alone: only its central crossing is needed.
      CrossingOptions single = crossing_options;
      single.bootstrap_replicas = 20;
      for (const TrainingInput& t : networks) {
        const Outcome<Crossing> own = find_crossing(run.temperatures, t.p_ordered, single);
        if (own.ok()) {
          result.network_crossings.push_back(own->temperature);
          result.network_digests.push_back(t.model_digest);
        } else
          result.warnings.push_back("network " + t.path + ": " + own.reason());
      }
      if (result.network_crossings.size() >= 2) {
        result.network_spread = std::sqrt(variance(result.network_crossings));
        c.error = std::hypot(c.error, result.network_spread /
                                          std::sqrt(static_cast<double>(result.network_crossings.size())));
        result.crossing = Outcome<Crossing>::success(c);
      }
    }
    if (c.dof > 0 && c.chi2 / c.dof > 3)
      result.warnings.push_back(
          "the logistic fit at the crossing has chi2/dof = " + short_number(c.chi2 / c.dof, 3) +
          ": it does not describe the curve there, so T*(L) carries a model error that its "
          "bootstrap error does not contain");
    if (c.sign_changes > 1)
      result.warnings.push_back("the mean P(ordered) crosses 1/2 " +
                                std::to_string(c.sign_changes) +
                                " times within its noise; the fit window spans them");
    if (c.bootstrap_failures > 0)
      result.warnings.push_back(std::to_string(c.bootstrap_failures) + " of " +
                                std::to_string(options.bootstrap_replicas) +
                                " bootstrap refits of the crossing did not converge");
  }
  if (!training.confusion_t.empty()) {
    result.confusion_t = training.confusion_t;
    result.confusion_accuracy = training.confusion_accuracy;
    ConfusionOptions confusion_options;
    confusion_options.bootstrap_replicas = options.bootstrap_replicas;
    confusion_options.seed = options.seed;
    result.confusion = confusion_peak(training.confusion_t, training.confusion_accuracy, {},
                                      confusion_options);
    if (!result.confusion->ok())
      result.warnings.push_back("confusion curve: " + result.confusion->reason());
  }
}

SizeResult analyse_size(const SizeInput& input, const AnalysisOptions& options,
                        std::vector<std::string>& failures) {
  SizeResult result;
  result.L = input.run.L;
  result.run_path = input.run.path;
  analyse_run(input.run, options, result);
  if (!input.trainings.empty()) analyse_training(input.run, input.trainings, options, result, failures);
  return result;
}

SizedCurve binder_curve(const SizeResult& size) {
  SizedCurve curve;
  curve.size = size.L;
  for (const ThermodynamicObservables& o : size.observables) {
    curve.curve.x.push_back(o.temperature);
    curve.curve.y.push_back(o.binder.value);
    curve.curve.error.push_back(o.binder.error);
  }
  floor_errors(curve.curve);
  return curve;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

ScalingResult analyse_scaling(const std::vector<SizeResult>& sizes, const AnalysisResult& all,
                              std::vector<std::string>& failures,
                              std::vector<std::string>& warnings) {
  const AnalysisOptions& options = all.options;
  ScalingResult scaling;

  // Classifier crossings T*(L).
  std::vector<SizePoint> points;
  std::vector<SizedCurve> classifier_curves;
  std::vector<double> collapse_widths;
  std::size_t trained = 0;
  for (const SizeResult& s : sizes) {
    if (!in_classifier_scaling(s)) continue;
    ++trained;
    classifier_curves.push_back({static_cast<double>(s.L), s.classifier->curve});
    if (s.crossing && s.crossing->ok()) {
      const Crossing& c = s.crossing->value();
      points.push_back({static_cast<double>(s.L), c.temperature, c.error});
      collapse_widths.push_back(std::abs(c.width) * std::pow(s.L, 1 / options.nu_fixed));
    }
  }
  if (trained > 0 && trained < sizes.size())
    warnings.push_back(std::to_string(sizes.size() - trained) +
                       " size(s) have no training file: their classifier curves are missing "
                       "from the finite-size scaling");
  if (trained > 0) {
    scaling.fixed_nu = fit_shift_fixed_nu(points, options.nu_fixed);
    scaling.free_nu = fit_shift_free_nu(points);
    if (!scaling.fixed_nu->ok())
      failures.push_back("finite-size scaling of the classifier crossings: " +
                         scaling.fixed_nu->reason());
    else if (scaling.fixed_nu->value().errors_scaled)
      warnings.push_back("the fit T*(L) with nu fixed has chi2/dof = " +
                         short_number(scaling.fixed_nu->value().chi2_per_dof, 3) +
                         " > 1: its errors are scaled up by sqrt(chi2/dof)");
    if (points.size() >= 4 && !scaling.free_nu->ok())
      warnings.push_back("finite-size scaling with nu free: " + scaling.free_nu->reason());
  }

  const ClassifierSharing sharing = classifier_sharing(sizes);
  scaling.shared_classifier = sharing.shared;
  scaling.coarse_grain = sharing.coarse_grain;
  const std::vector<std::uint64_t>& models = sharing.models;
  if (scaling.shared_classifier) {
    std::vector<SizedCurve> curves;
    for (const SizeResult& s : sizes)
      if (in_classifier_scaling(s)) {
        curves.push_back({static_cast<double>(s.L), s.classifier->curve});
        floor_errors(curves.back().curve);
      }
    scaling.classifier_crossings = successive_binder_crossings(curves);
    for (const auto& c : scaling.classifier_crossings)
      if (!c.ok()) warnings.push_back("classifier curves: " + c.reason());
    const std::optional<BinderEstimate> largest = largest_pair(scaling.classifier_crossings);
    scaling.classifier_crossing =
        largest ? Outcome<BinderEstimate>::success(*largest)
                : Outcome<BinderEstimate>::failure("no pair of sizes has crossing classifier curves");

    // Each shared network's own T*(L), fitted with the ensemble's sampling errors.
    if (models.size() >= 2) {
      for (const std::uint64_t model : models) {
        std::vector<SizePoint> own;
        for (const SizeResult& s : sizes) {
          if (!in_classifier_scaling(s) || !s.crossing || !s.crossing->ok()) continue;
          for (std::size_t k = 0; k < s.network_digests.size(); ++k)
            if (s.network_digests[k] == model)
              own.push_back({static_cast<double>(s.L), s.network_crossings[k],
                             std::max(s.crossing_sampling_error, 1e-9)});
        }
        if (own.size() < 2) continue;
        const Outcome<ShiftFit> fit = fit_shift_fixed_nu(own, options.nu_fixed);
        if (fit.ok()) scaling.network_tc.push_back(fit->tc);
      }
      if (scaling.network_tc.size() >= 2) scaling.network_tc_spread = std::sqrt(variance(scaling.network_tc));
    }
  }

  // Binder cumulant crossings of successive sizes.
  std::vector<SizedCurve> binder_curves;
  for (const SizeResult& s : sizes) binder_curves.push_back(binder_curve(s));
  scaling.binder_crossings = successive_binder_crossings(binder_curves);
  // Their errors from the jackknife over blocks shared by all temperatures, where every
  // replica crosses (sizes are sorted by L, as the crossings).
  for (std::size_t i = 0; i < scaling.binder_crossings.size(); ++i) {
    const Outcome<BinderCrossing>& c = scaling.binder_crossings[i];
    if (!c.ok()) continue;
    const std::optional<double> error =
        jackknife_crossing_error(binder_curves[i], binder_curves[i + 1],
                                 sizes[i].binder_replicas, sizes[i + 1].binder_replicas);
    if (!error) continue;
    BinderCrossing adjusted = *c;
    adjusted.error = *error;
    scaling.binder_crossings[i] = Outcome<BinderCrossing>::success(adjusted);
  }
  for (const auto& c : scaling.binder_crossings)
    if (!c.ok()) warnings.push_back(c.reason());
  if (const std::optional<BinderEstimate> largest = largest_pair(scaling.binder_crossings)) {
    scaling.binder = Outcome<BinderEstimate>::success(*largest);
  } else {
    scaling.binder =
        Outcome<BinderEstimate>::failure("no pair of sizes has crossing Binder cumulants");
    failures.push_back("Binder cumulants: no pair of successive sizes crosses");
  }

  // Collapse of the classifier curves.
  if (classifier_curves.size() >= 2 && !collapse_widths.empty()) {
    // Logistic curves reach 0.047 and 0.953 at 3 widths from the crossing; beyond it they
    // saturate, where tiny errors would dominate the quality without testing the scaling.
    scaling.collapse_x_max = 3 * median(collapse_widths);
    CollapseOptions collapse{scaling.collapse_x_max};
    if (scaling.fixed_nu && scaling.fixed_nu->ok())
      scaling.collapse_at_fit = collapse_quality(classifier_curves, scaling.fixed_nu->value().tc,
                                                 options.nu_fixed, collapse);
    if (all.exact_tc)
      scaling.collapse_at_exact = collapse_quality(classifier_curves, *all.exact_tc, 1.0, collapse);
    const double tc_start = scaling.fixed_nu && scaling.fixed_nu->ok()
                                ? scaling.fixed_nu->value().tc
                                : points.empty() ? classifier_curves.back().curve.x.front()
                                                 : points.back().value;
    CollapseFitOptions fit_options;
    fit_options.collapse = collapse;
    scaling.collapse_fit = fit_collapse(classifier_curves, tc_start, options.nu_fixed, fit_options);
    if (!scaling.collapse_fit->ok())
      warnings.push_back("data collapse: " + scaling.collapse_fit->reason());
  }
  return scaling;
}

}  // namespace

AnalysisResult analyse(const std::vector<SizeInput>& inputs, const AnalysisOptions& options) {
  if (inputs.empty()) throw InputError("nothing to analyse");
  if (options.scaling && inputs.size() < 2)
    throw InputError("finite-size scaling needs at least 2 lattice sizes, got 1 (L = " +
                     std::to_string(inputs.front().run.L) +
                     "); give one run file per size, or --no-scaling to analyse one size");
  AnalysisResult result;
  result.model = inputs.front().run.model;
  result.J = inputs.front().run.J;
  result.options = options;
  if (is_ising2d(result.model) && result.J > 0)
    result.exact_tc = exact::critical_temperature_over_J * result.J;
  for (const SizeInput& input : inputs)
    result.sizes.push_back(analyse_size(input, options, result.failures));
  if (options.scaling)
    result.scaling = analyse_scaling(result.sizes, result, result.failures, result.warnings);
  return result;
}

}  // namespace phaselearn::analysis::ising2d
