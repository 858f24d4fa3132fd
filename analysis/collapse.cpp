#include "analysis/collapse.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace phaselearn::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

struct ScaledPoint {
  double x, y, error;
};

void validate(std::span<const SizedCurve> curves) {
  for (const SizedCurve& c : curves) {
    validate_curve(c.curve, "collapse curve");
    if (!(c.size > 0)) throw InputError("collapse: lattice sizes must be positive");
    for (double e : c.curve.error)
      if (!(e > 0)) throw InputError("collapse: every point needs a positive error");
  }
}

CollapseQuality quality_of(std::span<const SizedCurve> curves, double tc, double nu,
                           const CollapseOptions& options) {
  std::vector<std::vector<ScaledPoint>> scaled(curves.size());
  for (std::size_t c = 0; c < curves.size(); ++c) {
    const double factor = std::pow(curves[c].size, 1 / nu);
    const Curve& curve = curves[c].curve;
    for (std::size_t i = 0; i < curve.size(); ++i) {
      const double x = (curve.x[i] - tc) * factor;
      if (std::abs(x) <= options.x_max) scaled[c].push_back({x, curve.y[i], curve.error[i]});
    }
  }

  double sum = 0;
  std::size_t terms = 0;
  for (std::size_t c = 0; c < scaled.size(); ++c) {
    for (const ScaledPoint& p : scaled[c]) {
      // Weighted straight line through the bracketing pairs of all other sizes.
      double k = 0, kx = 0, ky = 0, kxx = 0, kxy = 0;
      for (std::size_t other = 0; other < scaled.size(); ++other) {
        const auto& points = scaled[other];
        if (other == c || points.size() < 2) continue;
        const auto it = std::lower_bound(points.begin(), points.end(), p.x,
                                         [](const ScaledPoint& q, double x) { return q.x < x; });
        if (it == points.end() || (it == points.begin() && it->x > p.x)) continue;
        const auto first = it == points.begin() ? it : it - 1;
        for (auto q = first; q != first + 2; ++q) {
          const double w = 1 / (q->error * q->error);
          k += w;
          kx += w * q->x;
          ky += w * q->y;
          kxx += w * q->x * q->x;
          kxy += w * q->x * q->y;
        }
      }
      const double delta = k * kxx - kx * kx;
      if (!(delta > 0)) continue;  // not bracketed, or all support at one x
      const double master = (kxx * ky - kx * kxy) / delta + p.x * (k * kxy - kx * ky) / delta;
      const double master_variance = (kxx - 2 * p.x * kx + p.x * p.x * k) / delta;
      const double deviation = p.y - master;
      sum += deviation * deviation / (p.error * p.error + master_variance);
      ++terms;
    }
  }
  return {terms > 0 ? sum / static_cast<double>(terms) : nan, terms};
}

// Nelder–Mead on a function of two variables; returns the best vertex.
template <class F>
Eigen::Vector2d nelder_mead(const F& f, Eigen::Vector2d start, const Eigen::Vector2d& step,
                            int max_evaluations) {
  std::array<Eigen::Vector2d, 3> vertex{start, start + Eigen::Vector2d(step[0], 0),
                                        start + Eigen::Vector2d(0, step[1])};
  std::array<double, 3> value{};
  for (int i = 0; i < 3; ++i) value[i] = f(vertex[i]);
  int evaluations = 3;
  while (evaluations < max_evaluations) {
    std::array<int, 3> order{0, 1, 2};
    std::sort(order.begin(), order.end(), [&](int a, int b) { return value[a] < value[b]; });
    const int best = order[0], middle = order[1], worst = order[2];
    const double spread = value[worst] - value[best];
    const double size = std::max((vertex[worst] - vertex[best]).cwiseQuotient(step).cwiseAbs().maxCoeff(),
                                 (vertex[middle] - vertex[best]).cwiseQuotient(step).cwiseAbs().maxCoeff());
    if (spread <= 1e-10 * (std::abs(value[best]) + 1e-10) && size <= 1e-6) break;

    const Eigen::Vector2d centroid = 0.5 * (vertex[best] + vertex[middle]);
    const auto try_point = [&](double t) {
      const Eigen::Vector2d point = centroid + t * (vertex[worst] - centroid);
      ++evaluations;
      return std::pair{point, f(point)};
    };
    const auto [reflected, reflected_value] = try_point(-1);
    if (reflected_value < value[best]) {
      const auto [expanded, expanded_value] = try_point(-2);
      if (expanded_value < reflected_value) {
        vertex[worst] = expanded;
        value[worst] = expanded_value;
      } else {
        vertex[worst] = reflected;
        value[worst] = reflected_value;
      }
    } else if (reflected_value < value[middle]) {
      vertex[worst] = reflected;
      value[worst] = reflected_value;
    } else {
      const bool outside = reflected_value < value[worst];
      const auto [contracted, contracted_value] = try_point(outside ? -0.5 : 0.5);
      if (contracted_value < std::min(reflected_value, value[worst])) {
        vertex[worst] = contracted;
        value[worst] = contracted_value;
      } else {  // shrink towards the best vertex
        for (int i : {middle, worst}) {
          vertex[i] = vertex[best] + 0.5 * (vertex[i] - vertex[best]);
          value[i] = f(vertex[i]);
          ++evaluations;
        }
      }
    }
  }
  const auto best = std::min_element(value.begin(), value.end()) - value.begin();
  return vertex[static_cast<std::size_t>(best)];
}

}  // namespace

