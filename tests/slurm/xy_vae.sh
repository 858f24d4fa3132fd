#!/bin/bash
# Slurm test 4: the VAE flow. slurm/submit-xy-vae.sh with a tiny xy2d job (L = 8) submits
# the sampling job, the VAE and its energy_weight = 0 twin once it has succeeded, and the
# analysis once both have: the run file, two training files (energy_weight 1 and 0) and a
# summary with both variants side by side. The pipeline is checked, not the precision.
# Usage: xy_vae.sh PHASELEARN SLURM_DIR PHASELEARN_ANALYZE
source "$(dirname "$0")/common.sh"
export PHASELEARN_ANALYZE=${3:-}
[ -n "$PHASELEARN_ANALYZE" ] && [ -x "$PHASELEARN_ANALYZE" ] \
  || skip "phaselearn-analyze is not built ('${3:-}'); the analysis job needs it"

cat > vae.ini <<INI
[run]
name = vae_L8
output_dir = runs
seed = 8
[model]
name = xy2d
L = 8
[temperatures]
spacing = linear
count = 8
min = 0.6
max = 1.4
[sampler]
equilibration_sweeps = 200
samples = 300
sweeps_between_samples = 2
[train]
objective = vae
hidden = 32
latent = 2
epochs = 3
energy_weight = 1
generated = 20
INI

# A job file of the classifier is refused before anything is submitted.
sed 's/^objective = vae$/objective = classifier/' vae.ini > classifier.ini
if "$SLURM_DIR/submit-xy-vae.sh" classifier.ini >refused.log 2>&1; then
  fail "a classifier job file was submitted"
else
  [ $? -eq 2 ] && grep -q "train.objective = classifier" refused.log && [ ! -e runs ] \
    && pass "classifier job file refused in one line, exit 2, nothing submitted" \
    || fail "refusal: $(cat refused.log)"
fi

start=$SECONDS
ids=$("$SLURM_DIR/submit-xy-vae.sh" --parsable --analyze="--bootstrap 40 --no-render" vae.ini) \
  || { fail "submit-xy-vae.sh failed"; finish; }
read -r sample vae twin analysis <<<"$ids"
submitted+=("$sample" "$vae" "$twin" "$analysis")
echo "sampling $sample, VAE $vae, twin $twin, analysis $analysis"
for id in "$sample" "$vae" "$twin" "$analysis"; do
  wait_job "$id" 240 || fail "job $id did not finish"
done
echo "all four jobs done in $((SECONDS - start)) s"
for id in "$sample" "$vae" "$twin"; do
  [ "$(field "$id" JobState)" = COMPLETED ] && [ "$(field "$id" ExitCode)" = 0:0 ] \
    && pass "job $id ($(field "$id" JobName)) completed" \
    || fail "job $id: $(field "$id" JobState) $(field "$id" ExitCode):
$(show_log "$(field "$id" JobName)-$id.out")"
done
[ -s runs/vae_L8.h5 ] && [ -s runs/vae_L8.train.h5 ] && [ -s runs/vae_L8-standard.train.h5 ] \
  && pass "run file, VAE and standard twin training files" || fail "outputs missing: $(ls runs)"
# One size: the analysis has no latent T_KT and may exit 2 after writing everything.
code=$(field "$analysis" ExitCode) state=$(field "$analysis" JobState)
{ [ "$state" = COMPLETED ] && [ "$code" = 0:0 ]; } || { [ "$state" = FAILED ] && [ "$code" = 2:0 ]; } \
  && pass "analysis job ended: $state, exit code $code" || fail "analysis job: $state, exit code $code:
$(show_log "phaselearn-vae-analyze-$analysis.out")"
/usr/bin/python3 - runs/analysis/summary.json runs/vae_L8-standard.train.h5 <<'PY' \
  && pass "summary.json: both variants (energy_weight 1 and 0) of L = 8; the twin's file says 0" \
  || fail "summary.json or the twin's file"
import json, sys
import h5py
s = json.load(open(sys.argv[1]))
v = s["vae"]["variants"]
assert sorted(x["energy_weight"] for x in v) == [0, 1], [x["energy_weight"] for x in v]
assert all(len(x["files"]) == 1 and x["files"][0]["L"] == 8 for x in v)
with h5py.File(sys.argv[2]) as f:
    objective = f.attrs["objective"]
    objective = objective.decode() if isinstance(objective, bytes) else objective
    assert objective == "vae" and f.attrs["energy_weight"] == 0
    assert f["/latent/mean"].shape == (8, 300, 2)
PY
finish
