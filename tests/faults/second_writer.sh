#!/bin/bash
# §3: one writer per output. A second run on a live output is refused at once (exit 2,
# nothing touched); the lock is removed on success, error and checkpoint-and-stop; a stale
# lock (dead pid on this host) is taken over with a message.
source "$(dirname "$0")/common.sh"
base=(--model.L=16 --temperatures.count=8 --sampler.equilibration_sweeps=100
      --run.output_dir=out --run.checkpoint_interval=0)
long=("${base[@]}" --sampler.samples=200000)
mpirun -n 2 "$PHASELEARN" sample "${long[@]}" >first.log 2>&1 &
first=$!
cleanup_extra='kill $first 2>/dev/null'
wait_for out/quick.h5.partial 30 || fail "the first run did not start"
[ -s out/quick.h5.lock ] && pass "the first run holds out/quick.h5.lock" || fail "no lock"
grep -q "^pid=" out/quick.h5.lock && grep -q "^host=$(hostname)" out/quick.h5.lock \
  && pass "the lock names host and pid" || fail "lock content: $(cat out/quick.h5.lock)"
lock_before=$(cat out/quick.h5.lock)
files_before=$(ls out)
start=$SECONDS
refused "second run on a live output" 2 "is being written by another run" -- \
  mpirun -n 2 "$PHASELEARN" sample "${long[@]}"
[ $((SECONDS - start)) -le 20 ] && pass "refused at once" || fail "took $((SECONDS - start)) s"
refused "second run with --overwrite" 2 "is being written by another run" -- \
  "$PHASELEARN" sample "${long[@]}" --overwrite
[ "$lock_before" = "$(cat out/quick.h5.lock)" ] && pass "the lock is the first run's still" \
  || fail "the lock changed"
[ "$files_before" = "$(ls out)" ] && pass "no file created or removed" || fail "files: $(ls out)"
# The first run, killed hard, leaves a stale lock behind (its pid is gone).
victims=$(ranks_of $first)
kill -KILL $victims 2>/dev/null
wait $first 2>/dev/null
for i in $(seq 100); do kill -0 $victims 2>/dev/null || break; sleep 0.1; done
[ -e out/quick.h5.lock ] && pass "a killed run leaves its lock" || fail "no stale lock to test"
out=$(timeout 120 "$PHASELEARN" sample "${base[@]}" --sampler.samples=40 --overwrite 2>&1)
rc=$?
[ $rc -eq 0 ] && grep -q "taking over the stale lock" <<<"$out" \
  && pass "a stale lock is taken over with a message" || fail "stale lock: exit $rc: $out"
[ ! -e out/quick.h5.lock ] && pass "lock removed after success" || fail "lock left after success"
# Error exit: a bad checkpoint (exit 2) also removes the lock.
timeout 60 "$PHASELEARN" sample "${base[@]}" --sampler.samples=40 --run.name=e >/dev/null 2>&1
echo garbage > out/e.h5.checkpoint
touch out/e.h5.partial
rm -f out/e.h5
timeout 60 "$PHASELEARN" sample "${base[@]}" --sampler.samples=40 --run.name=e >/dev/null 2>&1
rc=$?
[ $rc -eq 2 ] && [ ! -e out/e.h5.lock ] && pass "lock removed after an error (exit 2)" \
  || fail "after an error: exit $rc, lock $(ls out/e.h5.lock 2>&1)"
# Checkpoint-and-stop (exit 3) removes it too.
mpirun -n 2 "$PHASELEARN" sample "${long[@]}" --run.name=c >c.log 2>&1 &
pid=$!
wait_for out/c.h5.partial 30
sleep 1
kill -USR1 $(ranks_of $pid) 2>/dev/null
wait $pid
rc=$?
[ $rc -eq 3 ] && [ ! -e out/c.h5.lock ] && pass "lock removed after checkpoint-and-stop (exit 3)" \
  || fail "after a checkpoint: exit $rc, lock $(ls out/c.h5.lock 2>&1): $(cat c.log)"
finish