CollapseQuality collapse_quality(std::span<const SizedCurve> curves, double tc, double nu,
                                 const CollapseOptions& options) {
  validate(curves);
  if (!(nu > 0)) throw InputError("collapse: nu must be positive");
  return quality_of(curves, tc, nu, options);
}

Outcome<CollapseFit> fit_collapse(std::span<const SizedCurve> curves, double tc_start,
                                  double nu_start, const CollapseFitOptions& options) {
  validate(curves);
  if (curves.size() < 2)
    return Outcome<CollapseFit>::failure("a data collapse needs at least 2 sizes");
  if (!(nu_start > 0)) throw InputError("collapse: the starting nu must be positive");
  const auto objective = [&](const Eigen::Vector2d& p) {
    if (!(p[1] > 0)) return infinity;
    const double s = quality_of(curves, p[0], p[1], options.collapse).quality;
    return std::isfinite(s) ? s : infinity;
  };
  const Eigen::Vector2d step(options.tc_step, options.nu_step);
  if (!std::isfinite(objective(Eigen::Vector2d(tc_start, nu_start))))
    return Outcome<CollapseFit>::failure(
        "the curves do not overlap in (T - Tc) L^(1/nu) at the starting Tc and nu");

  // A restart from the first minimum guards against a simplex that collapsed early on a
  // kink of S.
  Eigen::Vector2d best = nelder_mead(objective, Eigen::Vector2d(tc_start, nu_start), step,
                                     options.max_evaluations);
  best = nelder_mead(objective, best, step / 4, options.max_evaluations);
  const CollapseQuality at_best = quality_of(curves, best[0], best[1], options.collapse);

  CollapseFit fit;
  fit.tc = best[0];
  fit.nu = best[1];
  fit.quality = at_best.quality;
  fit.terms = at_best.terms;

  // Errors from the change that raises S (not N S) by one; see the header. Steps that
  // raise it by about one probe the curvature where it matters, whatever the scale of
  // each parameter.
  const double chi2_min = at_best.quality;
  const auto chi2 = [&](const Eigen::Vector2d& p) { return objective(p); };
  Eigen::Vector2d h = step / 10;
  for (int k = 0; k < 2; ++k) {
    const Eigen::Vector2d unit = Eigen::Vector2d::Unit(k);
    for (int iteration = 0; iteration < 60; ++iteration) {
      const double rise = 0.5 * (chi2(best + h[k] * unit) + chi2(best - h[k] * unit)) - chi2_min;
      if (rise < 0.5) {
        h[k] *= 2;
      } else if (rise > 2) {
        h[k] /= 2;
      } else {
        break;
      }
    }
  }
  Eigen::Matrix2d hessian;
  for (int k = 0; k < 2; ++k) {
    const Eigen::Vector2d dk = h[k] * Eigen::Vector2d::Unit(k);
    hessian(k, k) = (chi2(best + dk) - 2 * chi2_min + chi2(best - dk)) / (h[k] * h[k]);
  }
  const Eigen::Vector2d d0(h[0], 0), d1(0, h[1]);
  hessian(0, 1) = hessian(1, 0) = (chi2(best + d0 + d1) - chi2(best + d0 - d1) -
                                   chi2(best - d0 + d1) + chi2(best - d0 - d1)) /
                                  (4 * h[0] * h[1]);
  Eigen::Matrix2d covariance = Eigen::Matrix2d::Constant(nan);
  const Eigen::LLT<Eigen::Matrix2d> llt(hessian);
  if (hessian.allFinite() && llt.info() == Eigen::Success)
    covariance = 2 * llt.solve(Eigen::Matrix2d::Identity());
  if (fit.quality > 1) {
    covariance *= fit.quality;
    fit.errors_scaled = true;
  }
  fit.tc_error = std::sqrt(covariance(0, 0));
  fit.nu_error = std::sqrt(covariance(1, 1));
  return Outcome<CollapseFit>::success(fit);
}

}  // namespace phaselearn::analysis
