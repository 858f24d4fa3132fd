#include "analysis/least_squares.hpp"

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/errors.hpp"

namespace phaselearn::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

void check_weights(const Eigen::VectorXd& y, const Eigen::VectorXd& sigma, Eigen::Index rows) {
  if (y.size() != rows || sigma.size() != rows)
    throw InputError("least squares: " + std::to_string(rows) + " model rows but " +
                     std::to_string(y.size()) + " values and " + std::to_string(sigma.size()) +
                     " errors");
  for (Eigen::Index i = 0; i < sigma.size(); ++i)
    if (!(sigma[i] > 0) || !std::isfinite(sigma[i]) || !std::isfinite(y[i]))
      throw InputError("least squares: point " + std::to_string(i) +
                       " has a non-finite value or a non-positive error");
}

Eigen::MatrixXd inverse_or_nan(const Eigen::MatrixXd& normal) {
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(normal);
  if (ldlt.info() != Eigen::Success || !ldlt.isPositive() ||
      (ldlt.vectorD().array() <= 0).any())
    return Eigen::MatrixXd::Constant(normal.rows(), normal.cols(), nan);
  return ldlt.solve(Eigen::MatrixXd::Identity(normal.rows(), normal.cols()));
}

}  // namespace

double LeastSquaresFit::chi2_per_dof() const { return dof > 0 ? chi2 / dof : nan; }

double LeastSquaresFit::error(Eigen::Index i) const { return std::sqrt(covariance(i, i)); }

LeastSquaresFit weighted_linear_fit(const Eigen::MatrixXd& design, const Eigen::VectorXd& y,
                                    const Eigen::VectorXd& sigma) {
  check_weights(y, sigma, design.rows());
  const Eigen::VectorXd weight = sigma.cwiseInverse();
  const Eigen::MatrixXd whitened = weight.asDiagonal() * design;
  const Eigen::VectorXd target = weight.cwiseProduct(y);

  LeastSquaresFit fit;
  fit.parameters = whitened.colPivHouseholderQr().solve(target);
  fit.chi2 = (whitened * fit.parameters - target).squaredNorm();
  fit.dof = static_cast<int>(design.rows() - design.cols());
  fit.covariance = inverse_or_nan(whitened.transpose() * whitened);
  return fit;
}

LeastSquaresFit levenberg_marquardt(const ModelFunction& model, const Eigen::VectorXd& y,
                                    const Eigen::VectorXd& sigma, Eigen::VectorXd start,
                                    const LevenbergMarquardtOptions& options) {
  const Eigen::Index points = y.size();
  const Eigen::Index parameters = start.size();
  Eigen::VectorXd values(points);
  Eigen::MatrixXd jacobian(points, parameters);
  const Eigen::VectorXd weight = sigma.cwiseInverse();

  // Whitened residual r = (y - f)/sigma and Jacobian J/sigma at p; returns chi2 = |r|^2.
  Eigen::VectorXd residual(points);
  Eigen::MatrixXd whitened_jacobian(points, parameters);
  const auto evaluate = [&](const Eigen::VectorXd& p) {
    model(p, values, jacobian);
    residual = weight.cwiseProduct(y - values);
    whitened_jacobian = weight.asDiagonal() * jacobian;
    const double chi2 = residual.squaredNorm();
    return std::isfinite(chi2) && whitened_jacobian.allFinite()
               ? chi2
               : std::numeric_limits<double>::infinity();
  };

  check_weights(y, sigma, points);
  LeastSquaresFit fit;
  fit.dof = static_cast<int>(points - parameters);
  fit.converged = false;
  Eigen::VectorXd p = std::move(start);
  double chi2 = evaluate(p);
  if (!std::isfinite(chi2)) {
    fit.parameters = p;
    fit.chi2 = chi2;
    fit.covariance = Eigen::MatrixXd::Constant(parameters, parameters, nan);
    return fit;
  }
  Eigen::MatrixXd normal = whitened_jacobian.transpose() * whitened_jacobian;
  Eigen::VectorXd gradient = whitened_jacobian.transpose() * residual;
  double damping = 1e-3;
  constexpr double max_damping = 1e12;

  for (fit.iterations = 0; fit.iterations < options.max_iterations; ++fit.iterations) {
    // Gauss–Newton's predicted decrease g^T N^-1 g: near zero at a minimum, whatever the
    // damping, so it is the convergence test (a chi2 change far below 1 is irrelevant).
    const Eigen::VectorXd newton = normal.ldlt().solve(gradient);
    const double predicted = gradient.dot(newton);
    if (std::isfinite(predicted) && predicted <= options.tolerance * (1 + chi2)) {
      fit.converged = true;
      break;
    }
    bool accepted = false;
    while (!accepted && damping <= max_damping) {
      // Marquardt's scaling: damp each direction by its own curvature, floored so a
      // parameter the data do not constrain cannot make the system singular.
      Eigen::MatrixXd damped = normal;
      const double floor = 1e-12 * std::max(normal.diagonal().maxCoeff(), 1e-300);
      for (Eigen::Index k = 0; k < parameters; ++k)
        damped(k, k) += damping * std::max(normal(k, k), floor);
      const Eigen::VectorXd trial = p + damped.ldlt().solve(gradient);
      const Eigen::VectorXd saved_values = values;
      const Eigen::MatrixXd saved_jacobian = jacobian;
      const double trial_chi2 =
          trial.allFinite() ? evaluate(trial) : std::numeric_limits<double>::infinity();
      if (trial_chi2 <= chi2) {
        p = trial;
        chi2 = trial_chi2;
        normal = whitened_jacobian.transpose() * whitened_jacobian;
        gradient = whitened_jacobian.transpose() * residual;
        damping = std::max(damping / 10, 1e-12);
        accepted = true;
      } else {
        values = saved_values;  // back to the state of the accepted point
        jacobian = saved_jacobian;
        residual = weight.cwiseProduct(y - values);
        whitened_jacobian = weight.asDiagonal() * jacobian;
        damping *= 10;
      }
    }
    // Not even a tiny gradient step lowers chi2: a minimum to numerical precision.
    if (!accepted) {
      fit.converged = true;
      break;
    }
  }
  fit.parameters = p;
  fit.chi2 = chi2;
  fit.covariance = inverse_or_nan(normal);
  return fit;
}

}  // namespace phaselearn::analysis
