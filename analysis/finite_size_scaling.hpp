#pragma once
// Finite-size scaling of a pseudo-critical temperature: T*(L) = Tc + a L^(-1/nu).
//
// Errors come from the fit covariance. When chi2/dof > 1 the data scatter more than their
// errors say (corrections to scaling, underestimated errors), so the covariance is scaled
// by chi2/dof and `errors_scaled` says so; it is never scaled down.
#include <span>

#include "analysis/outcome.hpp"

namespace phaselearn::analysis {

struct SizePoint {
  double size = 0;   // L
  double value = 0;  // T*(L)
  double error = 0;
};

struct ShiftFit {
  double tc = 0, tc_error = 0;
  double amplitude = 0, amplitude_error = 0;
  double nu = 0, nu_error = 0;  // nu_error = 0 when nu was fixed
  bool nu_fixed = true;
  double tc_amplitude_correlation = 0;
  double chi2 = 0;
  int dof = 0;
  double chi2_per_dof = 0;  // NaN when dof = 0 (an exact fit)
  bool errors_scaled = false;

  double at(double size) const;  // the fitted T*(L)
};

// Weighted linear least squares in x = L^(-1/nu). Needs 2 sizes with positive errors.
Outcome<ShiftFit> fit_shift_fixed_nu(std::span<const SizePoint> points, double nu);

// Tc, a and nu together; needs at least 4 sizes (3 parameters and one degree of freedom
// to judge the fit). Weighted nonlinear least squares in (Tc, a, 1/nu) by
// Levenberg–Marquardt, started from the minimum of chi2 profiled over 1/nu (the linear
// fit at each 1/nu), so it does not depend on a guess.
Outcome<ShiftFit> fit_shift_free_nu(std::span<const SizePoint> points);

}  // namespace phaselearn::analysis
