#pragma once
// T_KT from a fit of Upsilon(T, L) at every sampled temperature near T_KT and every size
// to the integrated Kosterlitz renormalisation-group flow, and the flow as a model with a
// known T_KT (to measure what a finite-size form misses at the sizes of a run).
//
// With K = Upsilon / T and y the vortex fugacity (Kosterlitz 1974):
//   dK^-1/dl = 4 pi^3 y^2,   dy/dl = (2 - pi K) y.
// Its invariant 2 pi^3 y^2 - g(1/K), g(t) = 2t - pi ln t, is g(pi/2) on the separatrix
// that ends at K = 2/pi, y = 0. The lattice sets the initial point (K0(T), y0) at
// l = 0; a size L is seen at l = ln L + l0 (l0 is the unknown scale of the lattice in the
// flow's units). K0 is linear in T and y0 constant over the fitted window, parametrised by
// where that line meets the separatrix:
//   K0(T) = K_sep(y0) + a (T - T_KT),  y0 = y_sep,
// so T_KT is a fit parameter. With `lattice` the lattice's own corrections (irrelevant
// operators, ~L^-2) are fitted beside the flow: Upsilon -> Upsilon (1 + c / L^2). Unlike the Weber–Minnhagen form (the separatrix's leading
// term, at one temperature) the whole flow is integrated, so what the leading form
// leaves out at small L (the nonlinear terms) is in the model.
#include <span>

#include "analysis/outcome.hpp"
#include "analysis/xy2d/kt_estimators.hpp"

namespace phaselearn::analysis::xy2d {

// K on the separatrix (the ordered branch, K > 2/pi) at fugacity y.
double separatrix_coupling(double y);

// K(l) from (K0, y0) at l = 0 (RK4; l < 0 integrates backwards). A flow that runs off to
// K -> 0 (deep in the disordered phase) is cut at K = 1e-3.
double flowed_coupling(double K0, double y0, double l);
// The same at several increasing l, with one integration.
void flowed_couplings(double K0, double y0, std::span<const double> ls, std::span<double> out);

struct KtFlowModel {
  double tkt = 0.8929;
  double fugacity = 0.05;    // y0, on the separatrix at T_KT
  double slope = -1.6;       // a = dK0/dT
  double scale = -0.9;       // l0: L is seen at l = ln L + l0
  double lattice = 0;        // c of the lattice correction (1 + c / L^2)
  double helicity(double T, double L) const;  // T K(ln L + l0) (1 + c / L^2)
  // The same at several sizes (ascending) with one integration.
  void helicities(double T, std::span<const double> Ls, std::span<double> out) const;
};

struct KtFlowFit {
  KtFlowModel model;
  double chi2 = 0;
  int dof = 0;
  double low = 0, high = 0;  // the fitted temperature window
  bool lattice = false;      // c fitted (else 0)
};

// Weighted fit of every sampled (T, L) point with low <= T <= high (the curves' own
// temperatures, no interpolation). `start` seeds the fit (a bootstrap replica starts at
// the central fit); without it several starting points are tried. Fails with fewer than
// 3 sizes, when the fit does not converge, or when T_KT falls outside the window.
enum class FlowForm { plain, lattice_corrected };
Outcome<KtFlowFit> kt_flow_fit(std::span<const SizeCurves> sizes, double low, double high,
                               FlowForm form = FlowForm::plain, const KtFlowModel* start = nullptr);

}  // namespace phaselearn::analysis::xy2d
