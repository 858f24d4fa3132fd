#!/bin/bash
# Checkpoint cost and resume latency of `sample` (issue 5 targets): the quick job at 2
# ranks without periodic checkpoints, with one every second, and at the default interval;
# then how long a resumed start takes from launch to sampling again.
# Usage: bench/bench_checkpoint.sh [BUILD_DIR] [JOB_FILE]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
job=${2:-$root/jobs/quick.ini}
source "$root/scripts/mpi-env.sh"
phaselearn=$build/src/app/phaselearn
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
timed() {  # timed <name> [overrides...]: the shortest wall seconds of 3 whole runs
  local name=$1 start best=
  shift
  for i in 1 2 3; do
    start=$(now)
    mpirun -n 2 "$phaselearn" sample "$job" --run.output_dir=. --run.name="$name$i" "$@" >/dev/null
    best=$(awk -v a="$(elapsed "$start")" -v b="$best" 'BEGIN { print (b == "" || a < b) ? a : b }')
  done
  echo "$best"
}
# Checkpoints every 0.1 s make their cost measurable above run-to-run noise; the cost
# of one, over the default interval, is the overhead at the default.
none=$(timed none --run.checkpoint_interval=0)
every=$(timed every --run.checkpoint_interval=0.1)
awk -v a="$every" -v b="$none" 'BEGIN {
  n = int(a / 0.1); per = (a - b) / n
  printf "wall, no checkpoints: %.2f s; checkpoint every 0.1 s: %.2f s (~%d checkpoints)\n", b, a, n
  printf "one checkpoint: %.1f ms; overhead at the default interval (600 s): %.4f%%\n", 1000 * per, 100 * per / 600
}'
printf 'checkpoint size: %s bytes\n' "$(
  mpirun -n 2 "$phaselearn" sample "$job" --run.output_dir=. --run.name=cut >/dev/null 2>&1 &
  pid=$!; sleep 2; pkill -USR1 -f "^$phaselearn sample .*--run.name=cut"; wait $pid || true
  stat -c %s cut.h5.checkpoint)"
# Resume latency: launch until the first progress line after "resuming from".
start=$(now)
mpirun -n 2 "$phaselearn" sample "$job" --run.output_dir=. --run.name=cut |
  while read -r line; do
    case $line in resuming*) echo "resume: sampling again $(elapsed "$start") s after launch" ;; esac
  done
