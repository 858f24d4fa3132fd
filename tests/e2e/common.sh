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
