#include "analysis/crossing.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>

#include "analysis/least_squares.hpp"
#include "analysis/statistics.hpp"
#include "core/errors.hpp"
#include "core/random.hpp"

namespace phaselearn::analysis {

namespace {

void validate_temperatures(std::span<const double> temperatures, Eigen::Index rows) {
  if (static_cast<Eigen::Index>(temperatures.size()) != rows)
    throw InputError("classifier curve: " + std::to_string(temperatures.size()) +
                     " temperatures but " + std::to_string(rows) + " rows of predictions");
  for (std::size_t i = 0; i < temperatures.size(); ++i) {
    if (!std::isfinite(temperatures[i]) || !(temperatures[i] > 0))
      throw InputError("classifier curve: temperature " + std::to_string(i) +
                       " is not a positive number");
    if (i > 0 && !(temperatures[i] > temperatures[i - 1]))
      throw InputError("classifier curve: temperatures are not strictly ascending");
  }
}

std::string format_number(double v) {
  std::ostringstream out;
  out.precision(4);
  out << v;
  return out.str();
}

// Logistic 1 / (1 + exp((T - T*)/w)) with parameters (T*, w).
struct LogisticModel {
  std::span<const double> temperatures;
  void operator()(const Eigen::VectorXd& p, Eigen::VectorXd& values,
                  Eigen::MatrixXd& jacobian) const {
    const double t_star = p[0], width = p[1];
    for (Eigen::Index i = 0; i < values.size(); ++i) {
      const double z = (temperatures[static_cast<std::size_t>(i)] - t_star) / width;
      const double value = 1.0 / (1.0 + std::exp(z));
      const double slope = value * (1.0 - value);  // -dP/dz
      values[i] = value;
      jacobian(i, 0) = slope / width;
      jacobian(i, 1) = slope * z / width;
    }
  }
};

// Start from a straight line through logit(P) = (T* - T)/w (means clamped away from 0
// and 1, where the logit is infinite).
Eigen::VectorXd logistic_start(std::span<const double> t, const Eigen::VectorXd& p) {
  const auto n = static_cast<double>(t.size());
  double st = 0, sl = 0, stt = 0, stl = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double q = std::clamp(p[static_cast<Eigen::Index>(i)], 0.01, 0.99);
    const double logit = std::log(q / (1 - q));
    st += t[i];
    sl += logit;
    stt += t[i] * t[i];
    stl += t[i] * logit;
  }
  const double slope = (n * stl - st * sl) / (n * stt - st * st);  // = -1/w
  const double intercept = (sl - slope * st) / n;                  // = T*/w
  Eigen::VectorXd start(2);
  if (std::isfinite(slope) && slope != 0) {
    start << -intercept / slope, -1.0 / slope;
  } else {
    start << 0.5 * (t.front() + t.back()), 0.25 * (t.back() - t.front());
  }
  return start;
}

struct WindowData {
  std::span<const double> temperatures;
  Eigen::VectorXd mean, sigma;
};

WindowData window_data(const Curve& curve, std::size_t begin, std::size_t end) {
  const auto points = static_cast<Eigen::Index>(end - begin);
  WindowData window{{curve.x.data() + begin, end - begin}, Eigen::VectorXd(points), Eigen::VectorXd(points)};
  for (Eigen::Index i = 0; i < points; ++i) {
    window.mean[i] = curve.y[begin + static_cast<std::size_t>(i)];
    window.sigma[i] = curve.error[begin + static_cast<std::size_t>(i)];
  }
  return window;
}

LeastSquaresFit fit_logistic(const Curve& curve, std::size_t begin, std::size_t end,
                             const std::optional<Eigen::VectorXd>& start) {
  const WindowData window = window_data(curve, begin, end);
  return levenberg_marquardt(LogisticModel{window.temperatures}, window.mean, window.sigma,
                             start ? *start : logistic_start(window.temperatures, window.mean));
}

bool usable(const LeastSquaresFit& fit) {
  return fit.converged && fit.parameters.allFinite() && fit.parameters[1] != 0;
}

// Widens [begin, end) one point at a time, taking the nearer neighbour of `centre`,
// until it has `count` points or covers the grid.
void grow_to(const std::vector<double>& t, double centre, std::size_t count, std::size_t& begin,
             std::size_t& end) {
  while (end - begin < count && (begin > 0 || end < t.size())) {
    const bool left = begin > 0 && (end == t.size() || centre - t[begin - 1] <= t[end] - centre);
    if (left)
      --begin;
    else
      ++end;
  }
}

double percentile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(position);
  const std::size_t above = std::min(below + 1, values.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return values[below] + fraction * (values[above] - values[below]);
}

double standard_deviation(const std::vector<double>& values) {
  return std::sqrt(variance(values));
}

}  // namespace

