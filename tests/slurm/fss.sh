#!/bin/bash
# Slurm test 2: slurm/submit-fss.sh submits a job array that samples three small lattice
# sizes (one job file each, like jobs/fss/) and the dependent classifier job: it starts
# only after every task, trains two networks on L = 16 (4 x 4 block spins), applies each
# to L = 8 and 12, and runs the analysis, which recognises one classifier shared by every
# size and writes the summary and the figures. Also: a size that the block grid does not
# divide is refused before anything is submitted; and the classifier job, interrupted by
# SIGUSR1 while it trains, requeues itself and completes.
# Usage: fss.sh PHASELEARN SLURM_DIR PHASELEARN_ANALYZE
source "$(dirname "$0")/common.sh"
export PHASELEARN_ANALYZE=${3:-}
[ -n "$PHASELEARN_ANALYZE" ] && [ -x "$PHASELEARN_ANALYZE" ] \
  || skip "phaselearn-analyze is not built ('${3:-}'); the array and analysis scripts need it"

for L in 8 12 16; do
  cat > L$L.ini <<INI
[run]
name = tiny_L$L
output_dir = runs
seed = $L
[model]
L = $L
[temperatures]
count = 12
min = 1.8
max = 2.8
[sampler]
equilibration_sweeps = 200
samples = 400
sweeps_between_samples = 2
[train]
coarse_grain = 4
epochs = 4
INI
done

# --sizes with a size that 4 x 4 blocks do not divide: one clear error, nothing submitted.
msg=$("$SLURM_DIR/submit-fss.sh" --sizes=8,10,16 L8.ini 2>&1)
rc=$?
[ $rc -eq 2 ] && grep -q "coarse_grain = 4 does not divide L = 10" <<<"$msg" \
  && pass "--sizes=8,10,16: refused before submitting ($msg)" || fail "--sizes=8,10,16: exit $rc: $msg"

start=$SECONDS
ids=$("$SLURM_DIR/submit-fss.sh" --parsable --networks=2 --analyze="--bootstrap 100" L16.ini L8.ini L12.ini) \
  || { fail "submit-fss.sh failed"; finish; }
read -r array analysis <<<"$ids"
submitted+=("$array" "$analysis")
echo "array job $array, classifier job $analysis"
[ "$(field "$analysis" Dependency)" != "(null)" ] && pass "classifier job waits on $(field "$analysis" Dependency)" \
  || fail "classifier job has no dependency"
wait_job "$array" 400 || fail "array job $array did not finish"
wait_job "$analysis" 240 || fail "classifier job $analysis did not finish"
echo "array and classifier job done in $((SECONDS - start)) s"

n=0
while read -r task state code; do
  n=$((n + 1))
  [ "$state" = COMPLETED ] && [ "$code" = 0:0 ] && pass "array task $task completed" \
    || fail "array task $task: $state, exit code $code:
