#!/bin/bash
# §5: an interruption storm for `train`. One training is stopped at least 10 times at random
# moments (SIGUSR1 to every rank or SIGKILL of one rank; some during start-up) and resumed
# until it finishes; its training file must equal an uninterrupted training's in every
# dataset and attribute but the time it was written. A training checkpoint resumes only at
# its own rank count (the data shards follow the ranks), so every start has 2 ranks. The
# training is long (seconds on an idle machine) so that ten moments fit before it ends.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/common.sh"
source "$here/storm.sh"
stage=train output=out/storm.train.h5
job=(--model.L=8 --temperatures.count=8 --temperatures.spacing=linear --temperatures.min=1.6
     --temperatures.max=3.2 --sampler.equilibration_sweeps=100 --sampler.samples=400
     --run.output_dir=out --run.name=storm --run.checkpoint_interval=0.3
     --train.epochs=3000 --train.patience=0 --train.hidden=32)
# By its last "epoch N/M" line.
progress() {
  tail -n +$(($1 + 1)) storm.log | awk '/^epoch [0-9]+\// { split($2, e, "/"); p = e[1] / e[2] }
                                        END { print p + 0 }'
}
timeout 120 mpirun -n 2 "$PHASELEARN" sample "${job[@]}" >sample.log 2>&1 \
  || { fail "sample: $(cat sample.log)"; finish; }
run_reference
storm 10 0.9 2
compare_with_reference "the storm's training file" created_utc
finish
