#pragma once
// Exact and asymptotic results for the 2D XY model, H = -J sum_<ij> cos(theta_i - theta_j)
// on the L x L periodic square lattice (2 L^2 bonds), k_B = 1, per spin. Reference values
// for the tests and the analysis. Energies depend on |J| only (the lattice is bipartite:
// theta -> theta + pi on one sublattice maps J to -J).
//
// Every function throws std::invalid_argument for T <= 0 or J == 0.
#include <cstdint>

namespace phaselearn::exact {

// L = 2: each of the four sites has its left and right (and up and down) neighbour in the
// same site, so the lattice is a ring of four sites with doubled bonds, coupling 2J:
//   Z = (2 pi)^4 sum_n I_n(2 beta J)^4,
// summed over n in (-inf, inf) (I_-n = I_n) until the terms are below 1e-17 of the sum.
// log Z, and the energy per spin e = -(1/4) d ln Z / d beta. Accurate to ~1e-13 for
// 0.01 <= T/|J| <= 1e4 (the series is in ratios I_n / I_0, so nothing overflows).
double xy2x2_log_partition(double T, double J = 1.0);
double xy2x2_energy(double T, double J = 1.0);

// Low temperature, spin waves: e = -2J + (1 - 1/N) T/2 + T^2/(16 J) + O(T^3), N = L^2
// sites (the N - 1 non-zero harmonic modes give (1 - 1/N) T/2 per spin; the quartic term of
// the cosine gives T^2/16J).
double xy_spin_wave_energy(double T, double J, std::int64_t sites);

// High temperature, leading term: e = -J^2/T + O(T^-3). The next term is -(3/8) J^4/T^3:
// -2J I_1(beta J)/I_0(beta J) from the bonds gives -beta J^2 + beta^3 J^4/8, the plaquette
// loops (2 t^4 per site, t = I_1/I_0) give -beta^3 J^4/2.
double xy_high_t_energy(double T, double J = 1.0);
double xy_high_t_next_term(double T, double J = 1.0);  // -(3/8) J^4 / T^3

}  // namespace phaselearn::exact
