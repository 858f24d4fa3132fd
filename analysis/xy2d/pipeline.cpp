#include "analysis/xy2d/pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>

#include "analysis/report_text.hpp"
#include "analysis/run_report.hpp"
#include "analysis/statistics.hpp"
#include "core/errors.hpp"
#include "core/random.hpp"

namespace phaselearn::analysis::xy2d {

namespace {

// Temperatures of the interpolated curves: fine against the sampled spacing, so the
// profile's minimum and the roots are resolved by the data, not by the grid.
constexpr std::size_t grid_points = 401;
// Fewer blocks than this make the bootstrap error itself uncertain by more than ~18 %.
constexpr std::size_t few_blocks = 16;
// The integrated-flow fit takes the sampled temperatures within this fraction of T_KT
// (the Weber–Minnhagen value) on either side: the flow equations are expanded in the
// fugacity, which grows fast above T_KT.
constexpr double flow_window = 0.06;

std::span<const double> slice(const std::vector<double>& v, std::size_t t, std::size_t per_t) {
  if (v.size() < (t + 1) * per_t) throw InputError("xy2d run: an observable has fewer values than [T, S]");
  return {v.data() + t * per_t, per_t};
}

const std::vector<double>& observable(const RunInput& run, const char* name) {
  const auto it = run.model_observables.find(name);
  if (it == run.model_observables.end())
    throw InputError(run.path + ": no /observables/" + std::string(name) + " (needed by the xy2d analysis)");
  return it->second;
}

XySize analyse_size(const RunInput& run, const AnalysisOptions& options) {
  const std::size_t T = run.temperatures.size(), S = run.samples;
  const auto spins = static_cast<std::size_t>(run.L) * static_cast<std::size_t>(run.L);
  const std::vector<double>& bond_cos = observable(run, "bond_cos");
  const std::vector<double>& bond_sin = observable(run, "bond_sin");
  const std::vector<double>& vortices = observable(run, "vortices");
  if (run.magnetization_components != 2 || run.energy.size() != T * S ||
      run.magnetization.size() != 2 * T * S || bond_cos.size() != 2 * T * S ||
      bond_sin.size() != 2 * T * S || vortices.size() != T * S)
    throw InputError(run.path + ": the xy2d observables are not [temperatures, samples(, 2)]");
  XySize r;
  r.L = run.L;
  r.run_path = run.path;
  std::vector<XySamples> samples;
  std::vector<std::size_t> unconverged;
  for (std::size_t t = 0; t < T; ++t) {
    samples.push_back({slice(run.energy, t, S), slice(run.magnetization, t, 2 * S),
                       slice(bond_cos, t, 2 * S), slice(bond_sin, t, 2 * S), slice(vortices, t, S)});
    r.observables.push_back(xy_observables(samples.back(), run.temperatures[t], spins, run.J));
    r.spin_wave_energy.push_back(spin_wave_energy(run.temperatures[t], run.J, spins));
    r.blocks.block_length = std::max(r.blocks.block_length, r.observables.back().block_length);
    if (!r.observables.back().binning_converged) unconverged.push_back(t);
  }
  // One block length for all temperatures, so a bootstrap replica takes the same stretch
  // of the run at every temperature.
  const std::size_t blocks = S / r.blocks.block_length;
  for (std::size_t t = 0; t < T; ++t) {
    const std::vector<double> h = helicity_terms(samples[t], run.temperatures[t], spins, run.J);
    const std::vector<double> c = full_susceptibility_terms(samples[t], run.temperatures[t], spins);
    std::vector<double> hb(blocks), cb(blocks);
    for (std::size_t k = 0; k < blocks; ++k) {
      const auto from = static_cast<std::ptrdiff_t>(k * r.blocks.block_length);
      const auto to = from + static_cast<std::ptrdiff_t>(r.blocks.block_length);
      hb[k] = mean({h.begin() + from, h.begin() + to});
      cb[k] = mean({c.begin() + from, c.begin() + to});
    }
    r.blocks.helicity.push_back(std::move(hb));
    r.blocks.full_susceptibility.push_back(std::move(cb));
  }
  if (!unconverged.empty()) {
    std::string list;
    for (std::size_t i = 0; i < unconverged.size() && i < 6; ++i)
      list += (i ? ", " : "") + short_number(run.temperatures[unconverged[i]]);
    if (unconverged.size() > 6) list += ", ...";
    r.warnings.push_back(std::to_string(unconverged.size()) + " temperature(s) (T = " + list +
                         ") have too few samples for their autocorrelation time: binning found "
                         "no plateau, so their errors and tau_int are lower bounds");
  }
  if (blocks < few_blocks)
    r.warnings.push_back("only " + std::to_string(blocks) + " bootstrap blocks of " +
                         std::to_string(r.blocks.block_length) +
                         " samples (the longest binning plateau): the KT errors are rough; "
                         "take more samples");
  r.sampler_tau_int_energy = run.tau_int_energy;
  r.sampler_tau_int_abs_m = run.tau_int_abs_m;
  r.exchange_acceptance = run.exchange_acceptance;
  r.round_trips = run.round_trips;
  for (std::string& w : exchange_warnings(run, options.min_exchange_acceptance)) r.warnings.push_back(std::move(w));
  return r;
}

SizeCurves central_curves(const XySize& s) {
  SizeCurves c;
  c.L = s.L;
  for (const XyObservables& o : s.observables) {
    for (Curve* curve : {&c.helicity, &c.full_susceptibility}) curve->x.push_back(o.temperature);
    c.helicity.y.push_back(o.helicity.value);
    c.helicity.error.push_back(std::max(o.helicity.error, 1e-12));
    c.full_susceptibility.y.push_back(o.full_susceptibility.value);
    c.full_susceptibility.error.push_back(std::max(o.full_susceptibility.error, 1e-12));
  }
  return c;
}

// Bootstrap replicas of every size's curves (errors those of the data, for the weights).
std::vector<std::vector<SizeCurves>> replicas(const std::vector<XySize>& sizes,
                                              const std::vector<SizeCurves>& central,
                                              const AnalysisOptions& options) {
  std::vector<std::vector<SizeCurves>> out(options.bootstrap_replicas, central);
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const BlockMeans& b = sizes[i].blocks;
    const std::size_t blocks = b.helicity.front().size();
    Xoshiro256pp rng(options.seed, static_cast<std::uint64_t>(sizes[i].L), Purpose::bootstrap);
    std::uniform_int_distribution<std::size_t> pick(0, blocks - 1);
    std::vector<std::size_t> chosen(blocks);
    for (auto& replica : out) {
      for (std::size_t& k : chosen) k = pick(rng);
      for (std::size_t t = 0; t < b.helicity.size(); ++t) {
        double h = 0, c = 0;
        for (const std::size_t k : chosen) h += b.helicity[t][k], c += b.full_susceptibility[t][k];
        replica[i].helicity.y[t] = h / double(blocks);
        replica[i].full_susceptibility.y[t] = c / double(blocks);
      }
    }
  }
  return out;
}

using Estimator = std::function<Outcome<double>(const std::vector<SizeCurves>&)>;

// The estimator on the data, with the spread of its values over the replicas.
Outcome<Bootstrapped> bootstrap(const Estimator& f, const std::vector<SizeCurves>& central,
                                const std::vector<std::vector<SizeCurves>>& replicas) {
  const Outcome<double> value = f(central);
  if (!value) return Outcome<Bootstrapped>::failure(value.reason());
  std::vector<double> values;
  for (const auto& r : replicas)
    if (const Outcome<double> v = f(r)) values.push_back(*v);
  if (values.size() < 2)
    return Outcome<Bootstrapped>::failure("no bootstrap error: " + std::to_string(values.size()) +
                                          " of " + std::to_string(replicas.size()) +
                                          " replicas give a value");
  return Outcome<Bootstrapped>::success(
      {*value, std::sqrt(variance(values)), values.size(), replicas.size() - values.size()});
}

// A fit with chi2/dof > 1 says its points scatter more than their errors: the estimate's
// error is scaled up by sqrt(chi2/dof), never down, as the Ising fits do, and the note
// says so.
void scale_by_fit(KtEstimator& e, double chi2, int dof) {
  if (!e.tkt || dof <= 0 || !(chi2 > dof)) return;
  Bootstrapped b = *e.tkt;
  const double factor = std::sqrt(chi2 / dof);
  b.error *= factor;
  e.tkt = Outcome<Bootstrapped>::success(b);
  e.note += (e.note.empty() ? "" : "; ") + std::string("error scaled by sqrt(chi2/dof) = ") +
            short_number(factor, 3);
}

// An estimator that extrapolates finite-size points (pairs, crossings): each point and
// then the extrapolation bootstrapped, the fit weighted by the points' bootstrap errors.
void extrapolate(KtEstimator& e, const std::vector<Estimator>& point_of, bool d_free,
                 const std::vector<SizeCurves>& central,
                 const std::vector<std::vector<SizeCurves>>& reps) {
  std::size_t failed = 0;
  std::string first_reason;
  for (std::size_t i = 0; i < e.points.size(); ++i) {
    Outcome<Bootstrapped>& t = e.points[i].temperature;
    t = bootstrap(point_of[i], central, reps);
    if (t && !(t->error > 0)) t = Outcome<Bootstrapped>::failure("its bootstrap error is 0");
    if (!t && failed++ == 0) first_reason = t.reason();
  }
  if (failed > 0) {
    e.tkt = Outcome<Bootstrapped>::failure(
        first_reason + (failed > 1 ? " (and " + std::to_string(failed - 1) + " more)" : std::string()) +
        "; no extrapolation without every size");
    return;
  }
  const auto fit = [&](const std::vector<SizeCurves>& curves) -> Outcome<LogExtrapolation> {
    std::vector<SizePoint> points;
    for (std::size_t i = 0; i < e.points.size(); ++i) {
      const Outcome<double> t = point_of[i](curves);
      if (!t) return Outcome<LogExtrapolation>::failure(t.reason());
      points.push_back({e.points[i].effective_L, *t, e.points[i].temperature->error});
    }
    return extrapolate_log(points, d_free);
  };
  const Outcome<LogExtrapolation> f = fit(central);
  if (!f) {
    e.tkt = Outcome<Bootstrapped>::failure(f.reason());
    return;
  }
  e.extrapolation = *f;
  e.tkt = bootstrap([&](const std::vector<SizeCurves>& c) -> Outcome<double> {
    const Outcome<LogExtrapolation> x = fit(c);
    return x ? Outcome<double>::success(x->tkt) : Outcome<double>::failure(x.reason());
  }, central, reps);
  scale_by_fit(e, f->chi2, f->dof);
}

// Gaussian replicas of finite-size points (independent sizes), each extrapolated: the
// spread is the error of T_KT, scaled up by sqrt(chi2/dof) of the central fit.
Outcome<Bootstrapped> extrapolate_points(KtEstimator& e, const std::vector<SizePoint>& points, bool d_free,
                                         const AnalysisOptions& options, std::uint64_t stream) {
  const Outcome<LogExtrapolation> f = extrapolate_log(points, d_free);
  if (!f) return Outcome<Bootstrapped>::failure(f.reason());
  e.extrapolation = *f;
  Xoshiro256pp rng(options.seed, stream, Purpose::bootstrap);
  std::normal_distribution<double> noise;
  std::vector<double> values;
  for (std::size_t k = 0; k < options.bootstrap_replicas; ++k) {
    std::vector<SizePoint> replica = points;
    for (SizePoint& p : replica) p.value += p.error * noise(rng);
    if (const Outcome<LogExtrapolation> x = extrapolate_log(replica, d_free)) values.push_back(x->tkt);
  }
  if (values.size() < 2) return Outcome<Bootstrapped>::failure("no bootstrap error: the extrapolation fails on the replicas");
  Bootstrapped b{f->tkt, std::sqrt(variance(values)), values.size(), options.bootstrap_replicas - values.size()};
  if (f->dof > 0 && f->chi2 > f->dof) {
    b.error *= std::sqrt(f->chi2 / f->dof);
    e.note += (e.note.empty() ? "" : "; ") + std::string("error scaled by sqrt(chi2/dof) = ") +
              short_number(std::sqrt(f->chi2 / f->dof), 3);
  }
  return Outcome<Bootstrapped>::success(b);
}

// Where the classifier's curves of successive sizes first lie this far apart.
constexpr double separation_gap = 0.05;
// Streams of the Gaussian replicas, apart from the block bootstrap's (keyed by L).
constexpr std::uint64_t classifier_stream = 1u << 20, separation_stream = 1u << 21;

// T*(L) of the classifier's crossing of 1/2 and the separation of successive curves, each
// extrapolated in the KT form.
void add_classifier_estimators(KtResult& r, const std::vector<XySize>& sizes, const AnalysisOptions& options) {
  std::vector<ClassifierSize> classified;
  for (const XySize& s : sizes)
    if (s.classifier) classified.push_back(*s.classifier);
  if (classified.empty()) return;
  std::vector<int> used;
  for (const ClassifierSize& c : classified) used.push_back(c.L);
  r.shared_classifier = shared_networks(classified);
  const bool d_free = classified.size() >= 4;
  KtEstimator crossing{"classifier", "classifier crossing P = 1/2",
                       "T*(L) where the networks' mean P(ordered) crosses 1/2 (logistic fit, block "
                       "bootstrap, networks' spread); T*(L) = T_KT + c/(ln L + d)^2 (a fixed L/xi)",
                       used};
  if (!r.shared_classifier)
    crossing.note = "the sizes were not classified by one shared set of networks: T*(L) need not follow the KT form";
  if (!d_free)
    crossing.note += (crossing.note.empty() ? "" : "; ") + std::string("d = 0: three parameters need 4 sizes, got ") +
                     std::to_string(classified.size());
  std::vector<SizePoint> points;
  std::string failed;
  for (const ClassifierSize& c : classified) {
    FiniteSizePoint p{{c.L}, double(c.L)};
    if (c.crossing) {
      p.temperature = Outcome<Bootstrapped>::success({c.crossing->temperature, c.crossing->error,
                                                      options.bootstrap_replicas, c.crossing->bootstrap_failures});
      points.push_back({double(c.L), c.crossing->temperature, c.crossing->error});
    } else {
      p.temperature = Outcome<Bootstrapped>::failure(c.crossing.reason());
      if (failed.empty()) failed = "L = " + std::to_string(c.L) + ": " + c.crossing.reason();
    }
    crossing.points.push_back(p);
  }
  if (!failed.empty())
    crossing.tkt = Outcome<Bootstrapped>::failure(failed + "; no extrapolation without every size");
  else if (points.size() < 2)
    crossing.tkt = Outcome<Bootstrapped>::failure("the extrapolation needs 2 sizes with training files, got " +
                                                  std::to_string(points.size()));
  else
    crossing.tkt = extrapolate_points(crossing, points, d_free, options, classifier_stream);
  // T*(L) that do not fall monotonically (small blocks off the scaling regime) leave the
  // three-parameter fit without a minimum: d = 0 then, said, its chi2/dof in the error.
  if (d_free && !crossing.tkt && points.size() == classified.size()) {
    crossing.note += (crossing.note.empty() ? "" : "; ") + crossing.tkt.reason() + ", so d = 0";
    crossing.tkt = extrapolate_points(crossing, points, false, options, classifier_stream);
  }
  // Each network's own extrapolation: their spread says how much T_KT depends on the
  // network (reported; the points' errors carry it already).
  if (crossing.tkt && r.shared_classifier && classified.front().network_digests.size() >= 2) {
    std::vector<double> own_tkt;
    for (std::size_t k = 0; k < classified.front().network_digests.size(); ++k) {
      std::vector<SizePoint> own;
      for (const ClassifierSize& c : classified)
        // network k's own crossing, where every network crossed (else index k is not it)
        if (c.network_crossings.size() == c.network_digests.size())
          own.push_back({double(c.L), c.network_crossings[k], std::max(c.sampling_error, 1e-9)});
      if (own.size() != classified.size()) continue;
      if (const Outcome<LogExtrapolation> x = extrapolate_log(own, d_free)) own_tkt.push_back(x->tkt);
    }
    if (own_tkt.size() >= 2)
      crossing.note += (crossing.note.empty() ? "" : "; ") + std::string("T_KT of each network alone: spread ") +
                       short_number(std::sqrt(variance(own_tkt)), 3) + " over " + std::to_string(own_tkt.size());
  }
  // The d of the extrapolation is not known from the crossings of 1/2 alone: how far the
  // other levels' extrapolations move is its form systematic (classifier.hpp).
  if (!crossing.tkt) {
    crossing.form_shift = Outcome<double>::failure("no level systematic without T_KT");
  } else if (const Outcome<LevelShift> shift = level_shift(classified, crossing.tkt->value, crossing.extrapolation->d_free)) {
    crossing.form_shift = Outcome<double>::success(shift->total);
    crossing.note += (crossing.note.empty() ? "" : "; ") + std::string("form systematic ") + short_number(shift->total, 3) +
                     ": crossings of P = 0.3, 0.7 move T_KT by up to " + short_number(shift->levels, 3) +
                     ", the interpolated crossing of 1/2 instead of the logistic T* by " + short_number(shift->definition, 3);
  } else {
    crossing.form_shift = Outcome<double>::failure(shift.reason());
  }
  r.estimators.push_back(crossing);

  if (!r.shared_classifier || classified.size() < 3) return;
  KtEstimator apart{"classifier_separation", "separation of the classifier curves of successive sizes",
                    "below T_KT the curves of one shared classifier coincide; T_sep(L1, L2) where "
                    "P_L1 - P_L2 first reaches " + short_number(separation_gap) +
                    " going up in T; T_sep = T_KT + c/(ln L)^2 with L = sqrt(L1 L2)",
                    used};
  std::vector<SizePoint> pair_points;
  Xoshiro256pp rng(options.seed, separation_stream, Purpose::bootstrap);
  std::normal_distribution<double> noise;
  const auto perturbed = [&](Curve c) {
    for (std::size_t t = 0; t < c.size(); ++t) c.y[t] += c.error[t] * noise(rng);
    return c;
  };
  for (std::size_t i = 0; i + 1 < classified.size(); ++i) {
    const Curve& small = classified[i].curve.curve;
    const Curve& large = classified[i + 1].curve.curve;
    FiniteSizePoint p{{classified[i].L, classified[i + 1].L}, std::sqrt(double(classified[i].L) * classified[i + 1].L)};
    const Outcome<double> central = separation(small, large, separation_gap);
    if (central) {
      std::vector<double> values;
      for (std::size_t k = 0; k < options.bootstrap_replicas; ++k)
        if (const Outcome<double> v = separation(perturbed(small), perturbed(large), separation_gap)) values.push_back(*v);
      p.temperature = values.size() >= 2
                          ? Outcome<Bootstrapped>::success({*central, std::sqrt(variance(values)), values.size(),
                                                            options.bootstrap_replicas - values.size()})
                          : Outcome<Bootstrapped>::failure("no bootstrap error");
    } else {
      p.temperature = Outcome<Bootstrapped>::failure(central.reason());
    }
    if (p.temperature && p.temperature->error > 0)
      pair_points.push_back({p.effective_L, p.temperature->value, p.temperature->error});
    apart.points.push_back(p);
  }
  // Pairs whose curves never part (small sizes, both still ordered-looking) are left out.
  if (pair_points.size() < apart.points.size())
    apart.note = std::to_string(apart.points.size() - pair_points.size()) +
                 " pair(s) without a separation temperature left out";
  apart.tkt = pair_points.size() >= 2
                  ? extrapolate_points(apart, pair_points, false, options, separation_stream + 1)
                  : Outcome<Bootstrapped>::failure("fewer than 2 pairs of curves separate by " +
                                                   short_number(separation_gap));
  r.estimators.push_back(apart);
}

// A Weber–Minnhagen fit with its error: the larger of the bootstrap spread (scaled by
// sqrt(chi2/dof) when that exceeds 1; the profile interval is widened by chi2/dof already)
// and half the chi2-profile interval.
void weber_minnhagen_estimate(KtEstimator& e, WmForm form, const std::vector<SizeCurves>& central,
                              const std::vector<std::vector<SizeCurves>>& reps, const std::vector<double>& grid,
                              std::optional<WeberMinnhagen>& fit_out) {
  const Outcome<WeberMinnhagen> fit = weber_minnhagen(central, grid, form);
  if (!fit) {
    e.tkt = Outcome<Bootstrapped>::failure(fit.reason());
    return;
  }
  fit_out = *fit;
  const double profile_error = 0.5 * (fit->profile_high - fit->profile_low);
  Outcome<Bootstrapped> b = bootstrap([&](const std::vector<SizeCurves>& c) -> Outcome<double> {
    const Outcome<WeberMinnhagen> x = weber_minnhagen(c, grid, form);
    return x ? Outcome<double>::success(x->tkt) : Outcome<double>::failure(x.reason());
  }, central, reps);
  const double factor = fit->chi2 > fit->dof ? std::sqrt(fit->chi2 / fit->dof) : 1.0;
  if (b) {
    Bootstrapped v = *b;
    v.error = std::max(v.error * factor, profile_error);
    b = Outcome<Bootstrapped>::success(v);
  }
  e.tkt = b;
  if (factor > 1) e.note = "bootstrap spread scaled by sqrt(chi2/dof) = " + short_number(factor, 3);
  if (fit->profile_open)
    e.note += (e.note.empty() ? "" : "; ") +
              std::string("the chi2 profile interval reaches the edge of the temperature range");
}

// A fit to the integrated flow in the window middle (1 -+ flow_window), bootstrapped.
void flow_estimate(KtEstimator& e, FlowForm form, const std::vector<SizeCurves>& central,
                   const std::vector<std::vector<SizeCurves>>& reps, double middle,
                   std::optional<KtFlowFit>& fit_out) {
  const double low = middle * (1 - flow_window), high = middle * (1 + flow_window);
  const Outcome<KtFlowFit> fit = kt_flow_fit(central, low, high, form);
  if (!fit) {
    e.tkt = Outcome<Bootstrapped>::failure(fit.reason());
    return;
  }
  fit_out = *fit;
  e.tkt = bootstrap([&](const std::vector<SizeCurves>& c) -> Outcome<double> {
    const Outcome<KtFlowFit> x = kt_flow_fit(c, low, high, form, &fit->model);
    return x ? Outcome<double>::success(x->model.tkt) : Outcome<double>::failure(x.reason());
  }, central, reps);
  scale_by_fit(e, fit->chi2, fit->dof);
}

KtResult kt_estimates(const std::vector<XySize>& sizes, const AnalysisOptions& options) {
  std::vector<SizeCurves> central;
  for (const XySize& s : sizes) central.push_back(central_curves(s));
  const std::vector<std::vector<SizeCurves>> reps = replicas(sizes, central, options);
  KtResult r;
  r.grid = common_grid(central, grid_points);
  std::vector<int> all;
  for (const XySize& s : sizes) all.push_back(s.L);

  KtEstimator wm{"weber_minnhagen", "Weber-Minnhagen fit",
                 "Upsilon(T_KT, L) = (2T/pi)(1 + 1/(2 ln L + C)) with one C for all sizes; T_KT "
                 "minimises chi2 over the grid; error: the larger of the bootstrap spread "
                 "(times sqrt(chi2/dof) when > 1) and half the chi2-profile interval "
                 "(chi2 <= min + max(1, chi2/dof))", all};
  weber_minnhagen_estimate(wm, WmForm::leading, central, reps, r.grid, r.weber_minnhagen);
  r.estimators.push_back(wm);
  // The next term of the same expansion: with 4 sizes or more, beside the leading fit, and
  // the leading fit's form systematic (analyse_kt).
  if (sizes.size() >= 4) {
    KtEstimator sub{"weber_minnhagen_subleading", "Weber-Minnhagen fit with the sub-leading term",
                    "pi Upsilon(T_KT, L)/(2T) - 1 = u + D u^2, u = 1/(2 ln L + C), with one C and one D "
                    "for all sizes (D linear at each C); T_KT minimises chi2 over the grid; error as "
                    "for the leading fit", all};
    weber_minnhagen_estimate(sub, WmForm::subleading, central, reps, r.grid, r.weber_minnhagen_subleading);
    r.estimators.push_back(sub);
  }

  // The integrated flow, in a window around the Weber-Minnhagen T_KT (the middle of the range
  // when it has none), without and with the lattice correction c / L^2; replicas refit
  // from the central fit.
  const double middle = r.weber_minnhagen ? r.weber_minnhagen->tkt : 0.5 * (r.grid.front() + r.grid.back());
  const std::string flow_assumptions =
      "Upsilon(T, L) = T K(ln L + l0) with dK^-1/dl = 4 pi^3 y^2, dy/dl = (2 - pi K) y from K0(T) linear in T "
      "and y0 constant, fitted at every sampled temperature within " + short_number(100 * flow_window, 2) +
      " % of the Weber-Minnhagen T_KT and every size; T_KT where the initial point is on the separatrix; "
      "error: the bootstrap spread (times sqrt(chi2/dof) when > 1)";
  KtEstimator flow{"kt_flow", "fit to the integrated Kosterlitz flow", flow_assumptions, all};
  if (options.kt_flow) {
    flow_estimate(flow, FlowForm::plain, central, reps, middle, r.kt_flow);
    r.estimators.push_back(flow);
  }
  // c from the sizes as well: with 4 sizes or more, like the sub-leading Weber–Minnhagen term.
  if (options.kt_flow && sizes.size() >= 4) {
    KtEstimator lattice{"kt_flow_lattice", "fit to the integrated Kosterlitz flow with a lattice correction",
                        flow_assumptions + "; times (1 + c/L^2) with c fitted (irrelevant operators)", all};
    flow_estimate(lattice, FlowForm::lattice_corrected, central, reps, middle, r.kt_flow_lattice);
    r.estimators.push_back(lattice);
  }

  KtEstimator pairs{"pairs", "pairs of sizes without C (Hsieh-Kao-Sandvik)",
                    "1/R(T,L1) - 1/R(T,L2) = 2 ln(L1/L2), R = pi Upsilon/(2T) - 1, solved for "
                    "successive sizes; T*(L) = T_KT + c/(ln L)^2 with L = sqrt(L1 L2) (the "
                    "leading correction only)", all};
  std::vector<Estimator> pair_of;
  for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
    pairs.points.push_back({{sizes[i].L, sizes[i + 1].L}, std::sqrt(double(sizes[i].L) * sizes[i + 1].L)});
    pair_of.push_back([i, &r](const std::vector<SizeCurves>& c) { return pair_temperature(c[i], c[i + 1], r.grid); });
  }
  if (pairs.points.size() < 2) {
    for (std::size_t i = 0; i < pairs.points.size(); ++i)
      pairs.points[i].temperature = bootstrap(pair_of[i], central, reps);
    pairs.tkt = Outcome<Bootstrapped>::failure("the extrapolation of pairs needs 3 sizes (2 pairs), got " +
                                               std::to_string(sizes.size()));
  } else {
    extrapolate(pairs, pair_of, false, central, reps);
  }
  r.estimators.push_back(pairs);