$(show_log "phaselearn-fss-${array}_$task.out")"
done < <(scontrol show job "$array" | awk '/ArrayTaskId=/ { match($0, /ArrayTaskId=[0-9]+/); t = substr($0, RSTART + 12, RLENGTH - 12) }
  /JobState=/ { match($0, /JobState=[A-Z_]+/); s = substr($0, RSTART + 9, RLENGTH - 9) }
  /ExitCode=/ { match($0, /ExitCode=[0-9:]+/); print t, s, substr($0, RSTART + 9, RLENGTH - 9) }')
[ $n -eq 3 ] && pass "3 array tasks" || fail "$n array tasks, expected 3"
for L in 8 12 16; do
  [ -s runs/tiny_L$L.h5 ] && [ -s runs/tiny_L$L.train.h5 ] && [ -s runs/tiny_L${L}_net2.train.h5 ] \
    || fail "outputs of L = $L missing: $(ls runs)"
done
grep -q "phaselearn sample L8.ini" "phaselearn-fss-${array}_0.out" && ! grep -q "^train:" "phaselearn-fss-${array}_0.out" \
  && pass "array tasks only sample, in the order of L" || fail "array task 0 did not only sample:
$(show_log "phaselearn-fss-${array}_0.out")"

log=phaselearn-classify-$analysis.out
[ "$(field "$analysis" JobState)" = COMPLETED ] && [ "$(field "$analysis" ExitCode)" = 0:0 ] \
  && pass "classifier job completed" \
  || fail "classifier job: $(field "$analysis" JobState), exit code $(field "$analysis" ExitCode):
$(show_log "$log")"
analysis_start=$(date -d "$(field "$analysis" StartTime)" +%s)
last_end=$(scontrol show job "$array" | grep -oP 'EndTime=\K\S+' | xargs -I{} date -d {} +%s | sort -n | tail -1)
[ "$analysis_start" -ge "$last_end" ] && pass "classifier job started after the last array task ended" \
  || fail "classifier job started at $analysis_start, before the array ended at $last_end"
[ "$(grep -c "srun --mpi=pmix .*phaselearn train" "$log")" -eq 6 ] \
  && grep -c "train.model_file=runs/tiny_L16" "$log" | grep -qx 4 \
  && pass "2 networks trained on L = 16 and 4 predictions with them, through srun" \
  || fail "expected 2 trainings and 4 predictions in the classifier log:
$(show_log "$log")"
grep -q "runs/tiny_L8_net2.train.h5" "$log" && pass "training files passed to the analysis" \
  || fail "training files not passed to phaselearn-analyze"
out=runs/analysis
[ -s $out/summary.json ] && pass "summary.json written" || fail "no $out/summary.json: $(ls $out 2>&1)"
figs=0
for fig in classifier fss energy binder; do
  head -c 4 $out/$fig.png 2>/dev/null | grep -q PNG && figs=$((figs + 1)) || fail "figure $out/$fig.png missing"
done
[ $figs -eq 4 ] && pass "figures written (classifier, fss, energy, binder)"
/usr/bin/python3 - $out/summary.json <<'PY' && pass "summary.json: 3 sizes, one shared classifier of 2 networks, Tc from the scaling fit" || fail "summary.json content"
import json, sys
s = json.load(open(sys.argv[1]))
assert [x["L"] for x in s["sizes"]] == [8, 12, 16]
assert 1.5 < s["scaling"]["classifier"]["nu_fixed"]["tc"] < 3.5
c = s["scaling"]["classifier"]
assert c["input"]["shared_networks"] is True and c["input"]["scale_invariant"] is True, c["input"]
assert c["input"]["coarse_grain"] == 4, c["input"]
assert [len(x["training_files"]) for x in s["sizes"]] == [2, 2, 2], [x["training_files"] for x in s["sizes"]]
assert len(c["network_tc_nu_fixed"]) == 2, c.get("network_tc_nu_fixed")
assert len(c["curve_crossings"]) == 2, c["curve_crossings"]
PY

# The classifier job alone, again with --overwrite and a longer training: SIGUSR1 (as
# before a time limit) while a network trains (about 5 s each) makes it checkpoint; the
# job requeues itself, and its rerun (without --overwrite) resumes that training and
# completes the set.
start=$SECONDS
id=$(submit "$SLURM_DIR/classify.sbatch" --jobs=L8.ini,L12.ini,L16.ini --networks=2 --seed=16 \
       --analysis-out=runs/analysis --analyze="--bootstrap 100" runs/tiny_L8.h5 runs/tiny_L12.h5 \
       runs/tiny_L16.h5 --overwrite --train.hidden=256 --train.batch_size=8 --train.epochs=1000 --train.patience=0) \
  || { fail "sbatch classify.sbatch failed"; finish; }
log=phaselearn-classify-$id.out
if wait_for 120 grep -sqE '^epoch 3/' "$log"; then
  scancel --signal=USR1 --batch "$id" && echo "sent SIGUSR1 to classifier job $id after $((SECONDS - start)) s"
else
  fail "classifier job $id never reached epoch 3:
$(show_log "$log")"
fi
wait_job "$id" 300 || fail "classifier job $id did not finish"
echo "classifier job $id: $(field "$id" JobState), exit code $(field "$id" ExitCode), restarts $(field "$id" Restarts), $((SECONDS - start)) s"
[ "$(field "$id" JobState)" = COMPLETED ] && [ "$(field "$id" ExitCode)" = 0:0 ] \
  && [ "$(field "$id" Restarts)" -ge 1 ] 2>/dev/null \
  && pass "interrupted classifier job requeued itself and completed" \
  || fail "classifier job $id: $(field "$id" JobState), exit code $(field "$id" ExitCode), restarts $(field "$id" Restarts):
$(show_log "$log")"
grep -q "fss-classifier: .*checkpointed or interrupted (exit code 3)" "$log" && grep -q "requeued job $id" "$log" \
  && grep -q "resuming, so --overwrite is dropped" "$log" && grep -qE "^resuming from runs/tiny_L16(_net2)?.train.h5.checkpoint" "$log" \
  && pass "checkpointed, requeued, resumed the training from its checkpoint" \
  || fail "log of classifier job $id lacks checkpoint, requeue or resume:
$(show_log "$log")"
/usr/bin/python3 - runs/analysis/summary.json <<'PY' && pass "summary.json rewritten, shared classifier" || fail "summary.json after the requeued classifier job"
import json, sys
c = json.load(open(sys.argv[1]))["scaling"]["classifier"]
assert c["input"]["shared_networks"] is True and len(c["network_tc_nu_fixed"]) == 2
PY
[ runs/analysis/summary.json -nt runs/tiny_L16_net2.train.h5 ] && [ runs/tiny_L8.train.h5 -nt runs/tiny_L16.train.h5 ] \
  && pass "analysis and predictions redone after the new training" || fail "stale files after the requeued job: $(ls -lt runs)"
finish
