#!/bin/bash
# §1: a full disk during the collective writes ends every rank within seconds with the
# real message and exit code 1 (it hung at 2 ranks, crashed with 139 at 1 rank); the
# previous good output is never touched.
source "$(dirname "$0")/common.sh"
mkdir D
if ! mount -t tmpfs -o size=1M tmpfs D 2>/dev/null; then
  echo "SKIP: cannot mount a tmpfs here (needs root, as in CI)"
  exit $skip_code
fi
cleanup_extra='umount "$work/D" 2>/dev/null'
# A good output first: it fits.
"$PHASELEARN" sample "${small[@]}" --run.output_dir=D --run.name=good >/dev/null 2>&1 \
  || fail "the small good run into the tmpfs failed"
before=$(md5sum D/good.h5)
# Refused up front by the free-space check (run.check_resources) ...
out=$("$PHASELEARN" sample --model.L=32 --temperatures.count=32 --sampler.samples=800 \
      --run.output_dir=D --run.name=good --overwrite 2>&1)
[ $? -eq 2 ] && grep -q "GiB free" <<<"$out" && pass "refused up front: $out" \
  || fail "not refused up front by the free-space check: $out"
# ... and, forced past it, the write that fails ends every rank with the real message.
for np in 2 1; do
  start=$SECONDS
  out=$(timeout 60 mpirun -n $np "$PHASELEARN" sample --model.L=32 --temperatures.count=32 \
        --sampler.equilibration_sweeps=10 --sampler.samples=800 --run.output_dir=D \
        --run.name=good --overwrite --run.check_resources=false 2>&1)
  rc=$?
  took=$((SECONDS - start))
  [ $rc -eq 124 ] && fail "$np rank(s): hung (killed after 60 s)"
  [ $rc -eq 1 ] && pass "$np rank(s): exit code 1 after $took s" || fail "$np rank(s): exit code $rc: $out"
  grep -q "phaselearn: error.*No space left on device" <<<"$out" \
    && pass "$np rank(s): the message says what failed: $(grep -m1 'phaselearn: error.*No space' <<<"$out")" \
    || fail "$np rank(s): no 'No space left on device' from phaselearn: $out"
  grep -q "good.h5.partial" <<<"$out" && pass "$np rank(s): the message names the file" \
    || fail "$np rank(s): the message does not name the file"
  [ "$before" = "$(md5sum D/good.h5)" ] && pass "$np rank(s): the previous output is untouched" \
    || fail "$np rank(s): the previous output changed"
  [ -e D/good.h5.lock ] && ! grep -q "pid=" D/good.h5.lock && fail "lock left unreadable"
  rm -f D/good.h5.partial
done
finish
