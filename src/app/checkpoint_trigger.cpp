#include "app/checkpoint_trigger.hpp"

#include "core/signals.hpp"

namespace phaselearn::app {

CheckpointTrigger::CheckpointTrigger(double interval_seconds, const parallel::Comm& comm)
    : interval_(interval_seconds), comm_(comm), last_(Clock::now()) {}

CheckpointTrigger::Action CheckpointTrigger::poll() {
  const double agreed = pending_ ? pending_->wait() : 0;
  const Action action = agreed >= 2   ? Action::checkpoint_and_stop
                        : agreed >= 1 ? Action::checkpoint
                                      : Action::none;
  if (action != Action::none) last_ = Clock::now();  // the caller writes it now
  double want = checkpoint_requested() ? 2 : 0;
  if (comm_.is_root() && interval_ > 0 &&
      std::chrono::duration<double>(Clock::now() - last_).count() >= interval_)
    want = std::max(want, 1.0);
  pending_.reset();
  pending_.emplace(comm_, want);
  return action;
}

void CheckpointTrigger::written() { last_ = Clock::now(); }

}  // namespace phaselearn::app