  const bool d_free = sizes.size() >= 4;
  KtEstimator crossing{"universal_crossing", "crossing of the universal line Upsilon = 2T/pi",
                       "T*(L) where Upsilon(T, L) = 2T/pi (linear interpolation between sampled "
                       "temperatures), T*(L) = T_KT + c/(ln L + d)^2", all};
  if (!d_free) crossing.note = "d = 0: three parameters need 4 sizes, got " + std::to_string(sizes.size());
  std::vector<Estimator> crossing_of;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    crossing.points.push_back({{sizes[i].L}, double(sizes[i].L)});
    crossing_of.push_back([i](const std::vector<SizeCurves>& c) { return universal_crossing(c[i]); });
  }
  extrapolate(crossing, crossing_of, d_free, central, reps);
  r.estimators.push_back(crossing);

  KtEstimator eta{"susceptibility_eta", "susceptibility exponent eta(T) = 1/4",
                  "chi' ~ L^(2 - eta) (ln L)^(1/8) at T_KT with eta = 1/4: eta(T) from a "
                  "weighted fit of ln chi' - ln(ln L)/8 against ln L over all sizes; its root "
                  "from a line through eta(T) within 2 sampled spacings",
                  all};
  r.eta = effective_eta(central, r.grid);
  const Curve& first = central.front().helicity;
  const double half_window = 2 * (first.x.back() - first.x.front()) / double(first.size() - 1);
  eta.tkt = bootstrap([&](const std::vector<SizeCurves>& c) {
    return eta_quarter(effective_eta(c, r.grid), half_window);
  }, central, reps);
  r.estimators.push_back(eta);
  add_classifier_estimators(r, sizes, options);
  return r;
}

