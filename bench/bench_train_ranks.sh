#!/bin/bash
# Data-parallel scaling of the real trainer (target: 2 ranks >= 1.8x one rank at a global
# batch of 256): `phaselearn train` on an L = 30 run file (the 900-100-2 network) at one
# rank, at two ranks with the optimizer repeated on every rank (one allreduce per step)
# and sharded (train.shard_optimizer: reduce-scatter, a slice of the update, allgather),
# and the machine's ceiling: two independent one-rank runs at once, one per core (what
# two ranks could reach if they never waited for each other). Throughput is the trainer's
# own per-epoch figure (training samples through forward, backward, the collectives and
# the update, all ranks together), the median over epochs 2.. ; ROUNDS rounds alternate
# the four configurations so that they see the same machine state, and the medians over
# rounds are reported. Usage: bench/bench_train_ranks.sh [BUILD_DIR] (ROUNDS=3 default)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
rounds=${ROUNDS:-3}
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
train_args() {  # NAME [more keys]
  echo --train.run_file=bench.h5 --run.output_dir=. --run.name="$1" --overwrite \
    --train.batch_size=256 --train.epochs=6 --train.patience=0 --train.labels=threshold "${@:2}"
}
rate_of() { grep '^epoch' "$1" | tail -n +2 | sed 's/.*  \([0-9.e+]*\) samples\/s.*/\1/' | median; }
declare -A rates
for round in $(seq "$rounds"); do
  mpirun -n 1 --bind-to core "$bin" train $(train_args one) >one.log
  rates[one]+="$(rate_of one.log) "
  mpirun -n 2 --bind-to core "$bin" train $(train_args two) >two.log
  rates[two]+="$(rate_of two.log) "
  mpirun -n 2 --bind-to core "$bin" train $(train_args sharded --train.shard_optimizer=true) \
    >sharded.log
  rates[sharded]+="$(rate_of sharded.log) "
  # The ceiling: two one-rank runs at once, pinned to cores 0 and 1.
  taskset -c 0 mpirun -n 1 --bind-to none "$bin" train $(train_args pair0) >pair0.log &
  taskset -c 1 mpirun -n 1 --bind-to none "$bin" train $(train_args pair1) >pair1.log
  wait
  pair=$(awk -v a="$(rate_of pair0.log)" -v b="$(rate_of pair1.log)" 'BEGIN {print a + b}')
  rates[pair]+="$pair "
  echo "round $round (samples/s): 1 rank $(rate_of one.log), 2 ranks $(rate_of two.log)," \
    "sharded $(rate_of sharded.log), pair $pair; load $(cut -d' ' -f1 /proc/loadavg)"
done
for k in one two sharded pair; do
  rates[$k]=$(echo "${rates[$k]}" | tr ' ' '\n' | grep . | median)
done
echo "global batch 256, samples/s (median of $rounds rounds):"
echo "  1 rank                                 ${rates[one]}"
echo "  2 ranks, optimizer on every rank       ${rates[two]}"
echo "  2 ranks, sharded optimizer             ${rates[sharded]}"
echo "  ceiling: 2 independent 1-rank runs     ${rates[pair]}"
awk -v a="${rates[one]}" -v b="${rates[two]}" -v c="${rates[sharded]}" -v d="${rates[pair]}" \
  'BEGIN {printf "speed-up over 1 rank: 2 ranks %.2f, sharded %.2f, ceiling %.2f\n", b / a, c / a, d / a}'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
