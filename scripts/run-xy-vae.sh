#!/bin/bash
# The VAE study on one XY size end to end: sample jobs/xy-vae.ini with mpirun, train the
# VAE with the energy term (train.energy_weight of the job) and its twin with
# train.energy_weight = 0 (a standard VAE; train.energy_input has no effect on it) on the
# same run file, then phaselearn-analyze
# on the run file and both training files. Writes runs/xy-vae/xy-vae.h5,
# xy-vae.train.h5, xy-vae-standard.train.h5, their logs, and runs/xy-vae/analysis/.
#
# Usage: scripts/run-xy-vae.sh [--key=value ...]
#   NP=<ranks> (default 2), BUILD=<build dir> (default build), JOB=<job file> (default
#   jobs/xy-vae.ini). Extra arguments go to every phaselearn command (e.g. --overwrite to
#   replace earlier outputs, --model.L=32 for another size).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/mpi-env.sh
build=${BUILD:-build}
job=${JOB:-jobs/xy-vae.ini}
phaselearn=$build/src/app/phaselearn
analyze=$build/analysis/phaselearn-analyze
for exe in "$phaselearn" "$analyze"; do
  [ -x "$exe" ] || { echo "run-xy-vae: $exe not found; build first (scripts/setup.sh)" >&2; exit 2; }
done
out=$(sed -n 's/^output_dir *= *//p' "$job" | head -1)
name=$(sed -n 's/^name *= *//p' "$job" | head -1)
mkdir -p "$out"
start=$(date +%s)
step() {  # step <log> <phaselearn arguments...>
  local log=$1
  shift
  local t0
  t0=$(date +%s)
  mpirun -n "${NP:-2}" "$phaselearn" "$@" > "$log" 2>&1 || {
    echo "run-xy-vae: '$*' failed; the end of $log:" >&2
    tail -5 "$log" >&2
    exit 1
  }
  echo "run-xy-vae: $1 done in $(( $(date +%s) - t0 )) s ($log)"
}
step "$out/$name.sample.log" sample "$job" "$@"
step "$out/$name.train.log" train "$job" "$@"
step "$out/$name-standard.train.log" train "$job" --train.energy_weight=0 \
  --run.name="$name-standard" --train.run_file="$out/$name.h5" "$@"
# The energy of reconstructions against the samples', per temperature, both VAEs.
for log in "$out/$name.train.log" "$out/$name-standard.train.log"; do
  echo "== $log"
  sed -n '/e (samples)/,$p' "$log"
done
status=0
"$analyze" --out "$out/analysis" --overwrite --no-scaling "$out/$name.h5" \
  "$out/$name.train.h5" "$out/$name-standard.train.h5" > "$out/analysis.txt" 2>&1 || status=$?
cat "$out/analysis.txt"
[ $status = 0 ] || echo "run-xy-vae: phaselearn-analyze exited with $status: a quantity it could not estimate is named above (e.g. one size gives no T_KT)" >&2
echo "run-xy-vae: wall time $(( $(date +%s) - start )) s"
