#include "core/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdlib>

namespace phaselearn {
namespace {

std::string format_duration(double s) {
  if (!std::isfinite(s)) return "?";
  char buf[32];
  const long t = std::lround(s);
  if (t >= 3600)
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t / 60) % 60);
  else
    std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  return buf;
}

}  // namespace

Progress::Progress(bool enabled, std::string label, double total, std::string unit,
                   double log_interval_seconds)
    : enabled_(enabled),
      // OpenMPI's mpirun hands ranks a pseudo-terminal even when its own output goes to
      // a file, so under mpirun a terminal cannot be told from a log: print plain lines.
      tty_(isatty(fileno(stdout)) != 0 && std::getenv("OMPI_COMM_WORLD_SIZE") == nullptr),
      label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      interval_(tty_ ? 0.5 : log_interval_seconds),
      start_(Clock::now()),
      last_(start_) {}

double Progress::elapsed_seconds() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

void Progress::update(double done) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (std::chrono::duration<double>(now - last_).count() < interval_) return;
  last_ = now;
  const double elapsed = elapsed_seconds();
  const double rate = done / elapsed;
  const double eta = rate > 0 ? (total_ - done) / rate : NAN;
  std::printf("%s%s: %5.1f%%  %.3g %s/s  ETA %s%s", tty_ ? "\r" : "", label_.c_str(),
              100.0 * done / total_, rate, unit_.c_str(), format_duration(eta).c_str(),
              tty_ ? "   " : "\n");
  std::fflush(stdout);
}

void Progress::finish(const std::string& summary) {
  if (!enabled_) return;
  std::printf("%s%s: %s (%s)\n", tty_ ? "\r" : "", label_.c_str(), summary.c_str(),
              format_duration(elapsed_seconds()).c_str());
  std::fflush(stdout);
}

}  // namespace phaselearn
