#pragma once
// What the reports of every model share about the runs themselves: the header of
// summary.json, the replica-exchange diagnostics (summary.json, warnings, the exchange
// figure) and the warning lines of the stdout summary. A model's size type provides `L`,
// `exchange_acceptance`, `round_trips`, `observables` (each with `temperature`) and
// `warnings`.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "analysis/figure.hpp"
#include "analysis/inputs.hpp"
#include "analysis/json.hpp"
#include "analysis/report_text.hpp"

namespace phaselearn::analysis {

// {"tool", "code_version", "inputs"}: the first keys of every summary.json.
Json summary_header(const std::vector<std::string>& inputs);

// Warnings on how a run's replica exchange mixed: pairs of temperatures with an acceptance
// below `min_acceptance`, and no round trip at all.
std::vector<std::string> exchange_warnings(const RunInput& run, double min_acceptance);

// The lowest acceptance of neighbouring temperatures (NaN without any) and the round trips
// of all walkers.
inline double min_acceptance(const std::vector<double>& acceptance) {
  return acceptance.empty() ? std::nan("") : *std::min_element(acceptance.begin(), acceptance.end());
}
inline std::int64_t total_round_trips(const std::vector<std::int64_t>& trips) {
  return std::accumulate(trips.begin(), trips.end(), std::int64_t{0});
}

// {"acceptance", "min_acceptance", "round_trips"} of one size.
Json exchange_json(const std::vector<double>& acceptance, const std::vector<std::int64_t>& round_trips);

// The acceptance of each size against the middle of its pair of temperatures, with the
// warning threshold.
template <class Size>
FigureSpec exchange_figure(const std::vector<Size>& sizes, double min_acceptance) {
  FigureSpec f;
  f.name = "exchange";
  f.title = "Replica-exchange acceptance of neighbouring temperatures";
  f.x_axis.label = "(T_i + T_{i+1}) / 2";
  f.y_axis = {"acceptance", 0.0, 1.05};
  int type = 1;
  for (const Size& s : sizes) {
    Series a{"L = " + std::to_string(s.L), {}, s.exchange_acceptance, {}, SeriesStyle::lines_points, type++};
    for (std::size_t p = 0; p < s.exchange_acceptance.size() && p + 1 < s.observables.size(); ++p)
      a.x.push_back(0.5 * (s.observables[p].temperature + s.observables[p + 1].temperature));
    a.y.resize(a.x.size());
    f.series.push_back(a);
  }
  f.functions.push_back({"warning threshold", precise_number(min_acceptance), 8});
  return f;
}

// "\nwarning: L = 16: ...\nwarning: ..." for each size's warnings, then the others (empty
// without any).
template <class Size>
std::string warning_lines(const std::vector<Size>& sizes, const std::vector<std::string>& others) {
  std::vector<std::string> warnings;
  for (const Size& s : sizes)
    for (const std::string& w : s.warnings) warnings.push_back("L = " + std::to_string(s.L) + ": " + w);
  warnings.insert(warnings.end(), others.begin(), others.end());
  std::string out = warnings.empty() ? "" : "\n";
  for (const std::string& w : warnings) out += "warning: " + w + "\n";
  return out;
}

}  // namespace phaselearn::analysis
