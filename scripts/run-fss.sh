#!/bin/bash
# The finite-size-scaling set end to end on this machine: for L = 16, 24, 32, 48, 64
# (jobs/fss/L*.ini) sample with mpirun, train the classifier, then phaselearn-analyze over
# all sizes.
#
# One classifier for every size (default, SHARED=1): NETWORKS networks (default 3, seeds
# differ) are trained on the largest size only, on the 4 x 4 block spins the job files ask
# for (train.coarse_grain), and each is applied unchanged to every other size
# (train.model_file). A fixed classifier of block spins sees each lattice at its own
# scale, so its P(ordered) is a finite-size-scaling function and T*(L) = Tc + a/L (README).
# SHARED=0 trains NETWORKS networks per size instead, each on its own run (the earlier way;
# with --train.coarse_grain=0 they see the raw spins). Network k has run.seed
# 1000 k + 64 + SEED_OFFSET. The classifier and the analysis are slurm/fss-classifier.sh,
# the same script the Slurm flow (slurm/submit-fss.sh) runs.
# Writes runs/fss/fss_L<L>.h5, fss_L<L>[_net<k>].train.h5, the logs fss_L<L>.log (sampling
# and the classifier's stages of that size), runs/fss/analysis/ and its table analysis.txt,
# relative to the working directory. The warnings of each stage are repeated on the console.
# Works from a source tree (binaries in its build/) and installed (share/phaselearn/scripts;
# binaries on PATH or in $PHASELEARN, $PHASELEARN_ANALYZE).
#
# Usage: scripts/run-fss.sh [--overwrite] [--key=value ...]
#   NP=<ranks> (default 2), BUILD=<build dir> (default: the tree's build/), NETWORKS (default 3),
#   SHARED (default 1), OUT=<directory> (default runs/fss), SEED_OFFSET=<k> (default 0: the
#   job files' seeds; another k gives every size and network independent streams, to repeat
#   the whole set and see how its results scatter). Extra arguments go to every `phaselearn sample` and `train` (e.g.
#   --sampler.samples=1000 for a quicker, less precise set); --overwrite also replaces
#   runs/fss/analysis.
set -euo pipefail
# The tree this script belongs to: a source checkout or <prefix>/share/phaselearn.
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/mpi-env.sh"
# binary <name> <path in a build dir> <environment override>
binary() {
  local build=${BUILD:-$here/build}
  if [ -n "$3" ]; then echo "$3"
  elif [ -x "$build/$2" ]; then echo "$build/$2"
  else command -v "$1" || echo "$build/$2"
  fi
}
phaselearn=$(binary phaselearn src/app/phaselearn "${PHASELEARN:-}")
analyze=$(binary phaselearn-analyze analysis/phaselearn-analyze "${PHASELEARN_ANALYZE:-}")
for exe in "$phaselearn" "$analyze"; do
  [ -x "$exe" ] || { echo "run-fss: $exe not found; build first (scripts/setup.sh) or put it on PATH" >&2; exit 2; }
done
networks=${NETWORKS:-3}
shared=${SHARED:-1}
sizes=(16 24 32 48 64)
largest=${sizes[-1]}

out=${OUT:-runs/fss}
offset=${SEED_OFFSET:-0}
seed_flag() { [ "$offset" = 0 ] || echo "--run.seed=$(( $1 + offset ))"; }
mkdir -p "$out"
start=$(date +%s)

# sample <L> phaselearn-arguments...: appends to the size's log.
sample() {
  local L=$1
  shift
  mpirun -n "${NP:-2}" "$phaselearn" sample "$@" >> "$out/fss_L$L.log" 2>&1 || {
    echo "run-fss: L = $L: sample failed; from $out/fss_L$L.log:" >&2
    # The program's own error line, not mpirun's report that follows it.
    grep -m 3 '^phaselearn: error' "$out/fss_L$L.log" >&2 || tail -5 "$out/fss_L$L.log" >&2
    exit 1
  }
  grep '^warning' "$out/fss_L$L.log" | sed "s/^/run-fss: L = $L: /" || true
}

for L in "${sizes[@]}"; do
  t0=$(date +%s)
  echo "run-fss: L = $L: sample ($here/jobs/fss/L$L.ini, ${NP:-2} ranks)"
  : > "$out/fss_L$L.log"
  sample "$L" "$here/jobs/fss/L$L.ini" --run.output_dir="$out" $(seed_flag "$L") "$@"
  echo "run-fss: L = $L sampled in $(( $(date +%s) - t0 )) s"
done

# The classifier and the analysis: slurm/fss-classifier.sh, which the Slurm flow
# (slurm/submit-fss.sh) runs too. Its stage output goes to the logs of the sizes.
runs=() jobs=()
for L in "${sizes[@]}"; do runs+=("$out/fss_L$L.h5"); jobs+=("$here/jobs/fss/L$L.ini"); done
mode=()
if [ "$shared" = 1 ]; then
  echo "run-fss: training $networks network(s) on L = $largest, applied to every size"
else
  echo "run-fss: training $networks network(s) per size"
  mode=(--per-size)
fi
status=0
PHASELEARN=$phaselearn PHASELEARN_ANALYZE=$analyze bash "$here/slurm/fss-classifier.sh" \
  --launcher="mpirun -n ${NP:-2}" --stage-logs --networks="$networks" ${mode[@]+"${mode[@]}"} \
  --seed=$((largest + offset)) --jobs="$(IFS=,; echo "${jobs[*]}")" --analysis-out="$out/analysis" \
  "${runs[@]}" "$@" || status=$?
echo "run-fss: wall time $(( $(date +%s) - start )) s"
exit "$status"
