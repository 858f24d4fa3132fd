#!/bin/bash
# Whole `sample` stage at 1 and 2 ranks: stored samples per second, the speed-up, the
# share of wall time in HDF5, and peak memory per rank (also for 4x the samples, to
# show it does not grow with the run length). Beside them, what the machine allows in
# the same minutes: two independent 1-rank runs at once (the most a second rank can
# add), and the time to write the run file's bytes with dd (conv=fdatasync) in the same
# directory, as a share of the 1-rank wall time (the least the HDF5 share can be).
# Usage: bench/bench_sample_stage.sh [BUILD_DIR] [JOB_FILE] [--key=value ...]
# LONG=0 skips the 4x run; CEILING=0 skips the two measurements of the machine.
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
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
one=$(run 1 np1 "$@")
two=$(run 2 np2 "$@")
s1=$(field '[0-9.]+ samples/s' "$one"); s2=$(field '[0-9.]+ samples/s' "$two")
printf 'ranks  samples/s  HDF5 share  peak MiB/rank\n'
printf '1      %-9s  %-10s  %s\n' "$s1" "$(field 'HDF5 [0-9.]+' "$one")%" "$(field 'memory [0-9.]+' "$one")"
printf '2      %-9s  %-10s  %s\n' "$s2" "$(field 'HDF5 [0-9.]+' "$two")%" "$(field 'memory [0-9.]+' "$two")"
printf 'speed-up 2 ranks / 1 rank: %s\n' "$(awk -v a="$s2" -v b="$s1" 'BEGIN { printf "%.2f", a / b }')"
if [ "${CEILING:-1}" != 0 ]; then
  run 1 pairA "$@" >pairA.out &
  run 1 pairB "$@" >pairB.out
  wait
  a=$(field '[0-9.]+ samples/s' "$(cat pairA.out)"); b=$(field '[0-9.]+ samples/s' "$(cat pairB.out)")
  printf 'two 1-rank runs at once: %s + %s samples/s = %s x one rank alone\n' "$a" "$b" \
    "$(awk -v a="$a" -v b="$b" -v c="$s1" 'BEGIN { printf "%.2f", (a + b) / c }')"
  bytes=$(stat -c %s np1.h5)
  start=$(date +%s.%N)
  dd if=/dev/zero of=dd.bin bs=1M count=$(((bytes + 1048575) / 1048576)) conv=fdatasync status=none
  end=$(date +%s.%N)
  samples=$(grep -oE '[0-9]+ temperatures x [0-9]+ samples' <<<"$one" | awk '{ print $1 * $4 }')
  awk -v t0="$start" -v t1="$end" -v b="$bytes" -v n="$samples" -v s="$s1" 'BEGIN {
    printf "dd of the run file (%.0f MB): %.3f s = %.1f%% of the 1-rank wall time\n",
      b / 1e6, t1 - t0, 100 * (t1 - t0) / (n / s) }'
fi
if [ "${LONG:-1}" != 0 ]; then
  long=$(run 2 long "$@" --sampler.samples=4000)
  printf 'peak MiB/rank with 4x the samples (2 ranks): %s\n' "$(field 'memory [0-9.]+' "$long")"
fi
