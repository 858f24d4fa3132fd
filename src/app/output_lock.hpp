#pragma once
// One writer per output. Before anything is written, rank 0 creates `<output>.lock`
// beside the output with open(O_CREAT | O_EXCL), holding the host, pid, Slurm job id and
// start time of the run. A second run on the same output finds it and is refused (exit 2,
// nothing touched); the lock is removed on every exit path main() returns through
// (done, error, checkpointed). A run killed hard (SIGKILL, MPI_Abort, node failure)
// leaves its lock behind: it is stale when its pid is dead on this host, when it names
// this very Slurm job (a requeued start), or when `squeue` says its Slurm job has ended,
// and is then taken over with a message.
//
// What this relies on: an exclusive create is atomic on local filesystems, NFSv3 and
// later, Lustre and GPFS; no flock()/fcntl locks (often disabled or node-local on
// clusters). A lock on another host without a Slurm job id cannot be judged from here:
// it is reported with its host and pid, to be removed by hand when that run is gone.
#include <string>
#include <vector>

#include "parallel/comm.hpp"

namespace phaselearn::app {

class OutputLocks {
 public:
  // Collective: rank 0 takes the lock of every output (all or none) and every rank learns
  // the outcome; throws InputError on every rank when one is held by a live run, when an
  // output is a directory or when its directory cannot be written.
  OutputLocks(const std::vector<std::string>& outputs, const parallel::Comm& comm);
  ~OutputLocks();  // rank 0 removes the locks it holds (not collective)
  OutputLocks(const OutputLocks&) = delete;
  OutputLocks& operator=(const OutputLocks&) = delete;
  void release() noexcept;  // the same, early (before MPI_Abort); idempotent

 private:
  std::vector<std::string> held_;  // lock paths, rank 0 only
  std::string content_;            // what this run wrote into them
};

std::string lock_path(const std::string& output);

}  // namespace phaselearn::app
