#include "analysis/xy2d/kt_estimators.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <sstream>

#include "analysis/least_squares.hpp"
#include "core/errors.hpp"

namespace phaselearn::analysis::xy2d {

namespace {

constexpr double pi = std::numbers::pi;
constexpr double infinity = std::numeric_limits<double>::infinity();

std::string number(double v) {
  std::ostringstream out;
  out.precision(4);
  out << v;
  return out.str();
}

std::string range_text(std::span<const double> x) {
  // Appended, not "[" + string: GCC 12 warns falsely on that (-Wrestrict, bug 105329).
  std::string s(1, '[');
  s += number(x.front()) + ", " + number(x.back()) + "]";
  return s;
}

std::string size_text(double L) { return "L = " + number(L); }

// Weber–Minnhagen chi^2 at one temperature, over q = 1/(2 ln L_min + C) in [0, q_max]
// (q = 0: C infinite, Upsilon = 2T/pi; larger q: larger corrections at small L; C below
// -2 ln L_min would put the pole of the form inside the sizes). With the sub-leading term
// D is the weighted least-squares solution at each q, bounded by |D| q <= 1.
struct InnerFit {
  double chi2 = infinity, q = 0, d = 0;
};

InnerFit fit_c(std::span<const double> log_L, std::span<const Estimate> upsilon, double T,
               WmForm form) {
  const double line = 2 * T / pi;
  const auto fit_at = [&](double q) {
    std::vector<double> u(log_L.size());
    for (std::size_t i = 0; i < log_L.size(); ++i) u[i] = q / (1 + 2 * q * (log_L[i] - log_L[0]));
    double d = 0;
    if (form == WmForm::subleading) {
      double num = 0, den = 0;
      for (std::size_t i = 0; i < u.size(); ++i) {
        const double a = line * u[i] * u[i] / upsilon[i].error;
        num += a * (upsilon[i].value - line * (1 + u[i])) / upsilon[i].error;
        den += a * a;
      }
      // An expansion's correction: |D u| <= 1 at the smallest size (u[0] = q), else the
      // fit trades the two terms freely and T_KT wanders. chi2 is quadratic in D, so the
      // clamped solution is the constrained minimum.
      d = den > 0 ? std::clamp(num / den, -1 / q, 1 / q) : 0.0;
    }
    double sum = 0;
    for (std::size_t i = 0; i < u.size(); ++i) {
      const double r = (upsilon[i].value - line * (1 + u[i] + d * u[i] * u[i])) / upsilon[i].error;
      sum += r * r;
    }
    return InnerFit{sum, q, d};
  };
  constexpr double q_max = 2;
  constexpr int coarse = 60;
  InnerFit best;
  int best_k = 0;
  const auto q_at = [](int k) { return q_max * (double(k) / coarse) * (double(k) / coarse); };
  for (int k = 0; k <= coarse; ++k)
    if (const InnerFit f = fit_at(q_at(k)); f.chi2 < best.chi2) best = f, best_k = k;
  // Golden section between the coarse neighbours of the best point.
  double a = q_at(std::max(best_k - 1, 0)), b = q_at(std::min(best_k + 1, coarse));
  const double g = (std::sqrt(5.0) - 1) / 2;
  double x1 = b - g * (b - a), x2 = a + g * (b - a);
  InnerFit f1 = fit_at(x1), f2 = fit_at(x2);
  for (int i = 0; i < 40; ++i) {
    if (f1.chi2 < f2.chi2) {
      b = x2, x2 = x1, f2 = f1, x1 = b - g * (b - a), f1 = fit_at(x1);
    } else {
      a = x1, x1 = x2, f1 = f2, x2 = a + g * (b - a), f2 = fit_at(x2);
    }
  }
  if (f1.chi2 < best.chi2) best = f1;
  if (f2.chi2 < best.chi2) best = f2;
  return best;
}

// Index of the first i with f(i) > 0 >= f(i + 1) among finite values; npos if none.
template <class F>
std::size_t first_downward(std::size_t n, F&& f) {
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const double a = f(i), b = f(i + 1);
    if (std::isfinite(a) && std::isfinite(b) && a > 0 && b <= 0) return i;
  }
  return std::size_t(-1);
}

double root_between(double x0, double x1, double f0, double f1) {
  return x0 + (x1 - x0) * f0 / (f0 - f1);
}

}  // namespace

