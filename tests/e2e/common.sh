# Shared helpers of the end-to-end tests (sourced). PHASELEARN is the binary under test.
set -u
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
finish() {
  if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
  echo "all checks passed"
}
# expect_failure <description> <expected exit code> <text expected in stderr> -- command...
expect_failure() {
  local what=$1 code=$2 text=$3
  shift 4
  local err
  err=$("$@" 2>&1 >/dev/null)
  local rc=$?
  if [ "$rc" -ne "$code" ]; then fail "$what: exit code $rc, expected $code ($err)"; return; fi
  if ! grep -qF -- "$text" <<<"$err"; then fail "$what: message '$err' lacks '$text'"; return; fi
  if [ "$(grep -c 'error' <<<"$err")" -gt 1 ]; then fail "$what: more than one error line: $err"; return; fi
  pass "$what"
}
# without <key> args...: the args without --<key>=... (a key may be given only once, so a
# test that changes a key of a base list drops it first). Sets the array `kept`.
without() {
  local key=$1 a
  shift
  kept=()
  for a in "$@"; do [[ $a == --$key=* ]] || kept+=("$a"); done
}
# Signals to the ranks of `$PHASELEARN sample ... --run.name=<name>` only, not to mpirun
# (which would end the job on SIGTERM): signal_ranks <signal> <name>.
signal_ranks() { pkill -"$1" -f "^$PHASELEARN sample .*--run.name=$2( |$)"; }
# wait_until_catching <name> <n>: waits (bounded) until n ranks of run <name> catch SIGUSR1:
# before main() installs the handler a signal kills the process, as it would any program
# still loading.
wait_until_catching() {
  local pids pid n mask
  for _ in $(seq 400); do
    n=0
    pids=$(pgrep -f "^$PHASELEARN sample .*--run.name=$1( |$)") || true
    for pid in $pids; do
      mask=$(awk '/^SigCgt/ { print $2 }' /proc/$pid/status 2>/dev/null) || continue
      [ -n "$mask" ] && (( (16#$mask >> 9) & 1 )) && n=$((n + 1))
    done
    [ $n -ge "$2" ] && return 0
    sleep 0.02
  done
}
