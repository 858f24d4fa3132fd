#pragma once
// The XY energy of a configuration given as unit vectors, with its gradient with respect
// to each site's angle: what the VAE's energy term needs of a decoded configuration
// (src/ml reaches it as a callback and includes no model header). Also the vortex density
// of such a configuration, to compare decoded configurations with sampled ones.
#include <span>

namespace phaselearn::xy2d {

// `spins`: the L x L sites' (cos θ, sin θ), channel by channel (L*L cosines, then L*L
// sines; row-major [y][x] within each), periodic. Returns the energy per spin
// e = −(J/N) Σ_<ij> cos(θ_i − θ_j); when `angle_gradient` is not empty (N entries) it
// receives ∂e/∂θ_i = (J/N) Σ_{j nn of i} sin(θ_i − θ_j). The vectors need not be exactly
// unit length: e is the bilinear −(J/N) Σ S_i·S_j, and the gradient its tangential part.
double energy_per_spin(std::span<const double> spins, int L, double J,
                       std::span<double> angle_gradient);

// (vortices + antivortices) / N of L x L angles θ (row-major [y][x]): plaquettes whose
// angle differences, each wrapped into [−π, π], sum to ±2π.
double vortex_density(std::span<const double> angles, int L);

}  // namespace phaselearn::xy2d
