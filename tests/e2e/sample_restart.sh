#!/bin/bash
# Checkpoint and restart of `phaselearn sample`: runs interrupted by SIGUSR1/SIGTERM at
# random moments (and resumed on a different number of ranks) finish bitwise identical
# to an uninterrupted run; a SIGKILL is survived or refused, never silently wrong; a
# checkpoint of another job is refused.
source "$(dirname "$0")/common.sh"
PHASELEARN=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# A job of a few seconds (its length, start-up included, timed on the reference run, sets
# the spread of the random moments): a start-up (MPI, HDF5) of a few tenths of a second
# must be short beside it.
job=(--model.L=32 --temperatures.count=8 --sampler.equilibration_sweeps=300
     --sampler.sweeps_between_samples=32 --sampler.write_chunk=64 --run.output_dir=out)
samples=--sampler.samples=1500
datasets=(/spins /observables/energy /observables/magnetization /replica /diagnostics/exchange_acceptance
          /diagnostics/round_trips /diagnostics/tau_int/energy /diagnostics/tau_int/abs_magnetization)
# same_as <file> [reference]
same_as() {
  for d in "${datasets[@]}"; do h5diff -q "${2:-out/ref.h5}" "$1" $d $d || return 1; done
}
start=$(date +%s.%N)
mpirun -n 2 "$PHASELEARN" sample "${job[@]}" $samples --run.name=ref >ref.log 2>&1 \
  || { fail "reference run: $(cat ref.log)"; finish; }
seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')

# 1. Interruptions at random moments, chained: each run is stopped by a signal after a
# random delay, then restarted, until the run completes; rank counts alternate.
moments=0 chain=0 signals=(USR1 TERM)
while [ $moments -lt 10 ] && [ $chain -lt 6 ]; do
  chain=$((chain + 1)) name=cut$chain rc=3 n=0
  while [ $rc -eq 3 ]; do
    np=$((1 + (n % 2)))
    sig=${signals[$((n % 2))]}
    mpirun -n $np "$PHASELEARN" sample "${job[@]}" $samples --run.name=$name >>$name.log 2>&1 &
    pid=$!
    # Enough moments reached: let the run finish (each resumed run may get only a
    # few sweeps further when a signal lands during its start-up).
    if [ $moments -lt 20 ]; then
      wait_until_catching $name $np
      delay=$(awk -v s="$seconds" -v r=$RANDOM 'BEGIN { print s * r / 32768 / 4 }')
      sleep "$delay"
      signal_ranks "$sig" $name
    fi
    wait $pid
    rc=$?
    if [ $rc -eq 3 ]; then
      moments=$((moments + 1)) n=$((n + 1))
      [ -f out/$name.h5.checkpoint ] || fail "exit code 3 without a checkpoint ($name)"
    elif [ $rc -ne 0 ]; then
      fail "$name: exit code $rc after SIG$sig at ${delay}s: $(tail -3 $name.log)"
      break
    fi
  done
  if [ $rc -eq 0 ]; then
    if same_as out/$name.h5; then
      pass "$name: $n interruption(s) (SIGUSR1/SIGTERM, 1 and 2 ranks), result bitwise identical"
    else
      fail "$name: $n interruption(s), result differs from the uninterrupted run"
    fi
    [ -e out/$name.h5.checkpoint ] && fail "$name: checkpoint left behind after completion"
  fi
done
[ $moments -ge 10 ] && pass "$moments interruption moments tested" \
  || fail "only $moments interruption moments reached"

# Without equilibration, so that the first checkpoint already counts stored samples.
# Long enough that the interruption lands before the end (0.1 s after the first periodic
# checkpoint, 0.3 s in: 20000 sweeps of 4 temperatures per rank, about a second on an idle
# machine; the job is run twice in full, for the SIGKILL case and its reference).
without sampler.equilibration_sweeps "${job[@]}"
without sampler.sweeps_between_samples "${kept[@]}"
noeq=("${kept[@]}" --sampler.samples=2000 --sampler.equilibration_sweeps=0
      --sampler.sweeps_between_samples=10)
