#!/bin/bash
# The classifier of a finite-size-scaling set, then its analysis: the ONE implementation
# used by scripts/run-fss.sh (mpirun) and by the Slurm flow (slurm/classify.sbatch, srun).
#
#   fss-classifier.sh [options] RUN_FILE... [--section.key=value ...] [--overwrite]
#
# RUN_FILE...        the sampled run files <dir>/<name>.h5, in increasing L: the last one
#                    (the largest size) is the one the classifier is trained on
# --jobs=J1,J2,...   the job file of each run file, in the same order (one: the same for
#                    all; none: the parameters' defaults and the overrides)
# --networks=N       networks, seeds differ (default 3); network k writes
#                    <dir>/<name>.train.h5 (k = 1) or <dir>/<name>_net<k>.train.h5
# --seed=S           network k trains with run.seed = S + 1000 k (default 0)
# --per-size         N networks trained on every size, each on its own run (the earlier
#                    way), instead of one shared classifier
# --analysis-out=DIR then phaselearn-analyze --out DIR on every run and training file
#                    (its table also in DIR.txt); --analyze="OPTS": further options of it
# --launcher="CMD"   how to start phaselearn on its ranks (default: mpirun -n ${NP:-2})
# --stage-logs       each stage's output appended to <dir>/<name>.log, not to stdout
#
# Shared classifier (default): N networks trained on the largest size, on the block spins
# of train.coarse_grain (a divisor of every L), each applied unchanged to every other
# size (train.model_file: prediction only). --key=value overrides go to every stage.
# Restartable: SIGUSR1 or SIGTERM is passed to the running stage (a training checkpoints),
# and the script exits with 3 ("checkpointed, not finished"); run the same command again
# to continue. A training file that exists and is newer than its run file (and, for a
# prediction, than the model it applies) is kept, so a rerun skips finished stages; so is
# an analysis directory newer than all inputs. --overwrite first removes every training
# file, checkpoint and the analysis directory this command writes, and redoes them.
# Environment: PHASELEARN, PHASELEARN_ANALYZE (the binaries; default on PATH, else build/
# of the working directory). Exit codes: 0 done, 1 and 2 as the failed stage, 3 interrupted.
set -uo pipefail

usage() { sed -n '2,32s/^# \{0,1\}//p' "$0"; exit 2; }
error() { echo "fss-classifier: error: $*" >&2; exit 2; }
runs=() jobs=() overrides=() networks=3 seed=0 per_size=0 out='' analyze_opts=''
launcher="mpirun -n ${NP:-2}" stage_logs=0 overwrite=0
for a in "$@"; do
  case $a in
    --jobs=*) IFS=', ' read -r -a jobs <<<"${a#--jobs=}" ;;
    --networks=*) networks=${a#*=} ;;
    --seed=*) seed=${a#*=} ;;
    --per-size) per_size=1 ;;
    --analysis-out=*) out=${a#*=}; out=${out%/} ;;
    --analyze=*) analyze_opts=${a#--analyze=} ;;
    --launcher=*) launcher=${a#--launcher=} ;;
    --stage-logs) stage_logs=1 ;;
    --overwrite) overwrite=1 ;;
    -h | --help) usage ;;
    --*=*) overrides+=("$a") ;;
    -*) error "unknown option '$a' (see --help)" ;;
    *.h5) runs+=("$a") ;;
    *) error "'$a' is not a run file (<name>.h5)" ;;
  esac
