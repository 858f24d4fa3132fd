#pragma once
// Thermodynamic observables of the 2D XY model at one temperature from the stored samples
// of a run file, with errors that account for autocorrelation (binning; block jackknife
// for the nonlinear ones), and the block means the bootstrap of the KT estimators draws.
#include <cstddef>
#include <span>
#include <vector>

#include "analysis/curve.hpp"

namespace phaselearn::analysis::xy2d {

// The time-ordered samples at one temperature, as the run file stores them per spin:
// magnetization, bond_cos and bond_sin interleaved [s][component] with components x, y.
struct XySamples {
  std::span<const double> energy, magnetization, bond_cos, bond_sin, vortices;
};

struct XyObservables {
  double temperature = 0;
  Estimate energy;             // <e> per spin
  Estimate specific_heat;      // C = beta^2 N (<e^2> - <e>^2)
  Estimate abs_magnetization;  // <|m|>
  Estimate susceptibility;     // chi = beta N (<m^2> - <|m|>^2)
  Estimate full_susceptibility;  // chi' = beta N <m^2> (no order parameter: <m> = 0)
  // Helicity modulus (spin stiffness), x and y averaged:
  // Upsilon = J <bond_cos> - (N J^2 / T) <bond_sin^2>.
  Estimate helicity;
  Estimate vortex_density;  // (vortices + antivortices) / N
  double tau_int_energy = 0.5, tau_int_abs_magnetization = 0.5, tau_int_helicity = 0.5;
  std::size_t block_length = 1;   // jackknife block length
  bool binning_converged = true;  // false: the series are short for their autocorrelation
};

// spins = N = L^2; block_length 0 takes the longest binning plateau block of e, |m|, m^2
// and the helicity term, so that jackknife blocks outlast the slowest of them.
XyObservables xy_observables(const XySamples& samples, double temperature, std::size_t spins,
                             double J, std::size_t block_length = 0);

// Upsilon and chi' are means of per-sample terms, so a bootstrap over blocks needs only
// the block means of those terms: [t][block], the same blocks of sample index (the same
// stretch of the run) at every temperature, because replica exchange makes neighbouring
// temperatures share noise.
struct BlockMeans {
  std::size_t block_length = 1;
  std::vector<std::vector<double>> helicity, full_susceptibility;
};

// Per-sample terms whose means are Upsilon and chi' at this temperature.
std::vector<double> helicity_terms(const XySamples& samples, double temperature,
                                   std::size_t spins, double J);
std::vector<double> full_susceptibility_terms(const XySamples& samples, double temperature,
                                              std::size_t spins);

}  // namespace phaselearn::analysis::xy2d
