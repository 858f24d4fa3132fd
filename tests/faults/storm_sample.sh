#!/bin/bash
# §5: an interruption storm. One `sample` run is stopped at least 20 times at random moments
# (SIGUSR1 or SIGKILL of one rank; some during start-up, most during equilibration and
# sampling), each time resumed on 1, 2 or 4 ranks, until it finishes; the run file must
# equal an uninterrupted run's in every dataset and attribute but those that differ by
# design (named below). The uninterrupted run goes over the TCP transport (--mca btl
# self,tcp), every start of the storm over shared memory: one comparison shows that neither
# the interruptions nor the transport change the file, without a third full run.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/common.sh"
source "$here/storm.sh"
stage=sample output=out/storm.h5
# Periodic checkpoints every 0.3 s (a SIGKILL loses little); progress lines every 0.1 s.
# Long enough (about 10 s on an idle machine) that every moment lands before the end.
job=(--model.L=32 --temperatures.count=8 --sampler.equilibration_sweeps=4000
     --sampler.samples=900 --sampler.sweeps_between_samples=25 --sampler.write_chunk=32
     --run.output_dir=out --run.name=storm --run.checkpoint_interval=0.3
     --sampler.log_interval=0.1)
# Differ between two runs of one job by design: when it was written, its random label, and
# the rank count of the run's first start.
ignored=(created_utc run_id mpi_ranks)
# The sweep it resumed at and the share of the remaining sweeps done since.
progress() {
  tail -n +$(($1 + 1)) storm.log | tr '\r' '\n' | awk '
    /^resuming from/ { for (i = 1; i < NF; ++i) if ($i == "sweep") { x = $(i + 1); y = $(i + 3) } }
    /^sample: *[0-9.]+%/ { p = $2; sub("%", "", p) }
    END { print (y > 0 ? (x + p / 100 * (y - x)) / y : p / 100) }'
}

run_reference --mca btl self,tcp
storm 20 0.6 1 2 4
compare_with_reference "the storm's run file (shared memory) against the uninterrupted run over --mca btl self,tcp" \
  "${ignored[@]}"
finish
