#!/bin/bash
# §1: 64000 temperatures of 4 x 4 at 2 ranks hung (H5Gcreate("/diagnostics") failed on one
# rank). It must finish, or be refused up front: never hang.
source "$(dirname "$0")/common.sh"
start=$SECONDS
out=$(timeout 150 mpirun -n 2 "$PHASELEARN" sample --model.L=4 --temperatures.count=64000 \
      --sampler.samples=1 --temperatures.spacing=linear --sampler.equilibration_sweeps=2 \
      --run.output_dir=out 2>&1)
rc=$?
[ $rc -eq 124 ] && fail "hung (killed after 150 s)"
if [ $rc -eq 0 ]; then
  pass "64000 temperatures sampled in $((SECONDS - start)) s"
  h5ls out/quick.h5/temperatures | grep -q '{64000}' && pass "/temperatures has 64000 entries" \
    || fail "/temperatures shape"
  h5ls out/quick.h5/diagnostics/exchange_acceptance | grep -q '{63999}' \
    && pass "/diagnostics/exchange_acceptance has 63999 entries" || fail "exchange_acceptance shape"
  h5ls out/quick.h5/spins | grep -q '{64000, 1, 4, 4}' && pass "/spins shape" || fail "/spins shape"
else
  [ $rc -eq 2 ] && grep -q "temperatures.count" <<<"$out" && pass "refused up front by name" \
    || fail "exit code $rc: $out"
fi
finish
