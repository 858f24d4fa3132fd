#include "analysis/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/errors.hpp"

namespace phaselearn::analysis {

double mean(std::span<const double> x) {
  if (x.empty()) throw InputError("mean of an empty series");
  double sum = 0;
  for (double v : x) sum += v;
  return sum / static_cast<double>(x.size());
}

double variance(std::span<const double> x) {
  if (x.size() < 2)
    throw InputError("variance needs at least 2 values, got " + std::to_string(x.size()));
  const double m = mean(x);
  double sum_sq = 0;  // two-pass: no cancellation when the mean is large
  for (double v : x) sum_sq += (v - m) * (v - m);
  return sum_sq / static_cast<double>(x.size() - 1);
}

BinningAnalysis binning_analysis(std::span<const double> x, const BinningOptions& options) {
  if (x.size() < 2)
    throw InputError("binning analysis needs at least 2 values, got " +
                     std::to_string(x.size()));
  for (double v : x)
    if (!std::isfinite(v)) throw InputError("binning analysis: the series has a non-finite value");

  BinningAnalysis result;
  result.mean = mean(x);
  std::vector<double> blocks(x.begin(), x.end());
  std::size_t block_length = 1;
  while (blocks.size() >= 2) {
    const double var = variance(blocks);
    result.levels.push_back(
        {block_length, blocks.size(), std::sqrt(var / static_cast<double>(blocks.size()))});
    std::vector<double> coarser(blocks.size() / 2);
    for (std::size_t i = 0; i < coarser.size(); ++i)
      coarser[i] = 0.5 * (blocks[2 * i] + blocks[2 * i + 1]);
    blocks = std::move(coarser);
    block_length *= 2;
  }

  result.naive_error = result.levels.front().error;
  if (result.naive_error == 0) {  // constant series: nothing fluctuates, nothing to bin
    result.error = 0;
    result.converged = true;
    return result;
  }
  const auto tau_at = [&](const BinningLevel& level) {
    const double ratio = level.error / result.naive_error;
    return 0.5 * ratio * ratio;
  };

  std::size_t chosen = 0;
  for (std::size_t l = 0; l < result.levels.size(); ++l) {
    if (result.levels[l].blocks < options.min_blocks) break;
    chosen = l;
    if (static_cast<double>(result.levels[l].block_length) >=
        options.blocks_per_tau * tau_at(result.levels[l])) {
      result.converged = true;
      break;
    }
  }
  const BinningLevel& plateau = result.levels[chosen];
  result.plateau_level = chosen;
  result.block_length = plateau.block_length;
  result.error = plateau.error;
  result.tau_int = tau_at(plateau);
  // The variance of b block means has relative error sqrt(2 / (b - 1)); tau_int is
  // proportional to it.
  result.tau_int_error =
      result.tau_int * std::sqrt(2.0 / static_cast<double>(std::max<std::size_t>(plateau.blocks - 1, 1)));
  return result;
}

AutocorrelationTime integrated_autocorrelation_time(std::span<const std::span<const double>> series,
                                                    double window_factor) {
  if (series.empty()) throw InputError("autocorrelation time of no series");
  std::size_t shortest = series.front().size(), total = 0;
  for (const auto& x : series) {
    shortest = std::min(shortest, x.size());
    total += x.size();
  }
  if (shortest < 2) throw InputError("autocorrelation time needs series of at least 2 values");

  // Centred copies; constant series carry no information on the correlation and are skipped.
  std::vector<std::vector<double>> centred;
  std::vector<double> variances;
  for (const auto& x : series) {
    const double m = mean(x), v = variance(x);
    if (v == 0) continue;
    std::vector<double> c(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) c[i] = x[i] - m;
    centred.push_back(std::move(c));
    variances.push_back(v * static_cast<double>(x.size() - 1) / static_cast<double>(x.size()));
  }
  AutocorrelationTime result;
  if (centred.empty()) {
    result.converged = true;
    return result;
  }
  const auto rho = [&](std::size_t lag) {
    double sum = 0;
    for (std::size_t k = 0; k < centred.size(); ++k) {
      const auto& c = centred[k];
      double covariance = 0;
      for (std::size_t i = 0; i + lag < c.size(); ++i) covariance += c[i] * c[i + lag];
      sum += covariance / static_cast<double>(c.size()) / variances[k];
    }
    return sum / static_cast<double>(centred.size());
  };
  double tau = 0.5;
  std::size_t window = 0;
  while (window + 1 < shortest) {
    ++window;
    tau += rho(window);
    if (static_cast<double>(window) >= window_factor * tau) {
      result.converged = true;
      break;
    }
  }
  result.tau_int = tau;
  result.window = window;
  result.error = result.tau_int * std::sqrt(2.0 * static_cast<double>(2 * window + 1) /
                                            static_cast<double>(total));
  return result;
}

}  // namespace phaselearn::analysis
