#include "analysis/vae/report.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "analysis/csv.hpp"
#include "analysis/report_text.hpp"
#include "analysis/xy2d/pipeline.hpp"

namespace phaselearn::analysis::vae {

namespace {

Json comparison(const Comparison& c) {
  Json j = Json::object();
  j["model"] = estimate_json(c.model);
  j["mc"] = estimate_json(c.mc);
  j["difference"] = estimate_json(c.difference);
  j["relative_deviation"] = c.relative ? estimate_json(*c.relative) : Json();
  return j;
}

Json generated_set(const std::optional<GeneratedSet>& g) {
  if (!g) return Json();
  Json j = Json::object();
  j["value"] = estimate_json(g->value);
  j["matching_mc_temperature"] =
      g->matching_temperature ? Json(*g->matching_temperature) : Json(g->matching_temperature.reason());
  return j;
}

std::string file_stem(const VaeFile& f) {
  return "vae_L" + std::to_string(f.L) + "_variant" + std::to_string(f.variant + 1);
}

Json file_json(const VaeFile& f) {
  Json j = Json::object();
  j["file"] = f.path;
  j["L"] = f.L;
  j["table"] = file_stem(f) + ".csv";
  j["bootstrap_block_length"] = f.block_length;
  j["bootstrap_blocks"] = f.blocks;
  Json energy = Json::object();
  energy["worst_relative_deviation"] = f.worst_energy_deviation;
  energy["at_T"] = f.worst_energy_temperature;
  energy["within_1_percent_at_every_T"] = f.energy_within_target;
  j["reconstruction_energy_target"] = energy;
  Json peak = Json::object();
  peak["T_star"] = bootstrapped_json(f.peak_temperature);
  if (f.peak) {
    peak["height"] = f.peak->height;
    peak["fitted_T"] = Json(std::vector<double>{f.temperatures[f.peak->first].temperature,
                                                f.temperatures[f.peak->last].temperature});
    peak["chi2"] = f.peak->chi2;
    peak["dof"] = f.peak->dof;
  }
  j["latent_susceptibility_peak"] = peak;
  j["generated_one_set"] = f.generated_energy ? Json(true) : Json(false);
  if (f.generated_energy) j["generated_energy"] = generated_set(f.generated_energy);
  if (f.generated_vortices) j["generated_vortices"] = generated_set(f.generated_vortices);
  Json temperatures = Json::array();
  for (const VaeTemperature& t : f.temperatures) {
    Json x = Json::object();
    x["T"] = t.temperature;
    x["mean_abs_mu"] = estimate_json(t.abs_mean);
    x["latent_susceptibility"] = estimate_json(t.susceptibility);
    x["principal_share"] = estimate_json(t.principal_share);
    if (t.reconstruction_loss) x["reconstruction_loss"] = estimate_json(*t.reconstruction_loss);
    x["reconstruction_energy"] = comparison(t.reconstruction_energy);
    if (t.reconstruction_vortices) x["reconstruction_vortices"] = comparison(*t.reconstruction_vortices);
    if (t.generated_energy) x["generated_energy"] = comparison(*t.generated_energy);
    if (t.generated_vortices) x["generated_vortices"] = comparison(*t.generated_vortices);
    temperatures.push_back(x);
  }
  j["temperatures"] = temperatures;
  Json history = Json::object();
  for (const auto& [name, values] : f.history) history[name] = values.empty() ? Json() : Json(values.back());
  j["history_last_epoch"] = history;
  j["warnings"] = Json(Json::Array(f.warnings.begin(), f.warnings.end()));
  return j;
}

}  // namespace

Json summary_json(const VaeAnalysis& r) {
  Json j = Json::object();
  j["latent_susceptibility"] = "chi_z(T) = <|mu|^2> - <|mu|>^2 over the samples at T (mu: the encoder's latent mean)";
  j["peak"] = "T*(L): vertex of a weighted parabola through the largest chi_z and 2 sampled points on either "
              "side; error: bootstrap over blocks of samples (the same blocks at every T)";
  j["extrapolation"] = "T*(L) = T_KT + c/(ln L)^2, weighted by the bootstrap errors of T*(L)";
  Json targets = Json::object();
  targets["reconstruction_energy_relative"] = energy_target;
  targets["tkt_relative_to_band"] = tkt_target;
  j["targets"] = targets;
  Json variants = Json::array();
  for (std::size_t k = 0; k < r.variants.size(); ++k) {
    const VaeVariant& v = r.variants[k];
    Json x = Json::object();
    x["variant"] = k + 1;
    x["label"] = v.label;
    x["energy_weight"] = v.settings.energy_weight;
    x["kl_weight"] = v.settings.kl_weight;
    x["latent"] = v.settings.latent;
    x["energy_within_1_percent_at_every_T"] = v.energy_within_target;
    x["tkt"] = bootstrapped_json(v.tkt);
    if (v.tkt) {
      Json band = Json::object();
      band["deviation_from_band"] = xy2d::band_distance(v.tkt->value);
      band["within_2_percent_of_band"] = v.tkt_within_target.value_or(false);
      band["error_covers_band"] = v.tkt->value - v.tkt->error <= xy2d::reference_high &&
                                  v.tkt->value + v.tkt->error >= xy2d::reference_low;
      x["reference_band"] = band;
    }
    if (v.extrapolation) {
      Json f = Json::object();
      f["c"] = v.extrapolation->c;
      f["chi2"] = v.extrapolation->chi2;
      f["dof"] = v.extrapolation->dof;
      x["extrapolation"] = f;
    }
    x["note"] = v.note.empty() ? Json() : Json(v.note);
    x["coarse_grain"] = v.settings.coarse_grain;
    if (v.separation) {
      const LatentSeparation& s = *v.separation;
      Json sep = Json::object();
      sep["method"] = "one VAE at every size: T_sep(L1, L2) where the normalised <|mu|> curves of successive sizes "
                      "first lie " + formatted("%g", s.gap) + " apart; T_sep = T_KT + c/(ln L)^2, L = sqrt(L1 L2)";
      Json pairs = Json::array();
      for (const SeparationPair& p : s.pairs) {
        Json q = Json::object();
        q["L"] = Json(std::vector<double>{double(p.small_L), double(p.large_L)});
        q["temperature"] = bootstrapped_json(p.temperature);
        pairs.push_back(q);
      }
      sep["pairs"] = pairs;
      sep["tkt"] = bootstrapped_json(s.tkt);
      if (s.tkt) {
        sep["deviation_from_band"] = xy2d::band_distance(s.tkt->value);
        sep["within_2_percent_of_band"] = v.separation_within_target.value_or(false);
      }
      if (s.extrapolation) {
        sep["c"] = s.extrapolation->c;
        sep["chi2"] = s.extrapolation->chi2;
        sep["dof"] = s.extrapolation->dof;
      }
      sep["note"] = s.note.empty() ? Json() : Json(s.note);
      x["latent_separation"] = sep;
    }
    Json files = Json::array();
    for (const std::size_t i : v.files) files.push_back(file_json(r.files[i]));
    x["files"] = files;
    variants.push_back(x);
  }
  j["variants"] = variants;
  j["warnings"] = Json(Json::Array(r.warnings.begin(), r.warnings.end()));
  j["failures"] = Json(Json::Array(r.failures.begin(), r.failures.end()));
  return j;
}

std::string summary_text(const VaeAnalysis& r) {
  std::string out;
  const auto line = [&](const std::string& s) { out += s + "\n"; };
  line("");
  line("VAE (" + std::to_string(r.files.size()) + " training file(s), " + std::to_string(r.variants.size()) +
       " variant(s)); targets: reconstruction energy within " + formatted("%.0f", 100 * energy_target) +
       " % of MC at every T with the energy term, latent T_KT within " + formatted("%.0f", 100 * tkt_target) +
       " % of the band [" + formatted("%.4f", xy2d::reference_low) + ", " + formatted("%.4f", xy2d::reference_high) + "]");
  for (std::size_t k = 0; k < r.variants.size(); ++k) {
    const VaeVariant& v = r.variants[k];
    line("  " + std::to_string(k + 1) + ". " + v.label + " (kl_weight = " + formatted("%g", v.settings.kl_weight) +
         ", latent = " + std::to_string(v.settings.latent) + "):");
    for (const std::size_t i : v.files) {
      const VaeFile& f = r.files[i];
      if (v.settings.coarse_grain > 0)  // energies of the block grid: nothing to hold against MC
        line("     L = " + std::to_string(f.L) + ": block averages, no energy comparison");
      else
        line("     L = " + std::to_string(f.L) + ": reconstruction energy, largest |deviation| from MC " +
             formatted("%.3f", 100 * f.worst_energy_deviation) + " % (T = " + formatted("%.4g", f.worst_energy_temperature) +
             ")" + (v.settings.energy_weight > 0 ? (f.energy_within_target ? ": within 1 %" : ": NOT within 1 %") : ""));
      if (f.generated_energy && v.settings.coarse_grain == 0)
        line("            generated (one set) energy " + plus_minus(f.generated_energy->value.value, f.generated_energy->value.error) +
             (f.generated_energy->matching_temperature
                  ? ", MC has it at T = " + formatted("%.4f", *f.generated_energy->matching_temperature)
                  : ": no MC temperature has it (" + f.generated_energy->matching_temperature.reason() + ")"));
      line("            latent susceptibility peak T*(L) = " +
           (f.peak_temperature ? plus_minus(f.peak_temperature->value, f.peak_temperature->error)
                               : "not determined: " + f.peak_temperature.reason()));
    }
    if (v.extrapolation)
      line("     extrapolation T*(L) = T_KT + c/(ln L)^2: c = " + formatted("%.4g", v.extrapolation->c) + ", chi2/dof = " +
           (v.extrapolation->dof > 0 ? formatted("%.2f", v.extrapolation->chi2 / v.extrapolation->dof) : std::string("- (exact fit)")));
    if (!v.note.empty()) line("     note: " + v.note);
    const auto against_band = [](const Bootstrapped& b, bool within) {
      const std::string where = xy2d::band_distance(b.value) == 0
                                    ? "inside the band"
                                    : formatted("%+.2f %%", 100 * xy2d::band_relative_distance(b.value)) + " from the band";
      return plus_minus(b.value, b.error) + " (" + where + "; " + (within ? "within 2 %" : "NOT within 2 %") + ")";
    };
    if (v.tkt)
      line("     latent T_KT = " + against_band(*v.tkt, *v.tkt_within_target));
    else
      line("     latent T_KT not determined: " + v.tkt.reason());
    if (v.separation) {
      const LatentSeparation& s = *v.separation;
      line("     one VAE at every size: the normalised <|mu|> curves of successive sizes part by " + formatted("%g", s.gap) + " at");
      for (const SeparationPair& p : s.pairs)
        line("       L = " + std::to_string(p.small_L) + ", " + std::to_string(p.large_L) + ": T_sep = " +
             (p.temperature ? plus_minus(p.temperature->value, p.temperature->error) : "none: " + p.temperature.reason()));
      if (s.extrapolation)
        line("     T_sep = T_KT + c/(ln L)^2, L = sqrt(L1 L2): c = " + formatted("%.4g", s.extrapolation->c) + ", chi2/dof = " +
             (s.extrapolation->dof > 0 ? formatted("%.2f", s.extrapolation->chi2 / s.extrapolation->dof) : std::string("- (exact fit)")));
      if (!s.note.empty()) line("     note: " + s.note);
      if (s.tkt)
        line("     latent separation T_KT = " + against_band(*s.tkt, *v.separation_within_target));
      else
        line("     latent separation T_KT not determined: " + s.tkt.reason());
    }
  }
  std::vector<std::string> warnings;
  for (const VaeFile& f : r.files)
    for (const std::string& w : f.warnings) warnings.push_back("VAE: " + f.path + ": " + w);
  warnings.insert(warnings.end(), r.warnings.begin(), r.warnings.end());
  if (!warnings.empty()) {
    line("");
    for (const std::string& w : warnings) line("warning: " + w);
  }
  return out;
}

namespace {

// Figure text has no underscores: gnuplot's enhanced text would set them as subscripts.
std::string figure_text(std::string s) {
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

std::string series_title(const VaeAnalysis& r, const VaeFile& f, bool with_size) {
  return figure_text(r.variants[f.variant].label + (with_size ? ", L = " + std::to_string(f.L) : std::string()));
}

using EstimateOf = std::function<std::optional<Estimate>(const VaeTemperature&)>;

// A per-temperature quantity of every file, one series each.
FigureSpec latent_figure(const VaeAnalysis& r, const std::string& name, const std::string& title,
                         const std::string& y_label, const EstimateOf& value) {
  FigureSpec f;
  f.name = name;
  f.title = title;
  f.x_axis.label = "T / J";
  f.y_axis.label = y_label;
  int type = 1;
  for (const VaeFile& file : r.files) {
    Series s{series_title(r, file, true), {}, {}, {}, SeriesStyle::error_lines, type++};
    for (const VaeTemperature& t : file.temperatures)
      if (const std::optional<Estimate> e = value(t)) {
        s.x.push_back(t.temperature);
        s.y.push_back(e->value);
        s.y_error.push_back(e->error);
      }
    f.series.push_back(s);
  }
  f.vertical_lines.push_back({xy2d::reference_low, ""});
  f.vertical_lines.push_back({xy2d::reference_high, ""});
  f.key = "below";  // one entry per file: inside, they would cover the curves
  f.height = 800;
  return f;
}

using ComparisonOf = std::optional<Comparison> (*)(const VaeTemperature&);

// MC, reconstructions and generated configurations of one size against T.
FigureSpec against_mc(const VaeAnalysis& r, int L, const std::string& name, const std::string& title,
                      const std::string& y_label, ComparisonOf reconstruction, ComparisonOf generated,
                      std::optional<GeneratedSet> VaeFile::*one_set) {
  FigureSpec f;
  f.name = name;
  f.title = title;
  f.x_axis.label = "T / J";
  f.y_axis.label = y_label;
  f.key = "top left";
  bool mc_done = false;
  int type = 1;
  for (const VaeFile& file : r.files) {
    if (file.L != L) continue;
    Series mc{"Monte Carlo", {}, {}, {}, SeriesStyle::error_lines, 8};
    Series rec{"reconstructed, " + series_title(r, file, false), {}, {}, {}, SeriesStyle::error_bars, type};
    Series gen{"generated, " + series_title(r, file, false), {}, {}, {}, SeriesStyle::points, type};
    for (const VaeTemperature& t : file.temperatures) {
      const std::optional<Comparison> c = reconstruction(t);
      if (!c) continue;
      mc.x.push_back(t.temperature), mc.y.push_back(c->mc.value), mc.y_error.push_back(c->mc.error);
      rec.x.push_back(t.temperature), rec.y.push_back(c->model.value), rec.y_error.push_back(c->model.error);
      if (const std::optional<Comparison> g = generated(t))
        gen.x.push_back(t.temperature), gen.y.push_back(g->model.value);
    }
    if (!mc_done && !mc.x.empty()) f.series.push_back(mc), mc_done = true;
    f.series.push_back(rec);
    f.series.push_back(gen);
    if (const std::optional<GeneratedSet>& g = file.*one_set)
      f.functions.push_back({"generated (one set), " + series_title(r, file, false), formatted("%.10g", g->value.value), type});
    ++type;
  }
  return f;
}

}  // namespace

std::vector<FigureSpec> figures(const VaeAnalysis& r) {
  std::vector<FigureSpec> out;
  std::vector<int> sizes;
  for (const VaeFile& f : r.files)
    if (sizes.empty() || sizes.back() != f.L) sizes.push_back(f.L);
  for (const int L : sizes) {
    const std::string suffix = "_L" + std::to_string(L);
    out.push_back(against_mc(
        r, L, "vae_energy" + suffix, "Energy per spin: reconstructions and generated configurations against MC, L = " + std::to_string(L),
        "E / (N J)", [](const VaeTemperature& t) { return std::optional<Comparison>(t.reconstruction_energy); },
        [](const VaeTemperature& t) { return t.generated_energy; }, &VaeFile::generated_energy));
    FigureSpec v = against_mc(
        r, L, "vae_vortices" + suffix, "Vortex density: reconstructions and generated configurations against MC, L = " + std::to_string(L),
        "vortex density", [](const VaeTemperature& t) { return t.reconstruction_vortices; },
        [](const VaeTemperature& t) { return t.generated_vortices; }, &VaeFile::generated_vortices);
    bool any = false;
    for (const Series& s : v.series) any = any || !s.x.empty();
    if (any) out.push_back(v);
  }

  FigureSpec deviation;
  deviation.name = "vae_energy_deviation";
  deviation.title = "Reconstruction energy per spin relative to MC (target: within 1 %)";
  deviation.x_axis.label = "T / J";
  deviation.y_axis.label = "(E_{rec} - E_{MC}) / |E_{MC}|  (%)";
  int type = 1;
  for (const VaeFile& f : r.files) {
    Series s{series_title(r, f, true), {}, {}, {}, SeriesStyle::error_lines, type++};
    for (const VaeTemperature& t : f.temperatures)
      if (t.reconstruction_energy.relative) {
        s.x.push_back(t.temperature);
        s.y.push_back(100 * t.reconstruction_energy.relative->value);
        s.y_error.push_back(100 * t.reconstruction_energy.relative->error);
      }
    deviation.series.push_back(s);
  }
  deviation.functions.push_back({"+-1 %", "1", 8});
  deviation.functions.push_back({"", "-1", 8});
  deviation.functions.push_back({"", "0", 9});
  out.push_back(deviation);

  FigureSpec chi = latent_figure(r, "vae_latent_susceptibility",
                                 "Latent susceptibility <|{/Symbol m}|^2> - <|{/Symbol m}|>^2 (band: T_{KT} reference)",
                                 "{/Symbol c}_z", [](const VaeTemperature& t) { return std::optional(t.susceptibility); });
  for (const VaeFile& f : r.files)
    if (f.peak) {
      const PeakFit& p = *f.peak;
      chi.functions.push_back({"", "(x >= " + formatted("%.10g", f.temperatures[p.first].temperature) + " && x <= " +
                                       formatted("%.10g", f.temperatures[p.last].temperature) + ") ? " +
                                       formatted("%.10g", p.a) + " + " + formatted("%.10g", p.b) + "*(x - " + formatted("%.10g", p.t0) +
                                       ") + " + formatted("%.10g", p.c) + "*(x - " + formatted("%.10g", p.t0) + ")**2 : 1/0",
                               static_cast<int>(&f - r.files.data()) + 1});
    }
  out.push_back(chi);
  if (std::all_of(r.files.begin(), r.files.end(),
                  [](const VaeFile& f) { return f.temperatures.front().reconstruction_loss.has_value(); }))
    out.push_back(latent_figure(r, "vae_reconstruction_loss", "Reconstruction loss <-ln p(x | z = {/Symbol m})> per sample",
                                "reconstruction loss", [](const VaeTemperature& t) { return t.reconstruction_loss; }));
  out.push_back(latent_figure(r, "vae_latent_magnitude", "Mean length of the latent mean <|{/Symbol m}|>",
                              "<|{/Symbol m}|>", [](const VaeTemperature& t) { return std::optional(t.abs_mean); }));
  FigureSpec share = latent_figure(r, "vae_principal_share",
                                   "Share of the first principal direction of {/Symbol m} in its variance",
                                   "largest eigenvalue / trace",
                                   [](const VaeTemperature& t) { return std::optional(t.principal_share); });
  share.y_axis.min = 0, share.y_axis.max = 1.05;
  share.key = "bottom left";
  out.push_back(share);

  FigureSpec x;
  x.name = "vae_kt_extrapolation";
  x.title = "Latent susceptibility peaks T*(L) against 1/(ln L)^2, with T_{KT} + c/(ln L)^2";
  x.x_axis = {"1 / (ln L)^2", 0.0, std::nullopt};
  x.y_axis.label = "T / J";
  x.key = "top left";
  type = 1;
  for (const VaeVariant& v : r.variants) {
    Series s{figure_text(v.label), {}, {}, {}, SeriesStyle::error_bars, type};
    for (const std::size_t i : v.files)
      if (const VaeFile& f = r.files[i]; f.peak_temperature) {
        const double ln = std::log(double(f.L));
        s.x.push_back(1 / (ln * ln));
        s.y.push_back(f.peak_temperature->value);
        s.y_error.push_back(f.peak_temperature->error);
      }
    x.series.push_back(s);
    if (v.extrapolation && v.tkt)
      x.functions.push_back({"fit: T_{KT} = " + formatted("%.4f", v.tkt->value),
                             formatted("%.10g", v.extrapolation->tkt) + " + " + formatted("%.10g", v.extrapolation->c) + "*x", type});
    ++type;
  }
  x.functions.push_back({"reference band", formatted("%.10g", xy2d::reference_low), 8});
  x.functions.push_back({"", formatted("%.10g", xy2d::reference_high), 8});
  out.push_back(x);

  for (const VaeFile& f : r.files) {
    FigureSpec history;
    history.name = file_stem(f) + "_history";
    history.title = "Training history, " + series_title(r, f, true);
    history.x_axis.label = "epoch";
    history.y_axis = {"value (positive values; log scale)", std::nullopt, std::nullopt, true};
    type = 1;
    for (const auto& [name, values] : f.history) {
      Series s{figure_text(name), {}, {}, {}, SeriesStyle::lines, type++};
      for (std::size_t e = 0; e < values.size(); ++e)
        if (values[e] > 0) s.x.push_back(double(e)), s.y.push_back(values[e]);
      history.series.push_back(s);
    }
    if (std::any_of(history.series.begin(), history.series.end(), [](const Series& s) { return !s.x.empty(); }))
      out.push_back(history);
  }
  return out;
}

void write_tables_and_figures(const VaeAnalysis& r, const std::filesystem::path& directory, bool render) {
  for (const VaeFile& f : r.files) {
    const std::vector<std::string> names{
        "T", "mean_abs_mu", "mean_abs_mu_error", "latent_susceptibility", "latent_susceptibility_error",
        "principal_share", "principal_share_error", "mc_energy", "mc_energy_error", "reconstruction_energy",
        "reconstruction_energy_error", "energy_relative_deviation", "energy_relative_deviation_error",
        "generated_energy", "generated_energy_error", "reconstruction_loss", "reconstruction_loss_error", "mc_vortices", "mc_vortices_error", "reconstruction_vortices",
        "reconstruction_vortices_error", "generated_vortices", "generated_vortices_error"};
    std::vector<std::vector<double>> columns(names.size());
    const double nan = std::nan("");
    for (const VaeTemperature& t : f.temperatures) {
      const Comparison& e = t.reconstruction_energy;
      const auto value = [&](const std::optional<Comparison>& c, bool model, bool error) {
        if (!c) return nan;
        const Estimate& x = model ? c->model : c->mc;
        return error ? x.error : x.value;
      };
      const double values[] = {
          t.temperature, t.abs_mean.value, t.abs_mean.error, t.susceptibility.value, t.susceptibility.error,
          t.principal_share.value, t.principal_share.error, e.mc.value, e.mc.error, e.model.value, e.model.error,
          e.relative ? e.relative->value : nan, e.relative ? e.relative->error : nan,
          value(t.generated_energy, true, false), value(t.generated_energy, true, true),
          t.reconstruction_loss ? t.reconstruction_loss->value : nan, t.reconstruction_loss ? t.reconstruction_loss->error : nan,
          value(t.reconstruction_vortices, false, false), value(t.reconstruction_vortices, false, true),
          value(t.reconstruction_vortices, true, false), value(t.reconstruction_vortices, true, true),
          value(t.generated_vortices, true, false), value(t.generated_vortices, true, true)};
      for (std::size_t c = 0; c < names.size(); ++c) columns[c].push_back(values[c]);
    }
    write_csv(directory / (file_stem(f) + ".csv"), csv_from_columns(names, columns));
  }
  for (const FigureSpec& f : figures(r)) {
    if (render)
      write_figure(f, directory);
    else
      write_figure_sources(f, directory);
  }
}

}  // namespace phaselearn::analysis::vae
