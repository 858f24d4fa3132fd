#include "analysis/xy2d/kt_flow.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>

#include "analysis/least_squares.hpp"

namespace phaselearn::analysis::xy2d {

namespace {

constexpr double pi = std::numbers::pi;
constexpr double coupling_floor = 1e-3;

double g(double t) { return 2 * t - pi * std::log(t); }

std::string number(double v) {
  std::ostringstream out;
  out.precision(4);
  out << v;
  return out.str();
}

}  // namespace

double separatrix_coupling(double y) {
  // g falls monotonically on (0, pi/2] to its minimum g(pi/2): bisection for
  // g(t) = g(pi/2) + 2 pi^3 y^2.
  const double target = g(pi / 2) + 2 * pi * pi * pi * y * y;
  double low = 1e-6, high = pi / 2;
  for (int i = 0; i < 80; ++i) {
    const double mid = 0.5 * (low + high);
    (g(mid) > target ? low : high) = mid;
  }
  return 2 / (low + high);
}

double flowed_coupling(double K0, double y0, double l) {
  // In t = 1/K: dt/dl = 4 pi^3 y^2, dy/dl = (2 - pi/t) y. A fixed step count for a given
  // |l| keeps the result smooth in the parameters (the fit differentiates it).
  constexpr double max_step = 0.02;
  const int steps = std::max(1, static_cast<int>(std::ceil(std::abs(l) / max_step)));
  const double h = l / steps, t_cut = 1 / coupling_floor;
  double t = 1 / K0, y = y0;
  const auto dt = [](double y_) { return 4 * pi * pi * pi * y_ * y_; };
  const auto dy = [](double t_, double y_) { return (2 - pi / t_) * y_; };
  for (int i = 0; i < steps && t > 0 && t < t_cut; ++i) {
    const double t1 = dt(y), y1 = dy(t, y);
    const double t2 = dt(y + h / 2 * y1), y2 = dy(t + h / 2 * t1, y + h / 2 * y1);
    const double t3 = dt(y + h / 2 * y2), y3 = dy(t + h / 2 * t2, y + h / 2 * y2);
    const double t4 = dt(y + h * y3), y4 = dy(t + h * t3, y + h * y3);
    t += h / 6 * (t1 + 2 * t2 + 2 * t3 + t4);
    y += h / 6 * (y1 + 2 * y2 + 2 * y3 + y4);
  }
  return t > 0 && t < t_cut ? 1 / t : coupling_floor;
}

double KtFlowModel::helicity(double T, double L) const {
  const double y0 = std::abs(fugacity);
  return T * flowed_coupling(separatrix_coupling(y0) + slope * (T - tkt), y0, std::log(L) + scale) *
         (1 + lattice / (L * L));
}

Outcome<KtFlowFit> kt_flow_fit(std::span<const SizeCurves> sizes, double low, double high,
                               FlowForm form, const KtFlowModel* start) {
  if (sizes.size() < 3)
    return Outcome<KtFlowFit>::failure("the fit to the integrated KT flow needs at least 3 sizes (its scale l0 "
                                       "comes from the size dependence), got " + std::to_string(sizes.size()));
  std::vector<double> T, L, y, sigma;
  for (const SizeCurves& s : sizes)
    for (std::size_t k = 0; k < s.helicity.size(); ++k)
      if (s.helicity.x[k] >= low && s.helicity.x[k] <= high) {
        T.push_back(s.helicity.x[k]);
        L.push_back(s.L);
        y.push_back(s.helicity.y[k]);
        sigma.push_back(s.helicity.error[k]);
      }
  const bool lattice = form == FlowForm::lattice_corrected;
  const Eigen::Index parameters = lattice ? 5 : 4;
  if (T.size() < std::size_t(parameters) + 2)
    return Outcome<KtFlowFit>::failure("the fit to the integrated KT flow has " + std::to_string(T.size()) +
                                       " points in [" + number(low) + ", " + number(high) + "]");
  const auto n = static_cast<Eigen::Index>(T.size());
  const auto model_of = [&](const Eigen::VectorXd& p) {
    return KtFlowModel{p[0], p[1], p[2], p[3], lattice ? p[4] : 0.0};
  };
  const ModelFunction model = [&](const Eigen::VectorXd& p, Eigen::VectorXd& values, Eigen::MatrixXd& jacobian) {
    values.resize(n);
    jacobian.resize(n, parameters);
    const KtFlowModel m = model_of(p);
    for (Eigen::Index i = 0; i < n; ++i) values[i] = m.helicity(T[std::size_t(i)], L[std::size_t(i)]);
    for (Eigen::Index k = 0; k < parameters; ++k) {
      Eigen::VectorXd q = p;
      const double h = 1e-6 * std::max(1.0, std::abs(p[k]));
      q[k] += h;
      const KtFlowModel shifted = model_of(q);
      for (Eigen::Index i = 0; i < n; ++i)
        jacobian(i, k) = (shifted.helicity(T[std::size_t(i)], L[std::size_t(i)]) - values[i]) / h;
    }
  };
  const Eigen::Map<const Eigen::VectorXd> yv(y.data(), n), sv(sigma.data(), n);
  const auto vector_of = [&](double tkt, double y0, double a, double l0, double c) {
    Eigen::VectorXd v(parameters);
    v.head(4) << tkt, y0, a, l0;
    if (lattice) v[4] = c;
    return v;
  };
  std::vector<Eigen::VectorXd> starts;
  if (start) {
    starts.push_back(vector_of(start->tkt, start->fugacity, start->slope, start->scale, start->lattice));
  } else {
    const double middle = 0.5 * (low + high);
    for (const double y0 : {0.03, 0.06, 0.1})
      for (const double l0 : {-1.0, 0.0}) starts.push_back(vector_of(middle, y0, -1.6, l0, 0));
  }
  LeastSquaresFit best;
  best.chi2 = std::numeric_limits<double>::infinity();
  for (const Eigen::VectorXd& s : starts) {
    const LeastSquaresFit f = levenberg_marquardt(model, yv, sv, s);
    if (f.converged && f.chi2 < best.chi2) best = f;
  }
  if (!std::isfinite(best.chi2))
    return Outcome<KtFlowFit>::failure("the fit to the integrated KT flow did not converge");
  KtFlowFit r{model_of(best.parameters), best.chi2, best.dof, low, high, lattice};
  r.model.fugacity = std::abs(r.model.fugacity);
  if (!(r.model.tkt > low && r.model.tkt < high))
    return Outcome<KtFlowFit>::failure("the fit to the integrated KT flow puts T_KT = " + number(r.model.tkt) +
                                       " outside its window [" + number(low) + ", " + number(high) + "]");
  return Outcome<KtFlowFit>::success(r);
}

}  // namespace phaselearn::analysis::xy2d
