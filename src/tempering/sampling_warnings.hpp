#pragma once
// What the end of a sampling stage warns about, one line per kind of problem, each naming
// the worst case and what to change. Serial and free of MPI, so it is tested directly.
#include <cstdint>
#include <string>
#include <vector>

namespace phaselearn::tempering {

struct ExchangeDiagnostics {
  std::vector<double> acceptance;         // [T-1], pair (t, t+1)
  std::vector<std::int64_t> round_trips;  // [walkers]
  std::vector<std::vector<double>> tau_int;  // [tracked scalar][T], in sweeps
  // [tracked scalar][T]: 1 where tau_int sits on a plateau of the binning, 0 where it is a
  // lower bound (too few sweeps to see the correlations)
  std::vector<std::vector<std::int8_t>> tau_plateau;
};

// Below this exchange acceptance a pair is a bottleneck (the analysis uses the same).
inline constexpr double low_exchange_acceptance = 0.1;

// The lines, without a "warning: " prefix; empty when nothing needs saying.
std::vector<std::string> sampling_warnings(const ExchangeDiagnostics& d,
                                           const std::vector<double>& temperatures,
                                           std::int64_t sweeps_between_samples);

}  // namespace phaselearn::tempering
