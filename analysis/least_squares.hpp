#pragma once
// Weighted least squares: linear (QR on the whitened design) and nonlinear
// (Levenberg–Marquardt). Covariances are the raw (J^T W J)^-1; whether to scale them by
// chi2/dof is the caller's decision, because it depends on what the fit is for.
#include <Eigen/Core>
#include <functional>

namespace phaselearn::analysis {

struct LeastSquaresFit {
  Eigen::VectorXd parameters;
  Eigen::MatrixXd covariance;  // (J^T W J)^-1 at the solution; NaN when singular
  double chi2 = 0;
  int dof = 0;  // points - parameters
  bool converged = true;
  int iterations = 0;

  double chi2_per_dof() const;  // NaN when dof <= 0
  double error(Eigen::Index i) const;
};

// y = design * parameters, each point weighted by 1/sigma^2. Throws InputError on shape
// mismatch or a non-positive sigma.
LeastSquaresFit weighted_linear_fit(const Eigen::MatrixXd& design, const Eigen::VectorXd& y,
                                    const Eigen::VectorXd& sigma);

// Fills the model values at every point and their Jacobian d value_i / d parameter_k.
using ModelFunction = std::function<void(const Eigen::VectorXd& parameters,
                                         Eigen::VectorXd& values, Eigen::MatrixXd& jacobian)>;

struct LevenbergMarquardtOptions {
  int max_iterations = 200;
  double tolerance = 1e-10;  // relative decrease of chi2 that counts as converged
};

LeastSquaresFit levenberg_marquardt(const ModelFunction& model, const Eigen::VectorXd& y,
                                    const Eigen::VectorXd& sigma, Eigen::VectorXd start,
                                    const LevenbergMarquardtOptions& options = {});

}  // namespace phaselearn::analysis
