#include "analysis/xy2d/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>

#include "analysis/csv.hpp"
#include "analysis/report_text.hpp"
#include "analysis/run_report.hpp"

namespace phaselearn::analysis::xy2d {

namespace {

// Judged by the total error (statistical and systematic).
std::string against_band(const KtEstimator& e) {
  const double d = band_distance(e.tkt->value);
  if (d == 0) return "inside the reference band";
  return formatted("%+.3f %%", 100 * band_relative_distance(e.tkt->value)) + " from the band, " +
         formatted("%.2f", std::abs(d) / e.total_error()) + " total errors";
}

// "value +- statistical (stat) +- systematic (syst)", or the statistical error alone.
std::string tkt_text(const KtEstimator& e) {
  std::string text = plus_minus(e.tkt->value, e.tkt->error);
  if (e.systematic) text += " (stat) +- " + formatted("%.5f", *e.systematic) + " (syst)";
  return text;
}

Json size_json(const XySize& s) {
  Json j = Json::object();
  j["L"] = s.L;
  j["run_file"] = s.run_path;
  j["exchange"] = exchange_json(s.exchange_acceptance, s.round_trips);
  j["bootstrap_block_length"] = s.blocks.block_length;
  j["bootstrap_blocks"] = s.blocks.helicity.empty() ? 0 : s.blocks.helicity.front().size();
  Json observables = Json::array();
  for (std::size_t t = 0; t < s.observables.size(); ++t) {
    const XyObservables& o = s.observables[t];
    Json x = Json::object();
    x["T"] = o.temperature;
    x["energy"] = estimate_json(o.energy);
    x["spin_wave_energy"] = s.spin_wave_energy[t];
    x["specific_heat"] = estimate_json(o.specific_heat);
    x["abs_magnetization"] = estimate_json(o.abs_magnetization);
    x["susceptibility"] = estimate_json(o.susceptibility);
    x["full_susceptibility"] = estimate_json(o.full_susceptibility);
    x["helicity_modulus"] = estimate_json(o.helicity);
    x["vortex_density"] = estimate_json(o.vortex_density);
    x["tau_int_energy_samples"] = o.tau_int_energy;
    x["tau_int_abs_magnetization_samples"] = o.tau_int_abs_magnetization;
    x["tau_int_helicity_samples"] = o.tau_int_helicity;
    if (t < s.sampler_tau_int_energy.size()) x["sampler_tau_int_energy_sweeps"] = s.sampler_tau_int_energy[t];
    if (t < s.sampler_tau_int_abs_m.size()) x["sampler_tau_int_abs_m_sweeps"] = s.sampler_tau_int_abs_m[t];
    observables.push_back(x);
  }
  j["observables"] = observables;
  if (s.classifier) {
    const ClassifierSize& c = *s.classifier;
    Json k = Json::object();
    k["coarse_grain"] = c.coarse_grain;
    k["label_scheme"] = c.label_scheme;
    k["networks"] = c.network_crossings.empty() ? 1 : c.network_crossings.size();
    k["T"] = Json(c.curve.curve.x);
    k["p_ordered"] = Json(c.curve.curve.y);
    k["p_ordered_error"] = Json(c.curve.curve.error);
    if (c.crossing) {
      Json x = Json::object();
      x["value"] = c.crossing->temperature;
      x["error"] = c.crossing->error;
      x["sampling_error"] = c.sampling_error;
      x["network_crossings"] = Json(c.network_crossings);
      x["width"] = c.crossing->width;
      k["crossing"] = x;
    } else {
      k["crossing"] = Json(c.crossing.reason());
    }
    j["classifier"] = k;
  }
  j["warnings"] = Json(Json::Array(s.warnings.begin(), s.warnings.end()));
  return j;
}

Json estimator_json(const KtEstimator& e, const KtResult& kt) {
  Json j = Json::object();
  j["title"] = e.title;
  j["assumptions"] = e.assumptions;
  j["sizes"] = Json(Json::Array(e.sizes.begin(), e.sizes.end()));
  j["tkt"] = bootstrapped_json(e.tkt);
  j["tkt_without_smallest_size"] = bootstrapped_json(e.without_smallest);
  if (e.tkt) {
    // tkt.error is statistical; the systematic is the larger of the shift without the
    // smallest size and (Weber–Minnhagen) the shift with the sub-leading term fitted and the
    // form's bias on the fitted flow.
    if (e.systematic) j["systematic_error"] = *e.systematic;
    else j["systematic_error_failed"] = e.systematic.reason();
    Json parts = Json::object();
    parts["without_smallest_size"] =
        e.smallest_size_shift ? Json(*e.smallest_size_shift) : Json(e.smallest_size_shift.reason());
    if (e.key == "kt_flow")
      parts["lattice_correction"] = e.form_shift ? Json(*e.form_shift) : Json(e.form_shift.reason());
    if (e.key == "weber_minnhagen") {
      parts["subleading_term"] = e.form_shift ? Json(*e.form_shift) : Json(e.form_shift.reason());
      parts["flow_bias"] = e.flow_bias ? Json(*e.flow_bias) : Json(e.flow_bias.reason());
    }
    if (e.key == "classifier")
      parts["crossing_levels"] = e.form_shift ? Json(*e.form_shift) : Json(e.form_shift.reason());
    j["systematic_parts"] = parts;
    j["total_error"] = e.total_error();
    Json band = Json::object();
    const double total = e.total_error();
    band["deviation_from_band"] = band_distance(e.tkt->value);
    band["deviation_in_errors"] = band_distance(e.tkt->value) / total;
    band["error_covers_band"] = e.tkt->value - total <= reference_high && e.tkt->value + total >= reference_low;
    band["statistical_error_covers_band"] = e.tkt->value - e.tkt->error <= reference_high &&
                                            e.tkt->value + e.tkt->error >= reference_low;
    j["reference_band"] = band;
  }
  const std::optional<WeberMinnhagen>& fit = e.key == "weber_minnhagen"              ? kt.weber_minnhagen
                                             : e.key == "weber_minnhagen_subleading" ? kt.weber_minnhagen_subleading
                                                                                     : std::nullopt;
  if (fit) {
    const WeberMinnhagen& w = *fit;
    j["C"] = std::isfinite(w.c) ? Json(w.c) : Json("infinite (Upsilon = 2T/pi at every size)");
    if (w.subleading) j["D"] = w.d;
    j["chi2"] = w.chi2;
    j["dof"] = w.dof;
    j["chi2_per_dof"] = w.chi2 / w.dof;
    j["profile_interval"] = Json(std::vector<double>{w.profile_low, w.profile_high});
    j["profile_error"] = 0.5 * (w.profile_high - w.profile_low);
    j["profile_interval_open"] = w.profile_open;
  }
  const std::optional<KtFlowFit>& flow = e.key == "kt_flow"           ? kt.kt_flow
                                         : e.key == "kt_flow_lattice" ? kt.kt_flow_lattice
                                                                      : std::nullopt;
  if (flow) {
    const KtFlowFit& f = *flow;
    if (f.lattice) j["lattice_correction_c"] = f.model.lattice;
    j["fugacity_y0"] = f.model.fugacity;
    j["coupling_slope"] = f.model.slope;
    j["scale_l0"] = f.model.scale;
    j["window"] = Json(std::vector<double>{f.low, f.high});
    j["chi2"] = f.chi2;
    j["dof"] = f.dof;
    j["chi2_per_dof"] = f.chi2 / f.dof;
  }
  if (!e.points.empty()) {
    Json points = Json::array();
    for (const FiniteSizePoint& p : e.points) {
      Json x = Json::object();
      x["L"] = Json(Json::Array(p.sizes.begin(), p.sizes.end()));
      x["effective_L"] = p.effective_L;
      x["temperature"] = bootstrapped_json(p.temperature);
      points.push_back(x);
    }
    j["finite_size"] = points;
  }
  if (e.extrapolation) {
    const LogExtrapolation& x = *e.extrapolation;
    Json f = Json::object();
    f["model"] = x.d_free ? "T*(L) = T_KT + c/(ln L + d)^2" : "T*(L) = T_KT + c/(ln L)^2";
    f["c"] = x.c;
    f["d"] = x.d;
    f["d_free"] = x.d_free;
    f["chi2"] = x.chi2;
    f["dof"] = x.dof;
    j["extrapolation"] = f;
  }
  j["note"] = e.note.empty() ? Json() : Json(e.note);
  return j;
}

}  // namespace

Json summary_json(const XyAnalysis& r, const std::vector<std::string>& inputs) {
  Json j = summary_header(inputs);
  j["model"] = "xy2d";
  j["J"] = r.J;
  Json reference = Json::object();
  reference["tkt_band"] = Json(std::vector<double>{reference_low * r.J, reference_high * r.J});
  reference["sources"] = "0.8929: Hasenbusch 2005, Komura & Okabe 2012 (0.89289(5)); 0.8935(1): Hsieh, "
                         "Kao & Sandvik 2013 (sub-leading logarithms)";
  reference["universal_jump"] = "Upsilon(T_KT-) = 2 T_KT / pi in the thermodynamic limit";
  j["reference"] = reference;
  Json options = Json::object();
  options["scaling"] = r.options.scaling;
  options["bootstrap_replicas"] = r.options.bootstrap_replicas;
  options["seed"] = r.options.seed;
  options["min_exchange_acceptance"] = r.options.min_exchange_acceptance;
  j["options"] = options;
  Json sizes = Json::array();
  for (const XySize& s : r.sizes) sizes.push_back(size_json(s));
  j["sizes"] = sizes;
  if (r.kt) {
    Json kt = Json::object();
    kt["grid"] = Json(std::vector<double>{r.kt->grid.front(), r.kt->grid.back(), double(r.kt->grid.size())});
    kt["headline"] = r.kt->estimators.front().key;
    kt["shared_classifier"] = r.kt->shared_classifier;
    Json estimators = Json::object();
    for (const KtEstimator& e : r.kt->estimators) estimators[e.key] = estimator_json(e, *r.kt);
    kt["estimators"] = estimators;
    j["kt"] = kt;
  }
  j["warnings"] = Json(Json::Array(r.warnings.begin(), r.warnings.end()));
  j["failures"] = Json(Json::Array(r.failures.begin(), r.failures.end()));
  return j;
}

std::string summary_text(const XyAnalysis& r) {
  std::string out;
  const auto line = [&](const std::string& s) { out += s + "\n"; };
  line("phaselearn-analyze: model xy2d, J = " + precise_number(r.J) + ", " + std::to_string(r.sizes.size()) +
       " size(s)");
  line("");
  char row[256];
  std::snprintf(row, sizeof row, "%6s %5s %8s %12s %10s %12s %12s", "L", "T", "blocks", "max tau_int",
                "min acc", "round trips", "max Upsilon");
  line(row);
  for (const XySize& s : r.sizes) {
    double tau = 0, upsilon = 0;
    for (const XyObservables& o : s.observables)
      tau = std::max({tau, o.tau_int_energy, o.tau_int_helicity, o.tau_int_abs_magnetization}),
      upsilon = std::max(upsilon, o.helicity.value);
    std::snprintf(row, sizeof row, "%6d %5zu %8zu %12.2f %10.3f %12lld %12.4f", s.L, s.observables.size(),
                  s.blocks.helicity.empty() ? std::size_t{0} : s.blocks.helicity.front().size(), tau, min_acceptance(s.exchange_acceptance),
                  static_cast<long long>(total_round_trips(s.round_trips)),
                  upsilon);
    line(row);
  }
  if (r.kt) {
    line("");
    line("Kosterlitz-Thouless temperature (reference band [" + formatted("%.4f", reference_low * r.J) + ", " +
         formatted("%.4f", reference_high * r.J) + "]); errors: bootstrap over blocks of every run, " +
         "statistical; the systematic one is the shift without the smallest size (for the "
         "Weber-Minnhagen fit the largest of that, the shift with the sub-leading term fitted and "
         "the form's bias on the fitted KT flow); first the headline: the flow fit with the "
         "lattice correction where it is determined (4 sizes or more), else the Weber-Minnhagen fit:");
    int k = 1;
    for (const KtEstimator& e : r.kt->estimators) {
      line("  " + std::to_string(k++) + ". " + e.title + ", sizes " + sizes_text(e.sizes) + ":");
      line("     assumes: " + e.assumptions);
      for (const FiniteSizePoint& p : e.points)
        line("     L = " + sizes_text(p.sizes, " / ") + ": T* = " +
             (p.temperature ? plus_minus(p.temperature->value, p.temperature->error) : p.temperature.reason()));
      if (e.extrapolation)
        line("     extrapolation: c = " + formatted("%.4g", e.extrapolation->c) +
             (e.extrapolation->d_free ? ", d = " + formatted("%.4g", e.extrapolation->d) : std::string()) +
             ", chi2/dof = " +
             (e.extrapolation->dof > 0 ? formatted("%.2f", e.extrapolation->chi2 / e.extrapolation->dof)
                                       : std::string("- (exact fit)")));
      const std::optional<WeberMinnhagen>& fit = e.key == "weber_minnhagen" ? r.kt->weber_minnhagen
                                                 : e.key == "weber_minnhagen_subleading"
                                                     ? r.kt->weber_minnhagen_subleading
                                                     : std::nullopt;
      if (fit) {
        const WeberMinnhagen& w = *fit;
        line("     C = " + (std::isfinite(w.c) ? formatted("%.4g", w.c) : std::string("infinite")) +
             (w.subleading ? ", D = " + formatted("%.4g", w.d) : std::string()) + ", chi2/dof = " + formatted("%.2f", w.chi2 / w.dof) + " at the minimum; profile interval [" +
             formatted("%.5f", w.profile_low) + ", " + formatted("%.5f", w.profile_high) + "]");
      }
      if (!e.note.empty()) line("     note: " + e.note);
      if (e.tkt && e.without_smallest)
        line("     without the smallest size: " + plus_minus(e.without_smallest->value, e.without_smallest->error));
      if (e.tkt && e.key == "weber_minnhagen")
        line("     systematic: the largest of the shift without the smallest size (" +
             (e.smallest_size_shift ? formatted("%.5f", *e.smallest_size_shift) : std::string("none")) +
             "), the shift with the sub-leading term (" +
             (e.form_shift ? formatted("%.5f", *e.form_shift) : e.form_shift.reason()) +
             "), each at least its noise, and the form's bias on the fitted KT flow (" +
             (e.flow_bias ? formatted("%.5f", *e.flow_bias) : e.flow_bias.reason()) + ")");
      const std::optional<KtFlowFit>& flow = e.key == "kt_flow"           ? r.kt->kt_flow
                                             : e.key == "kt_flow_lattice" ? r.kt->kt_flow_lattice
                                                                          : std::nullopt;
      if (flow) {
        const KtFlowFit& f = *flow;
        line("     y0 = " + formatted("%.4g", f.model.fugacity) + ", dK0/dT = " + formatted("%.4g", f.model.slope) +
             ", l0 = " + formatted("%.4g", f.model.scale) +
             (f.lattice ? ", c = " + formatted("%.4g", f.model.lattice) : std::string()) + ", window [" +
             formatted("%.4f", f.low) + ", " + formatted("%.4f", f.high) + "], chi2/dof = " + formatted("%.2f", f.chi2 / f.dof));
      }
      if (e.tkt && e.key == "kt_flow")
        line("     systematic: the larger of the shift without the smallest size (" +
             (e.smallest_size_shift ? formatted("%.5f", *e.smallest_size_shift) : std::string("none")) +
             ") and the shift with the lattice correction (" +
             (e.form_shift ? formatted("%.5f", *e.form_shift) : e.form_shift.reason()) + "), each at least its noise");
      if (e.tkt && e.key == "kt_flow_lattice")
        line("     systematic: the shift without the smallest size (" +
             (e.smallest_size_shift ? formatted("%.5f", *e.smallest_size_shift) : std::string("none")) +
             "), at least its noise");
      if (e.tkt && e.key == "classifier")
        line("     systematic: the larger of the shift without the smallest size (" +
             (e.smallest_size_shift ? formatted("%.5f", *e.smallest_size_shift) : std::string("none")) +
             ") and the form systematic of the crossings of P = 0.3, 0.5, 0.7 extrapolated alike (" +
             (e.form_shift ? formatted("%.5f", *e.form_shift) : e.form_shift.reason()) + ")");
      if (e.tkt && !e.systematic) line("     " + e.systematic.reason());
      line(e.tkt ? "     T_KT = " + tkt_text(e) + " (" + against_band(e) + ")"
                 : "     T_KT not determined: " + e.tkt.reason());
    }
  }
  return out + warning_lines(r.sizes, r.warnings);
}
namespace {

std::string L_title(int L) { return "L = " + std::to_string(L); }

const std::string upsilon_symbol = "{/Symbol U}";

// One observable against T, one series per size; `scale` multiplies value and error.
FigureSpec observable_figure(const XyAnalysis& r, const std::string& name, const std::string& title,
                             const std::string& y_label, Estimate XyObservables::*member,
                             const std::function<double(const XySize&)>& scale = {}) {
  FigureSpec f;
  f.name = name;
  f.title = title;
  f.x_axis.label = "T / J";
  f.y_axis.label = y_label;
  int type = 1;
  for (const XySize& s : r.sizes) {
    const double k = scale ? scale(s) : 1.0;
    Series data{L_title(s.L), {}, {}, {}, SeriesStyle::error_bars, type++};
    for (const XyObservables& o : s.observables) {
      data.x.push_back(o.temperature);
      data.y.push_back(k * (o.*member).value);
      data.y_error.push_back(k * (o.*member).error);
    }
    f.series.push_back(data);
  }
  return f;
}

// The reference band as two unlabelled lines (a label would sit on an estimate's label;
// the titles say what they are).
void add_band(FigureSpec& f, const XyAnalysis& r) {
  f.title += " (band: T_{KT} reference)";
  f.vertical_lines.push_back({reference_low * r.J, ""});
  f.vertical_lines.push_back({reference_high * r.J, ""});
}

}  // namespace

std::vector<FigureSpec> figures(const XyAnalysis& r) {
  std::vector<FigureSpec> out;
  FigureSpec upsilon = observable_figure(r, "helicity", "Helicity modulus with the universal line 2T/{/Symbol p}",
                                         upsilon_symbol + " / J", &XyObservables::helicity);
  upsilon.functions.push_back({"2T/{/Symbol p}", "2*x/pi", 8});
  upsilon.key = "bottom left";
  if (r.kt) {
    // The headline (the first estimator).
    const KtEstimator& h = r.kt->estimators.front();
    if (h.tkt)
      upsilon.vertical_lines.push_back(
          {h.tkt->value, h.key == "kt_flow_lattice" ? "T_{KT} (KT flow fit)" : "T_{KT} (Weber-Minnhagen)"});
  }
  out.push_back(upsilon);

  if (r.kt && r.kt->weber_minnhagen) {
    const WeberMinnhagen& w = *r.kt->weber_minnhagen;
    FigureSpec p;
    p.name = "weber_minnhagen";
    p.title = "Weber-Minnhagen fit: {/Symbol c}^2 with C fitted at each T (" +
              std::to_string(w.dof + 1) + " sizes)";
    p.x_axis.label = "T / J";
    p.y_axis = {"{/Symbol c}^2_{min}(T)", std::nullopt, std::nullopt, true};
    p.series.push_back({"profile", w.grid, w.profile, {}, SeriesStyle::lines, 1});
    p.vertical_lines.push_back({w.tkt, "T_{KT} = " + formatted("%.4f", w.tkt)});
    if (const auto& s = r.kt->weber_minnhagen_subleading)
      p.series.push_back({"with the sub-leading term D u^2 (T_{KT} = " + formatted("%.4f", s->tkt) + ")", s->grid,
                          s->profile, {}, SeriesStyle::lines, 2});
    add_band(p, r);
    out.push_back(p);
  }

  if (r.kt) {
    FigureSpec x;
    x.name = "kt_extrapolation";
    x.title = "T*(L) of the KT estimators against 1/(ln L)^2, with their extrapolations";
    x.x_axis = {"1 / (ln L)^2", 0.0, std::nullopt};
    x.y_axis.label = "T / J";
    x.key = "top left";
    int type = 1;
    for (const KtEstimator& e : r.kt->estimators) {
      if (e.points.empty()) {
        if (e.tkt) x.series.push_back({e.title, {0.0}, {e.tkt->value}, {e.total_error()}, SeriesStyle::error_bars, type});
        ++type;
        continue;
      }
      Series s{e.title, {}, {}, {}, SeriesStyle::error_bars, type};
      for (const FiniteSizePoint& p : e.points)
        if (p.temperature) {
          const double ln = std::log(p.effective_L);
          s.x.push_back(1 / (ln * ln));
          s.y.push_back(p.temperature->value);
          s.y_error.push_back(p.temperature->error);
        }
      x.series.push_back(s);
      if (e.extrapolation && e.tkt) {
        const LogExtrapolation& f = *e.extrapolation;
        x.functions.push_back({"fit: T_{KT} = " + formatted("%.4f", e.tkt->value),
                               precise_number(f.tkt) + " + " + precise_number(f.c) + "/(1/sqrt(x) + " + precise_number(f.d) + ")**2",
                               type});
      }
      ++type;
    }
    x.functions.push_back({"reference band", precise_number(reference_low * r.J), 8});
    x.functions.push_back({"", precise_number(reference_high * r.J), 8});
    out.push_back(x);

    if (!r.kt->eta.grid.empty()) {
      FigureSpec e;
      e.name = "eta";
      e.title = "Effective exponent {/Symbol h}(T) from {/Symbol c}' ∝ L^{2-{/Symbol h}} (ln L)^{1/8}";
      e.x_axis.label = "T / J";
      e.y_axis.label = "{/Symbol h}(T)";
      e.key = "top left";
      e.series.push_back({"all sizes", r.kt->eta.grid, r.kt->eta.eta, {}, SeriesStyle::lines, 1});
      e.functions.push_back({"{/Symbol h} = 1/4", "0.25", 8});
      add_band(e, r);
      out.push_back(e);
    }
  }

  bool classified = false;
  for (const XySize& s : r.sizes) classified = classified || s.classifier.has_value();
  if (classified) {
    FigureSpec c;
    c.name = "classifier";
    c.title = "Classifier output P(ordered)(T) per size";
    c.x_axis.label = "T / J";
    c.y_axis = {"P(ordered)", -0.02, 1.02};
    c.key = "bottom left";
    int type = 1;
    for (const XySize& s : r.sizes) {
      if (!s.classifier) continue;
      const Curve& k = s.classifier->curve.curve;
      c.series.push_back({L_title(s.L), k.x, k.y, k.error, SeriesStyle::error_bars, type++});
    }
    c.functions.push_back({"1/2", "0.5", 8});
    add_band(c, r);
    out.push_back(c);
  }

  FigureSpec vortices = observable_figure(r, "vortices", "Vortex density (vortices + antivortices) / N",
                                          "vortex density", &XyObservables::vortex_density);
  vortices.y_axis.log = true;
  vortices.key = "bottom right";
  add_band(vortices, r);
  out.push_back(vortices);

  FigureSpec energy = observable_figure(r, "energy", "Energy per spin (lines: low-temperature spin waves)",
                                        "E / (N J)", &XyObservables::energy);
  energy.key = "bottom right";
  int type = 1;
  for (const XySize& s : r.sizes) {
    Series sw{"spin waves, " + L_title(s.L), {}, s.spin_wave_energy, {}, SeriesStyle::lines, type++};
    for (const XyObservables& o : s.observables) sw.x.push_back(o.temperature);
    energy.series.push_back(sw);
  }
  out.push_back(energy);

  out.push_back(observable_figure(r, "specific_heat", "Specific heat per spin", "C / N",
                                  &XyObservables::specific_heat));
  out.push_back(observable_figure(r, "magnetization", "Mean absolute magnetization per spin", "<|m|>",
                                  &XyObservables::abs_magnetization));
  out.push_back(observable_figure(r, "susceptibility",
                                  "Susceptibility per spin, {/Symbol c} = {/Symbol b}N(<m^2> - <|m|>^2)",
                                  "{/Symbol c}", &XyObservables::susceptibility));
  FigureSpec chi = observable_figure(
      r, "full_susceptibility_scaled",
      "{/Symbol c}' / L^{7/4}, {/Symbol c}' = {/Symbol b}N<m^2>: sizes meet near T_{KT} (up to (ln L)^{1/8})",
      "{/Symbol c}' / L^{7/4}", &XyObservables::full_susceptibility,
      [](const XySize& s) { return std::pow(s.L, -1.75); });
  add_band(chi, r);
  out.push_back(chi);

  FigureSpec tau;
  tau.name = "tau_int";
  tau.title = "Integrated autocorrelation time of the stored samples (binning)";
  tau.x_axis.label = "T / J";
  tau.y_axis = {"{/Symbol t}_{int} (samples)", std::nullopt, std::nullopt, true};
  type = 1;
  for (const XySize& s : r.sizes) {
    Series e{"energy, " + L_title(s.L), {}, {}, {}, SeriesStyle::lines_points, type};
    Series h{upsilon_symbol + ", " + L_title(s.L), {}, {}, {}, SeriesStyle::points, type};
    for (const XyObservables& o : s.observables) {
      e.x.push_back(o.temperature);
      e.y.push_back(o.tau_int_energy);
      h.x.push_back(o.temperature);
      h.y.push_back(o.tau_int_helicity);
    }
    tau.series.push_back(e);
    tau.series.push_back(h);
    ++type;
  }
  out.push_back(tau);

  FigureSpec exchange = exchange_figure(r.sizes, r.options.min_exchange_acceptance);
  exchange.key = "bottom left";
  out.push_back(exchange);
  return out;
}

void write_report(const XyAnalysis& result, const std::vector<std::string>& inputs,
                  const std::filesystem::path& directory, bool render) {
  write_json(directory / "summary.json", summary_json(result, inputs));
  for (const XySize& s : result.sizes) {
    const std::vector<std::string> names{
        "T", "energy", "energy_error", "spin_wave_energy", "specific_heat", "specific_heat_error",
        "abs_magnetization", "abs_magnetization_error", "susceptibility", "susceptibility_error",
        "full_susceptibility", "full_susceptibility_error", "helicity_modulus", "helicity_modulus_error",
        "vortex_density", "vortex_density_error", "tau_int_energy", "tau_int_abs_magnetization",
        "tau_int_helicity"};
    std::vector<std::vector<double>> columns(names.size());
    for (std::size_t t = 0; t < s.observables.size(); ++t) {
      const XyObservables& o = s.observables[t];
      const double values[] = {o.temperature, o.energy.value, o.energy.error, s.spin_wave_energy[t],
                               o.specific_heat.value, o.specific_heat.error, o.abs_magnetization.value,
                               o.abs_magnetization.error, o.susceptibility.value, o.susceptibility.error,
                               o.full_susceptibility.value, o.full_susceptibility.error, o.helicity.value,
                               o.helicity.error, o.vortex_density.value, o.vortex_density.error,
                               o.tau_int_energy, o.tau_int_abs_magnetization, o.tau_int_helicity};
      for (std::size_t c = 0; c < names.size(); ++c) columns[c].push_back(values[c]);
    }
    write_csv(directory / ("observables_L" + std::to_string(s.L) + ".csv"), csv_from_columns(names, columns));
  }
  write_figures(figures(result), directory, render);
}

}  // namespace phaselearn::analysis::xy2d
