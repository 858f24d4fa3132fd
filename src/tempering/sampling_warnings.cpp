#include "tempering/sampling_warnings.hpp"

#include <algorithm>
#include <cstdio>

namespace phaselearn::tempering {
namespace {
std::string format(const char* pattern, auto... values) {
  char line[512];
  std::snprintf(line, sizeof line, pattern, values...);
  return line;
}
}  // namespace

std::vector<std::string> sampling_warnings(const ExchangeDiagnostics& d,
                                           const std::vector<double>& temperatures,
                                           std::int64_t sweeps_between_samples) {
  std::vector<std::string> lines;
  const std::size_t T = temperatures.size();
  const auto k = double(sweeps_between_samples);

  int bounds = 0;
  for (std::size_t t = 0; t < T; ++t) {
    bool all = true;
    for (const auto& plateau : d.tau_plateau) all = all && plateau[t];
    if (!all) ++bounds;
  }
  if (bounds > 0)
    lines.push_back(format(
        "at %d of %zu temperatures the binning of tau_int shows no plateau: the stored tau_int "
        "is a lower bound (/diagnostics/tau_int_plateau = 0); raise sampler.samples for an "
        "estimate",
        bounds, T));

  int correlated = 0;
  double worst_tau = 0, worst_t = 0;
  for (std::size_t t = 0; t < T; ++t) {
    double tau = 0;
    for (const auto& series : d.tau_int) tau = std::max(tau, series[t]);
    if (k < 2 * tau) ++correlated;
    if (tau > worst_tau) worst_tau = tau, worst_t = temperatures[t];
  }
  if (correlated > 0)
    lines.push_back(format(
        "at %d of %zu temperatures sweeps_between_samples = %g is below 2 tau_int (largest "
        "tau_int = %.3g sweeps at T = %.4g): stored samples are correlated; raise "
        "sampler.sweeps_between_samples or sampler.wolff_sweeps",
        correlated, T, k, worst_tau, worst_t));

  int low = 0;
  std::size_t worst_pair = 0;
  for (std::size_t p = 0; p < d.acceptance.size(); ++p) {
    if (d.acceptance[p] < low_exchange_acceptance) ++low;
    if (d.acceptance[p] < d.acceptance[worst_pair]) worst_pair = p;
  }
  if (low > 0 && worst_pair + 1 < T)
    lines.push_back(format(
        "%d of %zu neighbour pairs exchange with acceptance below %g (lowest %.3f between "
        "T = %.4g and %.4g): walkers rarely cross there; add temperatures between them",
        low, d.acceptance.size(), low_exchange_acceptance, d.acceptance[worst_pair],
        temperatures[worst_pair], temperatures[worst_pair + 1]));

  std::int64_t trips = 0;
  for (const std::int64_t r : d.round_trips) trips += r;
  if (T > 1 && !d.acceptance.empty() && trips == 0)
    lines.push_back(
        "no walker completed a round trip between the lowest and highest temperature: the "
        "temperature set does not mix (more sweeps, or closer temperatures)");
  return lines;
}

}  // namespace phaselearn::tempering
