# shellcheck shell=bash
# Shared helpers of the Slurm integration tests (sourced): they submit the real scripts in
# slurm/ to a running Slurm (scripts/slurm-local.sh start) and wait with bounded loops.
# Without a responding Slurm every test exits with 77, which ctest reports as skipped.
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/common.sh"
SKIP=77
skip() { echo "SKIP: $*"; exit $SKIP; }

if ! command -v sbatch >/dev/null || ! command -v scontrol >/dev/null; then
  skip "no Slurm commands (sbatch, scontrol) on PATH; start one with scripts/slurm-local.sh start"
fi
case $(timeout 4 sinfo -h -o '%t' 2>/dev/null | head -n1) in
  idle* | mix* | alloc* | comp*) ;;
  *) skip "no Slurm node responds (sinfo); start one with scripts/slurm-local.sh start" ;;
esac

# Every job a test submits is cancelled when the test ends (normally a no-op), and the
# working directory is removed unless KEEP_WORK=1.
submitted=()
work=$(mktemp -d "${TMPDIR:-/tmp}/phaselearn-slurm-test.XXXXXX")
cleanup() {
  [ ${#submitted[@]} -gt 0 ] && scancel "${submitted[@]}" 2>/dev/null
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
cd "$work" || exit 1

# submit <sbatch arguments...>: prints the job id (of the array job for arrays).
submit() {
  local id
  id=$(sbatch --parsable "$@") || return 1
  id=${id%%;*}
  submitted+=("$id")
  echo "$id"
}

# field <job id> <Name>: the value of Name= in the job record (first record of an array).
field() { scontrol show job "$1" 2>/dev/null | grep -oP "(^|\s)$2=\K\S+" | head -n1; }

# States in which a job (or array task) will not change again.
terminal='^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE|PREEMPTED)$'

# wait_job <job id> <seconds>: waits until every record of the job (every array task) is
# in a terminal state; returns 1 (and cancels the job) after <seconds>.
wait_job() {
  local id=$1 limit=$2 start=$SECONDS states
  while [ $((SECONDS - start)) -lt "$limit" ]; do
    states=$(scontrol show job "$id" 2>/dev/null | grep -oP '(^|\s)JobState=\K\S+')
    if [ -n "$states" ] && ! grep -vqE "$terminal" <<<"$states"; then return 0; fi
    sleep 1
  done
  echo "job $id not finished after ${limit}s: $(squeue -h -j "$id" -o '%i %T %R' 2>/dev/null | tr '\n' ';')"
  scancel "$id" 2>/dev/null
  return 1
}

# wait_for <seconds> <command...>: polls the command every 0.2 s until it succeeds.
wait_for() {
  local limit=$1 start=$SECONDS
  shift
  while [ $((SECONDS - start)) -lt "$limit" ]; do
    "$@" && return 0
    sleep 0.2
  done
  return 1
}

# show_log <file>: the log, indented, for failure messages.
show_log() { sed 's/^/    | /' "$1" 2>/dev/null; }

# The binaries under test reach the job scripts through the environment (sbatch exports it).
export PHASELEARN=$1
SLURM_DIR=$2