// The noise of the difference of two nested estimates, sqrt(sigma_wider^2 - sigma^2): a
// shift within it does not show that the systematic is smaller than that noise.
double shift_or_noise(const Bootstrapped& estimate, const Bootstrapped& other) {
  const double noise = std::sqrt(std::max(other.error * other.error - estimate.error * estimate.error, 0.0));
  return std::max(std::abs(estimate.value - other.value), noise);
}

// The Weber–Minnhagen form on curves of the fitted flow (a known T_KT) at the data's sampled
// temperatures with the data's errors: how far the leading Weber–Minnhagen form lands
// from T_KT at exactly these sizes.
Outcome<double> flow_bias(const std::vector<XySize>& sizes, const KtFlowModel& flow,
                          const std::vector<double>& grid) {
  std::vector<SizeCurves> planted;
  for (const XySize& s : sizes) {
    planted.push_back(central_curves(s));
    Curve& h = planted.back().helicity;
    for (std::size_t k = 0; k < h.size(); ++k) h.y[k] = flow.helicity(h.x[k], s.L);
  }
  const Outcome<WeberMinnhagen> wm = weber_minnhagen(planted, grid, WmForm::leading);
  if (!wm) return Outcome<double>::failure("no flow bias: on the flow's curves " + wm.reason());
  return Outcome<double>::success(std::abs(wm->tkt - flow.tkt));
}

