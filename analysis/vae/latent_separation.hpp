#pragma once
// T_KT from one VAE shared by every size: where the latent curves of successive sizes
// part. A VAE trained on the n x n rms-normalised block averages of one size and applied
// unchanged to the others (train.coarse_grain, train.model_file) sees every lattice at its
// own scale, as the shared classifier does (docs/methods.md, "what a shared classifier's
// curves do"): below T_KT the block distribution depends on T only (a line of fixed
// points; the rms normalisation divides out the b^(-eta/2) of every block length, which is
// what L^(eta/2) would do to a magnetisation), so <|mu|>_L(T) is the same curve for every
// L; above T_KT it is a function of L/xi and the larger lattice looks disordered sooner.
// T_sep(L1, L2), where the normalised curves of L1 < L2 first lie `gap` apart going up in
// T, sits at a fixed L/xi: T_sep = T_KT + c/(ln L)^2 with L = sqrt(L1 L2).
//
// Units: y_L(T) = (<|mu|>_L(T) - <|mu|>_ref(T_max)) / (<|mu|>_ref(T_min) - <|mu|>_ref(T_max)),
// ref the size the VAE was trained on (the largest when none is marked): its curve runs
// from 1 at the lowest temperature to 0 at the highest whichever way the VAE oriented |mu|,
// and the gap is a share of that span. A property of the VAE, not of which other sizes
// are analysed (with the largest analysed size as ref, adding L = 128 to a VAE trained on
// 64 moved T_sep(32, 64) from 0.946 to 0.968).
// Errors: bootstrap over blocks of samples, the same blocks at every temperature of a size,
// streams keyed by (seed, L) as the latent peak's; the whole chain (normalisation, every
// pair's T_sep, the extrapolation) redone on each replica.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/bootstrapped.hpp"
#include "analysis/curve.hpp"
#include "analysis/outcome.hpp"
#include "analysis/xy2d/kt_estimators.hpp"

namespace phaselearn::analysis::vae {

// The gap between normalised curves that marks their separation (the classifier's 0.05
// on P, which also runs from 1 to 0).
inline constexpr double latent_separation_gap = 0.05;

// One size: block means of |mu| at each temperature (every temperature the same blocks).
struct LatentSizeBlocks {
  int L = 0;
  std::vector<double> temperatures;
  std::vector<std::vector<double>> abs_blocks;  // [t][block]
  bool trained_on = false;  // the size the VAE was trained on (the unit of the curves)
};

struct SeparationPair {
  int small_L = 0, large_L = 0;
  double effective_L = 0;  // sqrt(small_L large_L)
  Outcome<Bootstrapped> temperature = Outcome<Bootstrapped>::failure("not computed");
};

struct LatentSeparation {
  double gap = latent_separation_gap;
  std::vector<Curve> curves;  // normalised <|mu|>_L(T) per size (errors: binning of blocks)
  std::vector<SeparationPair> pairs;
  std::optional<xy2d::LogExtrapolation> extrapolation;
  Outcome<Bootstrapped> tkt = Outcome<Bootstrapped>::failure("not computed");
  std::string note;
};

// The normalised curves of the sizes (ascending L) from their per-temperature means, in
// the units of means[ref].
std::vector<Curve> normalised_curves(const std::vector<Curve>& means, std::size_t ref);

// sizes: ascending L, equal temperatures. Pairs whose curves never part by `gap` are left
// out (said in the note); T_KT needs two pairs.
LatentSeparation latent_separation(const std::vector<LatentSizeBlocks>& sizes, std::size_t replicas,
                                   std::uint64_t seed, double gap = latent_separation_gap);

}  // namespace phaselearn::analysis::vae
