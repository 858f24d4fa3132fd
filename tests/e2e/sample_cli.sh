#!/bin/bash
# End-to-end checks of `phaselearn sample`: the run file, reproducibility across rank
# counts, the .partial protocol and bad input.
source "$(dirname "$0")/common.sh"
PHASELEARN=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
small=(--model.L=8 --temperatures.count=6 --sampler.equilibration_sweeps=50
       --sampler.samples=40 --sampler.sweeps_between_samples=2 --sampler.write_chunk=16
       --run.output_dir=out)

# 1. The same job and seed give bitwise-identical datasets at 1, 2 and 4 ranks.
for np in 1 2 4; do
  mpirun -n $np "$PHASELEARN" sample "${small[@]}" --run.name=np$np >/dev/null 2>log$np \
    || fail "sample at $np ranks: $(cat log$np)"
done
for np in 2 4; do
  same=1
  for d in /temperatures /spins /observables/energy /observables/magnetization /replica /diagnostics/exchange_acceptance \
           /diagnostics/round_trips /diagnostics/tau_int/energy /diagnostics/tau_int/abs_magnetization \
           /diagnostics/tau_int_plateau/energy /diagnostics/tau_int_plateau/abs_magnetization; do
    h5diff -q out/np1.h5 out/np$np.h5 $d $d || { same=0; fail "$d differs between 1 and $np ranks"; }
  done
  [ $same = 1 ] && pass "datasets at $np ranks are bitwise identical to 1 rank"
done

# 2. Layout and attributes (read with h5dump, no project code).
f=out/np2.h5
for attr in format format_version run_id model L J master_seed mpi_ranks code_version created_utc job; do
  h5dump -A -a "/$attr" $f >/dev/null 2>&1 || fail "attribute $attr missing"
done
h5dump -a /format $f | grep -q '"phaselearn.run"' && pass "format attribute" || fail "format attribute"
h5dump -a /mpi_ranks $f | grep -q '(0): 2' && pass "mpi_ranks attribute" || fail "mpi_ranks"
h5ls out/np2.h5/spins | grep -q '{6, 40, 8, 8}' && pass "spins shape [T,S,L,L]" || fail "spins shape"
h5dump -p -d /spins $f | grep -q 'CHUNKED ( 1, 16, 8, 8 )' && pass "spins chunks [1,c,L,L]" || fail "chunks"
h5dump -d /spins -y -w 0 -o spins.txt $f >/dev/null
[ "$(tr -s ', \n' '\n\n' < spins.txt | grep -v '^$' | sort -u | tr '\n' ' ')" = "-1 1 " ] \
  && pass "spins are +-1" || fail "spins are not all +-1"
h5dump -a /job $f | grep -q 'L = 8' && pass "job attribute holds the resolved job" || fail "job attr"
# code_version is taken when the binary is built: it names the source tree's commit now.
src=$(cd "$(dirname "$0")/../.." && pwd)
if describe=$(git -C "$src" describe --always --dirty --tags 2>/dev/null); then
  h5dump -a /code_version $f | grep -q "\"$describe\"" && pass "code_version is $describe" \
    || fail "code_version $(h5dump -a /code_version $f | grep '(0)') is not the tree's $describe"
