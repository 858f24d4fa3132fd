#!/bin/bash
# End-to-end checks of phaselearn-analyze on small real files made with `phaselearn sample`
# and `phaselearn train`: outputs, figures, and every kind of bad input.
# Usage: analyze_cli.sh <phaselearn> <phaselearn-analyze>
source "$(dirname "$0")/common.sh"
PHASELEARN=$1
ANALYZE=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
small=(--temperatures.count=12 --temperatures.min=1.8 --temperatures.max=2.8
       --sampler.equilibration_sweeps=200 --sampler.samples=400 --sampler.sweeps_between_samples=2
       --train.epochs=4 --run.output_dir=out)
make_run() {  # make_run <name> <L> [extra args]: sample and train
  local name=$1 L=$2
  shift 2
  for stage in sample train; do
    mpirun -n 2 "$PHASELEARN" $stage "${small[@]}" --model.L=$L --run.name=$name "$@" \
      >/dev/null 2>log_$name || { fail "$stage $name: $(tail -3 log_$name)"; return; }
  done
}
make_run L8 8
make_run L12 12 --run.seed=2
make_run L16 16 --run.seed=3

# 1. A normal analysis, as a plain process (no mpirun), files in any order.
"$ANALYZE" --out res out/L12.train.h5 out/L8.h5 out/L16.h5 out/L8.train.h5 out/L16.train.h5 \
  out/L12.h5 >stdout 2>stderr && pass "analysis of 3 sizes exits 0" || fail "analysis failed: $(cat stderr)"
grep -q "nu fixed: Tc = " stdout && pass "summary table on stdout" || fail "no FSS line on stdout"
grep -q "Binder cumulant crossings" stdout && pass "Binder crossings on stdout" || fail "no Binder line"
[ -e res.partial ] && fail "res.partial left behind" || pass "no .partial output left"
for fig in classifier fss collapse energy specific_heat magnetization susceptibility binder tau_int \
           exchange training_loss training_accuracy; do
  ok=1
  for ext in png gp dat csv; do [ -s res/$fig.$ext ] || { ok=0; fail "res/$fig.$ext missing"; }; done
  [ $ok = 1 ] && head -c 4 res/$fig.png | grep -q PNG && pass "figure $fig (png, gp, dat, csv)" \
    || fail "figure $fig is not a PNG"
done
for L in 8 12 16; do [ -s res/observables_L$L.csv ] || fail "observables_L$L.csv missing"; done
(cd res && rm fss.png && gnuplot fss.gp && [ -s fss.png ]) && pass "a figure re-renders from its .gp" \
  || fail "gnuplot fss.gp in the output directory failed"
/usr/bin/python3 - res/summary.json <<'PY' && pass "summary.json content" || fail "summary.json content"
import json, sys, math
s = json.load(open(sys.argv[1]))
assert s["model"] == "ising2d" and abs(s["exact_tc"] - 2.269185314213022) < 1e-12
assert [x["L"] for x in s["sizes"]] == [8, 12, 16]
for x in s["sizes"]:
    c = x["crossing"]
    assert 2.0 < c["temperature"] < 2.7 and 0 < c["error"] < 0.2, c
    assert x["training_files"][0].endswith(".train.h5") and len(x["observables"]) == 12
    assert x["observables"][0]["exact_energy"] < -1.5
fit = s["scaling"]["classifier"]["nu_fixed"]
assert 1.5 < fit["tc"] < 3.5 and fit["tc_error"] > 0 and fit["nu"] == 1 and fit["nu_fixed"]
assert "failed" in s["scaling"]["classifier"]["nu_free"]  # 3 sizes: nu free needs 4
assert len(s["scaling"]["binder_crossings"]) == 2
assert "classifier_nu_fixed" in s["scaling"]["onsager_comparison"]
assert s["failures"] == []
PY

# 2. The output directory: refused without --overwrite, replaced with it, and --overwrite
# never replaces a directory that is not an analysis output.
expect_failure "existing output refused" 2 "pass --overwrite" -- "$ANALYZE" --out res out/L8.h5 out/L12.h5
"$ANALYZE" --out res --overwrite out/L8.h5 out/L12.h5 >/dev/null 2>&1 && pass "--overwrite replaces" \
  || fail "--overwrite failed"
