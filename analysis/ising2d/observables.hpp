#pragma once
// Thermodynamic observables at one temperature from the stored samples of a run file,
// with errors that account for autocorrelation.
#include <cstddef>
#include <span>

#include "analysis/curve.hpp"

namespace phaselearn::analysis::ising2d {

struct ThermodynamicObservables {
  double temperature = 0;
  Estimate energy;             // <e>, e = energy per spin (binning error)
  Estimate abs_magnetization;  // <|m|> (binning error)
  // Nonlinear in the means, so block jackknife; value is the bias-corrected estimate.
  Estimate specific_heat;   // C = beta^2 N (<e^2> - <e>^2), per spin
  Estimate susceptibility;  // chi = beta N (<m^2> - <|m|>^2), per spin
  Estimate binder;          // U4 = 1 - <m^4> / (3 <m^2>^2)
  double tau_int_energy = 0.5;
  double tau_int_abs_magnetization = 0.5;
  std::size_t block_length = 1;  // jackknife block length
  bool binning_converged = true; // false: the series are short for their autocorrelation
};

// energy_per_spin and magnetization_per_spin (signed) are the time-ordered samples at one
// temperature; spins = N = L^2. block_length 0 takes the longest binning plateau block of
// e, |m| and m^2, so that jackknife blocks outlast the slowest of them.
ThermodynamicObservables thermodynamic_observables(std::span<const double> energy_per_spin,
                                                   std::span<const double> magnetization_per_spin,
                                                   double temperature, std::size_t spins,
                                                   std::size_t block_length = 0);

}  // namespace phaselearn::analysis::ising2d
