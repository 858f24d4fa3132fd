#!/bin/bash
# sampler.compression: file size and `sample` stage wall time per deflate level, the levels
# run alternately (ROUNDS rounds) so that each sees the same machine state.
# Usage: bench/bench_compression.sh [BUILD_DIR] [JOB_FILE] [RANKS] [--key=value ...]
# LEVELS (default "0 1 4 9") and ROUNDS (default 2) from the environment.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath "${1:-$root/build}")
job=$(realpath "${2:-$root/jobs/quick.ini}")
ranks=${3:-2}
shift 3 || shift $# || true
source "$root/scripts/mpi-env.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
levels=(${LEVELS:-0 1 4 9})
field() { grep -oE "$1" <<<"$2" | head -1 | grep -oE '[0-9]+(\.[0-9]+)?' | tail -1; }
echo "job $(basename "$job"), $ranks rank(s), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'level  round  MB        wall s  HDF5 share\n'
for round in $(seq "${ROUNDS:-2}"); do
  for level in "${levels[@]}"; do
    start=$(date +%s.%N)
    out=$(mpirun -n "$ranks" "$build/src/app/phaselearn" sample "$job" --run.output_dir=. \
      --run.name=c$level --sampler.compression=$level --overwrite "$@" | tail -1)
    wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
    printf '%-5s  %-5s  %-8.1f  %-6s  %s%%\n' "$level" "$round" \
      "$(stat -c %s c$level.h5 | awk '{ print $1 / 1e6 }')" "$wall" "$(field 'HDF5 [0-9.]+' "$out")"
  done
done
echo "load after $(cut -d' ' -f1-3 /proc/loadavg)"
