#!/bin/bash
# A run killed after its last sample, between writing /diagnostics and the kept state
# (/resume) into the .partial and publishing it, resumes from its last checkpoint and
# publishes the same file as a run never interrupted. The kill is emulated: the groups are
# added to the .partial of a run stopped by SIGUSR1 (a real kill there is a matter of
# microseconds).
source "$(dirname "$0")/common.sh"
here=$(cd "$(dirname "$0")" && pwd)
job=(--model.L=16 --temperatures.count=8 --sampler.equilibration_sweeps=100
     --sampler.samples=30000 --run.output_dir=out --run.checkpoint_interval=0)
mkdir ref
(cd ref && timeout 600 mpirun -n 2 "$PHASELEARN" sample "${job[@]}" >reference.log 2>&1) \
  || { fail "reference run: $(tail -3 ref/reference.log)"; finish; }
stopped_by_signal "${job[@]}"
rc=$?
if [ $rc -ne 3 ] || [ ! -e out/quick.h5.checkpoint ]; then
  fail "no checkpoint (exit $rc; the run may have ended before the signal): $(tail -2 run.log)"
  finish
fi
# What a finished run writes last, as the kill would leave it in the .partial.
/usr/bin/python3 - out/quick.h5.partial <<'PY' || fail "could not add the end-of-run groups"
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    f.create_group("diagnostics").create_dataset("round_trips", data=[1, 2, 3])
    f.create_group("resume").attrs["complete"] = 1
PY
out=$(timeout 600 mpirun -n 2 "$PHASELEARN" sample "${job[@]}" 2>&1)
rc=$?
[ $rc -eq 0 ] && pass "a run killed after its last sample resumes and finishes" \
  || fail "resume after the end-of-run groups: exit $rc: $(tail -3 <<<"$out")"
[ ! -e out/quick.h5.checkpoint ] && [ ! -e out/quick.h5.partial ] \
  && pass "checkpoint and partial removed" || fail "checkpoint or partial left behind"
/usr/bin/python3 "$here/same_file.py" out/quick.h5 ref/out/quick.h5 created_utc run_id \
  && pass "the published file is the uninterrupted run's" \
  || fail "the published file differs from the uninterrupted run"
finish
