#include "core/signals.hpp"

#include <csignal>

namespace phaselearn {
namespace {
volatile std::sig_atomic_t requested = 0;
extern "C" void on_signal(int) { requested = 1; }
}  // namespace

void install_checkpoint_signals() {
  std::signal(SIGUSR1, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGHUP, on_signal);  // a closed terminal, some schedulers: like SIGTERM
}

bool checkpoint_requested() { return requested != 0; }

}  // namespace phaselearn