// Every estimator again without the smallest size (the bootstrap blocks of a size are
// keyed by its L, so the replicas of the sizes kept are the same ones): the shift, at
// least its own noise, is a systematic error. For the Weber–Minnhagen fit also the shift
// when the sub-leading term is fitted (same replicas): the leading form's truncation, which
// the shift without the smallest size can miss when the sizes are few and noisy, and its
// bias on the fitted flows. The systematic error is the largest of these.
// Then the headline goes first: the lattice-corrected flow fit where it is determined (4
// sizes or more; over five seed sets of L = 8 ... 128 it covered the reference band in 4,
// the Weber–Minnhagen fit in 2: docs/methods.md), the Weber–Minnhagen fit otherwise.
KtResult analyse_kt(const std::vector<XySize>& sizes, const AnalysisOptions& options) {
  KtResult r = kt_estimates(sizes, options);
  const auto find = [](auto& k, const std::string& key) {
    const auto it = std::find_if(k.estimators.begin(), k.estimators.end(),
                                 [&](const KtEstimator& f) { return f.key == key; });
    return it == k.estimators.end() ? nullptr : &*it;
  };
  std::optional<KtResult> fewer;
  if (sizes.size() >= 3) fewer = kt_estimates({sizes.begin() + 1, sizes.end()}, options);
  for (KtEstimator& e : r.estimators) {
    if (!fewer) {
      e.smallest_size_shift = Outcome<double>::failure("no systematic error: dropping the smallest size "
                                                       "needs at least 3 sizes");
    } else {
      // By key: with fewer sizes an estimator may be missing (the separation needs 3).
      const KtEstimator* same = find(*fewer, e.key);
      e.without_smallest = same ? same->tkt
                                : Outcome<Bootstrapped>::failure("it is not computed with " +
                                                                 std::to_string(sizes.size() - 1) + " sizes");
      if (e.tkt)
        e.smallest_size_shift = e.without_smallest
                                    ? Outcome<double>::success(shift_or_noise(*e.tkt, *e.without_smallest))
                                    : Outcome<double>::failure("no systematic error: without L = " +
                                                               std::to_string(sizes.front().L) + " " +
                                                               e.without_smallest.reason());
    }
    e.systematic = e.smallest_size_shift;
    // The classifier's crossings: also the shift across crossing levels (the unknown d).
    if (e.key == "classifier" && e.form_shift)
      e.systematic = Outcome<double>::success(
          e.smallest_size_shift ? std::max(*e.smallest_size_shift, *e.form_shift) : *e.form_shift);
  }
  KtEstimator* flow = find(r, "kt_flow");
  const KtEstimator* lattice = find(r, "kt_flow_lattice");
  if (flow && flow->tkt) {
    flow->form_shift = !lattice ? Outcome<double>::failure("no form systematic: the fit with the lattice correction "
                                                           "needs at least 4 sizes, got " + std::to_string(sizes.size()))
                       : lattice->tkt ? Outcome<double>::success(shift_or_noise(*flow->tkt, *lattice->tkt))
                                    : Outcome<double>::failure("no form systematic: the fit with the lattice correction " +
                                                               lattice->tkt.reason());
    if (flow->form_shift)
      flow->systematic = Outcome<double>::success(
          flow->smallest_size_shift ? std::max(*flow->smallest_size_shift, *flow->form_shift) : *flow->form_shift);
  }
  KtEstimator* wm = find(r, "weber_minnhagen");
  if (wm && wm->tkt) {
    const KtEstimator* sub = find(r, "weber_minnhagen_subleading");
    wm->form_shift = !sub ? Outcome<double>::failure("no form systematic: the sub-leading fit needs at least 4 sizes, got " +
                                                     std::to_string(sizes.size()))
                     : sub->tkt ? Outcome<double>::success(shift_or_noise(*wm->tkt, *sub->tkt))
                                : Outcome<double>::failure("no form systematic: the sub-leading fit " + sub->tkt.reason());
    // The larger of the biases on the two fitted flows (with and without the lattice term).
    wm->flow_bias = Outcome<double>::failure(flow ? "no flow bias: " + flow->tkt.reason()
                                                  : std::string("no flow bias: the flow fits were left out"));
    for (const std::optional<KtFlowFit>* f : {&r.kt_flow, &r.kt_flow_lattice})
      if (*f)
        if (const Outcome<double> b = flow_bias(sizes, (*f)->model, r.grid); b && (!wm->flow_bias || *b > *wm->flow_bias))
          wm->flow_bias = b;
    double largest = -1;
    for (const Outcome<double>* part : {&wm->smallest_size_shift, &wm->form_shift, &wm->flow_bias})
      if (*part) largest = std::max(largest, **part);
    if (largest >= 0) wm->systematic = Outcome<double>::success(largest);
  }
  const auto headline = std::find_if(r.estimators.begin(), r.estimators.end(), [](const KtEstimator& e) {
    return e.key == "kt_flow_lattice" && e.tkt;
  });
  if (headline != r.estimators.end()) std::rotate(r.estimators.begin(), headline, headline + 1);
  if (!r.estimators.empty()) r.estimators.front().title += " (headline)";
  return r;
}

}  // namespace