# Starts run $1 with periodic checkpoints, and once the first is written sends it
# signal $2 (after $3 more seconds).
interrupt_after_checkpoint() {
  # (bounded: mpirun can linger after its ranks are SIGKILLed)
  timeout -s KILL 60 mpirun -n 2 "$PHASELEARN" sample "${noeq[@]}" --run.name=$1 \
    --run.checkpoint_interval=0.3 >$1.log 2>&1 &
  local pid=$!
  for _ in $(seq 200); do [ -f out/$1.h5.checkpoint ] && break; sleep 0.05; done
  sleep "$3"
  signal_ranks "$2" "$1"
  wait $pid
}

# 2. SIGKILL mid-run after a periodic checkpoint, then restart.
interrupt_after_checkpoint kill KILL 0.1
out=$(mpirun -n 2 "$PHASELEARN" sample "${noeq[@]}" --run.name=kill 2>&1)
rc=$?
if [ $rc -eq 0 ] && grep -q "resuming from" <<<"$out"; then
  mpirun -n 2 "$PHASELEARN" sample "${noeq[@]}" --run.name=kill_ref >/dev/null 2>&1
  same_as out/kill.h5 out/kill_ref.h5 && pass "SIGKILL: resumed from the last checkpoint, identical" \
    || fail "SIGKILL: resumed, but the result differs"
elif [ $rc -ne 0 ] && grep -q "cannot be trusted" <<<"$out"; then
  pass "SIGKILL: restart refused, the partial output cannot be trusted"
else
  fail "SIGKILL: restart gave exit $rc: $out"
fi

# 3. A partial output that lost samples its checkpoint counted is refused, not resumed.
interrupt_after_checkpoint damaged USR1 0
/usr/bin/python3 -c "
import h5py; f = h5py.File('out/damaged.h5.partial', 'r+'); f['observables/energy'][0, 0] = 7.0"
expect_failure "damaged partial output" 2 "cannot be trusted" -- \
  mpirun -n 2 "$PHASELEARN" sample "${noeq[@]}" --run.name=damaged
[ -f out/damaged.h5.partial ] && [ -f out/damaged.h5.checkpoint ] \
  && pass "refusal kept the partial output and checkpoint" || fail "refusal removed files"

# 3b. Spins damaged on disk (2 MiB of zeros over the first stored chunks, as a failing
# disk or a stray dd would leave them) are found by the chunks' checksums: refused.
interrupt_after_checkpoint zeroed USR1 0
/usr/bin/python3 - out/zeroed.h5.partial <<'PY' || fail "could not zero the partial output"
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    offset = f["spins"].id.get_chunk_info(0).byte_offset
with open(sys.argv[1], "r+b") as raw:
    raw.seek(offset); raw.write(bytes(2 << 20))
PY
expect_failure "partial output with zeroed spins" 2 "cannot be trusted" -- \
  mpirun -n 2 "$PHASELEARN" sample "${noeq[@]}" --run.name=zeroed

# 4. A checkpoint of another job is refused, naming what differs; nothing is touched.
interrupt_after_checkpoint other USR1 0
before=$(md5sum out/other.h5.partial out/other.h5.checkpoint)
without sampler.samples "${noeq[@]}"
fewer=("${kept[@]}" --sampler.samples=500)
expect_failure "checkpoint of another job" 2 "sampler.samples = 2000" -- \
  mpirun -n 2 "$PHASELEARN" sample "${fewer[@]}" --run.name=other
[ "$before" = "$(md5sum out/other.h5.partial out/other.h5.checkpoint)" ] \
  && pass "mismatched job left the partial output and checkpoint untouched" \
  || fail "mismatched job changed files"
mpirun -n 2 "$PHASELEARN" sample "${fewer[@]}" --run.name=other --overwrite \
  >/dev/null 2>&1 && [ ! -e out/other.h5.checkpoint ] && [ -f out/other.h5 ] \
  && pass "--overwrite starts afresh" || fail "--overwrite did not start afresh"
finish