std::vector<double> common_grid(std::span<const SizeCurves> sizes, std::size_t points) {
  if (sizes.empty() || points < 2) throw InputError("KT estimators: no sizes or no grid");
  double low = -infinity, high = infinity;
  for (const SizeCurves& s : sizes) {
    validate_curve(s.helicity, "helicity modulus");
    low = std::max(low, s.helicity.x.front());
    high = std::min(high, s.helicity.x.back());
  }
  if (!(high > low))
    throw InputError("the sizes' temperature ranges do not overlap: the KT estimators compare "
                     "sizes at equal temperatures");
  std::vector<double> grid(points);
  for (std::size_t k = 0; k < points; ++k) grid[k] = low + (high - low) * double(k) / double(points - 1);
  grid.back() = high;
  return grid;
}

Estimate interpolate(const Curve& c, double T) {
  const auto upper = std::lower_bound(c.x.begin(), c.x.end(), T);
  if (upper == c.x.end() || (upper == c.x.begin() && *upper != T))
    throw InputError("interpolation at T = " + number(T) + " outside " + range_text(c.x));
  const auto i = static_cast<std::size_t>(upper - c.x.begin());
  if (c.x[i] == T) return {c.y[i], c.error[i]};
  const double w = (T - c.x[i - 1]) / (c.x[i] - c.x[i - 1]);
  return {(1 - w) * c.y[i - 1] + w * c.y[i], (1 - w) * c.error[i - 1] + w * c.error[i]};
}

Outcome<WeberMinnhagen> weber_minnhagen(std::span<const SizeCurves> sizes,
                                        std::span<const double> grid, WmForm form) {
  const bool subleading = form == WmForm::subleading;
  const std::size_t needed = subleading ? 4 : 2;
  if (sizes.size() < needed)
    return Outcome<WeberMinnhagen>::failure(
        subleading ? "the Weber-Minnhagen fit with the sub-leading term needs at least 4 sizes (C, D "
                     "and T_KT from the sizes), got " + std::to_string(sizes.size())
                   : "the Weber-Minnhagen fit needs at least 2 sizes (C is fitted), got " +
                         std::to_string(sizes.size()));
  std::vector<double> log_L;
  for (const SizeCurves& s : sizes) log_L.push_back(std::log(s.L));
  WeberMinnhagen r;
  r.subleading = subleading;
  r.dof = static_cast<int>(sizes.size()) - (subleading ? 2 : 1);
  r.grid.assign(grid.begin(), grid.end());
  std::vector<double> q(grid.size()), d(grid.size());
  std::vector<Estimate> upsilon(sizes.size());
  for (std::size_t k = 0; k < grid.size(); ++k) {
    for (std::size_t i = 0; i < sizes.size(); ++i) upsilon[i] = interpolate(sizes[i].helicity, grid[k]);
    const InnerFit f = fit_c(log_L, upsilon, grid[k], form);
    r.profile.push_back(f.chi2);
    q[k] = f.q;
    d[k] = f.d;
  }
  const auto best = static_cast<std::size_t>(std::min_element(r.profile.begin(), r.profile.end()) -
                                             r.profile.begin());
  if (best == 0 || best + 1 == grid.size())
    return Outcome<WeberMinnhagen>::failure(
        "the Weber-Minnhagen chi2 profile falls towards the " +
        std::string(best == 0 ? "low" : "high") + "-temperature end of the common range " +
        range_text(grid) + ": T_KT is not inside it");
  // Parabola through the minimum and its neighbours.
  const double h = grid[best] - grid[best - 1];
  const double f0 = r.profile[best - 1], f1 = r.profile[best], f2 = r.profile[best + 1];
  const double curvature = f0 - 2 * f1 + f2;
  const double shift = curvature > 0 ? std::clamp(0.5 * (f0 - f2) / curvature, -0.5, 0.5) : 0.0;
  r.tkt = grid[best] + shift * h;
  r.chi2 = curvature > 0 ? std::max(0.0, f1 - 0.125 * (f2 - f0) * (f2 - f0) / curvature) : f1;
  const double qb = q[best];
  r.c = qb > 0 ? 1 / qb - 2 * log_L[0] : infinity;
  r.d = d[best];
  const double level = r.chi2 + std::max(1.0, r.chi2 / r.dof);
  std::size_t lo = best, hi = best;
  while (lo > 0 && r.profile[lo - 1] <= level) --lo;
  while (hi + 1 < grid.size() && r.profile[hi + 1] <= level) ++hi;
  r.profile_open = lo == 0 || hi + 1 == grid.size();
  r.profile_low = lo == 0 ? grid.front()
                          : root_between(grid[lo - 1], grid[lo], r.profile[lo - 1] - level,
                                         r.profile[lo] - level);
  r.profile_high = hi + 1 == grid.size() ? grid.back()
                                         : root_between(grid[hi], grid[hi + 1], r.profile[hi] - level,
                                                        r.profile[hi + 1] - level);
  return Outcome<WeberMinnhagen>::success(std::move(r));
}

