#pragma once
// The classifier's view of the KT transition: per size the curve P_L(T) of the networks'
// mean output and its crossing T*(L) of 1/2; across sizes the KT extrapolation of T*(L)
// and where the curves of successive sizes separate.
//
// One set of networks on rms-normalised block averages, shared by every size, sees each
// lattice at its own scale. Below T_KT the flow ends on a line of fixed points, so the
// block distributions and the curves of all sizes coincide; above it the correlation
// length xi ~ exp(b / sqrt(T - T_KT)) is finite and the larger lattice looks disordered
// sooner. A crossing of 1/2 sits at a fixed L/xi, so T*(L) = T_KT + c / (ln L + d)^2: the
// d = 0 form misses by the terms in d/ln L, which is why the four-size fit frees d.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/crossing.hpp"
#include "analysis/inputs.hpp"
#include "analysis/options.hpp"

namespace phaselearn::analysis::xy2d {

struct ClassifierSize {
  int L = 0;
  int coarse_grain = 0;  // the networks' n x n block averages (0: raw (cos, sin) sites)
  std::string label_scheme;
  ClassifierCurve curve;  // the networks' mean output
  // The ensemble's crossing; its error is the block bootstrap's and, with several
  // networks, their spread / sqrt(networks) in quadrature.
  Outcome<Crossing> crossing = Outcome<Crossing>::failure("not computed");
  double sampling_error = 0;
  std::vector<double> network_crossings;  // own T*(L) of the networks that cross (network k's
                                          // only when all cross)
  std::vector<std::uint64_t> network_digests;
  std::vector<std::string> warnings;
};

ClassifierSize classifier_size(const RunInput& run, const std::vector<TrainingInput>& networks,
                               const AnalysisOptions& options);

// True when every size was classified by the same networks (equal model digests): one
// classifier shared by all sizes.
bool shared_networks(std::span<const ClassifierSize> sizes);

// The first temperature, going up, where the smaller size's curve lies `gap` above the
// larger one's (linear interpolation between the sampled temperatures both share).
Outcome<double> separation(const Curve& small, const Curve& large, double gap);

}  // namespace phaselearn::analysis::xy2d
