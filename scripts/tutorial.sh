#!/bin/bash
# The tutorial of docs/tutorial.md end to end: the common Keras recipe (30 x 30 Ising,
# Metropolis, windows 0 < T < 2 and 2.5 < T < 10, 900 -> 100 -> 2, 500 epochs) run through
# phaselearn (jobs/tutorial/recipe.ini), then one experiment per question of the tutorial,
# then the finite-size-scaling set (scripts/run-fss.sh) that gives Tc(inf) with its error.
#
# Writes <OUT>/*.h5 (runs and training files, one per experiment), <OUT>/report.txt (a
# summary, then every measured number as `key = value`), <OUT>/figures/*.png (+ the
# gnuplot data), <OUT>/fss/ (the FSS set and its analysis) and <OUT>/tutorial.log.
#
# Usage: scripts/tutorial.sh [--quick]
#   --quick: the same steps at reduced size (few samples and epochs, one FSS network) for
#            the end-to-end test: about a minute, numbers meaningless.
#   NP=<ranks> of each phaselearn process (default 1; two experiments run side by side),
#   FSS_NP=<ranks> for the FSS set (default NP), BUILD=<build dir> (default build), OUT=<dir> (default
#   runs/tutorial; replaced if an earlier tutorial made it).
# Needs gnuplot and /usr/bin/python3 with numpy and h5py: scripts/tutorial_helper.py is the
# tutorial's own helper (a threshold classifier, crossings, tau_int tables), not part of
# the pipeline.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/mpi-env.sh
build=${BUILD:-build}
phaselearn=$build/src/app/phaselearn
analyze=$build/analysis/phaselearn-analyze
python=/usr/bin/python3
quick=0
case "${1:-}" in
  "") ;;
  --quick) quick=1 ;;
  *) echo "tutorial: unknown argument '$1' (allowed: --quick)" >&2; exit 2 ;;
esac
for exe in "$phaselearn" "$analyze"; do
  [ -x "$exe" ] || { echo "tutorial: $exe not found; build first (scripts/setup.sh)" >&2; exit 2; }
done
command -v gnuplot > /dev/null || { echo "tutorial: gnuplot not found (apt-get install gnuplot-nox)" >&2; exit 2; }
"$python" -c 'import h5py, numpy' 2> /dev/null ||
  { echo "tutorial: $python lacks h5py or numpy (apt-get install python3-h5py)" >&2; exit 2; }

out=${OUT:-runs/tutorial}
if [ -e "$out" ]; then
  [ -f "$out/.tutorial" ] || { echo "tutorial: $out exists and is not a tutorial output; choose OUT" >&2; exit 2; }
  rm -rf "$out"
fi
mkdir -p "$out/figures" "$out/values"
touch "$out/.tutorial"
start=$(date +%s)

# --quick shrinks every run the same way; the numbers then only prove the plumbing.
reduce=()
fss_reduce=()
block=13  # a quarter of the 53 samples of each temperature
tau_samples=2000  # x 20 sweeps: 40,000 sweeps per temperature for tau_int
if [ "$quick" = 1 ]; then
  tau_samples=100
  reduce=(--sampler.samples=8 --sampler.equilibration_sweeps=40 --train.epochs=3)
  block=2
  fss_reduce=(--sampler.samples=100 --sampler.equilibration_sweeps=100 --train.epochs=2)
fi

# The experiments run in two lanes side by side, each phaselearn process on NP ranks
# (default 1): on a shared or busy machine, one-rank processes never wait for each other
# in a collective, and two lanes keep both cores busy.
note() { echo "tutorial: $*"; }
helper() {  # helper <values file> <helper arguments>
  "$python" scripts/tutorial_helper.py "${@:2}" > "$out/values/$1.txt"
}
phaselearn_run() {  # phaselearn_run <log> <command> <arguments>: stops the lane on failure
  local log=$out/$1.log extra=() r
  for r in "${reduce[@]+"${reduce[@]}"}"; do  # a key the experiment sets itself stays its own
    [[ " ${*:2} " == *" ${r%%=*}="* ]] || extra+=("$r")
  done
  mpirun -n "${NP:-1}" "$phaselearn" "${@:2}" "${extra[@]+"${extra[@]}"}" --run.output_dir="$out" \
    --run.checkpoint_interval=0 >> "$log" 2>&1 || {
    echo "tutorial: phaselearn ${*:2} failed; the end of $log:" >&2
    tail -5 "$log" >&2
    return 1
  }
}
sample() { phaselearn_run "$1" sample jobs/tutorial/recipe.ini --run.name="$1" "${@:2}"; }
train() {  # train <name> <run name> <overrides>
  phaselearn_run "$1" train jobs/tutorial/recipe.ini --run.name="$1" --train.run_file="$out/$2.h5" "${@:3}"
}