Outcome<double> pair_temperature(const SizeCurves& small, const SizeCurves& large,
                                 std::span<const double> grid) {
  const double target = 2 * std::log(small.L / large.L);
  const auto g = [&](std::size_t k) {
    const double T = grid[k];
    const double r1 = pi * interpolate(small.helicity, T).value / (2 * T) - 1;
    const double r2 = pi * interpolate(large.helicity, T).value / (2 * T) - 1;
    return r1 > 0 && r2 > 0 ? 1 / r1 - 1 / r2 - target : std::nan("");
  };
  const std::size_t i = first_downward(grid.size(), g);
  if (i == std::size_t(-1))
    return Outcome<double>::failure(
        size_text(small.L) + " / " + number(large.L) + ": 1/R(L1) - 1/R(L2) = 2 ln(L1/L2) has no "
        "solution in " + range_text(grid) + " where both Upsilon > 2T/pi");
  return Outcome<double>::success(root_between(grid[i], grid[i + 1], g(i), g(i + 1)));
}

Outcome<double> universal_crossing(const SizeCurves& size) {
  const Curve& c = size.helicity;
  const auto h = [&](std::size_t k) { return c.y[k] - 2 * c.x[k] / pi; };
  const std::size_t i = first_downward(c.size(), h);
  if (i != std::size_t(-1))
    return Outcome<double>::success(root_between(c.x[i], c.x[i + 1], h(i), h(i + 1)));
  bool above = true, below = true;
  for (std::size_t k = 0; k < c.size(); ++k) above = above && h(k) > 0, below = below && h(k) <= 0;
  return Outcome<double>::failure(
      size_text(size.L) + ": Upsilon(T) " +
      (above ? "stays above" : below ? "stays below" : "does not cross downwards") +
      " the line 2T/pi over " + range_text(c.x) + ": no crossing in range");
}

EtaCurve effective_eta(std::span<const SizeCurves> sizes, std::span<const double> grid) {
  EtaCurve r;
  if (sizes.size() < 2) return r;
  const auto n = static_cast<Eigen::Index>(sizes.size());
  Eigen::MatrixXd design(n, 2);
  for (Eigen::Index i = 0; i < n; ++i) design.row(i) << 1, std::log(sizes[i].L);
  Eigen::VectorXd y(n), sigma(n);
  for (const double T : grid) {
    bool positive = true;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double L = sizes[i].L;
      const Estimate chi = interpolate(sizes[i].full_susceptibility, T);
      positive = positive && chi.value > 0;
      y[i] = std::log(chi.value) - std::log(std::log(L)) / 8;
      sigma[i] = std::max(chi.error / chi.value, 1e-12);
    }
    if (!positive) continue;
    r.grid.push_back(T);
    r.eta.push_back(2 - weighted_linear_fit(design, y, sigma).parameters[1]);
  }
  return r;
}

