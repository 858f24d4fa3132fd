#!/bin/bash
# Data-parallel scaling of the VAE (issue 12 target: 2 ranks >= 1.8x one rank at a global
# batch of 256): `phaselearn train` with train.objective = vae on an XY L = 32 run file
# (the shape of torch_vae_bench.py: 2 x 32 x 32 -> 256 -> 2 x 4, decoder 4 -> 256 ->
# 3 x 32 x 32, energy term on) at 1 rank, at 2 ranks, and as two independent 1-rank runs
# at once: the ceiling the machine allows a second rank (on an idle 2-core machine 2x; a
# loaded one gives less to both). Throughput is the trainer's per-epoch figure (training
# samples through forward, backward, the allreduce and the update); the median over
# epochs 2.. is reported. Usage: bench/ml/bench_vae_ranks.sh [BUILD_DIR] (EPOCHS, default 5)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
source "$root/scripts/mpi-env.sh"
bin=$build/src/app/phaselearn
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# Physics does not matter here, only the shape: 8 temperatures x 1,000 samples of 32 x 32.
mpirun -n 2 "$bin" sample --model.name=xy2d --model.L=32 --temperatures.count=8 \
  --temperatures.min=0.7 --temperatures.max=1.2 --sampler.samples=1000 \
  --sampler.equilibration_sweeps=20 --sampler.sweeps_between_samples=1 \
  --run.output_dir=. --run.name=bench >/dev/null
train() {  # train <ranks> <name> [mpirun options]
  local np=$1 name=$2
  shift 2
  mpirun -n "$np" "$@" "$bin" train --train.run_file=bench.h5 --run.output_dir=. \
    --run.name="$name" --train.objective=vae --train.hidden=256 --train.latent=4 \
    --train.energy_weight=1 --train.batch_size=256 --train.epochs="${EPOCHS:-5}" \
    --train.patience=0 --train.generated=10 >"$name.log"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rate() { grep '^epoch' "$1" | tail -n +2 | sed 's/.*  \([0-9.e+]*\) samples\/s.*/\1/' | median; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
train 1 np1 --bind-to core
train 2 np2 --bind-to core
# The ceiling: two 1-rank runs at once, one per core.
train 1 pair0 --cpu-set 0 --bind-to core &
train 1 pair1 --cpu-set 1 --bind-to core
wait
one=$(rate np1.log) two=$(rate np2.log) p0=$(rate pair0.log) p1=$(rate pair1.log)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v a="$one" -v b="$two" -v c="$p0" -v d="$p1" 'BEGIN {
  printf "VAE, global batch 256: 1 rank %.0f samples/s, 2 ranks %.0f: speed-up %.2f\n", a, b, b / a
  printf "ceiling: two 1-rank runs at once %.0f + %.0f samples/s = %.2fx one rank alone\n", c, d, (c + d) / a }'
