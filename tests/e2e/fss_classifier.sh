#!/bin/bash
# End to end, without Slurm: slurm/fss-classifier.sh (the classifier step of
# scripts/run-fss.sh and of the Slurm flow) on three small sampled sizes with mpirun:
# two networks trained on the largest size and applied to the others, the analysis sees one
# shared classifier; a rerun keeps everything; SIGUSR1 during a training ends it with exit
# code 3 and a rerun resumes from the checkpoint; a stale training file is not kept.
# Usage: fss_classifier.sh <phaselearn> <phaselearn-analyze>
source "$(dirname "$0")/common.sh"
export PHASELEARN=$1 PHASELEARN_ANALYZE=$2
script=$(cd "$(dirname "$0")/../.." && pwd)/slurm/fss-classifier.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
for L in 8 12 16; do
  mpirun -n 2 "$PHASELEARN" sample --temperatures.count=12 --temperatures.min=1.8 \
    --temperatures.max=2.8 --sampler.equilibration_sweeps=200 --sampler.samples=400 \
    --sampler.sweeps_between_samples=2 --model.L=$L --run.seed=$L --run.output_dir=out \
    --run.name=s_L$L >/dev/null 2>log || { fail "sample L = $L: $(tail -3 log)"; finish; }
done
args=(--launcher="mpirun -n 2" --networks=2 --seed=16 --analysis-out=out/analysis
      --analyze="--bootstrap 50" out/s_L8.h5 out/s_L12.h5 out/s_L16.h5 --train.coarse_grain=4
      --train.epochs=4)

bash "$script" "${args[@]}" >run1.log 2>&1 && pass "fss-classifier.sh exits 0" \
  || fail "fss-classifier.sh failed: $(tail -5 run1.log)"
[ "$(grep -c -- '--train.model_file=out/s_L16' run1.log)" -eq 4 ] && [ "$(grep -c -- '--run.seed=' run1.log)" -eq 2 ] \
  && pass "2 networks trained on L = 16, 4 predictions with them" || fail "stages: $(grep '^fss-classifier' run1.log)"
/usr/bin/python3 - out/analysis/summary.json <<'PY' && pass "analysis: one shared classifier of 2 networks on 4 x 4 block spins" || fail "summary.json"
import json, sys
s = json.load(open(sys.argv[1]))
c = s["scaling"]["classifier"]
assert c["input"]["shared_networks"] is True and c["input"]["coarse_grain"] == 4, c["input"]
assert [len(x["training_files"]) for x in s["sizes"]] == [2, 2, 2]
PY
[ -s out/analysis.txt ] && pass "analysis table in out/analysis.txt" || fail "no out/analysis.txt"

bash "$script" "${args[@]}" >run2.log 2>&1 && [ "$(grep -c 'exists, kept' run2.log)" -eq 6 ] \
  && grep -q "out/analysis is newer than every input, kept" run2.log \
  && pass "a rerun keeps the 6 training files and the analysis" || fail "rerun: $(cat run2.log)"

without train.epochs "${args[@]}"
long_args=("${kept[@]}")  # each key once: --train.epochs=2000 replaces 4
# SIGUSR1 while network 1 trains (long enough: 2000 epochs of small batches).
bash "$script" "${long_args[@]}" --overwrite --train.epochs=2000 --train.batch_size=8 --train.patience=0 \
  >run3.log 2>&1 &
pid=$!
wait_until() { local i; for i in $(seq 1 300); do grep -q "$1" "$2" && return 0; sleep 0.1; done; return 1; }
wait_until '^epoch 3/' run3.log || fail "no training epochs: $(tail -3 run3.log)"
kill -USR1 $pid
wait $pid
rc=$?
[ $rc -eq 3 ] && grep -q "checkpointed or interrupted (exit code 3)" run3.log && [ -f out/s_L16.train.h5.checkpoint ] \
  && [ ! -e out/s_L8.train.h5 ] && [ ! -e out/analysis ] \
  && pass "SIGUSR1: checkpoint, exit code 3, nothing of the earlier set left" \
  || fail "after SIGUSR1: exit code $rc; $(ls out); $(grep '^fss-classifier' run3.log)"
bash "$script" "${long_args[@]}" --train.epochs=2000 --train.batch_size=8 --train.patience=0 >run4.log 2>&1 \
  && grep -q "^resuming from out/s_L16.train.h5.checkpoint" run4.log && [ -s out/analysis/summary.json ] \
  && pass "the rerun resumes from the checkpoint and completes" || fail "resume: $(grep -v '^epoch' run4.log | tail -8)"

# A run file sampled again after its training files: they are not kept (train refuses).
touch out/s_L8.h5
bash "$script" "${args[@]}" >run5.log 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "prediction of out/s_L16.train.h5 on out/s_L8.h5 failed (exit code 2)" run5.log \
  && pass "a training file older than its run file is not kept (exit code 2)" || fail "stale: exit $rc: $(tail -4 run5.log)"
finish
