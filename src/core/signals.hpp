#pragma once
// SIGUSR1, SIGTERM and SIGHUP ask for a checkpoint and a clean stop (Slurm sends them before a
// time limit with --signal and on preemption). The handler only sets a flag; the run
// loop polls it, and the ranks agree collectively on when to act.
namespace phaselearn {
void install_checkpoint_signals();
bool checkpoint_requested();
}  // namespace phaselearn
