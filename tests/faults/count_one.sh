#!/bin/bash
# §1: temperatures.count = 1 works at one rank (it failed on a zero-length dataset) and is
# refused by name at more ranks than temperatures.
source "$(dirname "$0")/common.sh"
out=$(timeout 60 "$PHASELEARN" sample --model.L=8 --temperatures.count=1 \
      --sampler.equilibration_sweeps=20 --sampler.samples=20 --run.output_dir=out 2>&1)
rc=$?
[ $rc -eq 0 ] && pass "count = 1 at 1 rank: exit 0" || fail "count = 1: exit code $rc: $out"
h5ls out/quick.h5/diagnostics/exchange_acceptance 2>/dev/null | grep -q '{0}' \
  && pass "an empty exchange_acceptance" || fail "exchange_acceptance missing or not empty"
h5ls out/quick.h5/spins 2>/dev/null | grep -q '{1, 20, 8, 8}' && pass "/spins shape" || fail "/spins"
/usr/bin/python3 -c "
import h5py, sys
f = h5py.File('out/quick.h5', 'r')
assert f['temperatures'].shape == (1,) and f['diagnostics/exchange_acceptance'].shape == (0,)
" && pass "h5py reads it" || fail "h5py cannot read the count = 1 file"
mkdir two && cd two
refused "count = 1 at 2 ranks" 2 "more MPI ranks (2) than temperatures (1)" -- \
  mpirun -n 2 "$PHASELEARN" sample --temperatures.count=1 --run.output_dir=out
[ -z "$(ls -A)" ] && pass "nothing created" || fail "created: $(ls -A)"
finish
