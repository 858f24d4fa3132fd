#!/bin/bash
# The finite-size-scaling set end to end on this machine: for L = 16, 24, 32, 48, 64
# (jobs/fss/L*.ini) sample and train with mpirun, then phaselearn-analyze over all sizes.
# Each size gets NETWORKS networks (default 3) trained with different seeds on the same
# run file: their spread is part of the error of T*(L) (one network's crossing moves by
# several times its sampling error when only the seed changes).
# Writes runs/fss/fss_L<L>.h5, fss_L<L>[_net<k>].train.h5, the logs and runs/fss/analysis/.
#
# Usage: scripts/run-fss.sh [--overwrite] [--key=value ...]
#   NP=<ranks> (default 2), BUILD=<build dir> (default build), NETWORKS (default 3). Extra arguments go to every
#   `phaselearn sample` and `train` (e.g. --sampler.samples=1000 for a quicker, less precise set);
#   --overwrite also replaces runs/fss/analysis.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/mpi-env.sh
build=${BUILD:-build}
phaselearn=$build/src/app/phaselearn
analyze=$build/analysis/phaselearn-analyze
for exe in "$phaselearn" "$analyze"; do
  [ -x "$exe" ] || { echo "run-fss: $exe not found; build first (scripts/setup.sh)" >&2; exit 2; }
done
analyze_flags=()
for arg in "$@"; do [ "$arg" = --overwrite ] && analyze_flags+=(--overwrite); done

out=runs/fss
mkdir -p "$out"
start=$(date +%s)
inputs=()
for L in 16 24 32 48 64; do
  job=jobs/fss/L$L.ini
  t0=$(date +%s)
  echo "run-fss: L = $L: sample and train ($job, ${NP:-2} ranks)"
  : > "$out/fss_L$L.log"
  for stage in sample train; do
    mpirun -n "${NP:-2}" "$phaselearn" $stage "$job" "$@" >> "$out/fss_L$L.log" 2>&1 || {
      echo "run-fss: L = $L: $stage failed; the end of $out/fss_L$L.log:" >&2
      tail -5 "$out/fss_L$L.log" >&2
      exit 1
    }
  done
  inputs+=("$out/fss_L$L.h5" "$out/fss_L$L.train.h5")
  for k in $(seq 2 "${NETWORKS:-3}"); do
    mpirun -n "${NP:-2}" "$phaselearn" train "$job" --train.run_file="$out/fss_L$L.h5" \
      --run.name="fss_L${L}_net$k" --run.seed=$((1000 * k + L)) "$@" >> "$out/fss_L$L.log" 2>&1 || {
      echo "run-fss: L = $L: training network $k failed; see $out/fss_L$L.log" >&2
      exit 1
    }
    inputs+=("$out/fss_L${L}_net$k.train.h5")
  done
  echo "run-fss: L = $L done in $(( $(date +%s) - t0 )) s"
done
echo "run-fss: analysis"
status=0
"$analyze" --out "$out/analysis" "${analyze_flags[@]}" "${inputs[@]}" | tee "$out/analysis.txt" || status=$?
echo "run-fss: wall time $(( $(date +%s) - start )) s"
exit "$status"
