#pragma once
// Batch estimators on one time series: mean, variance, and the binning (blocking)
// analysis that turns the naive error of the mean into one that accounts for
// autocorrelation.
//
// Convention (Sokal): tau_int = 1/2 + sum_{t>=1} rho(t), so that for n correlated values
// error^2 = 2 tau_int var / n, and tau_int = 1/2 for uncorrelated data.
#include <cstddef>
#include <span>
#include <vector>

namespace phaselearn::analysis {

double mean(std::span<const double> x);      // throws InputError on an empty series
double variance(std::span<const double> x);  // unbiased (n - 1); needs n >= 2

struct BinningLevel {
  std::size_t block_length = 0;  // values per block, 2^level
  std::size_t blocks = 0;        // whole blocks at this level (a ragged tail is dropped)
  double error = 0;              // error of the mean from the spread of the block means
};

struct BinningOptions {
  // Levels with fewer blocks than this are not trusted: the relative error of the error
  // from b blocks is about 1/sqrt(2 b), 12.5 % at 32.
  std::size_t min_blocks = 32;
  // A level is on the plateau when its blocks are at least this many tau_int long (tau_int
  // estimated at that same level). The variance of block means is biased low by about
  // tau/block_length (exactly 2a/((1-a^2) b) for AR(1)), so 16 keeps the bias of the
  // error near 3 %, while short-correlated series keep many blocks.
  double blocks_per_tau = 16;
};

struct BinningAnalysis {
  double mean = 0;
  double error = 0;          // error of the mean at the plateau level
  double naive_error = 0;    // sqrt(var / n), correct only for uncorrelated data
  double tau_int = 0.5;      // error^2 / (2 naive_error^2)
  double tau_int_error = 0;  // statistical error of tau_int from the number of blocks
  std::size_t plateau_level = 0;
  std::size_t block_length = 1;  // block length at the plateau: use it for jackknife/bootstrap
  // False when no level with enough blocks satisfied the plateau criterion: the series is
  // too short for its autocorrelation, and error and tau_int are lower bounds.
  bool converged = false;
  std::vector<BinningLevel> levels;
};

// Needs at least two values; a constant series gives error 0 and tau_int 1/2.
BinningAnalysis binning_analysis(std::span<const double> x, const BinningOptions& options = {});

struct AutocorrelationTime {
  double tau_int = 0.5;
  double error = 0;        // Madras–Sokal: tau sqrt(2 (2W + 1) / n)
  std::size_t window = 0;  // W, the last lag summed
  bool converged = false;  // false: the series ended before W >= c tau(W)
};

// tau_int = 1/2 + sum_{t=1}^{W} rho(t) with Sokal's automatic window: the smallest W with
// W >= c tau(W) (c = 6 suits exponential decay: the truncation bias is ~exp(-6)). With
// several series (e.g. one per temperature of a narrow window, sharing their dynamics),
// their normalised autocorrelations are averaged first, which makes the estimate usable
// where each series alone is too short for binning to reach its plateau.
AutocorrelationTime integrated_autocorrelation_time(std::span<const std::span<const double>> series,
                                                    double window_factor = 6);

}  // namespace phaselearn::analysis
