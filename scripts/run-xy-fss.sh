#!/bin/bash
# The 2D XY finite-size set end to end on this machine: for L = 8, 16, 32, 64
# (jobs/xy-fss/L*.ini; SIZES="8 16 32 64 128" adds the largest job file) sample with
# mpirun, train NETWORKS shared classifiers on the largest size and apply each to every
# size (slurm/fss-classifier.sh, the job files' [train] section), then phaselearn-analyze
# over all sizes: the four helicity-modulus estimators of T_KT and the classifier's.
# Writes runs/xy-fss/xy_fss_L<L>.h5, their training files xy_fss_L<L>[_net<k>].train.h5,
# the logs xy_fss_L<L>.log, runs/xy-fss/analysis/ and its table analysis.txt.
#
# Usage: scripts/run-xy-fss.sh [--key=value ...]
#   NP=<ranks> (default 2), BUILD=<build dir> (default build), OUT=<directory> (default
#   runs/xy-fss), NETWORKS (default 3; 0: no classifier, the helicity estimators only),
#   SEED_OFFSET=<k> (default 0: the job files' seeds; another k gives every size and
#   network independent streams, to repeat the set and see how its results scatter).
#   Extra arguments go to every `phaselearn sample` and `train` (--overwrite replaces
#   existing run and training files). An existing analysis is replaced.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/mpi-env.sh
build=${BUILD:-build}
phaselearn=$build/src/app/phaselearn
analyze=$build/analysis/phaselearn-analyze
for exe in "$phaselearn" "$analyze"; do
  [ -x "$exe" ] || { echo "run-xy-fss: $exe not found; build first (scripts/setup.sh)" >&2; exit 2; }
done
read -r -a sizes <<< "${SIZES:-8 16 32 64}"
networks=${NETWORKS:-3}
out=${OUT:-runs/xy-fss}
offset=${SEED_OFFSET:-0}
mkdir -p "$out"
start=$(date +%s)
runs=() jobs=()
for L in "${sizes[@]}"; do
  t0=$(date +%s)
  echo "run-xy-fss: L = $L: sample (jobs/xy-fss/L$L.ini, ${NP:-2} ranks)"
  seed=()
  [ "$offset" = 0 ] || seed=(--run.seed=$((L + offset)))
  mpirun -n "${NP:-2}" "$phaselearn" sample "jobs/xy-fss/L$L.ini" --run.output_dir="$out" \
    ${seed[@]+"${seed[@]}"} "$@" > "$out/xy_fss_L$L.log" 2>&1 || {
    echo "run-xy-fss: L = $L: sample failed; the end of $out/xy_fss_L$L.log:" >&2
    tail -5 "$out/xy_fss_L$L.log" >&2
    exit 1
  }
  echo "run-xy-fss: L = $L sampled in $(( $(date +%s) - t0 )) s"
  runs+=("$out/xy_fss_L$L.h5") jobs+=("jobs/xy-fss/L$L.ini")
done
status=0
if [ "$networks" = 0 ]; then
  "$analyze" --out "$out/analysis" --overwrite "${runs[@]}" > "$out/analysis.txt" || status=$?
  cat "$out/analysis.txt"
else
  echo "run-xy-fss: training $networks network(s) on L = ${sizes[-1]}, applied to every size"
  [ ! -f "$out/analysis/summary.json" ] || rm -rf "$out/analysis" "$out/analysis.txt"
  PHASELEARN=$phaselearn PHASELEARN_ANALYZE=$analyze bash slurm/fss-classifier.sh \
    --launcher="mpirun -n ${NP:-2}" --stage-logs --networks="$networks" \
    --seed=$((${sizes[-1]} + offset)) --jobs="$(IFS=,; echo "${jobs[*]}")" \
    --analysis-out="$out/analysis" "${runs[@]}" "$@" || status=$?
fi
echo "run-xy-fss: wall time $(( $(date +%s) - start )) s"
exit $status
