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
timed() {  # timed <name> [overrides...]: wall seconds of a whole run
  local name=$1 start
  shift
  start=$(now)
  mpirun -n 2 "$phaselearn" sample "$job" --run.output_dir=. --run.name="$name" "$@" >/dev/null
  elapsed "$start"
}
none=$(timed none --run.checkpoint_interval=0)
every=$(timed every --run.checkpoint_interval=1)
default=$(timed default)
checkpoints=$(awk -v w="$every" 'BEGIN { print int(w) }')
printf 'wall, no checkpoints:           %s s\n' "$none"
printf 'wall, checkpoint every 1 s:     %s s (about %s checkpoints): %+.1f%%\n' "$every" \
  "$checkpoints" "$(awk -v a="$every" -v b="$none" 'BEGIN { print 100 * (a - b) / b }')"
printf 'wall, default interval (600 s): %s s: %+.1f%%\n' "$default" \
  "$(awk -v a="$default" -v b="$none" 'BEGIN { print 100 * (a - b) / b }')"
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
