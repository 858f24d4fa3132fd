#!/bin/bash
# End-to-end checks of `phaselearn sample` for the XY model: all three moves on, bitwise
# identical run files at 1, 2 and 4 ranks, the format-2 layout read with h5py, keys of the
# other model and stages that do not take XY runs refused.
source "$(dirname "$0")/common.sh"
PHASELEARN=$1
ANALYZE=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
xy=(--model.name=xy2d --model.L=8 --temperatures.spacing=linear --temperatures.min=0.6
    --temperatures.max=1.4 --temperatures.count=6 --sampler.equilibration_sweeps=60
    --sampler.samples=40 --sampler.sweeps_between_samples=2 --sampler.write_chunk=16
    --sampler.metropolis_sweeps=1 --sampler.overrelaxation_sweeps=2 --sampler.wolff_sweeps=0.5
    --run.output_dir=out)

# 1. Bitwise-identical datasets at 1, 2 and 4 ranks.
for np in 1 2 4; do
  mpirun -n $np "$PHASELEARN" sample "${xy[@]}" --run.name=np$np >/dev/null 2>log$np \
    || fail "XY sample at $np ranks: $(cat log$np)"
done
for np in 2 4; do
  same=1
  for d in /spins /replica /observables/energy /observables/magnetization /observables/bond_cos \
           /observables/bond_sin /observables/vortices /diagnostics/exchange_acceptance \
           /diagnostics/round_trips /diagnostics/tau_int/energy \
           /diagnostics/tau_int/abs_magnetization /diagnostics/tau_int_plateau/energy; do
    h5diff -q out/np1.h5 out/np$np.h5 $d $d || { same=0; fail "$d differs between 1 and $np ranks"; }
  done
  [ $same = 1 ] && pass "XY datasets at $np ranks are bitwise identical to 1 rank"
done

# 2. The layout, and the stored observables against the stored angles.
/usr/bin/python3 - out/np2.h5 <<'PY' && pass "format-2 XY layout; observables match the angles" \
  || fail "XY run file layout or observables"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
assert f.attrs["format_version"] == 2 and f.attrs["model"] == "xy2d"
th = f["spins"][...].astype(np.float64)
assert f["spins"].dtype == np.float32 and th.shape == (6, 40, 8, 8)
assert th.min() >= 0 and th.max() < 2 * np.pi
J, N = f.attrs["J"], 64
dx = th - np.roll(th, -1, axis=3)   # theta_i - theta_{i+x}
dy = th - np.roll(th, -1, axis=2)
e = -J * (np.cos(dx) + np.cos(dy)).sum(axis=(2, 3)) / N
tol = 1e-5  # float32 angles
assert np.abs(f["observables/energy"][...] - e).max() < tol
m = np.stack([np.cos(th).mean(axis=(2, 3)), np.sin(th).mean(axis=(2, 3))], axis=-1)
assert np.abs(f["observables/magnetization"][...] - m).max() < tol
bc = np.stack([np.cos(dx).mean(axis=(2, 3)), np.cos(dy).mean(axis=(2, 3))], axis=-1)
bs = np.stack([np.sin(dx).mean(axis=(2, 3)), np.sin(dy).mean(axis=(2, 3))], axis=-1)
assert np.abs(f["observables/bond_cos"][...] - bc).max() < tol
assert np.abs(f["observables/bond_sin"][...] - bs).max() < tol
def wrap(a): return (a + np.pi) % (2 * np.pi) - np.pi
a, b = th, np.roll(th, -1, axis=3)
c, d = np.roll(b, -1, axis=2), np.roll(th, -1, axis=2)
w = wrap(b - a) + wrap(c - b) + wrap(d - c) + wrap(a - d)
v = (np.abs(np.rint(w / (2 * np.pi))) > 0.5).sum(axis=(2, 3)) / N
assert np.abs(f["observables/vortices"][...] - v).max() < 1e-12
for name in ["spins", "observables/energy", "observables/vortices", "replica"]:
    assert f[name].attrs["description"]
PY

# 3. Bad input: one line, exit code 2, nothing created.
mkdir -p bad && cd bad
expect_failure "XY key for ising2d" 2 "sampler.overrelaxation_sweeps does not apply to model.name = ising2d" -- \
  "$PHASELEARN" sample --model.name=ising2d --sampler.overrelaxation_sweeps=1
expect_failure "odd L for xy2d" 2 "even L" -- "$PHASELEARN" sample --model.name=xy2d --model.L=9
expect_failure "Ising label windows on an XY run" 2 "leave no disordered temperature" -- \
  "$PHASELEARN" train --run.output_dir=. --run.name=t --train.run_file=../out/np1.h5 \
  --train.t_low=2.0 --train.t_high=2.6
[ -z "$(ls)" ] && pass "bad input created nothing" || fail "bad input created: $(ls)"
cd ..
finish
