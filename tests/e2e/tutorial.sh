#!/bin/bash
# scripts/tutorial.sh end to end at reduced size (--quick): every experiment of
# docs/tutorial.md runs, the report parses (every line `key = number`), the numbers that
# follow from the job files alone are right, and every figure is a PNG.
source "$(dirname "$0")/common.sh"
SOURCE=$1
BUILD=$2
/usr/bin/python3 -c 'import h5py, numpy' 2> /dev/null || { echo "no h5py for /usr/bin/python3: skipped"; exit 77; }
command -v gnuplot > /dev/null || { echo "no gnuplot: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

out=$work/tutorial
if BUILD=$BUILD OUT=$out NP=1 FSS_NP=1 bash "$SOURCE/scripts/tutorial.sh" --quick > "$work/log" 2>&1; then
  pass "tutorial.sh --quick ran"
else
  fail "tutorial.sh --quick: $(tail -20 "$work/log")"
fi

/usr/bin/python3 - "$out/report.txt" <<'PY' && pass "the report parses and holds every step" || fail "report: see above"
import math, re, sys
values = {}
for line in open(sys.argv[1]):
    line = line.rstrip("\n")
    if line.startswith("#") or not line:
        continue
    m = re.fullmatch(r"([A-Za-z0-9_.]+) = (\S+)", line)
    assert m, f"not `key = value`: {line!r}"
    assert m.group(1) not in values, f"key twice: {m.group(1)}"
    values[m.group(1)] = float(m.group(2))  # nan is allowed: a crossing may not exist at --quick
needed = ["recipe.t_star", "recipe.plain_t_star", "recipe.max_flip_gap", "threshold.recipe.accuracy",
          "threshold.recipe.cut", "early_stop.per_sample_split.best_epoch", "early_stop.block_split.epochs",
          "window.2_4_to_10.t_star", "window.2_5_to_3_5.t_star", "shares.dense.t_star",
          "shares.geometric.data.ordered_share", "tau.recipe.max_tau_abs_m", "tau.quench_ordered.max_tau_abs_m",
          "tau.equilibrated.max_tau_abs_m", "sampler.quench_random.t_star", "sampler.equilibrated.t_star",
          "z2.equilibrated_flip.max_flip_gap", "fss.tc_inf", "fss.tc_inf_err", "fss.L64.t_star", "wall_seconds"]
missing = [k for k in needed if k not in values]
assert not missing, f"missing: {missing}"
# What the job files fix: 40 ordered and 150 disordered training temperatures of 200, 8
# samples each at --quick; the 2.5-3.5 cut keeps 40 + 20 of them.
assert values["recipe.data.window_samples"] == 190 * 8, values["recipe.data.window_samples"]
assert abs(values["recipe.data.ordered_share"] - 40 / 190) < 1e-3
assert values["recipe.data.gap_temperatures"] == 10
assert abs(values["window.2_5_to_3_5.data.ordered_share"] - 40 / 60) < 1e-3
assert values["shares.geometric.data.ordered_share"] > 0.6  # density 1/T
assert values["shares.dense.data.near_share"] > values["recipe.data.near_share"]
assert 0.5 <= values["threshold.recipe.accuracy"] <= 1
# The symmetric prediction is the average of p(x) and p(-x): the helper's forward pass
# of the stored weights must reproduce phaselearn's stored P to float precision.
assert values["recipe.max_sym_check"] < 1e-4, values["recipe.max_sym_check"]
assert values["z2.equilibrated_flip.max_sym_check"] < 1e-4
assert values["early_stop.per_sample_split.epochs"] <= 30
assert values["tau.equilibrated.sweeps_between_samples"] == 10
assert values["tau.quench_ordered.sweeps_between_samples"] == 1
PY

for fig in loss abs_m windows samplers tau fss z2; do
  f=$out/figures/$fig.png
  if [ -s "$f" ] && [ "$(head -c 4 "$f" | tail -c 3)" = PNG ]; then pass "figure $fig.png"; else fail "figure $fig.png missing or not a PNG"; fi
done
grep -q "^# recipe (Metropolis" "$out/report.txt" && pass "the report's summary" || fail "the report has no summary table"

# A directory that a tutorial did not make is never removed.
mkdir -p "$work/other"
expect_failure "a foreign OUT is refused" 2 "is not a tutorial output" -- \
  env BUILD="$BUILD" OUT="$work/other" bash "$SOURCE/scripts/tutorial.sh" --quick
expect_failure "an unknown argument is refused" 2 "unknown argument" -- \
  env BUILD="$BUILD" OUT="$work/x" bash "$SOURCE/scripts/tutorial.sh" --full
[ -d "$work/x" ] && fail "a refused run created its output" || pass "nothing created on bad input"
finish
