#pragma once
// The analysis of 2D XY runs on plain inputs: per lattice size the observables (helicity
// modulus, chi', vortex density, ...) with autocorrelation-aware errors; across sizes the
// four estimators of the Kosterlitz–Thouless temperature (kt_estimators.hpp), each with a
// bootstrap error over blocks of every run. No files are read or written here.
#include <optional>
#include <string>
#include <vector>

#include "analysis/bootstrapped.hpp"
#include "analysis/inputs.hpp"
#include "analysis/options.hpp"
#include "analysis/xy2d/classifier.hpp"
#include "analysis/xy2d/kt_estimators.hpp"
#include "analysis/xy2d/kt_flow.hpp"
#include "analysis/xy2d/observables.hpp"

namespace phaselearn::analysis::xy2d {

// The reference band of T_KT / J: 0.8929 (Hasenbusch 2005; Komura & Okabe 2012:
// 0.89289(5)) to 0.8935(1) (Hsieh, Kao & Sandvik 2013, with sub-leading logarithms).
inline constexpr double reference_low = 0.8929, reference_high = 0.8935;

// Signed distance of a T_KT / J from the reference band (0 inside it), and as a share of
// the band's nearer edge.
inline double band_distance(double value) {
  return value < reference_low ? value - reference_low : value > reference_high ? value - reference_high : 0;
}
inline double band_relative_distance(double value) {
  const double d = band_distance(value);
  return d / (d < 0 ? reference_low : reference_high);
}

// Low-temperature spin waves: e = -2J + (1 - 1/N) T/2 + T^2/(16 J) + O(T^3).
double spin_wave_energy(double T, double J, std::size_t spins);

struct XySize {
  int L = 0;
  std::string run_path;
  std::vector<XyObservables> observables;  // per temperature
  BlockMeans blocks;
  std::vector<double> spin_wave_energy;    // per temperature
  std::vector<double> sampler_tau_int_energy, sampler_tau_int_abs_m;  // in sweeps
  std::vector<double> exchange_acceptance;
  std::vector<std::int64_t> round_trips;
  std::optional<ClassifierSize> classifier;  // when training files of this run are given
  std::vector<std::string> warnings;
};

// T*(L) of one size or of one pair of sizes.
struct FiniteSizePoint {
  std::vector<int> sizes;
  double effective_L = 0;  // where it sits in the extrapolation (a pair: sqrt(L1 L2))
  Outcome<Bootstrapped> temperature = Outcome<Bootstrapped>::failure("not computed");
};

struct KtEstimator {
  std::string key, title, assumptions;
  std::vector<int> sizes;                // the sizes it used
  std::vector<FiniteSizePoint> points;   // the finite-size estimates it extrapolates
  std::optional<LogExtrapolation> extrapolation;
  std::string note;                      // e.g. why d = 0
  Outcome<Bootstrapped> tkt = Outcome<Bootstrapped>::failure("not computed");
  // Systematic errors of the finite-size form, each at least its own noise: the shift of
  // T_KT without the smallest size (the forms are leading-order in 1/ln L, so what they
  // leave out weighs most there) and, for the Weber–Minnhagen fit, the shift when the
  // sub-leading term is fitted (for the flow fit: the lattice correction). `systematic` is
  // the larger of those available.
  Outcome<Bootstrapped> without_smallest = Outcome<Bootstrapped>::failure("not computed");
  Outcome<double> smallest_size_shift = Outcome<double>::failure("not computed");
  Outcome<double> form_shift = Outcome<double>::failure("not computed");
  // For the Weber–Minnhagen fit: the bias of its form at these sizes, temperatures and errors,
  // measured on the integrated KT flow fitted to the same data (kt_flow.hpp), where T_KT
  // is known: |T_WM(flow curves) - T_KT(flow)|.
  Outcome<double> flow_bias = Outcome<double>::failure("not computed");
  Outcome<double> systematic = Outcome<double>::failure("not computed");
  // The statistical and the systematic error in quadrature (the statistical alone when
  // there is no systematic); what the band is judged against.
  double total_error() const;
};

struct KtResult {
  std::vector<double> grid;  // the common temperature grid of the interpolated curves
  std::optional<WeberMinnhagen> weber_minnhagen;  // profile and fit (when determined)
  std::optional<WeberMinnhagen> weber_minnhagen_subleading;  // with 4 sizes or more
  std::optional<KtFlowFit> kt_flow;          // the integrated-flow fit (with 3 sizes or more)
  std::optional<KtFlowFit> kt_flow_lattice;  // the same with the lattice correction c / L^2
  EtaCurve eta;
  // The headline first (its title ends in "(headline)"): the fit to the integrated KT flow
  // with the lattice correction where it is determined (4 sizes or more), else
  // Weber–Minnhagen. Then, in this order: Weber–Minnhagen (with 4 sizes or more also with its
  // sub-leading term), the fit to the integrated KT flow (plain, lattice-corrected), pairs
  // without C, universal-line crossing, eta = 1/4; with training files also the
  // classifier's crossings and the separation of its curves.
  std::vector<KtEstimator> estimators;
  bool shared_classifier = false;  // one set of networks applied to every size
};

struct XyAnalysis {
  double J = 1;
  AnalysisOptions options;
  std::vector<XySize> sizes;  // ascending L
  std::optional<KtResult> kt;
  std::vector<std::string> warnings, failures;
};

// Throws InputError for --nu (Ising only), fewer than 2 sizes with scaling, or
// inconsistent shapes.
XyAnalysis analyse(const std::vector<SizeInput>& inputs, const AnalysisOptions& options);

}  // namespace phaselearn::analysis::xy2d
