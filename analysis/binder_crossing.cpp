#include "analysis/binder_crossing.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>
#include <string>

#include "analysis/least_squares.hpp"
#include "analysis/statistics.hpp"
#include "core/errors.hpp"

namespace phaselearn::analysis {

namespace {

std::string size_text(double size) {
  std::ostringstream out;
  out << size;
  return out.str();
}

// Weighted quadratic in u = x - centre through the `count` points nearest the centre.
LeastSquaresFit local_quadratic(const Curve& curve, double centre, std::size_t count) {
  const std::size_t n = curve.size();
  const auto nearest = std::lower_bound(curve.x.begin(), curve.x.end(), centre) - curve.x.begin();
  auto begin = static_cast<std::size_t>(nearest), end = static_cast<std::size_t>(nearest);
  while (end - begin < count) {
    const bool can_left = begin > 0, can_right = end < n;
    if (!can_left && !can_right) break;
    if (can_left && (!can_right || centre - curve.x[begin - 1] <= curve.x[end] - centre))
      --begin;
    else
      ++end;
  }
  const auto points = static_cast<Eigen::Index>(end - begin);
  Eigen::MatrixXd design(points, 3);
  Eigen::VectorXd y(points), sigma(points);
  for (Eigen::Index i = 0; i < points; ++i) {
    const std::size_t j = begin + static_cast<std::size_t>(i);
    const double u = curve.x[j] - centre;
    design.row(i) << 1.0, u, u * u;
    y[i] = curve.y[j];
    sigma[i] = curve.error[j];
  }
  return weighted_linear_fit(design, y, sigma);
}

// Value and error of the larger curve, linearly interpolated at x (inside its range).
Estimate interpolate(const Curve& curve, double x) {
  const auto upper = static_cast<std::size_t>(
      std::upper_bound(curve.x.begin(), curve.x.end(), x) - curve.x.begin());
  const std::size_t k = std::clamp<std::size_t>(upper, 1, curve.size() - 1) - 1;
  const double w = (x - curve.x[k]) / (curve.x[k + 1] - curve.x[k]);
  return {(1 - w) * curve.y[k] + w * curve.y[k + 1],
          std::hypot((1 - w) * curve.error[k], w * curve.error[k + 1])};
}

}  // namespace

Outcome<BinderCrossing> binder_crossing(const SizedCurve& small, const SizedCurve& large,
                                        const BinderCrossingOptions& options) {
  validate_curve(small.curve, "Binder cumulant curve");
  validate_curve(large.curve, "Binder cumulant curve");
  if (options.fit_points < 3) throw InputError("Binder crossing: fit_points must be at least 3");
  const std::string pair = "L = " + size_text(small.size) + " and L = " + size_text(large.size);
  const auto failure = [&](const std::string& why) {
    return Outcome<BinderCrossing>::failure("Binder cumulants of " + pair + ": " + why);
  };
  if (small.curve.size() < 3 || large.curve.size() < 3)
    return failure("each curve needs at least 3 temperatures");

  // Difference and its significance on the smaller size's grid, within the common range.
  std::vector<double> grid, difference, significance;
  for (std::size_t j = 0; j < small.curve.size(); ++j) {
    const double x = small.curve.x[j];
    if (x < large.curve.x.front() || x > large.curve.x.back()) continue;
    const Estimate other = interpolate(large.curve, x);
    const double d = other.value - small.curve.y[j];
    grid.push_back(x);
    difference.push_back(d);
    significance.push_back(d / std::hypot(other.error, small.curve.error[j]));
  }
  if (grid.size() < 2) return failure("fewer than 2 common temperatures");

  std::optional<std::size_t> bracket;
  double best_score = -1;
  const auto m = static_cast<std::ptrdiff_t>(grid.size());
  for (std::ptrdiff_t j = 0; j + 1 < m; ++j) {
    const double dj = difference[static_cast<std::size_t>(j)];
    const double dk = difference[static_cast<std::size_t>(j + 1)];
    // U4 grows with L in the ordered phase and falls with L in the disordered phase: only
    // a bracket where the larger size passes from above to below is a crossing (noise
    // flips the sign both ways where both curves sit at 0 or 2/3).
    if (!(dj >= 0 && dk < 0)) continue;
    double score = 0;
    for (std::ptrdiff_t k = std::max<std::ptrdiff_t>(j - 2, 0); k <= j; ++k)
      score += significance[static_cast<std::size_t>(k)];
    for (std::ptrdiff_t k = j + 1; k <= std::min(j + 3, m - 1); ++k)
      score -= significance[static_cast<std::size_t>(k)];
    if (score > best_score) {
      best_score = score;
      bracket = static_cast<std::size_t>(j);
    }
  }
  if (!bracket) {
    std::ostringstream range;
    range << "[" << grid.front() << ", " << grid.back() << "]";
    return failure("the curves do not cross for T in " + range.str());
  }

  const double left = grid[*bracket], right = grid[*bracket + 1];
  const double centre = 0.5 * (left + right);
  const LeastSquaresFit fit_small = local_quadratic(small.curve, centre, options.fit_points);
  const LeastSquaresFit fit_large = local_quadratic(large.curve, centre, options.fit_points);
  const Eigen::Vector3d c = fit_large.parameters - fit_small.parameters;
  const Eigen::Matrix3d covariance = fit_large.covariance + fit_small.covariance;

  // Roots of c0 + c1 u + c2 u^2; accept those within one bracket width of the bracket.
  const double reach = right - left;
  std::optional<double> root;
  const auto consider = [&](double u) {
    if (std::isfinite(u) && u >= left - reach - centre && u <= right + reach - centre &&
        (!root || std::abs(u) < std::abs(*root)))
      root = u;
  };
  if (std::abs(c[2]) * reach < 1e-12 * std::abs(c[1])) {
    consider(-c[0] / c[1]);
  } else {
    const double discriminant = c[1] * c[1] - 4 * c[2] * c[0];
    if (discriminant >= 0) {
      // Numerically stable pair of roots.
      const double q = -0.5 * (c[1] + std::copysign(std::sqrt(discriminant), c[1]));
      consider(q / c[2]);
      if (q != 0) consider(c[0] / q);
    }
  }
  if (!root) return failure("the local quadratic fits do not cross near T = " + size_text(centre));

  const double u = *root;
  const Eigen::Vector3d basis(1.0, u, u * u);
  const double slope = c[1] + 2 * c[2] * u;
  BinderCrossing result;
  result.size_small = small.size;
  result.size_large = large.size;
  result.temperature = centre + u;
  result.error = std::sqrt(basis.dot(covariance * basis)) / std::abs(slope);
  const Eigen::Vector3d average = 0.5 * (fit_large.parameters + fit_small.parameters);
  result.binder = average.dot(basis);
  const double binder_slope = average[1] + 2 * average[2] * u;
  result.binder_error = std::sqrt(0.25 * basis.dot(covariance * basis) +
                                  std::pow(binder_slope * result.error, 2));
  return Outcome<BinderCrossing>::success(result);
}

std::optional<double> jackknife_crossing_error(const SizedCurve& small, const SizedCurve& large,
                                               std::span<const std::vector<double>> small_replicas,
                                               std::span<const std::vector<double>> large_replicas,
                                               const BinderCrossingOptions& options) {
  // Jackknife variance of the crossing over one size's replicas, the other size held fixed.
  const auto jackknife_variance = [&](std::span<const std::vector<double>> replicas,
                                      bool replace_small) {
    std::optional<double> none;
    if (replicas.size() < 2) return none;
    std::vector<double> t;
    for (const std::vector<double>& replica : replicas) {
      SizedCurve a = small, b = large;
      (replace_small ? a : b).curve.y = replica;
      const Outcome<BinderCrossing> c = binder_crossing(a, b, options);
      if (!c.ok()) return none;
      t.push_back(c->temperature);
    }
    const double n = double(t.size());  // jackknife: (n - 1)/n times the sum of squares
    return std::optional<double>((n - 1) * (n - 1) / n * variance(t));
  };
  const std::optional<double> v_small = jackknife_variance(small_replicas, true);
  const std::optional<double> v_large = jackknife_variance(large_replicas, false);
  if (!v_small || !v_large) return std::nullopt;
  return std::sqrt(*v_small + *v_large);
}

std::vector<Outcome<BinderCrossing>> successive_binder_crossings(
    std::span<const SizedCurve> curves, const BinderCrossingOptions& options) {
  std::vector<const SizedCurve*> sorted;
  for (const SizedCurve& c : curves) sorted.push_back(&c);
  std::sort(sorted.begin(), sorted.end(),
            [](const SizedCurve* a, const SizedCurve* b) { return a->size < b->size; });
  std::vector<Outcome<BinderCrossing>> crossings;
  for (std::size_t i = 0; i + 1 < sorted.size(); ++i)
    crossings.push_back(binder_crossing(*sorted[i], *sorted[i + 1], options));
  return crossings;
}

}  // namespace phaselearn::analysis
