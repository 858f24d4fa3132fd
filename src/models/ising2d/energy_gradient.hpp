#pragma once
// The Ising energy of a configuration of mean spins m_i in [−1, 1] (a VAE's decoded mean
// configuration), with its gradient: what the VAE's energy term needs (src/ml reaches it
// as a callback and includes no model header).
#include <span>

namespace phaselearn::ising2d {

// `m`: L x L mean spins, row-major [y][x], periodic. Returns e = −(J/N) Σ_<ij> m_i m_j;
// when `gradient` is not empty (N entries) it receives ∂e/∂m_i = −(J/N) Σ_{j nn of i} m_j.
double energy_per_spin(std::span<const double> m, int L, double J, std::span<double> gradient);

}  // namespace phaselearn::ising2d
