#pragma once
// The analysis of 2D Ising runs on plain inputs: per lattice size (observables against
// the exact finite lattice, the classifier), then across sizes (power-law finite-size
// scaling, Binder crossings, collapse). No files are read or written here (see
// analysis/inputs.hpp and report.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/binder_crossing.hpp"
#include "analysis/collapse.hpp"
#include "analysis/confusion.hpp"
#include "analysis/crossing.hpp"
#include "analysis/finite_size_scaling.hpp"
#include "analysis/inputs.hpp"
#include "analysis/ising2d/observables.hpp"
#include "analysis/options.hpp"

namespace phaselearn::analysis::ising2d {

struct SizeResult {
  int L = 0;
  std::string run_path;
  std::vector<std::string> training_paths;  // empty without training file
  std::vector<ThermodynamicObservables> observables;  // per temperature
  // U4(T) with block k of the sample index left out at every temperature (jackknife
  // replicas of the Binder curve, for the error of its crossings).
  std::vector<std::vector<double>> binder_replicas;
  // Exact finite-size energy and specific heat (2D Ising only), per temperature.
  std::vector<double> exact_energy, exact_specific_heat;
  // The same on a fine grid over the measured range, for the figures' lines.
  std::vector<double> exact_grid_t, exact_grid_energy, exact_grid_specific_heat;
  double max_energy_z = 0;  // largest |<E> - exact| / error over temperatures
  // The sampler's own tau_int, measured every sweep (in sweeps), per temperature.
  std::vector<double> sampler_tau_int_energy, sampler_tau_int_abs_m;
  std::vector<double> exchange_acceptance;  // [T-1]
  std::vector<std::int64_t> round_trips;
  std::optional<ClassifierCurve> classifier;
  // Crossing of the (ensemble-)mean curve. With several networks its error combines the
  // bootstrap error over samples and the spread of the networks' own crossings:
  // error^2 = sampling_error^2 + spread^2 / networks.
  std::optional<Outcome<Crossing>> crossing;
  double crossing_sampling_error = 0;
  std::vector<double> network_crossings;  // one per network (ensembles only)
  std::vector<std::uint64_t> network_digests;  // the model of each network_crossings entry
  double network_spread = 0;              // their standard deviation
  std::vector<std::uint64_t> model_digests;  // every training file's model (0 = unknown)
  int coarse_grain = 0;  // the classifier's input: n x n block spins; 0 = raw spins
  std::vector<double> confusion_t, confusion_accuracy;  // empty unless the scheme ran
  std::optional<Outcome<ConfusionPeak>> confusion;
  std::string label_scheme;
  std::vector<double> train_loss, val_loss, train_accuracy, val_accuracy;  // network 1's
  // Every network's history (network k: the k-th training file of this size), for the
  // figures: a model applied to several sizes appears once per size, with one digest.
  struct NetworkHistory {
    std::size_t network = 1;
    std::uint64_t digest = 0;
    bool applied_model = false;  // the history of a model trained on another run
    std::vector<double> train_loss, val_loss, train_accuracy, val_accuracy;
  };
  std::vector<NetworkHistory> histories;
  std::vector<std::string> warnings;
};

struct BinderEstimate {
  // The crossing of the two largest sizes: corrections to the Binder crossing fall off
  // like L^(-1/nu - omega), much faster than the shift of T*(L), so the largest pair is
  // the estimate, the smaller pairs show the convergence.
  double tc = 0, tc_error = 0;
  double size_small = 0, size_large = 0;
};

struct ScalingResult {
  std::optional<Outcome<ShiftFit>> fixed_nu, free_nu;  // classifier T*(L)
  // One classifier for every size: each size's networks are the same models (equal weight
  // digests, as with train.model_file). With block-spin input (coarse_grain > 0) that
  // classifier is scale invariant: P_L(T) = F((T - Tc) L^(1/nu)) up to corrections to
  // scaling, so its curves of different sizes cross at Tc, like Binder cumulants.
  bool shared_classifier = false;
  int coarse_grain = -1;  // the common input grid of every size; -1 when sizes differ
  bool scale_invariant() const { return shared_classifier && coarse_grain > 0; }
  // Crossings of the P(ordered) curves of successive sizes (shared classifier only), and
  // the estimate from the largest pair.
  std::vector<Outcome<BinderCrossing>> classifier_crossings;
  std::optional<Outcome<BinderEstimate>> classifier_crossing;
  // Shared networks: the fixed-nu fit of each network's own T*(L) (sampling errors of the
  // ensemble as weights). A network moves its crossings by a common shift of the scaling
  // variable, i.e. the amplitude a; the spread of these Tc says how much it moves Tc.
  std::vector<double> network_tc;
  double network_tc_spread = 0;
  std::vector<Outcome<BinderCrossing>> binder_crossings;  // successive sizes
  std::optional<Outcome<BinderEstimate>> binder;
  // Collapse of P(ordered) against (T - Tc) L^(1/nu).
  double collapse_x_max = 0;
  std::optional<CollapseQuality> collapse_at_fit;    // Tc, nu of the fixed-nu fit
  std::optional<CollapseQuality> collapse_at_exact;  // Onsager Tc, nu = 1 (2D Ising)
  std::optional<Outcome<CollapseFit>> collapse_fit;  // Tc, nu minimising the quality S
};

struct AnalysisResult {
  std::string model;
  double J = 1;
  std::optional<double> exact_tc;  // Onsager, for the 2D Ising model
  AnalysisOptions options;
  std::vector<SizeResult> sizes;  // ascending L
  std::optional<ScalingResult> scaling;
  std::vector<std::string> warnings;  // across sizes
  // Results the user asked for that could not be determined (e.g. a curve that never
  // crosses 1/2): the tool writes what it has, then reports these and exits non-zero.
  // Sizes trained with the confusion scheme are estimated by their confusion peak: their
  // P(ordered) curve is reported but neither fails nor enters the classifier FSS.
  std::vector<std::string> failures;
};

// Throws InputError when scaling is asked for with fewer than 2 sizes.
AnalysisResult analyse(const std::vector<SizeInput>& inputs, const AnalysisOptions& options);

}  // namespace phaselearn::analysis::ising2d
