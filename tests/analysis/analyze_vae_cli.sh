#!/bin/bash
# End-to-end checks of the VAE analysis of phaselearn-analyze on small synthetic files
# written with h5py by make_vae_files.py: xy2d runs of L = 8 and 16, each with a VAE file
# with the energy term and one without (planted latent-susceptibility peaks, reconstruction
# energies 0.2 % and 4 % above MC). Outputs, exit codes and refusals; the estimator's
# precision is test_vae.cpp's.
# Usage: analyze_vae_cli.sh <phaselearn-analyze>
source "$(dirname "$0")/../e2e/common.sh"
ANALYZE=$1
MAKE="/usr/bin/python3 $(cd "$(dirname "$0")" && pwd)/make_vae_files.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir -p set low
$MAKE set 0.82 1.10 29 1024 1 8 16 32 && $MAKE low 0.80 0.95 16 512 2 8 || { fail "make_vae_files.py failed"; finish; }

# 1. Three sizes (the XY pairs estimator needs 3), two VAE files each: every number, the
# XY report and the VAE report in one.
"$ANALYZE" --out res --bootstrap 100 set/xy_L16.vae0.h5 set/xy_L8.h5 set/xy_L8.vae.h5 set/xy_L16.h5 \
  set/xy_L16.vae.h5 set/xy_L8.vae0.h5 set/xy_L32.h5 set/xy_L32.vae.h5 set/xy_L32.vae0.h5 >stdout 2>stderr \
  && pass "xy2d + VAE analysis of 3 sizes exits 0" || fail "xy2d + VAE analysis failed: $(cat stderr)"
grep -q "Weber-Minnhagen fit (headline)" stdout && grep -q "^VAE (6 training file(s), 2 variant(s))" stdout \
  && grep -q "latent T_KT = " stdout && grep -q "standard VAE (energy_weight = 0)" stdout \
  && pass "helicity-modulus and VAE estimates side by side on stdout" || fail "stdout lacks the XY or VAE report"
for fig in helicity vae_energy_L8 vae_energy_L16 vae_vortices_L8 vae_vortices_L16 vae_energy_deviation \
           vae_latent_susceptibility vae_reconstruction_loss vae_latent_magnitude vae_principal_share vae_kt_extrapolation \
           vae_L8_variant1_history vae_L16_variant2_history; do
  ok=1
  for ext in png gp dat csv; do [ -s res/$fig.$ext ] || { ok=0; fail "res/$fig.$ext missing"; }; done
  [ $ok = 1 ] && { head -c 4 res/$fig.png | grep -q PNG && pass "figure $fig (png, gp, dat, csv)" || fail "$fig.png is no PNG"; }
done
/usr/bin/python3 - res <<'PY' && pass "summary.json and tables: the planted content" || fail "summary.json content"
import csv, json, math, sys
s = json.load(open(sys.argv[1] + "/summary.json"))
assert s["model"] == "xy2d" and s["kt"]["headline"] == "weber_minnhagen"
v = s["vae"]
assert v["failures"] == [] and s["failures"] == []
with_e, standard = v["variants"]
assert standard["label"].startswith("standard VAE") and standard["energy_weight"] == 0, standard["label"]
assert with_e["energy_weight"] == 1 and with_e["latent"] == 2 and with_e["kl_weight"] == 1
assert with_e["energy_within_1_percent_at_every_T"] and not standard["energy_within_1_percent_at_every_T"]
for variant, bias in ((with_e, 0.002), (standard, 0.04)):
    for f in variant["files"]:
        worst = f["reconstruction_energy_target"]["worst_relative_deviation"]
        assert abs(worst - bias) < 0.2 * bias, (f["file"], worst)
        planted = 0.8929 + 0.6 / math.log(f["L"]) ** 2
        t = f["latent_susceptibility_peak"]["T_star"]
        assert t["error"] > 0 and abs(t["value"] - planted) < 4 * t["error"], (f["file"], t, planted)
        row = f["temperatures"][0]
        assert row["reconstruction_energy"]["mc"]["error"] > 0 and "reconstruction_vortices" in row
        assert abs(row["reconstruction_loss"]["value"] - 100 * (1 + row["T"])) < 5 * row["reconstruction_loss"]["error"]
        rows = list(csv.DictReader(open(sys.argv[1] + "/" + f["table"])))
        assert len(rows) == 29 and float(rows[0]["latent_susceptibility_error"]) > 0
    tkt = variant["tkt"]
    assert tkt["error"] > 0 and abs(tkt["value"] - 0.8929) < 4 * tkt["error"], tkt
    assert "within_2_percent_of_band" in variant["reference_band"]
