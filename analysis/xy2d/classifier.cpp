#include "analysis/xy2d/classifier.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/statistics.hpp"
#include "analysis/xy2d/kt_estimators.hpp"

namespace phaselearn::analysis::xy2d {

ClassifierSize classifier_size(const RunInput& run, const std::vector<TrainingInput>& networks,
                               const AnalysisOptions& options) {
  ClassifierSize r;
  r.L = run.L;
  r.coarse_grain = networks.front().coarse_grain;
  r.label_scheme = networks.front().label_scheme;
  // Every network's digest, whether or not it crosses here: it is what tells one shared
  // set of networks applied to every size.
  for (const TrainingInput& t : networks) r.network_digests.push_back(t.model_digest);
  SampleMatrix p = networks.front().p_ordered;
  for (std::size_t k = 1; k < networks.size(); ++k) p += networks[k].p_ordered;
  p /= static_cast<float>(networks.size());
  r.curve = classifier_curve(run.temperatures, p);
  CrossingOptions crossing_options;
  crossing_options.bootstrap_replicas = options.bootstrap_replicas;
  crossing_options.seed = options.seed;
  crossing_options.stream = static_cast<std::uint64_t>(run.L);
  r.crossing = find_crossing(run.temperatures, p, crossing_options);
  for (const double level : systematic_levels) r.level_crossings.push_back(level_crossing(r.curve.curve, level));
  if (!r.crossing) return r;
  Crossing c = *r.crossing;
  r.sampling_error = c.error;
  if (networks.size() > 1) {
    CrossingOptions single = crossing_options;
    single.bootstrap_replicas = 20;  // only each network's central crossing is used
    for (const TrainingInput& t : networks) {
      const Outcome<Crossing> own = find_crossing(run.temperatures, t.p_ordered, single);
      if (own)
        r.network_crossings.push_back(own->temperature);
      else
        r.warnings.push_back("network " + t.path + ": " + own.reason());
    }
    if (r.network_crossings.size() >= 2) {
      c.error = std::hypot(c.error, std::sqrt(variance(r.network_crossings) /
                                              static_cast<double>(r.network_crossings.size())));
      r.crossing = Outcome<Crossing>::success(c);
    }
  }
  return r;
}

Outcome<double> level_crossing(const Curve& curve, double level) {
  const std::string name = "P = " + std::to_string(level).substr(0, 3);
  if (curve.size() < 2 || !(curve.y.front() >= level))
    return Outcome<double>::failure("the curve starts below " + name);
  for (std::size_t i = 1; i < curve.size(); ++i)
    if (curve.y[i] < level)
      return Outcome<double>::success(curve.x[i - 1] + (curve.x[i] - curve.x[i - 1]) * (curve.y[i - 1] - level) /
                                                           (curve.y[i - 1] - curve.y[i]));
  return Outcome<double>::failure("the curve never falls below " + name + " in the range");
}

Outcome<LevelShift> level_shift(std::span<const ClassifierSize> sizes, double central, bool d_free) {
  static_assert(systematic_levels[1] == 0.5, "the middle level is the crossing of 1/2");
  std::vector<double> tkt;
  for (std::size_t k = 0; k < std::size(systematic_levels); ++k) {
    std::vector<SizePoint> points;
    for (const ClassifierSize& s : sizes) {
      if (s.level_crossings.size() <= k || !s.level_crossings[k] || !s.crossing)
        return Outcome<LevelShift>::failure(
            "no level systematic: L = " + std::to_string(s.L) + ": " +
            (s.level_crossings.size() <= k ? std::string("not computed")
             : !s.level_crossings[k]       ? s.level_crossings[k].reason()
                                           : s.crossing.reason()));
      points.push_back({double(s.L), *s.level_crossings[k], std::max(s.crossing->error, 1e-9)});
    }
    const Outcome<LogExtrapolation> x = extrapolate_log(points, d_free);
    if (!x)
      return Outcome<LevelShift>::failure("no level systematic: the extrapolation of P = " +
                                      std::to_string(systematic_levels[k]).substr(0, 3) + " " + x.reason());
    tkt.push_back(x->tkt);
  }
  LevelShift shift;
  for (std::size_t k = 0; k < tkt.size(); ++k) shift.levels = std::max(shift.levels, std::abs(tkt[k] - tkt[1]));
  shift.definition = std::abs(tkt[1] - central);
  shift.total = std::hypot(shift.levels, shift.definition);
  return Outcome<LevelShift>::success(shift);
}

bool shared_networks(std::span<const ClassifierSize> sizes) {
  if (sizes.size() < 2) return false;
  for (const ClassifierSize& s : sizes)
    if (s.network_digests != sizes.front().network_digests || s.network_digests.empty() ||
        s.coarse_grain != sizes.front().coarse_grain)
      return false;
  return true;
}

Outcome<double> separation(const Curve& small, const Curve& large, double gap) {
  double previous_t = 0, previous_d = 0;
  bool have_previous = false;
  for (std::size_t i = 0, j = 0; i < small.size() && j < large.size();) {
    if (small.x[i] < large.x[j] - 1e-12) { ++i; continue; }
    if (large.x[j] < small.x[i] - 1e-12) { ++j; continue; }
    const double d = small.y[i] - large.y[j] - gap;
    if (d >= 0) {
      if (!have_previous)
        return Outcome<double>::failure("the curves are apart by " + std::to_string(gap) +
                                        " already at the lowest shared temperature");
      return Outcome<double>::success(previous_t + (small.x[i] - previous_t) * (-previous_d) / (d - previous_d));
    }
    previous_t = small.x[i], previous_d = d, have_previous = true;
    ++i, ++j;
  }
  return Outcome<double>::failure("the curves never separate by " + std::to_string(gap) +
                                  " over the shared temperatures");
}

}  // namespace phaselearn::analysis::xy2d
