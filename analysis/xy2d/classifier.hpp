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
//
// With two or three sizes d cannot be fitted, and d = 0 is biased: for d > 0 the points
// bend down towards small 1/(ln L)^2, so the straight line through them ends above T_KT
// (+0.007 for d = 0.5, c = 1.1^2 T_KT at L = 32, 64). The data say what d is only through
// the other levels of the same curves: the crossing of P = p sits at another L/xi, i.e.
// at d_p = d_1/2 + logit(p) when P is a function of ln(L/xi), so the d = 0 extrapolations
// of the levels 0.3 and 0.7 (d_1/2 -+ 0.85) move by what a change of d by 0.85 does to
// T_KT. The larger of those two moves (it covers the bias while |d_1/2| is within about
// 0.85) and the move from the logistic T* to the curve's real crossing of 1/2 are the
// form systematic of the extrapolation (level_shift).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/crossing.hpp"
#include "analysis/inputs.hpp"
#include "analysis/options.hpp"

namespace phaselearn::analysis::xy2d {

// The levels P = p whose crossings measure the form systematic (see above), and 1/2 read
// the same way (linear interpolation) so that the shifts compare like with like.
inline constexpr double systematic_levels[] = {0.3, 0.5, 0.7};

struct ClassifierSize {
  int L = 0;
  int coarse_grain = 0;  // the networks' n x n block averages (0: raw (cos, sin) sites)
  std::string label_scheme;
  ClassifierCurve curve;  // the networks' mean output
  // The ensemble's crossing; its error is the block bootstrap's and, with several
  // networks, their spread / sqrt(networks) in quadrature.
  Outcome<Crossing> crossing = Outcome<Crossing>::failure("not computed");
  double sampling_error = 0;
  // The ensemble's mean curve's crossings of systematic_levels.
  std::vector<Outcome<double>> level_crossings;
  std::vector<double> network_crossings;  // own T*(L) of the networks that cross (network k's
                                          // only when all cross)
  std::vector<std::uint64_t> network_digests;
  std::vector<std::string> warnings;
};

ClassifierSize classifier_size(const RunInput& run, const std::vector<TrainingInput>& networks,
                               const AnalysisOptions& options);

// Where the curve first falls below `level` going up in T (linear interpolation between
// the sampled temperatures; it must start above it).
Outcome<double> level_crossing(const Curve& curve, double level);

// The form systematic of the extrapolation `tkt` of the crossings of 1/2 (d free or 0 as
// it was), from the mean curves' crossings of systematic_levels, every level extrapolated
// the same way (weights: the errors of the crossings of 1/2): `levels`, the largest
// |T_KT(p) - T_KT(1/2)| (the unknown d); `definition`, |T_KT(1/2) - tkt| (the logistic
// T* of a curve that is not a logistic is not where it crosses 1/2, and by another
// amount at each size); `total`, the two in quadrature. Fails with the reason when a size
// has no crossing of a level or a fit fails.
struct LevelShift {
  double levels = 0, definition = 0, total = 0;
};
Outcome<LevelShift> level_shift(std::span<const ClassifierSize> sizes, double tkt, bool d_free);

// True when every size was classified by the same networks (equal model digests): one
// classifier shared by all sizes.
bool shared_networks(std::span<const ClassifierSize> sizes);

// The first temperature, going up, where the smaller size's curve lies `gap` above the
// larger one's (linear interpolation between the sampled temperatures both share).
Outcome<double> separation(const Curve& small, const Curve& large, double gap);

}  // namespace phaselearn::analysis::xy2d
