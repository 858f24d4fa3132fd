#pragma once
// Progress lines at a bounded rate: an updating line on a terminal, plain lines in
// a log (Slurm output files), then a one-line summary.
#include <chrono>
#include <cstdio>
#include <string>

namespace phaselearn {

class Progress {
 public:
  // `enabled` is false on every rank but 0. `unit` names what is counted ("sweeps").
  Progress(bool enabled, std::string label, double total, std::string unit,
           double log_interval_seconds = 10.0);
  void update(double done);
  void finish(const std::string& summary);
  double elapsed_seconds() const;

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_, tty_;
  std::string label_, unit_;
  double total_, interval_;
  Clock::time_point start_, last_;
};

}  // namespace phaselearn
