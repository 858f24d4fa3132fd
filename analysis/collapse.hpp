#pragma once
// Data collapse of curves y_L(T) onto a master curve of x = (T - Tc) L^(1/nu), and its
// quality S (Houdayer & Hartmann, PRB 70, 014418 (2004)):
//   S = (1/N) sum_{L,i} (y_{L,i} - Y_{L,i})^2 / (dy_{L,i}^2 + dY_{L,i}^2),
// where Y, dY is the master curve at x_{L,i} estimated by a weighted straight line through
// the points of every *other* size that bracket x_{L,i}; points no other size brackets do
// not count, and N is the number that do. S is a reduced chi^2: about 1 for a collapse as
// good as the errors allow, much larger for wrong Tc or nu.
#include <cstddef>
#include <limits>
#include <span>

#include "analysis/curve.hpp"
#include "analysis/outcome.hpp"

namespace phaselearn::analysis {

struct CollapseOptions {
  // Only points with |x| <= x_max take part: the scaling form holds near Tc, and far out
  // the curves saturate with tiny errors that would dominate S.
  double x_max = std::numeric_limits<double>::infinity();
};

struct CollapseQuality {
  double quality = 0;    // S; NaN when no point is bracketed by another size
  std::size_t terms = 0; // N
};

CollapseQuality collapse_quality(std::span<const SizedCurve> curves, double tc, double nu,
                                 const CollapseOptions& options = {});

struct CollapseFit {
  double tc = 0, tc_error = 0;
  double nu = 0, nu_error = 0;
  double quality = 0;  // S at the minimum
  std::size_t terms = 0;
  bool errors_scaled = false;  // S_min > 1: errors scaled by S_min, as for chi2/dof
};

struct CollapseFitOptions {
  CollapseOptions collapse;
  double tc_step = 0.02, nu_step = 0.1;  // size of the initial Nelder–Mead simplex
  int max_evaluations = 2000;
};

// Minimises S over (Tc, nu) from the given start with Nelder–Mead (S is piecewise smooth:
// the bracketing points change with the parameters, so no derivatives). Errors: the
// parameter change that raises S itself by one, from the Hessian H of S at the minimum
// (covariance 2 H^-1). N S is not a chi^2 of N independent terms: every point also serves
// in the master curve of the others, and the linear interpolation of the master curve
// adds a systematic error, so Delta(N S) = 1 gave errors 5 to 10 times too small on
// planted curves (tests/analysis/test_scaling.cpp), while Delta S = 1 errs on the large
// side (there, about 4 to 6 times the actual deviation: conservative). NaN when that Hessian is not positive
// definite (no clear minimum).
Outcome<CollapseFit> fit_collapse(std::span<const SizedCurve> curves, double tc_start,
                                  double nu_start, const CollapseFitOptions& options = {});

}  // namespace phaselearn::analysis