mkdir -p precious && touch precious/data.txt
expect_failure "foreign directory kept" 2 "not a phaselearn-analyze output" -- \
  "$ANALYZE" --out precious --overwrite out/L8.h5 out/L12.h5
[ -e precious/data.txt ] && pass "foreign directory untouched" || fail "foreign directory was changed"

# 3. Bad input: one clear message, exit code 2.
make_run other 12 --run.seed=9
expect_failure "training file of another run" 2 "belongs to run" -- \
  "$ANALYZE" --out bad1 out/L8.h5 out/other.h5 out/L12.train.h5
expect_failure "one training file given twice" 2 "are the same training file" -- \
  "$ANALYZE" --out bad1 out/L8.h5 out/L12.h5 out/L8.train.h5 out/L12.train.h5 ./out/L8.train.h5
cp out/L8.train.h5 copy.train.h5
expect_failure "a copy of a training file" 2 "are the same training file" -- \
  "$ANALYZE" --out bad1 out/L8.h5 out/L12.h5 out/L8.train.h5 out/L12.train.h5 copy.train.h5
[ -e bad1 ] && fail "a refused analysis created its output" || pass "nothing created"
expect_failure "one size with scaling" 2 "at least 2 lattice sizes" -- "$ANALYZE" --out bad2 out/L8.h5 out/L8.train.h5
"$ANALYZE" --out single --no-scaling out/L8.h5 out/L8.train.h5 >/dev/null 2>&1 \
  && pass "one size with --no-scaling" || fail "--no-scaling with one size failed"
mpirun -n 2 "$PHASELEARN" train "${small[@]}" --model.L=8 --train.run_file=out/L8.h5 --run.name=L8b \
  --run.seed=5 >/dev/null 2>&1 || fail "training a second network of L8"
"$ANALYZE" --out ensemble out/L8.h5 out/L8.train.h5 out/L8b.train.h5 out/L12.h5 out/L12.train.h5 \
  >/dev/null 2>&1 && /usr/bin/python3 -c "
import json; s = json.load(open('ensemble/summary.json')); c = s['sizes'][0]['crossing']
assert c['networks'] == 2 and len(c['network_crossings']) == 2 and c['error'] >= c['sampling_error']
" && pass "two networks of one run form an ensemble" || fail "ensemble of two training files"
for L in 8 12; do
  mpirun -n 2 "$PHASELEARN" train "${small[@]}" --model.L=$L --train.run_file=out/L$L.h5 \
    --run.name=conf$L --train.labels=confusion --train.confusion_points=7 >conf$L.log 2>&1 \
    || fail "confusion-scheme training of L$L"
done
"$ANALYZE" --out confusion out/L8.h5 out/L12.h5 out/conf8.train.h5 out/conf12.train.h5 >/dev/null 2>&1 \
  && [ -s confusion/confusion.png ] && grep -q '"confusion_peak"' confusion/summary.json \
  && pass "confusion scheme: curve, peak and figure" || fail "confusion-scheme analysis"
