#include "analysis/ising2d/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "analysis/csv.hpp"
#include "analysis/report_text.hpp"
#include "analysis/run_report.hpp"

namespace phaselearn::analysis::ising2d {

namespace {

// An estimate against the exact value: "+0.012 %, +0.45 errors".
std::string against(double value, double error, double exact) {
  return formatted("%+.3f %%", 100 * (value - exact) / exact) + ", " +
         formatted("%+.2f", (value - exact) / error) + " errors";
}

// One line per crossing of successive sizes (`value`: the curves' quantity there), then
// the largest pair's Tc against the exact one.
std::string crossing_lines(const std::vector<Outcome<BinderCrossing>>& crossings,
                           const std::string& value,
                           const std::optional<Outcome<BinderEstimate>>& largest,
                           const std::optional<double>& exact_tc) {
  std::string out;
  for (const auto& c : crossings)
    out += c.ok() ? "  L = " + precise_number(c->size_small) + " / " + precise_number(c->size_large) +
                        ": T = " + plus_minus(c->temperature, c->error) + ", " + value +
                        " = " + plus_minus(c->binder, c->binder_error, 3) + "\n"
                  : "  " + c.reason() + "\n";
  if (largest && largest->ok() && exact_tc) {
    const BinderEstimate& b = largest->value();
    out += "  Tc (largest pair) = " + plus_minus(b.tc, b.tc_error) + " vs Onsager: " +
           against(b.tc, b.tc_error, *exact_tc) + "\n";
  }
  return out;
}

// What the classifier's T*(L) is, from how its networks saw the sizes.
std::string classifier_note(const ScalingResult& sc) {
  if (sc.scale_invariant())
    return "classifier: one set of networks for every size, on " + std::to_string(sc.coarse_grain) +
           " x " + std::to_string(sc.coarse_grain) +
           " majority-rule block spins: P(ordered) depends on (T - Tc) L^(1/nu) only (up to "
           "corrections to scaling), so T*(L) is a pseudo-critical point";
  if (sc.shared_classifier)
    return "classifier: one set of networks for every size, on the raw spins: not scale "
           "invariant (|m| at Tc falls like L^(-1/8)), T*(L) need not approach Tc like L^(-1/nu)";
  return "classifier: networks trained per size; a network that thresholds an |m|-like feature "
         "at a fixed value is not scale invariant, so T*(L) need not approach Tc like "
         "L^(-1/nu) (use train.coarse_grain and train.model_file: README)";
}

Json shift_fit_json(const ShiftFit& f) {
  Json j = Json::object();
  j["tc"] = f.tc;
  j["tc_error"] = f.tc_error;
  j["nu"] = f.nu;
  j["nu_error"] = f.nu_fixed ? Json() : Json(f.nu_error);
  j["nu_fixed"] = f.nu_fixed;
  j["amplitude"] = f.amplitude;
  j["amplitude_error"] = f.amplitude_error;
  j["tc_amplitude_correlation"] = f.tc_amplitude_correlation;
  j["chi2"] = f.chi2;
  j["dof"] = f.dof;
  j["chi2_per_dof"] = f.chi2_per_dof;
  j["errors_scaled_by_chi2"] = f.errors_scaled;
  return j;
}

template <class T, class F>
Json outcome_json(const std::optional<Outcome<T>>& o, F&& to_json) {
  if (!o) return Json();
  if (!o->ok()) {
    Json j = Json::object();
    j["failed"] = o->reason();
    return j;
  }
  return to_json(o->value());
}

// Onsager comparison of an estimate: deviation, in standard errors and relative.
// Crossings of the curves of successive sizes; `value` names the curves' quantity at
// the crossing (binder, p_ordered).
Json crossings_json(const std::vector<Outcome<BinderCrossing>>& crossings, const std::string& value) {
  Json list = Json::array();
  for (const auto& c : crossings) {
    Json x = Json::object();
    if (!c.ok()) {
      x["failed"] = c.reason();
    } else {
      x["L"] = Json(std::vector<double>{c->size_small, c->size_large});
      x["temperature"] = c->temperature;
      x["error"] = c->error;
      x[value] = c->binder;
      x[value + "_error"] = c->binder_error;
    }
    list.push_back(x);
  }
  return list;
}

Json largest_pair_json(const BinderEstimate& b) {
  Json x = Json::object();
  x["tc"] = b.tc;
  x["tc_error"] = b.tc_error;
  x["from_sizes"] = Json(std::vector<double>{b.size_small, b.size_large});
  return x;
}

Json comparison(double value, double error, double exact) {
  Json j = Json::object();
  j["value"] = value;
  j["error"] = error;
  j["deviation"] = value - exact;
  j["deviation_in_errors"] = error > 0 ? (value - exact) / error : std::nan("");
  j["relative_deviation"] = (value - exact) / exact;
  j["error_covers_exact"] = std::abs(value - exact) <= error;
  return j;
}

Json size_json(const SizeResult& s) {
  Json j = Json::object();
  j["L"] = s.L;
  j["run_file"] = s.run_path;
  j["training_files"] = Json(Json::Array(s.training_paths.begin(), s.training_paths.end()));
  j["label_scheme"] = s.label_scheme.empty() ? Json() : Json(s.label_scheme);
  j["crossing"] = outcome_json(s.crossing, [&](const Crossing& c) {
    Json x = Json::object();
    x["temperature"] = c.temperature;
    x["error"] = c.error;
    x["sampling_error"] = s.crossing_sampling_error;
    x["networks"] = s.training_paths.size();
    x["network_crossings"] = Json(s.network_crossings);
    x["network_spread"] = s.network_crossings.empty() ? Json() : Json(s.network_spread);
    x["bootstrap_16_84"] = Json(std::vector<double>{c.bootstrap_low, c.bootstrap_high});
    x["logistic_width"] = c.width;
    x["logistic_width_error"] = c.width_error;
    x["chi2"] = c.chi2;
    x["dof"] = c.dof;
    x["window"] = Json(std::vector<double>{s.classifier->curve.x[c.window_begin],
                                           s.classifier->curve.x[c.window_end - 1]});
    x["sign_changes"] = c.sign_changes;
    x["tau_int_samples"] = c.tau_int;
    x["bootstrap_block_length"] = c.block_length;
    x["bootstrap_failures"] = c.bootstrap_failures;
    return x;
  });
  j["confusion_peak"] = outcome_json(s.confusion, [](const ConfusionPeak& p) {
    Json x = Json::object();
    x["temperature"] = p.temperature;
    x["error"] = p.error ? Json(*p.error) : Json();
    x["accuracy"] = p.accuracy;
    x["prominence"] = p.prominence;
    return x;
  });
  j["exchange"] = exchange_json(s.exchange_acceptance, s.round_trips);
  j["max_energy_deviation_in_errors"] = s.exact_energy.empty() ? Json() : Json(s.max_energy_z);
  Json observables = Json::array();
  for (std::size_t t = 0; t < s.observables.size(); ++t) {
    const ThermodynamicObservables& o = s.observables[t];
    Json x = Json::object();
    x["T"] = o.temperature;
    x["energy"] = estimate_json(o.energy);
    if (!s.exact_energy.empty()) x["exact_energy"] = s.exact_energy[t];
    x["specific_heat"] = estimate_json(o.specific_heat);
    if (!s.exact_specific_heat.empty()) x["exact_specific_heat"] = s.exact_specific_heat[t];
    x["abs_magnetization"] = estimate_json(o.abs_magnetization);
    x["susceptibility"] = estimate_json(o.susceptibility);
    x["binder"] = estimate_json(o.binder);
    x["tau_int_energy_samples"] = o.tau_int_energy;
    x["tau_int_abs_magnetization_samples"] = o.tau_int_abs_magnetization;
    if (t < s.sampler_tau_int_energy.size()) x["sampler_tau_int_energy_sweeps"] = s.sampler_tau_int_energy[t];
    if (t < s.sampler_tau_int_abs_m.size()) x["sampler_tau_int_abs_m_sweeps"] = s.sampler_tau_int_abs_m[t];
    if (s.classifier) x["p_ordered"] = estimate_json({s.classifier->curve.y[t], s.classifier->curve.error[t]});
    observables.push_back(x);
  }
  j["observables"] = observables;
  j["warnings"] = Json(Json::Array(s.warnings.begin(), s.warnings.end()));
  return j;
}

}  // namespace

Json summary_json(const AnalysisResult& r, const std::vector<std::string>& inputs) {
  Json j = summary_header(inputs);
  j["model"] = r.model;
  j["J"] = r.J;
  j["exact_tc"] = r.exact_tc ? Json(*r.exact_tc) : Json();
  Json options = Json::object();
  options["scaling"] = r.options.scaling;
  options["nu_fixed"] = r.options.nu_fixed;
  options["bootstrap_replicas"] = r.options.bootstrap_replicas;
  options["seed"] = r.options.seed;
  options["min_exchange_acceptance"] = r.options.min_exchange_acceptance;
  j["options"] = options;
  Json sizes = Json::array();
  for (const SizeResult& s : r.sizes) sizes.push_back(size_json(s));
  j["sizes"] = sizes;

  if (r.scaling) {
    const ScalingResult& sc = *r.scaling;
    Json scaling = Json::object();
    Json classifier = Json::object();
    classifier["model"] = "T*(L) = Tc + a L^(-1/nu)";
    classifier["nu_fixed"] = outcome_json(sc.fixed_nu, shift_fit_json);
    classifier["nu_free"] = outcome_json(sc.free_nu, shift_fit_json);
    Json input = Json::object();
    input["coarse_grain"] = sc.coarse_grain >= 0 ? Json(sc.coarse_grain) : Json();
    input["shared_networks"] = sc.shared_classifier;
    input["scale_invariant"] = sc.scale_invariant();
    input["note"] = classifier_note(sc);
    classifier["input"] = input;
    if (sc.shared_classifier) {
      classifier["curve_crossings"] = crossings_json(sc.classifier_crossings, "p_ordered");
      classifier["curve_crossing_tc"] = outcome_json(sc.classifier_crossing, largest_pair_json);
      classifier["network_tc_nu_fixed"] = Json(Json::Array(sc.network_tc.begin(), sc.network_tc.end()));
      classifier["network_tc_spread"] = sc.network_tc.size() >= 2 ? Json(sc.network_tc_spread) : Json();
    }
    scaling["classifier"] = classifier;
    scaling["binder_crossings"] = crossings_json(sc.binder_crossings, "binder");
    scaling["binder_tc"] = outcome_json(sc.binder, largest_pair_json);
    Json collapse = Json::object();
    collapse["variable"] = "(T - Tc) L^(1/nu)";
    collapse["quality_measure"] = "Houdayer-Hartmann S (reduced chi2 against the other sizes; ~1 is ideal)";
    collapse["x_max"] = sc.collapse_x_max;
    const auto quality = [](const std::optional<CollapseQuality>& q) {
      if (!q) return Json();
      Json x = Json::object();
      x["S"] = q->quality;
      x["points"] = q->terms;
      return x;
    };
    collapse["at_fss_fit"] = quality(sc.collapse_at_fit);
    collapse["at_exact"] = quality(sc.collapse_at_exact);
    collapse["best"] = outcome_json(sc.collapse_fit, [](const CollapseFit& f) {
      Json x = Json::object();
      x["tc"] = f.tc;
      x["tc_error"] = f.tc_error;
      x["nu"] = f.nu;
      x["nu_error"] = f.nu_error;
      x["S"] = f.quality;
      x["points"] = f.terms;
      x["errors_scaled_by_S"] = f.errors_scaled;
      return x;
    });
    scaling["collapse"] = collapse;
    if (r.exact_tc) {
      Json onsager = Json::object();
      onsager["exact_tc"] = *r.exact_tc;
      if (sc.fixed_nu && sc.fixed_nu->ok())
        onsager["classifier_nu_fixed"] =
            comparison(sc.fixed_nu->value().tc, sc.fixed_nu->value().tc_error, *r.exact_tc);
      if (sc.free_nu && sc.free_nu->ok())
        onsager["classifier_nu_free"] =
            comparison(sc.free_nu->value().tc, sc.free_nu->value().tc_error, *r.exact_tc);
      if (sc.classifier_crossing && sc.classifier_crossing->ok())
        onsager["classifier_curve_crossing"] = comparison(
            sc.classifier_crossing->value().tc, sc.classifier_crossing->value().tc_error, *r.exact_tc);
      if (sc.binder && sc.binder->ok())
        onsager["binder"] = comparison(sc.binder->value().tc, sc.binder->value().tc_error, *r.exact_tc);
      scaling["onsager_comparison"] = onsager;
    }
    j["scaling"] = scaling;
  }
  j["warnings"] = Json(Json::Array(r.warnings.begin(), r.warnings.end()));
  j["failures"] = Json(Json::Array(r.failures.begin(), r.failures.end()));
  return j;
}

std::string summary_text(const AnalysisResult& r) {
  std::string out;
  const auto line = [&](const std::string& s) { out += s + "\n"; };
  line("phaselearn-analyze: model " + r.model + ", J = " + precise_number(r.J) + ", " +
       std::to_string(r.sizes.size()) + " size(s)");
  line("");
  char row[256];
  std::snprintf(row, sizeof row, "%6s %5s %5s %26s %9s %9s %10s %8s %12s", "L", "T", "nets",
                "T*(L) (P=1/2)", "width", "chi2/dof", "confusion", "min acc", "round trips");
  line(row);
  for (const SizeResult& s : r.sizes) {
    std::string crossing = "-", width = "-", chi2 = "-", confusion = "-";
    if (s.crossing && s.crossing->ok()) {
      const Crossing& c = s.crossing->value();
      crossing = plus_minus(c.temperature, c.error);
      width = formatted("%.4f", c.width);
      chi2 = c.dof > 0 ? formatted("%.2f", c.chi2 / c.dof) : "-";
    } else if (s.crossing) {
      crossing = "no crossing";
    }
    if (s.confusion && s.confusion->ok()) confusion = formatted("%.4f", s.confusion->value().temperature);
    std::snprintf(row, sizeof row, "%6d %5zu %5zu %26s %9s %9s %10s %8.3f %12lld", s.L,
                  s.observables.size(), s.training_paths.size(), crossing.c_str(), width.c_str(), chi2.c_str(),
                  confusion.c_str(), min_acceptance(s.exchange_acceptance),
                  static_cast<long long>(total_round_trips(s.round_trips)));
    line(row);
  }
  if (r.scaling) {
    const ScalingResult& sc = *r.scaling;
    line("");
    line("Finite-size scaling of the classifier crossing, T*(L) = Tc + a L^(-1/nu):");
    const auto fit_line = [&](const char* label, const std::optional<Outcome<ShiftFit>>& f) {
      if (!f) return line(std::string("  ") + label + ": no training files");
      if (!f->ok()) return line(std::string("  ") + label + ": " + f->reason());
      const ShiftFit& v = f->value();
      std::string text = std::string("  ") + label + ": Tc = " + plus_minus(v.tc, v.tc_error);
      text += v.nu_fixed ? ", nu = " + precise_number(v.nu) + " (fixed)"
                         : ", nu = " + plus_minus(v.nu, v.nu_error, 3);
      text += ", a = " + plus_minus(v.amplitude, v.amplitude_error, 3);
      text += ", chi2/dof = " + (v.dof > 0 ? formatted("%.2f", v.chi2_per_dof) : std::string("- (exact fit)"));
      if (v.errors_scaled) text += " (errors scaled)";
      line(text);
      if (r.exact_tc)
        line("      vs Onsager " + formatted("%.6f", *r.exact_tc) + ": " +
             against(v.tc, v.tc_error, *r.exact_tc));
    };
    line("  " + classifier_note(sc));
    fit_line("nu fixed", sc.fixed_nu);
    fit_line("nu free ", sc.free_nu);
    if (sc.network_tc.size() >= 2) {
      std::string list;
      for (const double t : sc.network_tc) list += (list.empty() ? "" : ", ") + formatted("%.5f", t);
      line("  each network's own T*(L), nu fixed: Tc = " + list + " (spread " +
           formatted("%.5f", sc.network_tc_spread) + ")");
    }
    if (sc.shared_classifier) {
      line("Crossings of the classifier curves P(ordered) of successive sizes (one classifier for all):");
      out += crossing_lines(sc.classifier_crossings, "P", sc.classifier_crossing, r.exact_tc);
    }
    line("Binder cumulant crossings of successive sizes:");
    out += crossing_lines(sc.binder_crossings, "U4", sc.binder, r.exact_tc);
    if (sc.collapse_fit) {
      line("Data collapse of P(ordered) against (T - Tc) L^(1/nu), |x| <= " +
           formatted("%.3g", sc.collapse_x_max) + " (quality S ~ 1 is ideal):");
      if (sc.collapse_at_fit) line("  S at the fixed-nu fit = " + formatted("%.3g", sc.collapse_at_fit->quality));
      if (sc.collapse_at_exact) line("  S at Onsager Tc, nu = 1 = " + formatted("%.3g", sc.collapse_at_exact->quality));
      if (sc.collapse_fit->ok()) {
        const CollapseFit& f = sc.collapse_fit->value();
        line("  best collapse: Tc = " + plus_minus(f.tc, f.tc_error) + ", nu = " +
             plus_minus(f.nu, f.nu_error, 3) + ", S = " + formatted("%.3g", f.quality));
      }
    }
  }
  return out + warning_lines(r.sizes, r.warnings);
}
namespace {

std::string L_title(int L) { return "L = " + std::to_string(L); }

// A key entry without data: gnuplot draws nothing for NaN but lists the title.
FunctionCurve key_entry(const std::string& title, int line_type, bool dashed = false) {
  return {title, "NaN", line_type, std::nullopt, std::nullopt, dashed};
}

constexpr int black = 8;  // gnuplot's default linetype 8

// Tic marks m x 10^k inside [low, high] for a log axis (m = 1, 2, 5, or finer steps when
// the axis spans less than a decade).
std::vector<double> log_tics(double low, double high) {
  std::vector<double> tics;
  if (!(low > 0) || !(high >= low)) return tics;
  // Less than a decade: finer steps, so that the axis still carries a few numbers.
  const std::vector<double> steps = high < 10 * low ? std::vector<double>{1, 1.5, 2, 3, 5, 7}
                                                    : std::vector<double>{1, 2, 5};
  for (double decade = std::pow(10.0, std::floor(std::log10(low))); decade <= high; decade *= 10)
    for (const double m : steps)
      if (m * decade >= low && m * decade <= high) tics.push_back(m * decade);
  return tics;
}

// One figure of an observable against T, one series per size; `exact` adds a line per size.
FigureSpec observable_figure(const AnalysisResult& r, const std::string& name,
                             const std::string& title, const std::string& y_label,
                             Estimate ThermodynamicObservables::*member,
                             const std::vector<double> SizeResult::*exact = nullptr) {
  FigureSpec f;
  f.name = name;
  f.title = title;
  f.x_axis.label = "T / J";
  f.y_axis.label = y_label;
  int type = 1;
  for (const SizeResult& s : r.sizes) {
    Series data{L_title(s.L), {}, {}, {}, SeriesStyle::error_bars, type};
    for (const ThermodynamicObservables& o : s.observables) {
      data.x.push_back(o.temperature);
      data.y.push_back((o.*member).value);
      data.y_error.push_back((o.*member).error);
    }
    f.series.push_back(data);
    if (exact && !(s.*exact).empty())
      f.series.push_back({"", s.exact_grid_t, s.*exact, {}, SeriesStyle::lines, type});
    ++type;
  }
  const bool any_exact = std::any_of(f.series.begin(), f.series.end(),
                                     [](const Series& x) { return x.style == SeriesStyle::lines; });
  if (any_exact) f.functions.push_back(key_entry("lines: exact, finite size", black));
  if (r.exact_tc) f.vertical_lines.push_back({*r.exact_tc, "T_c"});
  return f;
}

// Below the energies: (measured - exact) / error at every measured temperature.
LowerPanel energy_residuals(const AnalysisResult& r) {
  LowerPanel panel;
  panel.y_axis.label = "(E - E_{exact}) / {/Symbol s}";
  int type = 1;
  double largest = 3;
  for (const SizeResult& s : r.sizes) {
    Series z{"", {}, {}, {}, SeriesStyle::points, type++};
    for (std::size_t t = 0; t < s.observables.size() && t < s.exact_energy.size(); ++t) {
      const Estimate& e = s.observables[t].energy;
      if (!std::isfinite(s.exact_energy[t]) || !(e.error > 0)) continue;
      z.x.push_back(s.observables[t].temperature);
      z.y.push_back((e.value - s.exact_energy[t]) / e.error);
      largest = std::max(largest, std::abs(z.y.back()) * 1.1);
    }
    panel.series.push_back(z);
  }
  panel.y_axis.min = -largest;
  panel.y_axis.max = largest;
  panel.functions.push_back({"", "0", black, std::nullopt, std::nullopt, false});
  panel.functions.push_back({"", "2", black});
  panel.functions.push_back({"", "-2", black});
  return panel;
}

}  // namespace

std::vector<FigureSpec> figures(const AnalysisResult& r) {
  std::vector<FigureSpec> out;
  const bool trained = std::any_of(r.sizes.begin(), r.sizes.end(),
                                   [](const SizeResult& s) { return s.classifier.has_value(); });
  if (trained) {
    FigureSpec f;
    f.name = "classifier";
    f.title = "Classifier output: mean P(ordered) with the logistic fit at the crossing of 1/2";
    f.x_axis.label = "T / J";
    f.y_axis = {"P(ordered)", -0.02, 1.02};
    int type = 1;
    bool fitted = false;
    for (const SizeResult& s : r.sizes) {
      if (s.classifier) {
        const std::vector<double>& T = s.classifier->curve.x;
        f.series.push_back({L_title(s.L), T, s.classifier->curve.y, s.classifier->curve.error,
                            SeriesStyle::error_bars, type});
        if (s.crossing && s.crossing->ok()) {
          const Crossing& c = s.crossing->value();
          FunctionCurve fit{"", "1/(1+exp((x-" + precise_number(c.temperature) + ")/" + precise_number(c.width) + "))",
                            type};
          if (c.window_end > c.window_begin && c.window_end <= T.size()) {
            fit.from = T[c.window_begin];
            fit.to = T[c.window_end - 1];
          }
          fit.dashed = false;
          f.functions.push_back(fit);
          fitted = true;
        }
      }
      ++type;
    }
    if (fitted) f.functions.push_back(key_entry("lines: logistic fit, where fitted", black));
    if (r.exact_tc) f.vertical_lines.push_back({*r.exact_tc, "T_c (Onsager)"});
    out.push_back(f);
  }
  if (r.scaling && r.scaling->fixed_nu && r.scaling->fixed_nu->ok()) {
    const ShiftFit& fit = r.scaling->fixed_nu->value();
    const double nu = fit.nu;
    FigureSpec fss;
    fss.name = "fss";
    fss.title = "Finite-size scaling: T*(L) = T_c + a L^{-1/{/Symbol n}}, {/Symbol n} = " + precise_number(nu) + " fixed";
    fss.x_axis = {"L^{-1/{/Symbol n}}", 0.0, std::nullopt};
    fss.y_axis.label = "T / J";
    fss.key = "top left";
    Series points{"classifier T*(L)", {}, {}, {}, SeriesStyle::error_bars, 1};
    for (const SizeResult& s : r.sizes)
      if (s.crossing && s.crossing->ok()) {
        points.x.push_back(std::pow(s.L, -1 / nu));
        points.y.push_back(s.crossing->value().temperature);
        points.y_error.push_back(s.crossing->value().error);
      }
    fss.series.push_back(points);
    // Crossings of successive sizes L, L', drawn at L'^(-1/nu), the two kinds moved apart
    // by a little so that their error bars do not hide each other.
    double x_max = 0;
    for (const SizeResult& s : r.sizes) x_max = std::max(x_max, std::pow(s.L, -1 / nu));
    const double offset = 0.012 * x_max;
    const auto crossings = [&](const std::string& title, int colour, double shift,
                               const std::vector<Outcome<BinderCrossing>>& list) {
      Series series{title, {}, {}, {}, SeriesStyle::error_bars, colour};
      series.point_type = colour == 2 ? 5 : 9;
      for (const auto& c : list)
        if (c.ok()) {
          series.x.push_back(std::pow(c->size_large, -1 / nu) + shift);
          series.y.push_back(c->temperature);
          series.y_error.push_back(c->error);
        }
      return series;
    };
    fss.series.push_back(crossings("Binder crossing of L, L' (at L'^{-1/{/Symbol n}}, moved left)", 2,
                                   -offset, r.scaling->binder_crossings));
    const Series curves = crossings("classifier curves' crossing of L, L' (moved right)", 4, offset,
                                    r.scaling->classifier_crossings);
    if (!curves.x.empty()) fss.series.push_back(curves);
    fss.functions.push_back({"fit, {/Symbol n} = " + precise_number(nu) + ": T_c = " + formatted("%.4f", fit.tc) +
                                 " +- " + formatted("%.4f", fit.tc_error),
                             precise_number(fit.tc) + " + " + precise_number(fit.amplitude) + "*x", 1});
    fss.functions.back().dashed = false;
    if (r.scaling->free_nu && r.scaling->free_nu->ok()) {
      // T = Tc + a L^(-1/nu') with x = L^(-1/nu): L^(-1/nu') = x^(nu/nu').
      const ShiftFit& free = r.scaling->free_nu->value();
      fss.functions.push_back({"fit, {/Symbol n} free = " + formatted("%.2f", free.nu) + ": T_c = " +
                                   formatted("%.4f", free.tc) + " +- " + formatted("%.4f", free.tc_error),
                               precise_number(free.tc) + " + " + precise_number(free.amplitude) + "*x**(" +
                                   precise_number(nu / free.nu) + ")",
                               6, 0.0, std::nullopt});
    }
    if (r.exact_tc) fss.functions.push_back({"Onsager T_c", precise_number(*r.exact_tc), 3});
    out.push_back(fss);

    FigureSpec collapse;
    collapse.name = "collapse";
    collapse.title = "Data collapse with T_c = " + formatted("%.4f", fit.tc) + " (fit), {/Symbol n} = " + precise_number(nu);
    collapse.x_axis.label = "(T - T_c) L^{1/{/Symbol n}}";
    collapse.y_axis = {"P(ordered)", -0.02, 1.02};
    int type = 1;
    for (const SizeResult& s : r.sizes) {
      if (s.classifier) {
        Series c{L_title(s.L), {}, s.classifier->curve.y, s.classifier->curve.error, SeriesStyle::error_bars, type};
        for (const double T : s.classifier->curve.x) c.x.push_back((T - fit.tc) * std::pow(s.L, 1 / nu));
        collapse.series.push_back(c);
      }
      ++type;
    }
    if (r.scaling->collapse_x_max > 0) {
      collapse.x_axis.min = -3 * r.scaling->collapse_x_max;
      collapse.x_axis.max = 3 * r.scaling->collapse_x_max;
    }
    out.push_back(collapse);
  }

  FigureSpec energy = observable_figure(r, "energy", "Energy per spin against the exact finite-size energy (Ferdinand-Fisher)",
                                        "E / (N J)", &ThermodynamicObservables::energy,
                                        &SizeResult::exact_grid_energy);
  energy.key = "top left";
  energy.height = 800;
  const bool exact_energies = std::any_of(r.sizes.begin(), r.sizes.end(),
                                          [](const SizeResult& s) { return !s.exact_energy.empty(); });
  if (exact_energies) energy.lower = energy_residuals(r);
  out.push_back(energy);
  FigureSpec heat = observable_figure(r, "specific_heat", "Specific heat per spin",
                                      "C / N", &ThermodynamicObservables::specific_heat,
                                      &SizeResult::exact_grid_specific_heat);
  heat.key = "top left";
  for (VerticalLine& v : heat.vertical_lines) v.label_height = 0.04;
  out.push_back(heat);
  out.push_back(observable_figure(r, "magnetization", "Mean absolute magnetization per spin", "<|m|>",
                                  &ThermodynamicObservables::abs_magnetization));
  FigureSpec chi = observable_figure(r, "susceptibility",
                                     "Susceptibility per spin, {/Symbol c} = {/Symbol b}N(<m^2> - <|m|>^2)",
                                     "{/Symbol c}", &ThermodynamicObservables::susceptibility);
  for (VerticalLine& v : chi.vertical_lines) v.label_height = 0.04;
  out.push_back(chi);
  FigureSpec binder = observable_figure(r, "binder", "Binder cumulant U_4 = 1 - <m^4>/(3<m^2>^2)", "U_4",
                                        &ThermodynamicObservables::binder);
  binder.key = "bottom left";
  out.push_back(binder);

  FigureSpec tau;
  tau.name = "tau_int";
  tau.title = "Integrated autocorrelation time of the stored samples (binning)";
  tau.x_axis.label = "T / J";
  tau.y_axis = {"{/Symbol t}_{int} (stored samples)", std::nullopt, std::nullopt, true};
  tau.key = "outside right top";
  tau.width = 1050;
  int type = 1;
  double tau_low = 0.5, tau_high = 0.5;
  Series bounds{"no plateau: a lower bound", {}, {}, {}, SeriesStyle::points, black};
  bounds.point_type = 8;
  for (const SizeResult& s : r.sizes) {
    Series e{L_title(s.L), {}, {}, {}, SeriesStyle::lines_points, type};
    Series m{"", {}, {}, {}, SeriesStyle::lines_points, type};
    m.point_type = 6;
    m.dashed = true;
    for (const ThermodynamicObservables& o : s.observables) {
      e.x.push_back(o.temperature);
      e.y.push_back(o.tau_int_energy);
      m.x.push_back(o.temperature);
      m.y.push_back(o.tau_int_abs_magnetization);
      for (const double v : {o.tau_int_energy, o.tau_int_abs_magnetization}) {
        tau_low = std::min(tau_low, v);
        tau_high = std::max(tau_high, v);
        if (!o.binning_converged) {
          bounds.x.push_back(o.temperature);
          bounds.y.push_back(v);
        }
      }
    }
    tau.series.push_back(e);
    tau.series.push_back(m);
    ++type;
  }
  tau.series.push_back(bounds);
  tau.functions.push_back(key_entry("energy: solid, filled", black));
  tau.functions.push_back(key_entry("|m|: dashed, open", black, true));
  tau.y_axis.min = tau_low / 1.5;
  tau.y_axis.max = tau_high * 1.5;
  tau.y_axis.tics = log_tics(*tau.y_axis.min, *tau.y_axis.max);
  if (r.exact_tc) tau.vertical_lines.push_back({*r.exact_tc, "T_c"});
  out.push_back(tau);

  FigureSpec exchange = exchange_figure(r.sizes, r.options.min_exchange_acceptance);
  exchange.key = "outside right top";
  exchange.width = 1050;
  if (r.exact_tc) exchange.vertical_lines.push_back({*r.exact_tc, "T_c"});
  out.push_back(exchange);

  if (trained) {
    // One history per network: a model applied to other sizes carries its own history
    // into each of their files, so it is drawn once, labelled by the size it was trained
    // on (a model whose training run is not among the inputs: by the sizes it was applied to).
    struct Drawn {
      const SizeResult::NetworkHistory* history;
      std::string label;
    };
    std::vector<Drawn> drawn;
    std::vector<std::uint64_t> seen;
    for (const bool applied : {false, true})
      for (const SizeResult& s : r.sizes)
        for (const SizeResult::NetworkHistory& h : s.histories) {
          if (h.applied_model != applied) continue;
          if (h.digest != 0 && std::find(seen.begin(), seen.end(), h.digest) != seen.end()) continue;
          if (h.digest != 0) seen.push_back(h.digest);
          drawn.push_back({&h, "network " + std::to_string(h.network) +
                                   (applied ? ", applied to L = " : ", trained on L = ") +
                                   std::to_string(s.L)});
        }
    for (const bool loss : {true, false}) {
      FigureSpec h;
      h.name = loss ? "training_loss" : "training_accuracy";
      h.title = loss ? "Training history: loss (lines: training, points: validation)"
                     : "Training history: accuracy (lines: training, points: validation)";
      h.x_axis.label = "epoch";
      h.y_axis.label = loss ? "cross-entropy loss" : "accuracy";
      h.key = loss ? "top right" : "bottom right";
      type = 1;
      for (const Drawn& d : drawn) {
        const std::vector<double>& train = loss ? d.history->train_loss : d.history->train_accuracy;
        const std::vector<double>& val = loss ? d.history->val_loss : d.history->val_accuracy;
        Series a{d.label, {}, train, {}, SeriesStyle::lines, type};
        Series b{"", {}, val, {}, SeriesStyle::points, type};
        for (std::size_t e = 0; e < train.size(); ++e) a.x.push_back(static_cast<double>(e + 1));
        for (std::size_t e = 0; e < val.size(); ++e) b.x.push_back(static_cast<double>(e + 1));
        h.series.push_back(a);
        h.series.push_back(b);
        ++type;
      }
      bool any = false;
      for (const Series& s : h.series) any = any || !s.x.empty();
      if (any) out.push_back(h);
    }
  }
  const bool confusion = std::any_of(r.sizes.begin(), r.sizes.end(),
                                     [](const SizeResult& s) { return s.confusion.has_value(); });
  if (confusion) {
    FigureSpec c;
    c.name = "confusion";
    c.title = "Confusion scheme: validation accuracy against the proposed T'";
    c.x_axis.label = "proposed T' / J";
    c.y_axis.label = "validation accuracy";
    type = 1;
    for (const SizeResult& s : r.sizes) {
      if (s.confusion) {
        c.series.push_back({L_title(s.L), s.confusion_t, s.confusion_accuracy, {},
                            SeriesStyle::lines_points, type});
        if (s.confusion->ok()) c.vertical_lines.push_back({s.confusion->value().temperature, ""});
      }
      ++type;
    }
    if (r.exact_tc) c.vertical_lines.push_back({*r.exact_tc, "T_c"});
    out.push_back(c);
  }
  return out;
}

void write_report(const AnalysisResult& result, const std::vector<std::string>& inputs,
                  const std::filesystem::path& directory, bool render) {
  write_json(directory / "summary.json", summary_json(result, inputs));
  for (const SizeResult& s : result.sizes) {
    std::vector<std::string> names{"T", "energy", "energy_error", "exact_energy", "specific_heat",
                                   "specific_heat_error", "exact_specific_heat", "abs_magnetization",
                                   "abs_magnetization_error", "susceptibility", "susceptibility_error",
                                   "binder", "binder_error", "tau_int_energy", "tau_int_abs_magnetization",
                                   "p_ordered", "p_ordered_error"};
    std::vector<std::vector<double>> columns(names.size());
    for (std::size_t t = 0; t < s.observables.size(); ++t) {
      const ThermodynamicObservables& o = s.observables[t];
      const double nan = std::nan("");
      const double values[] = {o.temperature, o.energy.value, o.energy.error,
                               s.exact_energy.empty() ? nan : s.exact_energy[t],
                               o.specific_heat.value, o.specific_heat.error,
                               s.exact_specific_heat.empty() ? nan : s.exact_specific_heat[t],
                               o.abs_magnetization.value, o.abs_magnetization.error,
                               o.susceptibility.value, o.susceptibility.error, o.binder.value,
                               o.binder.error, o.tau_int_energy, o.tau_int_abs_magnetization,
                               s.classifier ? s.classifier->curve.y[t] : nan,
                               s.classifier ? s.classifier->curve.error[t] : nan};
      for (std::size_t c = 0; c < names.size(); ++c) columns[c].push_back(values[c]);
    }
    write_csv(directory / ("observables_L" + std::to_string(s.L) + ".csv"),
              csv_from_columns(names, columns));
  }
  write_figures(figures(result), directory, render);
}

}  // namespace phaselearn::analysis::ising2d
