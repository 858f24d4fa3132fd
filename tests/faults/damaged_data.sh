#!/bin/bash
# §2: damaged data is refused with "cannot be trusted" (exit 2), never resumed or used: a
# flipped word of a sample checkpoint's walkers, a changed counter, a flipped train
# checkpoint weight, a damaged chunk of a .partial and of a published run file.
source "$(dirname "$0")/common.sh"
job=(--model.L=16 --temperatures.count=8 --sampler.equilibration_sweeps=100
     --sampler.samples=30000 --run.output_dir=out --run.checkpoint_interval=0)
stopped_by_signal "${job[@]}"
[ -e out/quick.h5.checkpoint ] || fail "no checkpoint: $(cat run.log)"
h5dump -p -H out/quick.h5.partial | grep -q FLETCHER32 && pass "run file chunks carry Fletcher32" \
  || fail "no Fletcher32 filter on the run file"
cp out/quick.h5.checkpoint good.checkpoint
cp out/quick.h5.partial good.partial

rows=$(chunk_offset good.checkpoint /rows)
flip_word out/quick.h5.checkpoint $((rows + 8 * 123))
refused "a flipped word of a walker in the checkpoint" 2 "cannot be trusted" -- \
  mpirun -n 2 "$PHASELEARN" sample "${job[@]}"
for counter in exchange_steps sweeps; do
  cp good.checkpoint out/quick.h5.checkpoint
  /usr/bin/python3 -c "
import h5py
with h5py.File('out/quick.h5.checkpoint', 'r+') as f:
    f.attrs['counter_$counter'] = f.attrs['counter_$counter'] + 1"
  refused "a changed counter ($counter)" 2 "cannot be trusted" -- \
    mpirun -n 2 "$PHASELEARN" sample "${job[@]}"
done
cp good.checkpoint out/quick.h5.checkpoint
/usr/bin/python3 -c "
import h5py
with h5py.File('out/quick.h5.checkpoint', 'r+') as f:
    a = f['integer_accepts'][...]; a[0] += 1; f['integer_accepts'][...] = a"
refused "a changed accepts array" 2 "cannot be trusted" -- mpirun -n 2 "$PHASELEARN" sample "${job[@]}"

cp good.checkpoint out/quick.h5.checkpoint
flip_word out/quick.h5.partial $(($(chunk_offset good.partial /observables/energy) + 16))
out=$(timeout 60 mpirun -n 2 "$PHASELEARN" sample "${job[@]}" 2>&1)
rc=$?
[ $rc -eq 2 ] && grep -q "cannot be trusted" <<<"$out" \
  && pass "a damaged chunk of the .partial is refused" || fail "damaged .partial: exit $rc: $out"

# Finish the run, then damage one chunk of spins of the published file: train refuses.
# The job is long so that the signal above lands before it ends; finishing it takes
# seconds on an idle machine and minutes on a loaded one, hence the wide timeout.
cp good.checkpoint out/quick.h5.checkpoint
cp good.partial out/quick.h5.partial
timeout 600 mpirun -n 2 "$PHASELEARN" sample "${job[@]}" >/dev/null 2>&1 \
  || fail "resume of the good checkpoint failed"
flip_word out/quick.h5 $(($(chunk_offset out/quick.h5 /spins 3) + 64))
out=$(timeout 120 "$PHASELEARN" train "${job[@]}" --train.epochs=1 --train.labels=threshold 2>&1)
rc=$?
[ $rc -eq 2 ] && grep -q "/spins.*cannot be trusted" <<<"$out" \
  && pass "train refuses a damaged chunk of spins" || fail "damaged spins: exit $rc: $out"
[ ! -e out/quick.train.h5 ] && pass "no training file published" || fail "published a training file"

# A train checkpoint with one flipped weight.
small_train=(--model.L=8 --temperatures.count=8 --sampler.equilibration_sweeps=50
             --sampler.samples=400 --run.output_dir=t --run.checkpoint_interval=0
             --train.epochs=100000 --train.patience=0 --train.hidden=64)
timeout 120 "$PHASELEARN" sample "${small_train[@]}" >/dev/null 2>&1 || fail "sample for train"
"$PHASELEARN" train "${small_train[@]}" >train.log 2>&1 &
pid=$!
for i in $(seq 100); do grep -q "epoch\|train:" train.log && break; sleep 0.1; done
sleep 2
kill -USR1 $pid
wait $pid
rc=$?
if [ $rc -eq 3 ] && [ -e t/quick.train.h5.checkpoint ]; then
  /usr/bin/python3 - t/quick.train.h5.checkpoint <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    d = f["real_current_parameters"]
    print(d.id.get_chunk_info(0).byte_offset + 8 * 10, file=open("off", "w"))
PY
  flip_word t/quick.train.h5.checkpoint "$(cat off)"
  refused "a flipped weight in the train checkpoint" 2 "cannot be trusted" -- \
    "$PHASELEARN" train "${small_train[@]}"
else
  fail "train did not checkpoint: exit $rc: $(tail -3 train.log)"
fi
finish
