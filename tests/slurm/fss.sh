#!/bin/bash
# Slurm test 2: slurm/submit-fss.sh submits a job array over three small lattice sizes
# (one job file each, like jobs/fss/) and the dependent analysis: every array task
# completes, the analysis starts only after them and writes the summary and the figures.
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
epochs = 4
INI
done

start=$SECONDS
ids=$("$SLURM_DIR/submit-fss.sh" --parsable --analyze="--bootstrap 100" L8.ini L12.ini L16.ini) \
  || { fail "submit-fss.sh failed"; finish; }
read -r array analysis <<<"$ids"
submitted+=("$array" "$analysis")
echo "array job $array, analysis job $analysis"
[ "$(field "$analysis" Dependency)" != "(null)" ] && pass "analysis waits on $(field "$analysis" Dependency)" \
  || fail "analysis job has no dependency"
wait_job "$array" 400 || fail "array job $array did not finish"
wait_job "$analysis" 120 || fail "analysis job $analysis did not finish"
echo "array and analysis done in $((SECONDS - start)) s"

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
  [ -s runs/tiny_L$L.h5 ] && [ -s runs/tiny_L$L.train.h5 ] || fail "outputs of L = $L missing: $(ls runs)"
done

log=phaselearn-analyze-$analysis.out
[ "$(field "$analysis" JobState)" = COMPLETED ] && [ "$(field "$analysis" ExitCode)" = 0:0 ] \
  && pass "analysis completed" \
  || fail "analysis: $(field "$analysis" JobState), exit code $(field "$analysis" ExitCode):
$(show_log "$log")"
analysis_start=$(date -d "$(field "$analysis" StartTime)" +%s)
last_end=$(scontrol show job "$array" | grep -oP 'EndTime=\K\S+' | xargs -I{} date -d {} +%s | sort -n | tail -1)
[ "$analysis_start" -ge "$last_end" ] && pass "analysis started after the last array task ended" \
  || fail "analysis started at $analysis_start, before the array ended at $last_end"
grep -q "runs/tiny_L16.train.h5" "$log" && pass "training files added to the analysis" \
  || fail "training files not passed to phaselearn-analyze"
out=runs/analysis
[ -s $out/summary.json ] && pass "summary.json written" || fail "no $out/summary.json: $(ls $out 2>&1)"
figs=0
for fig in classifier fss energy binder; do
  head -c 4 $out/$fig.png 2>/dev/null | grep -q PNG && figs=$((figs + 1)) || fail "figure $out/$fig.png missing"
done
[ $figs -eq 4 ] && pass "figures written (classifier, fss, energy, binder)"
/usr/bin/python3 - $out/summary.json <<'PY' && pass "summary.json: 3 sizes, Tc from the scaling fit" || fail "summary.json content"
import json, sys
s = json.load(open(sys.argv[1]))
assert [x["L"] for x in s["sizes"]] == [8, 12, 16]
assert 1.5 < s["scaling"]["classifier"]["nu_fixed"]["tc"] < 3.5
PY
finish
