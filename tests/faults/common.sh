# Shared helpers of the fault tests (sourced). $1 of each test: the phaselearn binary.
source "$(dirname "$0")/../e2e/common.sh"
PHASELEARN=$1
work=$(mktemp -d)
cleanup_extra=:
trap 'eval "$cleanup_extra"; cd /; rm -rf "$work"' EXIT
cd "$work"
skip_code=77  # SKIP_RETURN_CODE of these tests
# A small fast job: 8 temperatures of 8 x 8.
small=(--model.L=8 --temperatures.count=8 --sampler.equilibration_sweeps=50
       --sampler.samples=40 --sampler.write_chunk=16)
# refused <description> <exit code> <text> -- command...: the exit code, the text, ONE line
# of output that names phaselearn (not one per rank), no MPI_ABORT text, and (checked by
# the caller) nothing created.
refused() {
  local what=$1 code=$2 text=$3
  shift 4
  local out rc
  out=$(timeout 120 "$@" 2>&1)
  rc=$?
  if [ "$rc" -ne "$code" ]; then fail "$what: exit code $rc, expected $code ($out)"; return; fi
  if ! grep -qF -- "$text" <<<"$out"; then fail "$what: output lacks '$text': $out"; return; fi
  if [ "$(grep -c 'phaselearn' <<<"$out")" -ne 1 ]; then fail "$what: not one line: $out"; return; fi
  if grep -q 'MPI_ABORT' <<<"$out"; then fail "$what: aborted instead of leaving together: $out"; return; fi
  pass "$what"
}
# The pids of the ranks started by the mpirun with pid $1.
ranks_of() { pgrep -P "$1" -f phaselearn; }
# stopped_by_signal <sample arguments...>: a 2-rank `sample` into out/quick.h5, stopped by
# SIGUSR1 soon after its .partial appears (the job must be long enough to be caught
# running); returns the run's exit code (3: checkpointed), its output in run.log.
stopped_by_signal() {
  mpirun -n 2 "$PHASELEARN" sample "$@" >run.log 2>&1 &
  local pid=$!
  cleanup_extra="kill $pid 2>/dev/null"
  wait_for out/quick.h5.partial 30 && sleep 0.5
  kill -USR1 $(ranks_of $pid)
  wait $pid
}
# Waits (at most $2 s) until file $1 exists.
wait_for() {
  local i
  for ((i = 0; i < $2 * 10; ++i)); do [ -e "$1" ] && return 0; sleep 0.1; done
  return 1
}
# Flips the lowest bit of the 8-byte word at byte offset $2 of file $1.
flip_word() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys
path, off = sys.argv[1], int(sys.argv[2])
with open(path, "r+b") as f:
    f.seek(off); b = bytearray(f.read(8)); b[0] ^= 1; f.seek(off); f.write(b)
PY
}
# The byte offset of chunk $3 (default 0) of dataset $2 in file $1.
chunk_offset() {
  /usr/bin/python3 - "$1" "$2" "${3:-0}" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    print(f[sys.argv[2]].id.get_chunk_info(int(sys.argv[3])).byte_offset)
PY
}
