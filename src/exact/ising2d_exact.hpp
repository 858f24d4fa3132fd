#pragma once
// Exact results for the 2D Ising model on the L x L square lattice with periodic
// boundaries, H = -J sum_<ij> s_i s_j (2 L^2 bonds), zero field, k_B = 1.
// All quantities are per spin. These are the reference values the sampler's tests
// and the analysis tool compare against.
//
// Every function throws std::invalid_argument for arguments outside its domain.

namespace phaselearn::exact {

struct Thermo {
  double energy;         // <E>/N
  double specific_heat;  // C/N = beta^2 (<E^2> - <E>^2) / N
};

struct EnumeratedThermo {
  double energy;             // <E>/N
  double specific_heat;      // C/N
  double abs_magnetization;  // <|m|>, m = M/N
  double magnetization_sq;   // <m^2>
};

// Brute force over all 2^(L*L) states, 2 <= L <= 5, any T > 0 and J != 0.
// The (energy, magnetization) histogram is enumerated once per L and cached
// (thread-safe), so further temperatures only cost a reweighting.
EnumeratedThermo enumerate(int L, double T, double J = 1.0);

// Temperature range (J > 0) accepted by the Kaufman and Onsager energy functions.
// Relative accuracy is ~1e-14 for 0.4 <= T/J <= 100 (checked against 50-digit
// arithmetic up to L = 1024); towards T/J = 1e4 it falls to ~1e-9 (a 1/K^2
// cancellation). Below T/J ~ 0.4, C/N is exponentially small and is resolved only to an
// absolute ~1e-18 (it may come out as a tiny negative number); e and ln Z stay exact.
// Outside the range the formulas overflow or lose all digits, so they throw.
inline constexpr double min_temperature_over_J = 1e-3;
inline constexpr double max_temperature_over_J = 1e4;

// ln Z of the finite periodic L x L lattice (Kaufman 1949), any L >= 2, J > 0.
double log_partition_function(int L, double T, double J = 1.0);

// Energy and specific heat of the finite periodic L x L lattice from Kaufman's Z,
// differentiated analytically (Ferdinand & Fisher 1969). Any L >= 2, J > 0.
Thermo finite_size(int L, double T, double J = 1.0);

// Onsager's infinite-lattice energy per spin; equals -sqrt(2) J at Tc. J > 0.
double onsager_energy(double T, double J = 1.0);

// Spontaneous magnetization (Onsager/Yang): (1 - sinh(2J/T)^-4)^(1/8) below Tc, 0 above.
// Any T > 0, J > 0.
double onsager_magnetization(double T, double J = 1.0);

// Tc / J = 2 / ln(1 + sqrt 2).
inline constexpr double critical_temperature_over_J = 2.269185314213022;

}  // namespace phaselearn::exact