lane_recipe() {
  set -e
  note "the recipe (jobs/tutorial/recipe.ini): sample, train 500 epochs"
  sample recipe
  train recipe recipe
  helper 00_recipe_data shares "$out/recipe.h5" --name recipe.data
  helper 01_recipe curve "$out/recipe.train.h5" --name recipe --run "$out/recipe.h5" \
    --data "$out/figures/recipe_curve.dat" --history "$out/figures/recipe_history.dat"

  note "1. a one-feature |m| threshold on the same data; early stopping and the split"
  helper 10_threshold threshold "$out/recipe.h5" --name threshold.recipe \
    --histogram "$out/figures/abs_m_histogram.dat" --curve "$out/figures/threshold_curve.dat"
  train recipe_stop recipe --train.epochs=30 --train.patience=5
  helper 11_stop curve "$out/recipe_stop.train.h5" --name early_stop.per_sample_split \
    --history "$out/figures/recipe_stop_history.dat"
  train recipe_stop_blocks recipe --train.epochs=30 --train.patience=5 --train.validation_block=$block
  helper 12_stop_blocks curve "$out/recipe_stop_blocks.train.h5" --name early_stop.block_split \
    --history "$out/figures/recipe_stop_blocks_history.dat"

  note "2. T*(30) as the upper window moves"
  train window_2.4 recipe --train.t_high=2.4
  helper 20_window_2.4 curve "$out/window_2.4.train.h5" --name window.2_4_to_10 \
    --data "$out/figures/window_2.4.dat"
  # The same temperature grid cut at 3.5 (same seed, no exchange: the same chains).
  sample recipe_to3.5 --temperatures.max=3.475 --temperatures.count=70
  train window_to3.5 recipe_to3.5
  helper 21_window_to3.5_data shares "$out/recipe_to3.5.h5" --name window.2_5_to_3_5.data
  helper 22_window_to3.5 curve "$out/window_to3.5.train.h5" --name window.2_5_to_3_5 \
    --data "$out/figures/window_to3.5.dat"

  note "3. tau_int of both samplers, from runs long enough for the binning to plateau"
  local tau_temperatures=(--temperatures.spacing=list --temperatures.list=1.9,2.0,2.1,2.2,2.27,2.35,2.5,2.7
                          --sampler.samples=$tau_samples --sampler.sweeps_between_samples=20)
  sample tau_metropolis "${tau_temperatures[@]}"
  phaselearn_run tau_replica_wolff sample jobs/tutorial/equilibrated.ini --run.name=tau_replica_wolff \
    "${tau_temperatures[@]}"
  helper 36_tau_long_metropolis tau "$out/tau_metropolis.h5" --name tau.long_metropolis --at 2.0 2.27 2.5 \
    --data "$out/figures/tau_long_metropolis.dat"
  helper 37_tau_long_replica_wolff tau "$out/tau_replica_wolff.h5" --name tau.long_replica_wolff \
    --at 2.0 2.27 2.5 --data "$out/figures/tau_long_replica_wolff.dat"

  note "4. the finite-size-scaling set (scripts/run-fss.sh, L = 16 ... 64)"
  local fss_networks=3
  [ "$quick" = 1 ] && fss_networks=1
  OUT="$out/fss" NETWORKS=$fss_networks NP=${FSS_NP:-${NP:-1}} BUILD=$build bash scripts/run-fss.sh \
    "${fss_reduce[@]+"${fss_reduce[@]}"}" >> "$out/fss.log" 2>&1 || {
    echo "tutorial: scripts/run-fss.sh failed; the end of $out/fss.log:" >&2
    tail -5 "$out/fss.log" >&2
    return 1
  }
  helper 40_fss fss "$out/fss/analysis/summary.json" --data "$out/figures/fss.dat"
}

lane_samples() {
  set -e
  note "2. T*(30) as the sample shares change"
  local spacing
  for spacing in dense geometric; do
    if [ "$spacing" = dense ]; then
      # five times denser near the gap
      sample dense --temperatures.spacing=dense --temperatures.center=2.25 --temperatures.width=0.25
    else
      # density 1/T: most samples in the ordered window
      sample geometric --temperatures.spacing=geometric
    fi
    train "$spacing" "$spacing"
    helper "23_${spacing}_data" shares "$out/$spacing.h5" --name "shares.$spacing.data"
    helper "24_$spacing" curve "$out/$spacing.train.h5" --name "shares.$spacing" \
      --data "$out/figures/shares_$spacing.dat"
  done

  note "3. Metropolis samples against replica exchange + Wolff"
  local start_state
  for start_state in random ordered; do
    sample "quench_$start_state" --sampler.equilibration_sweeps=20 --sampler.sweeps_between_samples=1 \
      --sampler.initial_state="$start_state"
    train "quench_$start_state" "quench_$start_state"
    helper "31_tau_quench_$start_state" tau "$out/quench_$start_state.h5" --name "tau.quench_$start_state" \
      --data "$out/figures/tau_quench_$start_state.dat"
    helper "32_quench_$start_state" curve "$out/quench_$start_state.train.h5" \
      --name "sampler.quench_$start_state" --run "$out/quench_$start_state.h5" \
      --data "$out/figures/sampler_quench_$start_state.dat"
  done
  phaselearn_run equilibrated sample jobs/tutorial/equilibrated.ini
  phaselearn_run equilibrated train jobs/tutorial/equilibrated.ini
  helper 33_tau_equilibrated tau "$out/equilibrated.h5" --name tau.equilibrated \
    --data "$out/figures/tau_equilibrated.dat"
  helper 34_equilibrated curve "$out/equilibrated.train.h5" --name sampler.equilibrated \
    --run "$out/equilibrated.h5" --data "$out/figures/sampler_equilibrated.dat"
  helper 35_threshold_equilibrated threshold "$out/equilibrated.h5" --name threshold.equilibrated

  note "5. the Z2 symmetry: flip augmentation"
  phaselearn_run equilibrated_flip train jobs/tutorial/equilibrated.ini --run.name=equilibrated_flip \
    --train.run_file="$out/equilibrated.h5" --train.augment_flip=true
  helper 50_flip curve "$out/equilibrated_flip.train.h5" --name z2.equilibrated_flip \
    --run "$out/equilibrated.h5" --data "$out/figures/z2_equilibrated_flip.dat"
}