fi
/usr/bin/python3 - "$f" <<'PY' && pass "h5py reads the run file" || fail "h5py cannot read the run file"
import sys, h5py
f = h5py.File(sys.argv[1], "r")
assert f.attrs["format"] == "phaselearn.run" and f.attrs["format_version"] == 2
assert f["spins"].shape == (6, 40, 8, 8) and f["spins"].dtype == "int8"
assert f["spins"].attrs["encoding"] and f["observables/energy"].attrs["description"]
assert abs(f["observables/energy"][0, 0] - (-(f["spins"][0, 0] * (f["spins"][0, 0].take(range(1, 9), axis=0, mode="wrap") + f["spins"][0, 0].take(range(1, 9), axis=1, mode="wrap"))).sum() / 64)) < 1e-12
PY
ls out/*.partial >/dev/null 2>&1 && fail ".partial left after success" || pass "no .partial after success"

# Compressed spins (sampler.compression): deflate and the checksum in the chunks' filter
# pipeline, the same values as without, read by h5dump and h5py with no plugin.
for model in ising2d xy2d; do
  for level in 0 6; do
    mpirun -n 2 "$PHASELEARN" sample "${small[@]}" --model.name=$model --run.name=$model$level \
      --sampler.compression=$level >/dev/null 2>log || fail "$model, compression $level: $(cat log)"
  done
  z=out/${model}6.h5
  h5dump -p -H -d /spins $z | grep -q 'DEFLATE' && h5dump -p -H -d /spins $z | grep -q 'FLETCHER32' \
    && pass "$model: /spins deflated and checksummed" || fail "$model: filters of /spins: $(h5dump -p -H -d /spins $z)"
  h5dump -d /spins -o /dev/null $z >/dev/null 2>&1 && pass "$model: h5dump reads the deflated spins" \
    || fail "$model: h5dump cannot read $z"
  /usr/bin/python3 - out/${model}0.h5 $z <<'PY' && pass "$model: h5py reads the same spins" \
    || fail "$model: h5py: the deflated spins differ"
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as a, h5py.File(sys.argv[2], "r") as b:
    assert b["spins"].compression == "gzip" and a["spins"].compression is None
    assert np.array_equal(a["spins"][...], b["spins"][...])
PY
done
expect_failure "compression out of range" 2 "sampler.compression" -- \
  "$PHASELEARN" sample "${small[@]}" --run.name=bad_level --sampler.compression=10
[ -e out/bad_level.h5 ] && fail "a refused run created its file" || pass "nothing created"

# A run too short to see its correlations says that its tau_int is only a lower bound.
"$PHASELEARN" sample "${small[@]}" --run.name=short --sampler.wolff_sweeps=0 >short.log 2>&1
grep -q "binning of tau_int shows no plateau: the stored tau_int is a lower bound" short.log \
  && pass "too short a run warns that tau_int is a lower bound" || fail "no warning: $(cat short.log)"
h5dump -d /diagnostics/tau_int_plateau/energy out/short.h5 | grep -q "(0): 0, 0, 0, 0, 0, 0" \
  && pass "tau_int_plateau flags the lower bounds" || fail "tau_int_plateau is not 0"

# 3. An existing output is refused, and left untouched.
before=$(md5sum out/np1.h5)
expect_failure "existing output refused" 2 "pass --overwrite" -- \
  "$PHASELEARN" sample "${small[@]}" --run.name=np1
[ "$before" = "$(md5sum out/np1.h5)" ] && pass "existing output untouched" || fail "existing output changed"
"$PHASELEARN" sample "${small[@]}" --run.name=np1 --overwrite >/dev/null 2>&1 \
  && pass "--overwrite replaces" || fail "--overwrite"

# 4. A run that does not finish leaves only the .partial, never the final name.
timeout -s KILL 2 "$PHASELEARN" sample --model.L=64 --sampler.samples=100000 \
  --run.output_dir=out --run.name=killed >/dev/null 2>&1
[ -e out/killed.h5 ] && fail "killed run produced a final file" || pass "killed run left no final file"
[ -e out/killed.h5.partial ] && pass "killed run left its .partial" || fail "no .partial after kill"

# 5. Bad input: one clear message, exit code 2, nothing created.
mkdir -p bad && cd bad
expect_failure "out-of-range value" 2 "model.L" -- "$PHASELEARN" sample --model.L=2
expect_failure "odd L" 2 "even L" -- "$PHASELEARN" sample --model.L=15
expect_failure "not a number" 2 "sampler.samples" -- "$PHASELEARN" sample --sampler.samples=ten
expect_failure "unknown key" 2 "sampler.speed" -- "$PHASELEARN" sample --sampler.speed=3
printf '[sampler]\nsweeps = 3\n' > unknown.ini
expect_failure "unknown key in job file" 2 "sampler.sweeps" -- "$PHASELEARN" sample unknown.ini
expect_failure "missing job file" 2 "cannot read job file" -- "$PHASELEARN" sample nothere.ini
expect_failure "unknown choice" 2 "one of random, ordered" -- \
  "$PHASELEARN" sample --sampler.initial_state=warm
expect_failure "temperatures not ascending" 2 "ascending" -- \
  "$PHASELEARN" sample --temperatures.spacing=list --temperatures.list=2,1.5
expect_failure "more ranks than temperatures" 2 "more MPI ranks (4) than temperatures (3)" -- \
  mpirun -n 4 "$PHASELEARN" sample --temperatures.count=3
touch afile
expect_failure "unwritable output directory" 2 "cannot write to output directory" -- \
  "$PHASELEARN" sample --run.output_dir=afile/sub
expect_failure "unknown command" 2 "unknown command" -- "$PHASELEARN" simulate
expect_failure "run file larger than the free space" 2 "GiB free" -- \
  "$PHASELEARN" sample --run.output_dir=. --model.L=4096 --temperatures.count=1000 \
  --sampler.samples=1000000
expect_failure "state larger than the memory" 2 "of memory" -- \
  "$PHASELEARN" sample --run.output_dir=. --model.L=4096 --temperatures.count=1000 \
  --sampler.samples=1 --sampler.write_chunk=1
[ -z "$(ls | grep -v -e unknown.ini -e afile)" ] && pass "bad input created nothing" \
  || fail "bad input created: $(ls)"
cd ..

# 6. --help lists every parameter.
"$PHASELEARN" sample --help | grep -q -- "--sampler.sweeps_between_samples" && pass "--help" || fail "--help"
finish
