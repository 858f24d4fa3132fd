#!/bin/bash
# Energies include J: a run at J = 2 stores e = -(J/N) sum_<ij> s_i s_j, and the analysis
# finds it on the exact finite-lattice energy at that J (Kaufman), within its errors.
source "$(dirname "$0")/common.sh"
PHASELEARN=$1
ANALYZE=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
mpirun -n 2 "$PHASELEARN" sample --model.L=16 --model.J=2 --temperatures.spacing=linear \
  --temperatures.min=3 --temperatures.max=7 --temperatures.count=8 \
  --sampler.equilibration_sweeps=200 --sampler.samples=2000 --sampler.sweeps_between_samples=2 \
  --run.output_dir=out --run.name=j2 >sample.log 2>&1 || fail "sample at J = 2: $(cat sample.log)"
/usr/bin/python3 - out/j2.h5 <<'PY' && pass "stored energies are -(J/N) sum s_i s_j at J = 2" \
  || fail "stored energies do not include J"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
s = f["spins"][:, :50].astype(np.int64)
bonds = (s * (np.roll(s, 1, axis=2) + np.roll(s, 1, axis=3))).sum(axis=(2, 3))
assert f.attrs["J"] == 2.0
assert np.abs(f["observables/energy"][:, :50] - (-2.0 * bonds / 256)).max() < 1e-12
PY
"$ANALYZE" --out res --no-scaling out/j2.h5 >analyze.log 2>&1 || fail "analyze: $(cat analyze.log)"
/usr/bin/python3 - res/summary.json <<'PY' && pass "analysis: energies on the exact J = 2 values" \
  || fail "analysis finds the J = 2 energies off the exact values"
import sys, json
z = json.load(open(sys.argv[1]))["sizes"][0]["max_energy_deviation_in_errors"]
print("largest deviation from the exact energy:", z, "standard errors")
assert abs(z) < 4.5
PY
finish
