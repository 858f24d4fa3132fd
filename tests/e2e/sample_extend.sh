#!/bin/bash
# `phaselearn sample --extend`: a finished run of N1 samples extended to N2 is the file a
# run of N2 samples from the start writes — every dataset (spins, observables, replica,
# diagnostics, the kept state /resume) and attribute, compared with tests/faults/same_file.py
# (type, shape, chunks, filters, bytes). Only `created_utc` and `run_id` may differ (a new
# file of new content: training files of the shorter run do not pair with it). Ising and
# XY, each run and extended at 1, 2 and 4 ranks (across rank counts and at the same one);
# an interrupted extension resumes, and a killed one leaves the old file whole; every
# refusal is one line, exit 2, nothing touched.
source "$(dirname "$0")/common.sh"
PHASELEARN=$1
same_file=$(cd "$(dirname "$0")/../faults" && pwd)/same_file.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ext" "$work/ref"
cd "$work/ext"
# The from-start references run in ../ref with the same relative output_dir, so that the
# resolved job stored in each file is the same text.
ising=(--model.L=16 --temperatures.count=8 --sampler.equilibration_sweeps=200
       --sampler.sweeps_between_samples=4 --run.output_dir=out)
# XY with writes of 16 samples: the copy of the old samples spans several chunks.
xy=(--model.name=xy2d --model.L=8 --temperatures.spacing=linear --temperatures.min=0.6
    --temperatures.max=1.4 --temperatures.count=6 --sampler.equilibration_sweeps=60
    --sampler.sweeps_between_samples=2 --sampler.write_chunk=16 --sampler.overrelaxation_sweeps=2
    --sampler.wolff_sweeps=0.5 --run.output_dir=out)
ignored=(created_utc run_id)
sample() { local np=$1; shift; mpirun -n "$np" "$PHASELEARN" sample "$@"; }
reference() { (cd ../ref && sample "$@"); }
# same_as_reference <name>: ext/out/<name>.h5 against ref/out/<name>.h5
same_as_reference() {
  /usr/bin/python3 "$same_file" "out/$1.h5" "../ref/out/$1.h5" "${ignored[@]}"
}
digest() { sha256sum "$@" | awk '{ print $1 }' | tr '\n' ' '; }

# 1. N1 then --extend to N2 at np_first and np_extend ranks, against N2 from the start.
check_extension() {
  local model=$1 np_first=$2 np_extend=$3 n1=$4 n2=$5 name=$1_$2_$3
  local -n job=$model
  sample "$np_first" "${job[@]}" --sampler.samples=$n1 --run.name=$name >$name.log 2>&1 \
    || { fail "$name: first run: $(tail -2 $name.log)"; return; }
  sample "$np_extend" "${job[@]}" --sampler.samples=$n2 --run.name=$name --extend \
    >>$name.log 2>&1 || { fail "$name: extension: $(tail -2 $name.log)"; return; }
  grep -q "extending out/$name.h5 from $n1 to $n2 samples" $name.log \
    || fail "$name: no 'extending' line"
  reference "$np_extend" "${job[@]}" --sampler.samples=$n2 --run.name=$name >$name.ref.log 2>&1 \
    || { fail "$name: reference run: $(tail -2 $name.ref.log)"; return; }
  if out=$(same_as_reference $name); then
    pass "$model: $n1 samples at $np_first rank(s), extended to $n2 at $np_extend: identical to $n2 from the start"
  else
    fail "$model $np_first -> $np_extend ranks: the extended file differs: $out"
  fi
  [ -e out/$name.h5.partial ] || [ -e out/$name.h5.checkpoint ] \
    && fail "$name: partial output or checkpoint left behind"
}
# Each model first run and extended at 1, 2 and 4 ranks, once at the same rank count and
# twice across.
check_extension ising 1 4 150 400
check_extension ising 4 1 150 400
check_extension ising 2 2 150 400
check_extension xy 2 4 40 100
check_extension xy 4 2 40 100
check_extension xy 1 1 40 100

# The test can fail: the shorter file is not the longer one, and each file keeps a state.
sample 2 "${ising[@]}" --sampler.samples=150 --run.name=short >/dev/null 2>&1
reference 2 "${ising[@]}" --sampler.samples=150 --run.name=short >/dev/null 2>&1
same_as_reference short >/dev/null && pass "a 150-sample run is reproduced from the start" \
  || fail "two runs of one job differ"
/usr/bin/python3 "$same_file" out/short.h5 ../ref/out/ising_2_2.h5 "${ignored[@]}" >/dev/null \
  && fail "the comparison finds no difference between 150 and 400 samples" \
  || pass "the comparison tells 150 samples from 400"
/usr/bin/python3 - out/short.h5 <<'PY' && pass "/resume: described, complete, one row per temperature" \
  || fail "/resume layout"
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    g = f["resume"]
    assert g.attrs["complete"] == 1 and "extend" in g.attrs["description"]
    assert g["rows"].shape[0] == len(f["temperatures"])
    assert g.attrs["counter_samples_written"] == 150
    assert g["integer_attempts"].shape == (len(f["temperatures"]) - 1,)
PY

# 2. An extension stopped by SIGUSR1 (exit 3) leaves the old file as it was; the same
# command resumes it from its checkpoint, to the same file.
long=--sampler.samples=4000
sample 2 "${ising[@]}" --sampler.samples=150 --run.name=cut >/dev/null 2>&1
before=$(digest out/cut.h5)
sample 2 "${ising[@]}" $long --run.name=cut --extend >cut.log 2>&1 &
pid=$!
wait_until_catching cut 2
signal_ranks USR1 cut
wait $pid
rc=$?
[ $rc -eq 3 ] && [ -f out/cut.h5.checkpoint ] && [ -f out/cut.h5.partial ] \
  && pass "interrupted extension: exit 3, checkpoint beside the partial output" \
  || fail "interrupted extension: exit $rc: $(tail -2 cut.log)"