Outcome<double> eta_quarter(const EtaCurve& c, double half_window) {
  if (c.grid.size() < 2)
    return Outcome<double>::failure("the effective eta(T) needs chi' of at least 2 sizes");
  const std::size_t i = first_downward(c.grid.size(), [&](std::size_t k) { return 0.25 - c.eta[k]; });
  if (i == std::size_t(-1))
    return Outcome<double>::failure(
        "the effective eta(T) does not rise through 1/4 over " + range_text(c.grid) + " (from " +
        number(c.eta.front()) + " to " + number(c.eta.back()) + ")");
  const double crossing = root_between(c.grid[i], c.grid[i + 1], 0.25 - c.eta[i], 0.25 - c.eta[i + 1]);
  double n = 0, st = 0, se = 0, stt = 0, ste = 0;
  for (std::size_t k = 0; k < c.grid.size(); ++k)
    if (std::abs(c.grid[k] - crossing) <= half_window) {
      n += 1, st += c.grid[k], se += c.eta[k], stt += c.grid[k] * c.grid[k], ste += c.grid[k] * c.eta[k];
    }
  const double slope = (n * ste - st * se) / (n * stt - st * st);
  if (!(n >= 3 && slope > 0)) return Outcome<double>::success(crossing);
  const double root = (st + (0.25 * n - se) / slope) / n;
  return Outcome<double>::success(root);
}

Outcome<LogExtrapolation> extrapolate_log(std::span<const SizePoint> points, bool d_free) {
  const std::size_t needed = d_free ? 4 : 2;
  if (points.size() < needed)
    return Outcome<LogExtrapolation>::failure(
        "the extrapolation T_KT + c/(ln L" + std::string(d_free ? " + d" : "") + ")^2 needs " +
        std::to_string(needed) + " sizes, got " + std::to_string(points.size()));
  const auto n = static_cast<Eigen::Index>(points.size());
  Eigen::VectorXd y(n), sigma(n), x(n);
  Eigen::MatrixXd design(n, 2);
  for (Eigen::Index i = 0; i < n; ++i) {
    const SizePoint& p = points[static_cast<std::size_t>(i)];
    x[i] = std::log(p.size);
    y[i] = p.value;
    sigma[i] = p.error;
    design.row(i) << 1, 1 / (x[i] * x[i]);
  }
  const LeastSquaresFit linear = weighted_linear_fit(design, y, sigma);
  LogExtrapolation r{linear.parameters[0], linear.parameters[1], 0, false, linear.chi2, linear.dof};
  if (!d_free) return Outcome<LogExtrapolation>::success(r);
  const ModelFunction model = [&](const Eigen::VectorXd& p, Eigen::VectorXd& values,
                                  Eigen::MatrixXd& jacobian) {
    values.resize(n);
    jacobian.resize(n, 3);
    for (Eigen::Index i = 0; i < n; ++i) {
      const double u = 1 / (x[i] + p[2]);
      values[i] = p[0] + p[1] * u * u;
      jacobian.row(i) << 1, u * u, -2 * p[1] * u * u * u;
    }
  };
  const LeastSquaresFit fit = levenberg_marquardt(model, y, sigma, Eigen::Vector3d(r.tkt, r.c, 0));
  const double d = fit.parameters[2];
  if (!fit.converged || !(x.minCoeff() + d > 0))
    return Outcome<LogExtrapolation>::failure(
        "the fit T_KT + c/(ln L + d)^2 " +
        (fit.converged ? "puts its pole among the sizes (d = " + number(d) + ")"
                       : std::string("did not converge")));
  return Outcome<LogExtrapolation>::success(
      {fit.parameters[0], fit.parameters[1], d, true, fit.chi2, fit.dof});
}

}  // namespace phaselearn::analysis::xy2d
