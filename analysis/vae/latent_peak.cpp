#include "analysis/vae/latent_peak.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis/least_squares.hpp"

namespace phaselearn::analysis::vae {

namespace {

// How far (in combined errors) the largest value must stand above the values at both ends.
constexpr double min_drop = 3;

std::string at(double T) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "T = %.4g", T);
  return buffer;
}

}  // namespace

Outcome<PeakFit> peak_of(const Curve& curve, std::size_t half_window) {
  validate_curve(curve, "latent susceptibility");
  const std::size_t n = curve.size();
  if (n < 3) return Outcome<PeakFit>::failure("a peak needs at least 3 temperatures, got " + std::to_string(n));
  const auto top = static_cast<std::size_t>(std::max_element(curve.y.begin(), curve.y.end()) - curve.y.begin());
  if (top == 0 || top + 1 == n)
    return Outcome<PeakFit>::failure("its largest value is at the " + std::string(top == 0 ? "lowest" : "highest") +
                                     " sampled temperature (" + at(curve.x[top]) +
                                     "): no peak inside the range");
  PeakFit p;
  p.t0 = curve.x[top];
  p.first = top >= half_window ? top - half_window : 0;
  p.last = std::min(n - 1, top + half_window);
  const auto m = static_cast<Eigen::Index>(p.last - p.first + 1);
  Eigen::MatrixXd design(m, 3);
  Eigen::VectorXd y(m), sigma(m);
  for (Eigen::Index i = 0; i < m; ++i) {
    const std::size_t k = p.first + static_cast<std::size_t>(i);
    const double u = curve.x[k] - p.t0;
    design.row(i) << 1, u, u * u;
    y[i] = curve.y[k];
    sigma[i] = curve.error[k] > 0 ? curve.error[k] : 1e-12;
  }
  const LeastSquaresFit fit = weighted_linear_fit(design, y, sigma);
  p.a = fit.parameters[0], p.b = fit.parameters[1], p.c = fit.parameters[2];
  p.chi2 = fit.chi2, p.dof = fit.dof;
  if (!(p.c < 0))
    return Outcome<PeakFit>::failure("the parabola through the largest value (" + at(p.t0) +
                                     ") and its neighbours opens upwards: no peak");
  const double u = -p.b / (2 * p.c);
  p.temperature = p.t0 + u;
  p.height = p.a + p.b * u + p.c * u * u;
  if (p.temperature < curve.x[p.first] || p.temperature > curve.x[p.last])
    return Outcome<PeakFit>::failure("the vertex of the parabola (" + at(p.temperature) +
                                     ") lies outside the points fitted around the largest value");
  // A maximum of the noise on a flat or monotonic curve is no peak: the curve has to fall
  // on both sides, by more than the errors, towards the ends of the range.
  for (const std::size_t end : {std::size_t{0}, n - 1}) {
    const double drop = curve.y[top] - curve.y[end];
    if (!(drop > min_drop * std::hypot(curve.error[top], curve.error[end])))
      return Outcome<PeakFit>::failure("the largest value (" + at(p.t0) + ") stands less than " +
                                       std::to_string(int(min_drop)) + " errors above the value at the " +
                                       (end == 0 ? "lowest" : "highest") + " sampled temperature: no peak resolved "
                                       "inside the range");
  }
  return Outcome<PeakFit>::success(p);
}

}  // namespace phaselearn::analysis::vae
