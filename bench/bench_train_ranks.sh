#!/bin/bash
# Data-parallel scaling of the real trainer (issue 3 target: 2 ranks >= 1.8x one rank at a
# global batch of 256): `phaselearn train` on an L = 30 run file (the 900-100-2 network)
# at 1 and 2 ranks. Throughput is the trainer's own per-epoch figure (training samples
# through forward, backward, the allreduce and the update, all ranks together); the
# median over epochs 2.. is reported. Usage: bench/bench_train_ranks.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
source "$root/scripts/mpi-env.sh"
bin=$build/src/app/phaselearn
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Physics does not matter here, only the shape: 32 temperatures x 2,000 samples of 30 x 30.
mpirun -n 2 "$bin" sample --model.L=30 --temperatures.count=32 --sampler.samples=2000 \
  --sampler.equilibration_sweeps=20 --sampler.sweeps_between_samples=1 \
  --run.output_dir=. --run.name=bench >/dev/null
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A rate
for np in 1 2; do
  mpirun -n $np --bind-to core "$bin" train --train.run_file=bench.h5 --run.output_dir=. \
    --run.name=np$np --train.batch_size=256 --train.epochs=6 --train.patience=0 \
    --train.labels=threshold >log$np
  rate[$np]=$(grep '^epoch' log$np | tail -n +2 | sed 's/.*  \([0-9.e+]*\) samples\/s.*/\1/' | median)
  echo "ranks $np, global batch 256: ${rate[$np]} samples/s"
done
awk -v a="${rate[1]}" -v b="${rate[2]}" 'BEGIN {printf "speed-up 2 ranks / 1 rank: %.2f\n", b / a}'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