[ "$before" = "$(digest out/cut.h5)" ] && pass "interrupted extension: the old file is untouched" \
  || fail "interrupted extension changed the old file"
expect_failure "the interrupted extension run without --extend" 2 "exists" -- \
  sample 1 "${ising[@]}" $long --run.name=cut
sample 1 "${ising[@]}" $long --run.name=cut --extend >cut.resume.log 2>&1 \
  && grep -q "resuming from" cut.resume.log \
  || fail "interrupted extension did not resume: $(tail -2 cut.resume.log)"
reference 2 "${ising[@]}" $long --run.name=cut >/dev/null 2>&1
out=$(same_as_reference cut) && pass "resumed extension (2 then 1 rank): identical to $long from the start" \
  || fail "resumed extension differs: $out"
[ -e out/cut.h5.checkpoint ] && fail "checkpoint left behind after the resumed extension"

# 3. A SIGKILLed extension leaves the old file whole; the command run again extends it.
sample 2 "${ising[@]}" --sampler.samples=150 --run.name=killed >/dev/null 2>&1
before=$(digest out/killed.h5)
sample 2 "${ising[@]}" $long --run.name=killed --extend >killed.log 2>&1 &
pid=$!
wait_until_catching killed 2
sleep 0.$((RANDOM % 5))
signal_ranks KILL killed
wait $pid
[ "$before" = "$(digest out/killed.h5)" ] && pass "SIGKILLed extension: the old file is untouched" \
  || fail "SIGKILLed extension changed the old file"
if sample 2 "${ising[@]}" $long --run.name=killed --extend >killed.again.log 2>&1; then
  out=$(/usr/bin/python3 "$same_file" out/killed.h5 out/cut.h5 "${ignored[@]}" job) \
    && pass "the SIGKILLed extension run again: identical to $long from the start" \
    || fail "extension after SIGKILL differs: $out"
else
  fail "extension after SIGKILL: $(tail -2 killed.again.log)"
fi

# 4. Refusals: one line, exit 2, the file byte for byte as it was.
sample 2 "${ising[@]}" --sampler.samples=150 --run.name=keep >/dev/null 2>&1
before=$(digest out/keep.h5)
refused() {  # refused <what> <text> args...
  local what=$1 text=$2
  shift 2
  expect_failure "$what" 2 "$text" -- sample 2 "$@"
}
refused "a key other than sampler.samples changed" "it was sampled with 'model.J = 1', this job has 'model.J = 1.5'" \
  "${ising[@]}" --sampler.samples=400 --run.name=keep --model.J=1.5 --extend
refused "fewer samples" "sampler.samples = 100 is not more than the 150 samples it holds" \
  "${ising[@]}" --sampler.samples=100 --run.name=keep --extend
refused "as many samples" "is not more than the 150 samples" \
  "${ising[@]}" --sampler.samples=150 --run.name=keep --extend
refused "--extend with --overwrite" "give one of them" \
  "${ising[@]}" --sampler.samples=400 --run.name=keep --extend --overwrite
expect_failure "--extend with train" 2 "applies to \`phaselearn sample\` only" -- \
  mpirun -n 1 "$PHASELEARN" train "${ising[@]}" --run.name=keep --extend
[ "$before" = "$(digest out/keep.h5)" ] && pass "refusals left the file byte for byte as it was" \
  || fail "a refusal changed the file"
refused "missing file" "does not exist" "${ising[@]}" --sampler.samples=400 --run.name=none --extend
[ -e out/none.h5 ] || [ -e out/none.h5.partial ] && fail "a refused extension created a file"
# An unfinished run (interrupted: partial output and checkpoint, no run file).
sample 2 "${ising[@]}" $long --run.name=open >/dev/null 2>&1 &
pid=$!
wait_until_catching open 2
signal_ranks USR1 open
wait $pid
before=$(digest out/open.h5.partial out/open.h5.checkpoint)
refused "unfinished run" "the run is not finished" "${ising[@]}" --sampler.samples=5000 --run.name=open --extend
[ "$before" = "$(digest out/open.h5.partial out/open.h5.checkpoint)" ] \
  && pass "unfinished run: partial output and checkpoint untouched" || fail "unfinished run: files changed"
# Files without a kept state (as older builds wrote them), with a damaged one, with changed samples.
for kind in nostate damaged changed; do
  cp out/keep.h5 out/$kind.h5
  /usr/bin/python3 - out/$kind.h5 $kind <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    if sys.argv[2] == "nostate": del f["resume"]
    if sys.argv[2] == "damaged": f["resume"].attrs["counter_sweeps"] = 17
    if sys.argv[2] == "changed": f["observables/energy"][3, 7] = -1.5
PY
done
for kind in nostate damaged changed; do eval "before_$kind='$(digest out/$kind.h5)'"; done
refused "file without a kept state" "it keeps no final state" \
  "${ising[@]}" --sampler.samples=400 --run.name=nostate --extend
refused "damaged kept state" "cannot be trusted" \
  "${ising[@]}" --sampler.samples=400 --run.name=damaged --extend
refused "samples changed after the run" "its samples are not those its kept state recorded" \
  "${ising[@]}" --sampler.samples=400 --run.name=changed --extend
for kind in nostate damaged changed; do
  eval "expected=\$before_$kind"
  [ "$expected" = "$(digest out/$kind.h5)" ] && [ ! -e out/$kind.h5.checkpoint ] \
    && [ ! -e out/$kind.h5.partial ] && pass "$kind: file untouched, nothing left beside it" \
    || fail "$kind: file changed, or a partial output or checkpoint left"
done
finish
