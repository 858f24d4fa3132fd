#include "analysis/finite_size_scaling.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "analysis/least_squares.hpp"
#include "core/errors.hpp"

namespace phaselearn::analysis {

namespace {

void validate(std::span<const SizePoint> points) {
  for (const SizePoint& p : points)
    if (!(p.size > 1) || !std::isfinite(p.value) || !(p.error > 0) || !std::isfinite(p.error))
      throw InputError("finite-size scaling: every point needs L > 1, a finite value and a "
                       "positive error (L = " + std::to_string(p.size) + ")");
  for (std::size_t i = 0; i < points.size(); ++i)
    for (std::size_t j = i + 1; j < points.size(); ++j)
      if (points[i].size == points[j].size)
        throw InputError("finite-size scaling: size L = " + std::to_string(points[i].size) +
                         " appears twice");
}

LeastSquaresFit linear_fit(std::span<const SizePoint> points, double inverse_nu) {
  const auto n = static_cast<Eigen::Index>(points.size());
  Eigen::MatrixXd design(n, 2);
  Eigen::VectorXd y(n), sigma(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const SizePoint& p = points[static_cast<std::size_t>(i)];
    design.row(i) << 1.0, std::pow(p.size, -inverse_nu);
    y[i] = p.value;
    sigma[i] = p.error;
  }
  return weighted_linear_fit(design, y, sigma);
}

// Fills the goodness of fit and scales the covariance when chi2/dof > 1.
ShiftFit summarise(const LeastSquaresFit& fit) {
  Eigen::MatrixXd covariance = fit.covariance;
  ShiftFit result;
  result.chi2 = fit.chi2;
  result.dof = fit.dof;
  result.chi2_per_dof = fit.chi2_per_dof();
  if (fit.dof > 0 && result.chi2_per_dof > 1) {
    covariance *= result.chi2_per_dof;
    result.errors_scaled = true;
  }
  result.tc = fit.parameters[0];
  result.amplitude = fit.parameters[1];
  result.tc_error = std::sqrt(covariance(0, 0));
  result.amplitude_error = std::sqrt(covariance(1, 1));
  result.tc_amplitude_correlation =
      covariance(0, 1) / (result.tc_error * result.amplitude_error);
  if (covariance.rows() == 3) {
    const double inverse_nu = fit.parameters[2];
    result.nu = 1 / inverse_nu;
    result.nu_error = std::sqrt(covariance(2, 2)) / (inverse_nu * inverse_nu);
    result.nu_fixed = false;
  }
  return result;
}

}  // namespace

double ShiftFit::at(double size) const { return tc + amplitude * std::pow(size, -1 / nu); }

Outcome<ShiftFit> fit_shift_fixed_nu(std::span<const SizePoint> points, double nu) {
  validate(points);
  if (!(nu > 0)) throw InputError("finite-size scaling: nu must be positive");
  if (points.size() < 2)
    return Outcome<ShiftFit>::failure("the fit T*(L) = Tc + a L^(-1/nu) needs at least 2 sizes, got " +
                                      std::to_string(points.size()));
  const LeastSquaresFit fit = linear_fit(points, 1 / nu);
  if (!fit.covariance.allFinite())
    return Outcome<ShiftFit>::failure("the sizes do not determine Tc and a (singular fit)");
  ShiftFit result = summarise(fit);
  result.nu = nu;
  return Outcome<ShiftFit>::success(result);
}

Outcome<ShiftFit> fit_shift_free_nu(std::span<const SizePoint> points) {
  validate(points);
  if (points.size() < 4)
    return Outcome<ShiftFit>::failure("a fit with nu free needs at least 4 sizes, got " +
                                      std::to_string(points.size()));

  // Profile chi2 over 1/nu in [0.1, 5] (nu from 0.2 to 10) for a starting point.
  double best_inverse_nu = 1, best_chi2 = std::numeric_limits<double>::infinity();
  constexpr int grid = 491;
  for (int k = 0; k < grid; ++k) {
    const double inverse_nu = 0.1 + 0.01 * k;
    const LeastSquaresFit fit = linear_fit(points, inverse_nu);
    if (fit.chi2 < best_chi2) {
      best_chi2 = fit.chi2;
      best_inverse_nu = inverse_nu;
    }
  }
  const LeastSquaresFit profile = linear_fit(points, best_inverse_nu);

  const auto n = static_cast<Eigen::Index>(points.size());
  Eigen::VectorXd y(n), sigma(n), log_size(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const SizePoint& p = points[static_cast<std::size_t>(i)];
    y[i] = p.value;
    sigma[i] = p.error;
    log_size[i] = std::log(p.size);
  }
  // T = Tc + a L^(-y) with y = 1/nu: smooth in y, and y > 0 is easy to check.
  const ModelFunction model = [&](const Eigen::VectorXd& p, Eigen::VectorXd& values,
                                  Eigen::MatrixXd& jacobian) {
    for (Eigen::Index i = 0; i < n; ++i) {
      const double power = std::exp(-p[2] * log_size[i]);
      values[i] = p[0] + p[1] * power;
      jacobian.row(i) << 1.0, power, -p[1] * log_size[i] * power;
    }
  };
  Eigen::VectorXd start(3);
  start << profile.parameters[0], profile.parameters[1], best_inverse_nu;
  const LeastSquaresFit fit = levenberg_marquardt(model, y, sigma, start);
  if (!fit.converged || !fit.parameters.allFinite() || !(fit.parameters[2] > 0) ||
      !fit.covariance.allFinite())
    return Outcome<ShiftFit>::failure(
        "the fit with nu free did not converge to a finite nu (the sizes do not constrain "
        "the exponent; use the fit with nu fixed)");
  return Outcome<ShiftFit>::success(summarise(fit));
}

}  // namespace phaselearn::analysis