# One estimator of the peak: the training log prints the number the analysis finds.
for k in 0 1; do
  L=$((8 + 4 * k))
  logged=$(sed -n "s/^confusion: the accuracy curve peaks at T' = \([0-9.]*\).*/\1/p" conf$L.log)
  analysed=$(/usr/bin/python3 -c "
import json; p = json.load(open('confusion/summary.json'))['sizes'][$k]['confusion_peak']
print('%.4f' % p['temperature'] if p.get('temperature') is not None else 'none')")
  { [ -n "$logged" ] && [ "$logged" = "$analysed" ]; } ||
    { [ "$analysed" = none ] && grep -q "^warning: confusion:" conf$L.log; } \
    && pass "L$L: the training log's confusion peak is the analysis' ($logged)" \
    || fail "L$L: training log peak '$logged', analysis '$analysed': $(grep -i confusion conf$L.log | tail -2)"
done
# One classifier of 4 x 4 block spins (train.coarse_grain) trained on L16 and applied to
# L8 and L12 (train.model_file): a shared, scale-invariant classifier; its curves of
# successive sizes cross, and the output says which kind of classifier it is.
mpirun -n 2 "$PHASELEARN" train "${small[@]}" --model.L=16 --train.run_file=out/L16.h5 \
  --run.name=cg16 --train.coarse_grain=4 >/dev/null 2>log_cg16 || fail "block-spin training: $(tail -2 log_cg16)"
for L in 8 12; do
  mpirun -n 2 "$PHASELEARN" train "${small[@]}" --model.L=$L --train.run_file=out/L$L.h5 \
    --run.name=cg$L --train.coarse_grain=4 --train.model_file=out/cg16.train.h5 >/dev/null 2>log_cg$L \
    || fail "prediction with train.model_file on L$L: $(tail -2 log_cg$L)"
done
"$ANALYZE" --out shared out/L8.h5 out/L12.h5 out/L16.h5 out/cg8.train.h5 out/cg12.train.h5 \
  out/cg16.train.h5 >shared.txt 2>&1 && grep -q "4 x 4 majority-rule block spins" shared.txt \
  && /usr/bin/python3 - shared/summary.json <<'PY' && pass "one block-spin classifier for all sizes: curve crossings" \
  || fail "shared block-spin classifier analysis: $(tail -3 shared.txt)"
import json, sys, h5py, numpy as np
s = json.load(open(sys.argv[1]))
c = s["scaling"]["classifier"]
assert c["input"] == {"coarse_grain": 4, "shared_networks": True, "scale_invariant": True,
                      "note": c["input"]["note"]}, c["input"]
assert len(c["curve_crossings"]) == 2, c["curve_crossings"]
# The predictions of L12 come from the L16 file's weights, unchanged.
a, b = h5py.File("out/cg16.train.h5"), h5py.File("out/cg12.train.h5")
assert np.array_equal(a["model/layer_0/weights"][...], b["model/layer_0/weights"][...])
assert b.attrs["label_scheme"] == "window"
PY
"$ANALYZE" --out unshared out/L8.h5 out/L12.h5 out/L8.train.h5 out/L12.train.h5 >unshared.txt 2>&1 \
  && grep -q "networks trained per size" unshared.txt \
  && /usr/bin/python3 -c "
import json; c = json.load(open('unshared/summary.json'))['scaling']['classifier']
assert not c['input']['shared_networks'] and 'curve_crossings' not in c
" && pass "networks trained per size: no curve crossings, a note why" || fail "per-size networks note"
expect_failure "block grid that does not divide L" 2 "does not divide the lattice side L = 12" -- \
  mpirun -n 2 "$PHASELEARN" train "${small[@]}" --model.L=12 --train.run_file=out/L12.h5 \
  --run.name=cgbad --train.coarse_grain=8
expect_failure "model of another input size" 2 "holds a 16->100->2 network" -- \
  mpirun -n 2 "$PHASELEARN" train "${small[@]}" --model.L=12 --train.run_file=out/L12.h5 \
  --run.name=cgbad --train.model_file=out/cg16.train.h5
[ -e out/cgbad.train.h5 ] && fail "out/cgbad.train.h5 created on bad input"
expect_failure "two runs of one size" 2 "both of size L = 12" -- "$ANALYZE" --out bad3 out/L12.h5 out/other.h5
cp out/L12.h5 potts.h5
cp out/L8.h5 v99.h5
cp out/L12.train.h5 flat.train.h5
/usr/bin/python3 - <<'PY' || fail "could not prepare the altered files with h5py"
import h5py, numpy as np
def set_string(f, name, value):  # keep the variable-length ASCII type of the writer
    f.attrs.create(name, value, dtype=h5py.string_dtype("ascii"))
with h5py.File("potts.h5", "r+") as f: set_string(f, "model", "potts")
with h5py.File("v99.h5", "r+") as f: f.attrs.create("format_version", 99, dtype="int64")
with h5py.File("flat.train.h5", "r+") as f:  # a classifier that never leaves P > 1/2
    p = f["predictions/p_ordered"]; p[...] = np.full(p.shape, 0.8, dtype=np.float32)
PY
expect_failure "a model it does not analyse" 2 "is a run of model potts" -- "$ANALYZE" --out bad4 out/L8.h5 potts.h5
expect_failure "unknown format version" 2 "format_version 99" -- "$ANALYZE" --out bad5 v99.h5 out/L12.h5
expect_failure "curve that never crosses 1/2" 2 "never crosses 1/2" -- \
  "$ANALYZE" --out bad6 out/L8.h5 out/L8.train.h5 out/L12.h5 flat.train.h5
[ -s bad6/summary.json ] && grep -q "never crosses" bad6/summary.json \
  && pass "no invented crossing: the reason is in summary.json" || fail "bad6/summary.json lacks the reason"
expect_failure "not a phaselearn file" 2 "no such file" -- "$ANALYZE" --out bad7 out/L8.h5 nothere.h5
echo "plain text" > text.h5
expect_failure "not an HDF5 file" 2 "text.h5" -- "$ANALYZE" --out bad8 out/L8.h5 text.h5
expect_failure "no output directory" 2 "--out" -- "$ANALYZE" out/L8.h5 out/L12.h5
expect_failure "unknown option" 2 "unknown option '--fast'" -- "$ANALYZE" --fast --out x out/L8.h5
# Run files that do not hold what their format promises are refused by name.
/usr/bin/python3 - out/L8.h5 <<'PY' || fail "could not prepare the damaged run files with h5py"
import sys, shutil, h5py, numpy as np
def damaged(name, change):
    shutil.copy(sys.argv[1], name)
    with h5py.File(name, "r+") as f: change(f)
def replace(f, path, data):
    del f[path]; f[path] = data
damaged("short_energy.h5", lambda f: replace(f, "observables/energy", f["observables/energy"][:, :10]))
damaged("trips.h5", lambda f: replace(f, "diagnostics/round_trips", np.zeros(3, dtype=np.int64)))
damaged("descending.h5", lambda f: replace(f, "temperatures", f["temperatures"][...][::-1].copy()))
damaged("wrong_L.h5", lambda f: f.attrs.modify("L", 32))
damaged("int_energy.h5", lambda f: replace(f, "observables/energy", f["observables/energy"][...].astype(np.int32)))
damaged("string_energy.h5", lambda f: replace(f, "observables/energy", np.full(f["observables/energy"].shape, b"x")))
def big_m(f): f["observables/magnetization"][0, 0] = 5.0
damaged("big_m.h5", big_m)
damaged("zero_J.h5", lambda f: f.attrs.modify("J", 0.0))
PY
expect_failure "an observable of the wrong length" 2 "/observables/energy has shape [" -- \
  "$ANALYZE" --out bad9 --no-scaling short_energy.h5
expect_failure "round_trips of the wrong length" 2 "/diagnostics/round_trips has shape [3]" -- \
  "$ANALYZE" --out bad9 --no-scaling trips.h5
expect_failure "descending temperatures" 2 "strictly ascending" -- \
  "$ANALYZE" --out bad9 --no-scaling descending.h5
expect_failure "attribute L against the spins" 2 "/spins has shape" -- \
  "$ANALYZE" --out bad9 --no-scaling wrong_L.h5
expect_failure "an int32 energy" 2 "wrong element type" -- "$ANALYZE" --out bad9 --no-scaling int_energy.h5
expect_failure "a string energy" 2 "wrong element type" -- \
  "$ANALYZE" --out bad9 --no-scaling string_energy.h5
expect_failure "|m| = 5" 2 "outside [-1" -- "$ANALYZE" --out bad9 --no-scaling big_m.h5
expect_failure "J = 0" 2 "attribute J must be positive" -- "$ANALYZE" --out bad9 --no-scaling zero_J.h5
for d in bad1 bad2 bad3 bad4 bad5 bad7 bad8 bad9; do [ -e $d ] && fail "$d was created on bad input"; done
"$ANALYZE" --help | grep -q "usage: phaselearn-analyze --out DIR" && pass "--help" || fail "--help"
finish
