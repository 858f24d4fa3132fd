#!/bin/bash
# Whole `sample` stage at 1 and 2 ranks: stored samples per second, the speed-up, the
# share of wall time in HDF5, and peak memory per rank (also for 4x the samples, to
# show it does not grow with the run length).
# Usage: bench/bench_sample_stage.sh [BUILD_DIR] [JOB_FILE] [--key=value ...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath "${1:-$root/build}")
job=$(realpath "${2:-$root/jobs/quick.ini}")
shift 2 || shift $# || true
source "$root/scripts/mpi-env.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
run() {  # run <ranks> <name> [overrides...]
  local np=$1 name=$2
  shift 2
  mpirun -n "$np" "$build/src/app/phaselearn" sample "$job" --run.output_dir=. \
    --run.name="$name" "$@" | tail -1
}
# The last number of the first match (the label "HDF5" holds a digit itself).
field() { grep -oE "$1" <<<"$2" | head -1 | grep -oE '[0-9]+(\.[0-9]+)?' | tail -1; }
one=$(run 1 np1 "$@")
two=$(run 2 np2 "$@")
long=$(run 2 long "$@" --sampler.samples=4000)
s1=$(field '[0-9.]+ samples/s' "$one"); s2=$(field '[0-9.]+ samples/s' "$two")
printf 'ranks  samples/s  HDF5 share  peak MiB/rank\n'
printf '1      %-9s  %-10s  %s\n' "$s1" "$(field 'HDF5 [0-9.]+' "$one")%" "$(field 'memory [0-9.]+' "$one")"
printf '2      %-9s  %-10s  %s\n' "$s2" "$(field 'HDF5 [0-9.]+' "$two")%" "$(field 'memory [0-9.]+' "$two")"
printf 'speed-up 2 ranks / 1 rank: %s\n' "$(awk -v a="$s2" -v b="$s1" 'BEGIN { printf "%.2f", a / b }')"
printf 'peak MiB/rank with 4x the samples (2 ranks): %s\n' "$(field 'memory [0-9.]+' "$long")"
