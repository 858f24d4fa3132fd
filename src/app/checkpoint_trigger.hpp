#pragma once
// When to write a checkpoint: every `interval` seconds of wall time (measured on rank 0)
// and when a SIGUSR1 or SIGTERM arrived on any rank. The ranks agree through one small
// nonblocking collective per poll, read at the next poll: every rank checkpoints at the
// same step, one poll after the request, and no poll makes the ranks wait for each other.
#include <chrono>
#include <optional>

#include "parallel/comm.hpp"

namespace phaselearn::app {

class CheckpointTrigger {
 public:
  enum class Action { none, checkpoint, checkpoint_and_stop };

  // interval_seconds = 0: only on signals (main installs their handlers).
  CheckpointTrigger(double interval_seconds, const parallel::Comm& comm);
  Action poll();  // collective: the agreed answer to the previous poll
  void written();  // restarts the interval

 private:
  using Clock = std::chrono::steady_clock;
  double interval_;
  const parallel::Comm& comm_;
  Clock::time_point last_;
  std::optional<parallel::Comm::PendingMax> pending_;
};

}  // namespace phaselearn::app