ClassifierCurve classifier_curve(std::span<const double> temperatures,
                                 const Eigen::Ref<const SampleMatrix>& p_ordered) {
  validate_temperatures(temperatures, p_ordered.rows());
  const auto samples = static_cast<std::size_t>(p_ordered.cols());
  if (samples < 2) throw InputError("classifier curve: need at least 2 samples per temperature");

  ClassifierCurve result;
  std::vector<double> row(samples);
  for (Eigen::Index t = 0; t < p_ordered.rows(); ++t) {
    for (std::size_t s = 0; s < samples; ++s)
      row[s] = static_cast<double>(p_ordered(t, static_cast<Eigen::Index>(s)));
    const BinningAnalysis binning = binning_analysis(row);
    result.curve.x.push_back(temperatures[static_cast<std::size_t>(t)]);
    result.curve.y.push_back(binning.mean);
    result.curve.error.push_back(std::max(binning.error, 1.0 / static_cast<double>(samples)));
    result.tau_int.push_back(binning.tau_int);
    result.binning_converged = result.binning_converged && binning.converged;
  }
  return result;
}

Outcome<Crossing> find_crossing(std::span<const double> temperatures,
                                const Eigen::Ref<const SampleMatrix>& p_ordered,
                                const CrossingOptions& options) {
  if (options.bootstrap_replicas < 2)
    throw InputError("crossing: the bootstrap needs at least 2 replicas");
  const ClassifierCurve data = classifier_curve(temperatures, p_ordered);
  const Curve& curve = data.curve;
  const std::size_t n = curve.size();
  if (n < 2) return Outcome<Crossing>::failure("a crossing needs at least 2 temperatures");

  // Which side of 1/2 the curve starts on; "above" means on that side.
  int orientation = 0;
  for (double y : curve.y)
    if (y != 0.5) {
      orientation = y > 0.5 ? 1 : -1;
      break;
    }
  if (orientation == 0)
    return Outcome<Crossing>::failure("mean P(ordered) is exactly 1/2 at every temperature");
  const auto above = [&](std::size_t j) { return orientation * (curve.y[j] - 0.5) > 0; };

  std::size_t first_below = n, last_above = 0;
  for (std::size_t j = 0; j < n; ++j) {
    if (!above(j) && first_below == n) first_below = j;
    if (above(j)) last_above = j;
  }
  if (first_below == n) {
    std::size_t closest = 0;
    for (std::size_t j = 1; j < n; ++j)
      if (std::abs(curve.y[j] - 0.5) < std::abs(curve.y[closest] - 0.5)) closest = j;
    return Outcome<Crossing>::failure(
        "mean P(ordered) never crosses 1/2: it stays " +
        std::string(orientation > 0 ? "above" : "below") + " 1/2 for T in [" +
        format_number(curve.x.front()) + ", " + format_number(curve.x.back()) +
        "] (closest " + format_number(curve.y[closest]) + " at T = " +
        format_number(curve.x[closest]) + ")");
  }

  Crossing crossing;
  for (std::size_t j = 0; j + 1 < n; ++j)
    if (above(j) != above(j + 1)) ++crossing.sign_changes;

  // First window: every temperature between the first point below and the last point
  // above, the bracketing neighbours, and the unsaturated part of the curve around them.
  std::size_t begin = first_below > 0 ? first_below - 1 : 0;
  std::size_t end = std::min(last_above + 1, n - 1) + 1;
  const auto in_band = [&](std::size_t j) {
    return curve.y[j] >= options.first_window_probability &&
           curve.y[j] <= 1 - options.first_window_probability;
  };
  while (begin > 0 && in_band(begin - 1)) --begin;
  while (end < n && in_band(end)) ++end;
  grow_to(curve.x, 0.5 * (curve.x[begin] + curve.x[end - 1]), options.min_window_points, begin, end);

  LeastSquaresFit central = fit_logistic(curve, begin, end, std::nullopt);
  // Then the window symmetric in T about the fitted crossing, until it settles: a
  // point-symmetric model fitted over a lopsided window would pull T* towards the side
  // with more points wherever the curve is not exactly logistic.
  for (int iteration = 0; iteration < 5 && usable(central); ++iteration) {
    const double centre = central.parameters[0];
    const double reach = options.window_half_width * std::abs(central.parameters[1]);
    std::size_t b = static_cast<std::size_t>(
        std::lower_bound(curve.x.begin(), curve.x.end(), centre - reach) - curve.x.begin());
    std::size_t e = static_cast<std::size_t>(
        std::upper_bound(curve.x.begin(), curve.x.end(), centre + reach) - curve.x.begin());
    if (b >= e) {  // nothing within reach: start from the nearest point
      b = std::min(b, n - 1);
      e = b + 1;
    }
    grow_to(curve.x, centre, options.min_window_points, b, e);
    if (b == begin && e == end) break;
    begin = b;
    end = e;
    central = fit_logistic(curve, begin, end, central.parameters);
  }
  crossing.window_begin = begin;
  crossing.window_end = end;
  std::string window_text = "[";  // built in steps: GCC 12 -Wrestrict misfires on "..." + string&&
  window_text += format_number(curve.x[begin]) + ", " + format_number(curve.x[end - 1]) + "]";
  if (!usable(central))
    return Outcome<Crossing>::failure("the logistic fit of P(ordered) in T " + window_text +
                                      " did not converge");
  crossing.temperature = central.parameters[0];
  crossing.width = central.parameters[1];
  crossing.chi2 = central.chi2;
  crossing.dof = central.dof;
  if (crossing.temperature < curve.x[begin] || crossing.temperature > curve.x[end - 1])
    return Outcome<Crossing>::failure("the logistic fit puts the crossing at T = " +
                                      format_number(crossing.temperature) +
                                      ", outside the fitted window " + window_text);

  const auto samples = static_cast<std::size_t>(p_ordered.cols());
  std::vector<std::vector<double>> window_samples(end - begin, std::vector<double>(samples));
  for (std::size_t i = 0; i < window_samples.size(); ++i)
    for (std::size_t s = 0; s < samples; ++s)
      window_samples[i][s] = static_cast<double>(
          p_ordered(static_cast<Eigen::Index>(begin + i), static_cast<Eigen::Index>(s)));
  const std::vector<std::span<const double>> window_series(window_samples.begin(), window_samples.end());
  crossing.tau_int = integrated_autocorrelation_time(window_series).tau_int;
  const double wanted = options.block_length > 0 ? static_cast<double>(options.block_length)
                                                 : std::ceil(16 * crossing.tau_int);
  crossing.block_length =
      std::clamp<std::size_t>(static_cast<std::size_t>(wanted), 1, std::max<std::size_t>(samples / 8, 1));

  // Block means per window temperature, so a replica is a mean of resampled blocks.
  std::vector<std::vector<double>> block_means(window_samples.size());
  std::vector<double> block_average(window_samples.size());
  for (std::size_t i = 0; i < window_samples.size(); ++i) {
    for (std::size_t b = 0; b + crossing.block_length <= samples; b += crossing.block_length) {
      const auto first = window_samples[i].begin() + static_cast<std::ptrdiff_t>(b);
      block_means[i].push_back(
          std::accumulate(first, first + static_cast<std::ptrdiff_t>(crossing.block_length), 0.0) /
          static_cast<double>(crossing.block_length));
    }
    block_average[i] = mean(block_means[i]);
  }
  const std::size_t blocks = block_means.front().size();
  const double deficit = std::sqrt(static_cast<double>(blocks) / static_cast<double>(blocks - 1));

  const WindowData window = window_data(curve, begin, end);
  const LogisticModel model{window.temperatures};
  Xoshiro256pp rng(options.seed, options.stream, Purpose::bootstrap);
  std::vector<double> t_stars, widths;
  Eigen::VectorXd replica(window.mean.size());
  for (std::size_t r = 0; r < options.bootstrap_replicas; ++r) {
    for (std::size_t i = 0; i < block_means.size(); ++i) {
      double sum = 0;
      for (std::size_t k = 0; k < blocks; ++k) sum += block_means[i][rng.below(blocks)];
      replica[static_cast<Eigen::Index>(i)] =
          block_average[i] + deficit * (sum / static_cast<double>(blocks) - block_average[i]);
    }
    const LeastSquaresFit refit = levenberg_marquardt(model, replica, window.sigma, central.parameters);
    if (refit.converged && refit.parameters.allFinite()) {
      t_stars.push_back(refit.parameters[0]);
      widths.push_back(refit.parameters[1]);
    } else {
      ++crossing.bootstrap_failures;
    }
  }
  if (t_stars.size() < 2 || 2 * crossing.bootstrap_failures > options.bootstrap_replicas)
    return Outcome<Crossing>::failure(
        "the bootstrap refits of the crossing failed in " +
        std::to_string(crossing.bootstrap_failures) + " of " +
        std::to_string(options.bootstrap_replicas) + " replicas");
  crossing.error = standard_deviation(t_stars);
  crossing.bootstrap_low = percentile(t_stars, 0.16);
  crossing.bootstrap_high = percentile(t_stars, 0.84);
  crossing.width_error = standard_deviation(widths);
  return Outcome<Crossing>::success(crossing);
}

}  // namespace phaselearn::analysis
