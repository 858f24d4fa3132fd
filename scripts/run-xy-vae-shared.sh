#!/bin/bash
# The latent T_KT of one VAE shared by every size (docs/vae.md, "One VAE at every size"):
# a latent-2 standard VAE (train.energy_weight = 0) on the n x n block averages of the
# largest run file, applied unchanged to the others (train.model_file), then
# phaselearn-analyze on all run and training files (the latent separation of successive
# sizes, extrapolated in the KT form).
#
# Usage: scripts/run-xy-vae-shared.sh OUT_DIR RUN_FILE... [--key=value ...]
#   RUN_FILE...: XY run files of one seed set, in increasing L (e.g. runs/xy-fss/xy_fss_L16.h5
#   ... xy_fss_L128.h5), every L a multiple of COARSE_GRAIN (default 4). NP=<ranks>
#   (default 1), BUILD=<build dir> (default build), JOB=<job file for [train]> (default
#   jobs/xy-vae.ini). Extra --key=value go to every phaselearn command (e.g. --overwrite).
#   Writes OUT_DIR/vae-shared-L<L>.train.h5 (and .log) per size, OUT_DIR/analysis/ and
#   OUT_DIR/analysis.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 3 ] || { sed -n '8,14s/^# \{0,1\}//p' "$0" >&2; exit 2; }
source scripts/mpi-env.sh
build=${BUILD:-build} job=${JOB:-jobs/xy-vae.ini} n=${COARSE_GRAIN:-4}
out=$1
shift
runs=() overrides=()
for a in "$@"; do
  case $a in
    --*) overrides+=("$a") ;;
    *) [ -f "$a" ] || { echo "run-xy-vae-shared: run file '$a' does not exist" >&2; exit 2; }; runs+=("$a") ;;
  esac
done
[ ${#runs[@]} -ge 2 ] || { echo "run-xy-vae-shared: give the run files of at least 2 sizes" >&2; exit 2; }
mkdir -p "$out"
size() { sed -n 's/.*_L\([0-9]*\)\.h5$/\1/p' <<<"$1"; }
train() {  # train <run file> [--train.model_file=...]
  local L log
  L=$(size "$1")
  log=$out/vae-shared-L$L.train.log
  mpirun -n "${NP:-1}" "$build/src/app/phaselearn" train "$job" --train.run_file="$1" \
    --train.coarse_grain="$n" --train.latent=2 --train.energy_weight=0 \
    --run.name="vae-shared-L$L" --run.output_dir="$out" "${@:2}" ${overrides[@]+"${overrides[@]}"} > "$log" 2>&1 ||
    { echo "run-xy-vae-shared: training on $1 failed; the end of $log:" >&2; tail -3 "$log" >&2; exit 1; }
  echo "run-xy-vae-shared: $log"
}
largest=${runs[-1]}
model=$out/vae-shared-L$(size "$largest").train.h5
train "$largest"
files=()
for r in "${runs[@]}"; do
  [ "$r" = "$largest" ] || train "$r" --train.model_file="$model"
  files+=("$r" "$out/vae-shared-L$(size "$r").train.h5")
done
status=0
"$build/analysis/phaselearn-analyze" --out "$out/analysis" --overwrite "${files[@]}" > "$out/analysis.txt" 2>&1 || status=$?
sed -n '/^VAE/,$p' "$out/analysis.txt"
# Exit 1 from the analysis names what it could not estimate (e.g. the latent peaks of a
# range that holds none): the separation above is still reported.
[ $status -le 1 ] || exit $status
