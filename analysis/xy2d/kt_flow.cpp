#include "analysis/xy2d/kt_flow.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <vector>
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

void flowed_couplings(double K0, double y0, std::span<const double> ls, std::span<double> out) {
  // In t = 1/K: dt/dl = 4 pi^3 y^2, dy/dl = (2 - pi/t) y. A fixed step count for a given
  // stretch of l keeps the result smooth in the parameters (the fit differentiates it).
  constexpr double max_step = 0.05;
  const double t_cut = 1 / coupling_floor;
  const auto dt = [](double y_) { return 4 * pi * pi * pi * y_ * y_; };
  const auto dy = [](double t_, double y_) { return (2 - pi / t_) * y_; };
  double t = 1 / K0, y = y0, l = 0;
  for (std::size_t k = 0; k < ls.size(); ++k) {
    const int steps = std::max(1, static_cast<int>(std::ceil(std::abs(ls[k] - l) / max_step)));
    const double h = (ls[k] - l) / steps;
    for (int i = 0; i < steps && t > 0 && t < t_cut; ++i) {
      const double t1 = dt(y), y1 = dy(t, y);
      const double t2 = dt(y + h / 2 * y1), y2 = dy(t + h / 2 * t1, y + h / 2 * y1);
      const double t3 = dt(y + h / 2 * y2), y3 = dy(t + h / 2 * t2, y + h / 2 * y2);
      const double t4 = dt(y + h * y3), y4 = dy(t + h * t3, y + h * y3);
      t += h / 6 * (t1 + 2 * t2 + 2 * t3 + t4);
      y += h / 6 * (y1 + 2 * y2 + 2 * y3 + y4);
    }
    l = ls[k];
    out[k] = t > 0 && t < t_cut ? 1 / t : coupling_floor;
  }
}

double flowed_coupling(double K0, double y0, double l) {
  double K = 0;
  flowed_couplings(K0, y0, {&l, 1}, {&K, 1});
  return K;
}

void KtFlowModel::helicities(double T, std::span<const double> Ls, std::span<double> out) const {
  const double y0 = std::abs(fugacity);
  std::vector<double> ls(Ls.size());
  for (std::size_t k = 0; k < Ls.size(); ++k) ls[k] = std::log(Ls[k]) + scale;
  flowed_couplings(separatrix_coupling(y0) + slope * (T - tkt), y0, ls, out);
  for (std::size_t k = 0; k < Ls.size(); ++k) out[k] *= T * (1 + lattice / (Ls[k] * Ls[k]));
}

double KtFlowModel::helicity(double T, double L) const {
  double u = 0;
  helicities(T, {&L, 1}, {&u, 1});
  return u;
}

Outcome<KtFlowFit> kt_flow_fit(std::span<const SizeCurves> sizes, double low, double high,
                               FlowForm form, const KtFlowModel* start) {
  if (sizes.size() < 3)
    return Outcome<KtFlowFit>::failure("the fit to the integrated KT flow needs at least 3 sizes (its scale l0 "
                                       "comes from the size dependence), got " + std::to_string(sizes.size()));
  // Points grouped by temperature, sizes ascending within a group: one integration per
  // temperature serves every size.
  std::map<double, std::vector<std::size_t>> by_temperature;
  std::vector<double> L, y, sigma;
  for (const SizeCurves& s : sizes)
    for (std::size_t k = 0; k < s.helicity.size(); ++k)
      if (s.helicity.x[k] >= low && s.helicity.x[k] <= high) {
        by_temperature[s.helicity.x[k]].push_back(L.size());
        L.push_back(s.L);
        y.push_back(s.helicity.y[k]);
        sigma.push_back(s.helicity.error[k]);
      }
  for (auto& [T, points] : by_temperature)
    std::sort(points.begin(), points.end(), [&](std::size_t a, std::size_t b) { return L[a] < L[b]; });
  const bool lattice = form == FlowForm::lattice_corrected;
  const Eigen::Index parameters = lattice ? 5 : 4;
  if (L.size() < std::size_t(parameters) + 2)
    return Outcome<KtFlowFit>::failure("the fit to the integrated KT flow has " + std::to_string(L.size()) +
                                       " points in [" + number(low) + ", " + number(high) + "]");
  const auto n = static_cast<Eigen::Index>(L.size());
  const auto evaluate = [&](const KtFlowModel& m, double* values) {
    std::vector<double> sizes_at, out;
    for (const auto& [T, points] : by_temperature) {
      sizes_at.clear();
      for (const std::size_t i : points) sizes_at.push_back(L[i]);
      out.resize(points.size());
      m.helicities(T, sizes_at, out);
      for (std::size_t k = 0; k < points.size(); ++k) values[points[k]] = out[k];
    }
  };
  const auto model_of = [&](const Eigen::VectorXd& p) {
    return KtFlowModel{p[0], p[1], p[2], p[3], lattice ? p[4] : 0.0};
  };
  const ModelFunction model = [&](const Eigen::VectorXd& p, Eigen::VectorXd& values, Eigen::MatrixXd& jacobian) {
    values.resize(n);
    jacobian.resize(n, parameters);
    evaluate(model_of(p), values.data());
    Eigen::VectorXd shifted(n);
    for (Eigen::Index k = 0; k < parameters; ++k) {
      Eigen::VectorXd q = p;
      const double h = 1e-6 * std::max(1.0, std::abs(p[k]));
      q[k] += h;
      evaluate(model_of(q), shifted.data());
      jacobian.col(k) = (shifted - values) / h;
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