lane_recipe & recipe_lane=$!
lane_samples & samples_lane=$!
status=0
wait "$recipe_lane" || status=1
wait "$samples_lane" || status=1
[ "$status" = 0 ] || { echo "tutorial: an experiment failed (above)" >&2; exit 1; }
helper 30_tau_recipe tau "$out/recipe.h5" --name tau.recipe --data "$out/figures/tau_recipe.dat"
# The recipe's network, trained on its own samples, predicting on unequilibrated ones.
for start_state in random ordered; do
  phaselearn_run "recipe_on_quench_$start_state" train jobs/tutorial/recipe.ini \
    --run.name="recipe_on_quench_$start_state" --train.run_file="$out/quench_$start_state.h5" \
    --train.model_file="$out/recipe.train.h5"
  helper "38_recipe_on_quench_$start_state" curve "$out/recipe_on_quench_$start_state.train.h5" \
    --name "mismatch.recipe_on_quench_$start_state" --run "$out/quench_$start_state.h5" \
    --data "$out/figures/mismatch_quench_$start_state.dat"
done

values=$out/values.txt
cat "$out"/values/*.txt > "$values"

# --- the report and the figures --------------------------------------------------------------
note "figures"
bash scripts/tutorial_figures.sh "$out/figures" "$values" > "$out/figures.log" 2>&1 || {
  echo "tutorial: the figures failed; the end of $out/figures.log:" >&2
  tail -5 "$out/figures.log" >&2
  exit 1
}
onsager=2.269185
value() { awk -v k="$1" '$1 == k { print $3 }' "$values"; }
{
  echo "# phaselearn tutorial report ($( [ "$quick" = 1 ] && echo "--quick: reduced size, numbers meaningless" || echo "full run"))"
  echo "# created $(date -u +%Y-%m-%dT%H:%M:%SZ) by scripts/tutorial.sh, code $(git rev-parse --short HEAD 2> /dev/null || echo unknown)"
  echo "# Onsager Tc = $onsager"
  echo "#"
  echo "# step                                          T*(30) or Tc(inf)"
  printf "# %-45s %s +- %s\n" "recipe (Metropolis, no symmetry, 500 epochs)" "$(value recipe.t_star)" "$(value recipe.t_star_err)"
  printf "# %-45s %s +- %s\n" "same network, without the Z2 average p(x)" "$(value recipe.plain_t_star)" "$(value recipe.plain_t_star_err)"
  printf "# %-45s %s +- %s\n" "Metropolis, 20 sweeps from a random start" "$(value sampler.quench_random.t_star)" "$(value sampler.quench_random.t_star_err)"
  printf "# %-45s %s +- %s\n" "Metropolis, 20 sweeps from an ordered start, p(x)" "$(value sampler.quench_ordered.plain_t_star)" "$(value sampler.quench_ordered.plain_t_star_err)"
  printf "# %-45s %s +- %s\n" "replica exchange + Wolff samples" "$(value sampler.equilibrated.t_star)" "$(value sampler.equilibrated.t_star_err)"
  printf "# %-45s %s +- %s\n" "... and flip augmentation" "$(value z2.equilibrated_flip.t_star)" "$(value z2.equilibrated_flip.t_star_err)"
  printf "# %-45s %s +- %s\n" "FSS set, L = 16 ... 64: Tc(inf)" "$(value fss.tc_inf)" "$(value fss.tc_inf_err)"
  echo "#"
  echo "# every measured number (key = value); docs/tutorial.md explains each"
  cat "$values"
  echo "wall_seconds = $(( $(date +%s) - start ))"
} > "$out/report.txt"
grep '^#' "$out/report.txt"
note "report: $out/report.txt, figures: $out/figures/*.png ($(( $(date +%s) - start )) s)"
