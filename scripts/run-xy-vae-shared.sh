#!/bin/bash
# The latent T_KT of one VAE shared by every size (docs/vae.md, "One VAE at every size"):
# a latent-2 standard VAE (train.energy_weight = 0) on the n x n block averages of one
# run file, applied unchanged to the others (train.model_file), then phaselearn-analyze
# on the run and training files from MIN_SIZE up (the latent separation of successive
# sizes, extrapolated in the KT form). With several SEEDS, one VAE per seed (run.seed
# seeds the network) and their T_KT combined: the mean, its error the mean bootstrap
# error (the data all share) and the spread / sqrt(VAEs) in quadrature.
#
# Usage: scripts/run-xy-vae-shared.sh OUT_DIR RUN_FILE... [--key=value ...]
#   RUN_FILE...: XY run files of one seed set, in increasing L (e.g. runs/xy-fss/xy_fss_L16.h5
#   ... xy_fss_L256.h5), every L a multiple of COARSE_GRAIN (default 4). TRAIN_SIZE=<L>
#   (default the largest), MIN_SIZE=<L> (default 0: every size analysed), SEEDS="12 13"
#   (default: the job's seed, one VAE), NP=<ranks> (default 1), BUILD=<build dir> (default
#   build), JOB=<job file for [train]> (default jobs/xy-vae.ini). Extra --key=value go to
#   every phaselearn command (e.g. --overwrite). Writes OUT_DIR/seed<seed>/ (OUT_DIR/
#   without SEEDS): vae-shared-L<L>.train.h5 (and .log) per size, analysis/, analysis.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 3 ] || { sed -n '10,17s/^# \{0,1\}//p' "$0" >&2; exit 2; }
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
size() { sed -n 's/.*_L\([0-9]*\)\.h5$/\1/p' <<<"$1"; }
trained=${runs[-1]}
if [ -n "${TRAIN_SIZE:-}" ]; then
  trained=
  for r in "${runs[@]}"; do [ "$(size "$r")" = "$TRAIN_SIZE" ] && trained=$r; done
  [ -n "$trained" ] || { echo "run-xy-vae-shared: TRAIN_SIZE=$TRAIN_SIZE is none of the run files' sizes" >&2; exit 2; }
fi
train() {  # train <dir> <seed args> <run file> [--train.model_file=...]
  local dir=$1 seed=$2 L log
  L=$(size "$3")
  log=$dir/vae-shared-L$L.train.log
  mpirun -n "${NP:-1}" "$build/src/app/phaselearn" train "$job" --train.run_file="$3" \
    --train.coarse_grain="$n" --train.latent=2 --train.energy_weight=0 ${seed:+"$seed"} \
    --run.name="vae-shared-L$L" --run.output_dir="$dir" "${@:4}" ${overrides[@]+"${overrides[@]}"} > "$log" 2>&1 ||
    { echo "run-xy-vae-shared: training on $3 failed; the end of $log:" >&2; tail -3 "$log" >&2; exit 1; }
  echo "run-xy-vae-shared: $log"
}
one_vae() {  # one_vae <dir> [--run.seed=k]: train, apply, analyse
  local dir=$1 seed=${2:-} model files=() status=0
  mkdir -p "$dir"
  model=$dir/vae-shared-L$(size "$trained").train.h5
  train "$dir" "$seed" "$trained"
  for r in "${runs[@]}"; do
    [ "$r" = "$trained" ] || train "$dir" "$seed" "$r" --train.model_file="$model"
    if [ "$(size "$r")" -ge "${MIN_SIZE:-0}" ]; then files+=("$r" "$dir/vae-shared-L$(size "$r").train.h5"); fi
  done
  "$build/analysis/phaselearn-analyze" --out "$dir/analysis" --overwrite "${files[@]}" > "$dir/analysis.txt" 2>&1 || status=$?
  sed -n '/^VAE/,$p' "$dir/analysis.txt"
  # The analysis exits 2 when any quantity has no number (here the latent chi_z peaks, which
  # lie above the sampled range): only a missing separation T_KT fails this script.
  grep -q "latent separation T_KT = " "$dir/analysis.txt" || { echo "run-xy-vae-shared: no latent separation T_KT (exit $status)" >&2; exit 1; }
}
if [ -z "${SEEDS:-}" ]; then
  one_vae "$out"
  exit 0
fi
summaries=()
for s in $SEEDS; do
  one_vae "$out/seed$s" --run.seed="$s"
  summaries+=("$out/seed$s/analysis/summary.json")
done
/usr/bin/python3 - "${summaries[@]}" <<'PY'
# The VAEs' T_KT: mean; error = mean bootstrap error (shared data) and spread/sqrt(n) in quadrature.
import json, math, sys
t = [json.load(open(p))["vae"]["variants"][0]["latent_separation"]["tkt"] for p in sys.argv[1:]]
v = [x["value"] for x in t]
n, mean = len(v), sum(v) / len(v)
spread = math.sqrt(sum((x - mean) ** 2 for x in v) / (n - 1)) if n > 1 else 0.0
stat = sum(x["error"] for x in t) / n
error = math.hypot(stat, spread / math.sqrt(n))
low, high = 0.8929, 0.8935
away = (low - mean) / low if mean < low else (mean - high) / high if mean > high else 0.0
print(f"{n} VAEs: T_KT = " + ", ".join(f"{x:.4f}" for x in v) + f"; spread {spread:.4f}")
print(f"latent separation T_KT (VAE ensemble) = {mean:.4f} +- {error:.4f} (bootstrap {stat:.4f}, networks "
      f"{spread / math.sqrt(n):.4f}); {100 * away:+.2f} % from the band [{low}, {high}]")
PY