# Decoder conditioned on T in the first variant, one prior set in the second.
assert "generated_energy" in with_e["files"][0]["temperatures"][3]
g = standard["files"][0]["generated_energy"]
assert g["value"]["error"] > 0 and 0.82 <= g["matching_mc_temperature"] <= 1.10, g
PY

# 2. No peak of the latent susceptibility inside the range: outputs, no number, exit 2.
expect_failure "no latent peak in range" 2 "no peak inside the range" -- \
  "$ANALYZE" --out lowres --bootstrap 50 --no-scaling low/xy_L8.h5 low/xy_L8.vae.h5
[ -s lowres/summary.json ] && [ -s lowres/vae_latent_susceptibility.png ] \
  && pass "no latent peak: outputs written" || fail "no latent peak: outputs missing"
"$ANALYZE" --out one --no-scaling --bootstrap 50 set/xy_L16.h5 set/xy_L16.vae.h5 >stdout 2>&1 \
  && grep -q "not extrapolated (--no-scaling)" stdout && pass "one size with --no-scaling: T*(L) only, exit 0" \
  || fail "one size with --no-scaling: $(cat stdout)"

# 3. Bad input: one line, exit 2, nothing created.
expect_failure "a VAE file of another run" 2 "belongs to run" -- \
  "$ANALYZE" --out bad1 set/xy_L8.h5 set/xy_L16.vae.h5
expect_failure "a classifier file in a VAE analysis" 2 "is a classifier training file; this is a VAE analysis" -- \
  "$ANALYZE" --out bad2 --no-scaling set/xy_L8.h5 set/xy_L8.vae.h5 set/xy_L8.classifier.train.h5
cp set/xy_L8.vae.h5 norec.h5
/usr/bin/python3 -c "import h5py; del h5py.File('norec.h5', 'r+')['reconstruction/energy']"
expect_failure "a missing dataset" 2 "has no /reconstruction/energy" -- "$ANALYZE" --out bad3 --no-scaling set/xy_L8.h5 norec.h5
cp set/xy_L8.vae.h5 shape.h5
/usr/bin/python3 -c "
import h5py
f = h5py.File('shape.h5', 'r+'); m = f['latent/mean'][()]; del f['latent/mean']; f['latent/mean'] = m[:, :100]"
expect_failure "latent means of the wrong shape" 2 "/latent/log_var is" -- "$ANALYZE" --out bad4 --no-scaling set/xy_L8.h5 shape.h5
cp set/xy_L8.vae.h5 twin.h5
expect_failure "two VAE files of one run and settings" 2 "same run and settings" -- \
  "$ANALYZE" --out bad5 --no-scaling set/xy_L8.h5 set/xy_L8.vae.h5 twin.h5
cp set/xy_L8.vae.h5 v3.h5
/usr/bin/python3 -c "import h5py, numpy; h5py.File('v3.h5', 'r+').attrs['format_version'] = numpy.int64(3)"
expect_failure "an unknown format version" 2 "format_version 3" -- "$ANALYZE" --out bad6 --no-scaling set/xy_L8.h5 v3.h5
for d in bad1 bad2 bad3 bad4 bad5 bad6; do [ -e $d ] || [ -e $d.partial ] && fail "$d was created"; done
pass "refusals created nothing"
finish