double KtEstimator::total_error() const {
  const double statistical = tkt ? tkt->error : 0;
  return systematic ? std::hypot(statistical, *systematic) : statistical;
}

double spin_wave_energy(double T, double J, std::size_t spins) {
  return -2 * J + (1 - 1 / static_cast<double>(spins)) * T / 2 + T * T / (16 * J);
}

XyAnalysis analyse(const std::vector<SizeInput>& inputs, const AnalysisOptions& options) {
  if (inputs.empty()) throw InputError("nothing to analyse");
  if (options.nu_fixed != AnalysisOptions{}.nu_fixed)
    throw InputError("--nu applies to ising2d runs only (the KT estimators have no exponent nu)");
  if (options.scaling && inputs.size() < 2)
    throw InputError("the KT estimators need at least 2 lattice sizes, got 1 (L = " +
                     std::to_string(inputs.front().run.L) +
                     "); give one run file per size, or --no-scaling to analyse one size");
  XyAnalysis r;
  r.J = inputs.front().run.J;
  r.options = options;
  for (const SizeInput& in : inputs) {
    r.sizes.push_back(analyse_size(in.run, options));
    if (in.trainings.empty()) continue;
    r.sizes.back().classifier = classifier_size(in.run, in.trainings, options);
    for (const std::string& w : r.sizes.back().classifier->warnings) r.sizes.back().warnings.push_back(w);
  }
  if (!options.scaling) return r;
  r.kt = analyse_kt(r.sizes, options);
  for (const KtEstimator& e : r.kt->estimators) {
    // The flow fits are a check and a systematic of the Weber–Minnhagen fit (the headline
    // then), not a number the run needs: where the flow does not describe the curves they
    // warn instead of failing.
    const bool check = e.key == "kt_flow" || e.key == "kt_flow_lattice";
    if (!e.tkt) (check ? r.warnings : r.failures).push_back(e.title + ": " + e.tkt.reason());
    else if (e.tkt->failed_replicas * 10 > e.tkt->replicas + e.tkt->failed_replicas)
      r.warnings.push_back(e.title + ": " + std::to_string(e.tkt->failed_replicas) +
                           " bootstrap replicas give no value; its error is from the others");
    for (const FiniteSizePoint& p : e.points)
      if (!p.temperature)
        r.warnings.push_back(e.title + ", L = " + sizes_text(p.sizes) + ": " + p.temperature.reason());
  }
  return r;
}

}  // namespace phaselearn::analysis::xy2d
