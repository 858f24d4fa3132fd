#!/bin/bash
# §4: SIGHUP (a closed terminal, some schedulers) checkpoints and stops like SIGTERM
# (exit 3); the same command resumes.
source "$(dirname "$0")/common.sh"
job=(--model.L=16 --temperatures.count=8 --sampler.equilibration_sweeps=100
     --sampler.samples=30000 --run.output_dir=out --run.checkpoint_interval=0)
mpirun -n 2 "$PHASELEARN" sample "${job[@]}" >run.log 2>&1 &
pid=$!
cleanup_extra='kill $pid 2>/dev/null'
# Long enough (seconds on an idle machine) that the signal lands before the run ends.
wait_for out/quick.h5.partial 30 || fail "did not start"
sleep 0.5
kill -HUP $(ranks_of $pid)
wait $pid
rc=$?
[ $rc -eq 3 ] && pass "SIGHUP: exit code 3" || fail "SIGHUP: exit code $rc: $(cat run.log)"
[ -e out/quick.h5.checkpoint ] && pass "checkpoint written" || fail "no checkpoint"
out=$(timeout 600 mpirun -n 2 "$PHASELEARN" sample "${job[@]}" 2>&1)
rc=$?
[ $rc -eq 0 ] && grep -q "resuming from" <<<"$out" && pass "resumed and finished" \
  || fail "resume: exit $rc: $out"
finish