done
[ ${#runs[@]} -gt 0 ] || usage
[[ $networks =~ ^[1-9][0-9]*$ ]] || error "--networks=$networks: a positive integer"
[[ $seed =~ ^[0-9]+$ ]] || error "--seed=$seed: a non-negative integer"
[ ${#jobs[@]} -le 1 ] || [ ${#jobs[@]} -eq ${#runs[@]} ] ||
  error "${#jobs[@]} job files (--jobs) for ${#runs[@]} run files: give one per run file, or one for all"
for j in ${jobs[@]+"${jobs[@]}"}; do [ -f "$j" ] || error "cannot read job file '$j'"; done
for r in "${runs[@]}"; do [ -f "$r" ] || error "run file '$r' does not exist (sampled?)"; done
read -r -a launch <<<"$launcher"

binary() {  # binary <variable> <name> <path in a build dir>
  local v=${!1:-}
  if [ -z "$v" ]; then
    if command -v "$2" >/dev/null; then v=$(command -v "$2"); else v=${SLURM_SUBMIT_DIR:-$PWD}/build/$3; fi
  fi
  [ -x "$v" ] || error "no $2 at '$v' (put it on PATH or set $1)"
  echo "$v"
}
phaselearn=$(binary PHASELEARN phaselearn src/app/phaselearn) || exit 2
if [ -n "$out" ]; then analyze=$(binary PHASELEARN_ANALYZE phaselearn-analyze analysis/phaselearn-analyze) || exit 2; fi

# Signals: passed to the running stage as SIGUSR1 (srun and mpirun relay it to every rank;
# the program checkpoints and exits with 3); between stages they stop the script.
child='' interrupted=0 signalled=0
on_signal() {
  interrupted=1 signalled=1
  echo "fss-classifier: received SIG$1 at $(date '+%F %T')"
  [ -z "$child" ] || kill -s USR1 "$child" 2>/dev/null
}
trap 'on_signal USR1' USR1
trap 'on_signal TERM' TERM

job_of() { [ ${#jobs[@]} -eq 0 ] || echo "${jobs[$(( ${#jobs[@]} == 1 ? 0 : $1 ))]}"; }
# The training file of network k of run file r: <dir>/<name>.train.h5, <name>_net<k>.train.h5.
name_of() { local n; n=$(basename "${runs[$1]}" .h5); [ "$2" = 1 ] && echo "$n" || echo "${n}_net$2"; }
train_file() { echo "$(dirname "${runs[$1]}")/$(name_of "$1" "$2").train.h5"; }
largest=$((${#runs[@]} - 1))

# --overwrite: nothing of an earlier set may survive, or a rerun (which keeps what exists)
# could mix it in. (Slurm reruns drop --overwrite: slurm/run.sbatch.)
if [ $overwrite = 1 ]; then
  for i in "${!runs[@]}"; do
    for k in $(seq 1 "$networks"); do
      t=$(train_file "$i" "$k")
      rm -f "$t" "$t.partial" "$t.checkpoint" "$t.checkpoint.tmp"
    done
  done
  # The analysis directory too, on phaselearn-analyze's own terms: only its own output.
  if [ -n "$out" ] && [ -d "$out" ]; then
    if [ -f "$out/summary.json" ] || [ -z "$(ls -A "$out")" ]; then rm -rf "$out" "$out.partial" "$out.txt"
    else error "'$out' exists and is not a phaselearn-analyze output (no summary.json); not replacing it"; fi
  fi
fi

# stage <run index> <network> [<model file>]: train network k on run i, or predict with the
# model file; skipped when its training file is newer than its inputs.
stage() {
  local i=$1 k=$2 model=${3:-} t what rc r
  t=$(train_file "$i" "$k")
  what="network $k on ${runs[$i]}"
  [ -z "$model" ] || what="prediction of $model on ${runs[$i]}"
  if [ -f "$t" ] && [ "$t" -nt "${runs[$i]}" ] && { [ -z "$model" ] || [ "$t" -nt "$model" ]; }; then
    echo "fss-classifier: $what: $t exists, kept"
    return 0
  fi
  [ $interrupted = 0 ] || { echo "fss-classifier: interrupted before $what; run again to continue"; exit 3; }
  local job args
  job=$(job_of "$i")
  args=(train ${job:+"$job"} ${overrides[@]+"${overrides[@]}"} --train.run_file="${runs[$i]}"
              --run.output_dir="$(dirname "${runs[$i]}")" --run.name="$(name_of "$i" "$k")")
  if [ -n "$model" ]; then args+=(--train.model_file="$model"); else args+=(--run.seed=$((seed + 1000 * k))); fi
  echo "fss-classifier: $what -> $t ($(date '+%T'))"
  local log="${runs[$i]%.h5}.log"
  # In the background and waited for, so that the trap runs while the stage runs.
  local logged=0
  if [ $stage_logs = 1 ]; then
    [ -e "$log" ] && logged=$(wc -l < "$log")  # (no log yet on a stage's first run)
    echo "== ${launch[*]} $phaselearn ${args[*]}" >> "$log"
    "${launch[@]}" "$phaselearn" "${args[@]}" >> "$log" 2>&1 &
  else
    echo "fss-classifier: ${launch[*]} $phaselearn ${args[*]}"
    "${launch[@]}" "$phaselearn" "${args[@]}" &
  fi
  child=$!
  [ $interrupted = 0 ] || kill -s USR1 "$child" 2>/dev/null
  rc=''
  while :; do
    signalled=0
    wait "$child"
    r=$?
    # 127: the status was already collected by the previous wait (signal right after it).
    if [ $r = 127 ] && [ -n "$rc" ]; then break; fi
    rc=$r
    [ $signalled = 1 ] || break  # else a trapped signal ended the wait, not the stage
  done
  child=''
  # The stage's warnings reach the console, not only its log.
  if [ $stage_logs = 1 ]; then
    tail -n +"$((logged + 1))" "$log" | grep '^warning' |
      while IFS= read -r line; do echo "fss-classifier: $what: $line"; done
  fi
  [ "$rc" = 0 ] && return 0
  if [ "$rc" = 3 ] || [ $interrupted = 1 ]; then
    echo "fss-classifier: $what: checkpointed or interrupted (exit code $rc); run again to continue"
    exit 3
  fi
  echo "fss-classifier: error: $what failed (exit code $rc)" >&2
  if [ $stage_logs = 1 ]; then echo "fss-classifier: the end of $log:" >&2; tail -5 "$log" >&2; fi
  exit "$rc"
}

start=$(date +%s)
inputs=()
if [ $per_size = 0 ]; then
  echo "fss-classifier: $networks network(s) trained on ${runs[$largest]}, applied to every size"
  for k in $(seq 1 "$networks"); do stage "$largest" "$k"; done
  for i in "${!runs[@]}"; do
    inputs+=("${runs[$i]}")
    for k in $(seq 1 "$networks"); do
      [ "$i" = "$largest" ] || stage "$i" "$k" "$(train_file "$largest" "$k")"
      inputs+=("$(train_file "$i" "$k")")
    done
  done
else
  echo "fss-classifier: $networks network(s) per size"
  for i in "${!runs[@]}"; do
    inputs+=("${runs[$i]}")
    for k in $(seq 1 "$networks"); do stage "$i" "$k"; inputs+=("$(train_file "$i" "$k")"); done
  done
fi
echo "fss-classifier: classifier done in $(( $(date +%s) - start )) s"
[ -n "$out" ] || exit 0

# The analysis (serial, short: it runs to its end even when a signal comes).
newest=$(ls -t "${inputs[@]}" | head -n1)
if [ $overwrite = 0 ] && [ -f "$out/summary.json" ] && [ "$out/summary.json" -nt "$newest" ]; then
  echo "fss-classifier: $out is newer than every input, kept"
  exit 0
fi
mkdir -p "$(dirname "$out")"
echo "fss-classifier: $analyze --out $out $analyze_opts ${inputs[*]}"
# shellcheck disable=SC2086  # analyze_opts is a list of options
"$analyze" --out "$out" $analyze_opts "${inputs[@]}" | tee "$out.txt"
rc=$?
[ $rc = 0 ] || echo "fss-classifier: error: phaselearn-analyze exited with code $rc" >&2
exit $rc
