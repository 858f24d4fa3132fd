#!/bin/bash
# Slurm test 4: a bad job file fails fast: the job ends FAILED with exit code 2 (bad
# input) within seconds, is not requeued, and its log holds the program's one-line message.
# Usage: bad_job.sh PHASELEARN SLURM_DIR
source "$(dirname "$0")/common.sh"

printf '[model]\nL = 15\n' > odd.ini                  # a value out of its allowed set
printf '[sampler]\nsweeps = 3\n' > unknown.ini         # a key that does not exist
check() {  # check <name> <expected message> <job file>
  local start=$SECONDS id log
  id=$(submit --job-name=pl-bad --ntasks=2 "$SLURM_DIR/run.sbatch" "$3" --run.output_dir=out) \
    || { fail "$1: sbatch refused the script"; return; }
  wait_job "$id" 60 || { fail "$1: job $id did not end"; return; }
  log=pl-bad-$id.out
  echo "$1: job $id $(field "$id" JobState), exit code $(field "$id" ExitCode), run time $(field "$id" RunTime), restarts $(field "$id" Restarts), $((SECONDS - start)) s in all"
  [ "$(field "$id" JobState)" = FAILED ] && [ "$(field "$id" ExitCode)" = 2:0 ] \
    && pass "$1: FAILED with exit code 2:0" \
    || fail "$1: state $(field "$id" JobState), exit code $(field "$id" ExitCode)"
  [ "$(field "$id" Restarts)" = 0 ] && pass "$1: not requeued" || fail "$1: requeued"
  local rt
  rt=$(field "$id" RunTime)
  [[ $rt =~ ^00:00:([0-9]+)$ ]] && [ "${BASH_REMATCH[1]#0}" -le 20 ] \
    && pass "$1: failed fast ($rt)" || fail "$1: run time $rt"
  grep "phaselearn: error: " "$log" | grep -qF -- "$2" && pass "$1: message in the log" \
    || fail "$1: log lacks 'phaselearn: error: ...$2...':
$(show_log "$log")"
  [ "$(grep -c 'phaselearn: error' "$log")" -eq 1 ] && pass "$1: one message, not one per rank" \
    || fail "$1: $(grep -c 'phaselearn: error' "$log") error lines"
}
check "odd L" "bad value for model.L = '15'" odd.ini
check "unknown key" "unknown parameter 'sampler.sweeps'" unknown.ini
check "missing job file" "cannot read job file 'nothere.ini'" nothere.ini
[ -e out ] && fail "bad input created outputs: $(ls -R out)" || pass "nothing created"
finish
