#!/bin/bash
# End-to-end checks of `phaselearn train` and `phaselearn run` on a small real run
# (L = 16): the P(ordered) crossing for the threshold and window schemes, the confusion
# curve, the training file layout, the stored model's Z2-symmetric predictions, 1 rank
# against 2, and bad input.
source "$(dirname "$0")/common.sh"
here=$(cd "$(dirname "$0")" && pwd)
PHASELEARN=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
PY=/usr/bin/python3
l16=(--model.L=16 --temperatures.spacing=linear --temperatures.min=1.5 --temperatures.max=3.5
     --temperatures.count=16 --sampler.equilibration_sweeps=200 --sampler.samples=400
     --sampler.sweeps_between_samples=5 --run.output_dir=out)
fit=(--train.epochs=12 --train.patience=4)

# crossing <training file>: prints the temperature where the mean P(ordered) crosses 0.5
crossing() {
  $PY - "$1" <<'PY'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
t, m = f["predictions/temperatures"][:], f["predictions/mean"][:]
i = next(i for i in range(len(t) - 1) if m[i] >= 0.5 > m[i + 1])
print(t[i] + (m[i] - 0.5) / (m[i] - m[i + 1]) * (t[i + 1] - t[i]))
PY
}
in_range() { $PY -c "import sys; sys.exit(0 if $2 <= float('$1') <= $3 else 1)"; }

# 1. `run` (sample then train) at 2 ranks, threshold labels.
mpirun -n 2 "$PHASELEARN" run "${l16[@]}" "${fit[@]}" --run.name=l16 --train.labels=threshold \
  >run.log 2>&1 || fail "run at 2 ranks: $(cat run.log)"
[ -e out/l16.h5 ] && [ -e out/l16.train.h5 ] && pass "run wrote the run and training files" \
  || fail "run did not write both files"
grep -q "^epoch 1/12 .*samples/s  ETA" run.log && pass "one line per epoch" || fail "epoch lines"
grep -q "P(ordered) crosses 0.5 at T = " run.log && pass "run prints the crossing" \
  || fail "no crossing line"
tc=$(crossing out/l16.train.h5)
in_range "$tc" 2.1 2.5 && pass "threshold scheme crosses 0.5 at T = $tc" \
  || fail "threshold crossing $tc outside [2.1, 2.5]"

# 2. Window scheme on the same run file, at 2 ranks and at 1 rank.
for np in 2 1; do
  mpirun -n $np "$PHASELEARN" train "${l16[@]}" "${fit[@]}" --train.run_file=out/l16.h5 \
    --run.name=window$np --train.labels=window --train.t_low=2.0 --train.t_high=2.6 \
    >window$np.log 2>&1 || fail "window at $np ranks: $(cat window$np.log)"
done
tc=$(crossing out/window2.train.h5)
in_range "$tc" 2.1 2.5 && pass "window scheme crosses 0.5 at T = $tc" \
  || fail "window crossing $tc outside [2.1, 2.5]"
$PY - out/window1.train.h5 out/window2.train.h5 <<'PY' && pass "1 rank and 2 ranks agree" \
  || fail "1 rank and 2 ranks differ"
import sys, h5py, numpy as np
a, b = (h5py.File(p, "r") for p in sys.argv[1:])
assert a.attrs["mpi_ranks"] == 1 and b.attrs["mpi_ranks"] == 2
assert len(a["history/val_loss"]) == len(b["history/val_loss"])
assert np.allclose(a["history/val_loss"][:], b["history/val_loss"][:], rtol=1e-3, atol=1e-4)
d = np.abs(a["predictions/p_ordered"][:] - b["predictions/p_ordered"][:]).max()
assert d < 2e-3, d
PY
# The sharded optimizer (ZeRO stage 1) at 2 ranks: the same training as the replicated
# update (2-rank sums are the same float in either order; only Adam's blocks differ).
mpirun -n 2 "$PHASELEARN" train "${l16[@]}" "${fit[@]}" --train.run_file=out/l16.h5 \
  --run.name=sharded2 --train.labels=window --train.t_low=2.0 --train.t_high=2.6 \
  --train.shard_optimizer=true >sharded2.log 2>&1 || fail "sharded at 2 ranks: $(cat sharded2.log)"
$PY - out/window2.train.h5 out/sharded2.train.h5 <<'PY' && pass "sharded optimizer agrees with the replicated one" \
  || fail "sharded and replicated optimizers differ"
import sys, h5py, numpy as np
a, b = (h5py.File(p, "r") for p in sys.argv[1:])
assert "shard_optimizer = true" in b.attrs["job"]
for l in a["model"]:
    w, v = a["model"][l]["weights"][:], b["model"][l]["weights"][:]
    assert np.abs(w - v).max() <= 1e-5 * np.abs(w).max(), l
d = np.abs(a["predictions/p_ordered"][:] - b["predictions/p_ordered"][:]).max()
assert d < 1e-4, d
PY

# 3. Layout, and the stored model reproduces the stored Z2-symmetric predictions.
$PY - out/window2.train.h5 out/l16.h5 <<'PY' && pass "training file layout and stored model" \
  || fail "training file layout or model"
import sys, h5py, numpy as np
f, run = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
a = f.attrs
assert a["format"] == "phaselearn.train" and a["format_version"] == 2
for k in ["code_version", "created_utc", "job", "run_id", "label_scheme", "t_low", "t_high"]:
    assert k in a, k
assert a["objective"] == "classifier" and a["coarse_grain"] == 0 and a["prediction_only"] == 0
assert a["model_file"] == ""
assert a["run_id"] == run.attrs["run_id"] and a["label_scheme"] == "window"
p = f["predictions/p_ordered"]
assert p.shape == (16, 400) and p.dtype == np.float32
p = p[:]
assert ((p >= 0) & (p <= 1)).all()
assert np.allclose(f["predictions/mean"][:], p.mean(axis=1), atol=1e-6)
assert (f["predictions/stderr"][:] >= 0).all() and f["predictions/stderr"][:].max() > 0
assert len(f["history/train_loss"]) == len(f["history/val_acc"]) >= 1
assert "confusion" not in f
w0, b0 = f["model/layer_0/weights"][:], f["model/layer_0/bias"][:]
w1, b1 = f["model/layer_1/weights"][:], f["model/layer_1/bias"][:]
assert w0.shape == (100, 256) and f["model/layer_0"].attrs["activation"] == "relu"
x = run["spins"][:, :50].reshape(16 * 50, 256).astype(np.float64)
def p_ordered(x):
    z = np.maximum(x @ w0.T + b0, 0) @ w1.T + b1
    return 1 / (1 + np.exp(z[:, 0] - z[:, 1]))
sym = 0.5 * (p_ordered(x) + p_ordered(-x))
assert np.abs(p_ordered(x) - p_ordered(-x)).max() > 1e-4   # the raw net is not symmetric
assert np.abs(sym - p[:, :50].reshape(-1)).max() < 1e-4, np.abs(sym - p[:, :50].reshape(-1)).max()
PY

# 4. Confusion scheme: the accuracy-versus-T' curve.
mpirun -n 2 "$PHASELEARN" train "${l16[@]}" --train.run_file=out/l16.h5 --run.name=confusion \
  --train.labels=confusion --train.confusion_points=5 --train.epochs=3 >confusion.log 2>&1 \
  || fail "confusion: $(cat confusion.log)"
$PY - out/confusion.train.h5 <<'PY' && pass "confusion curve stored" || fail "confusion curve"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
t, acc = f["confusion/proposed_T"][:], f["confusion/val_accuracy"][:]
assert len(t) == 5 and (np.diff(t) > 0).all() and ((acc > 0.5) & (acc <= 1)).all()
assert f.attrs["label_scheme"] == "confusion"
PY

# 5. Nothing is overwritten: an existing training file is refused and left untouched.
before=$(md5sum out/l16.train.h5)
expect_failure "existing training file refused" 2 "pass --overwrite" -- \
  "$PHASELEARN" train "${l16[@]}" --run.name=l16
expect_failure "run refuses an existing training file before sampling" 2 "pass --overwrite" -- \
  "$PHASELEARN" run "${l16[@]}" --run.name=l16
[ "$before" = "$(md5sum out/l16.train.h5)" ] && pass "existing training file untouched" \
  || fail "existing training file changed"

# 5b. Format 1 run files (Ising only, written before format 2) are still read: the same
# run in the old layout gives the same predictions with the same model.
$PY - out/l16.h5 out/format1.h5 <<'PY' || fail "could not write a format-1 copy with h5py"
import sys, shutil, h5py
shutil.copy(sys.argv[1], sys.argv[2])
with h5py.File(sys.argv[2], "r+") as f:
    f.attrs["format_version"] = 1
    for new, old in [("observables/energy", "energy"), ("observables/magnetization", "magnetization"),
                     ("diagnostics/tau_int/energy", "diagnostics/tau_int_energy"),
                     ("diagnostics/tau_int/abs_magnetization", "diagnostics/tau_int_abs_m")]:
        f.move(new, old)
    del f["observables"], f["diagnostics/tau_int"]
PY
for format in 1 2; do
  run_file=out/l16.h5; [ $format = 1 ] && run_file=out/format1.h5
  "$PHASELEARN" train "${l16[@]}" --train.run_file=$run_file --run.name=predict$format \
    --train.model_file=out/window2.train.h5 >predict$format.log 2>&1 \
    || fail "predicting on a format-$format run file: $(cat predict$format.log)"
done
h5diff -q out/predict1.train.h5 out/predict2.train.h5 /predictions /predictions \
  && pass "a format-1 run file gives the same predictions as format 2" \
  || fail "format-1 and format-2 predictions differ"

# 5c. XY: the same run as an xy2d run file (xy_from_ising.py), trained on 4 x 4 block
# averages of (cos θ, sin θ).
$PY "$here/xy_from_ising.py" out/l16.h5 out/xy16.h5 \
  || fail "could not write an xy2d run file with h5py"
xy=(--train.run_file=out/xy16.h5 --train.coarse_grain=4 --train.labels=window --train.t_low=2.0
    --train.t_high=2.6)
for np in 2 1; do
  mpirun -n $np "$PHASELEARN" train "${l16[@]}" "${fit[@]}" "${xy[@]}" --run.name=xy$np \
    >xy$np.log 2>&1 || fail "XY at $np ranks: $(cat xy$np.log)"
done
grep -q "16 temperatures x 400 xy2d samples of L = 16" xy2.log && pass "train reads the xy2d run" \
  || fail "XY log: $(head -3 xy2.log)"
tc=$(crossing out/xy2.train.h5)
in_range "$tc" 2.1 2.5 && pass "XY classifier crosses 0.5 at T = $tc" \
  || fail "XY crossing $tc outside [2.1, 2.5]"
# The stored model, applied with numpy in the magnetisation frame and averaged over the
# reflection, reproduces the stored predictions; a rotated and reflected copy of the run
# gives the same; 1 rank and 2 ranks agree.
$PY - out/xy2.train.h5 out/xy16.h5 out/xy1.train.h5 <<'PY' && pass "XY layout, stored model, invariance, 1 and 2 ranks" \
  || fail "XY training file"
import sys, h5py, numpy as np
f, run, one = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r"), h5py.File(sys.argv[3], "r")
assert f.attrs["model"] == "xy2d" and f.attrs["input_encoding"] == "xy_cos_sin"
w0, b0 = f["model/layer_0/weights"][:], f["model/layer_0/bias"][:]
w1, b1 = f["model/layer_1/weights"][:], f["model/layer_1/bias"][:]
assert w0.shape == (100, 32)
def encode(theta):  # [n, 16, 16] -> [n, 32]: block means of (cos, sin), rotated by -phi,
    c = np.cos(theta).reshape(-1, 4, 4, 4, 4).mean(axis=(2, 4)).reshape(-1, 16)  # over rms
    s = np.sin(theta).reshape(-1, 4, 4, 4, 4).mean(axis=(2, 4)).reshape(-1, 16)
    phi = np.arctan2(s.sum(axis=1), c.sum(axis=1))[:, None]
    rms = np.sqrt((c ** 2 + s ** 2).mean(axis=1))[:, None]
    return np.hstack([c * np.cos(phi) + s * np.sin(phi), s * np.cos(phi) - c * np.sin(phi)]) / rms
def p_ordered(x):
    z = np.maximum(x @ w0.T + b0, 0) @ w1.T + b1
    return 1 / (1 + np.exp(z[:, 0] - z[:, 1]))
def symmetric(theta):
    x = encode(theta)
    return 0.5 * (p_ordered(x) + p_ordered(x * np.r_[np.ones(16), -np.ones(16)]))
theta = run["spins"][:, :40].reshape(-1, 16, 16).astype(np.float64)
stored = f["predictions/p_ordered"][:, :40].reshape(-1)
assert np.abs(symmetric(theta) - stored).max() < 1e-4, np.abs(symmetric(theta) - stored).max()
turned = (-theta + np.random.default_rng(2).uniform(0, 7, (len(theta), 1, 1))) % (2 * np.pi)
assert np.abs(symmetric(turned) - stored).max() < 1e-4
x = encode(theta)
assert np.abs(p_ordered(x) - p_ordered(x * np.r_[np.ones(16), -np.ones(16)])).max() > 1e-4
assert np.abs(f["predictions/p_ordered"][:] - one["predictions/p_ordered"][:]).max() < 2e-3
PY
# train.model_file with an XY model: predictions of another run (here the same one).
"$PHASELEARN" train "${l16[@]}" "${xy[@]}" --run.name=xy_predict \
  --train.model_file=out/xy2.train.h5 >xy_predict.log 2>&1 \
  && $PY -c "import h5py; f = h5py.File('out/xy_predict.train.h5'); a = f.attrs
assert a['model'] == 'xy2d' and a['prediction_only'] == 1 and 'history' not in f
assert a['model_file'] == 'out/xy2.train.h5' and a['coarse_grain'] == 4" \
  && pass "train.model_file predicts with an XY model (prediction_only, no history)" || fail "XY model_file: $(cat xy_predict.log)"

# The VAE (train.objective = vae) on the XY run, at 2 ranks: the layout of DESIGN 3.
mpirun -n 2 "$PHASELEARN" train "${l16[@]}" --train.objective=vae --train.run_file=out/xy16.h5 \
  --run.name=vae --train.hidden=32 --train.epochs=2 --train.generated=7 >vae.log 2>&1 \
  || fail "VAE training: $(tail -3 vae.log)"
$PY - out/vae.train.h5 out/xy16.h5 <<'PY' && pass "VAE training file layout" || fail "VAE training file layout"
import sys, h5py, numpy as np
f, run = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
a = f.attrs
assert a["format_version"] == 2 and a["objective"] == "vae" and a["latent"] == 2
assert a["run_id"] == run.attrs["run_id"] and a["prediction_only"] == 0
T, S = run["spins"].shape[:2]
assert f["latent/mean"].shape == (T, S, 2) and f["latent/mean"].dtype == np.float32
assert f["latent/log_var"].shape == (T, S, 2)
for k in ["energy", "vortices", "loss"]:
    d = f["reconstruction/" + k]
    assert d.shape == (T, S) and d.dtype == np.float64 and np.isfinite(d[:]).all(), k
assert (f["reconstruction/energy"][:] >= -2.0001).all() and (f["reconstruction/energy"][:] <= 2.0001).all()
assert f["generated/energy"].shape == (T, 7) and f["generated/vortices"].shape == (T, 7)
assert f["generated"].attrs["temperature_conditioned"] == 0
for part in ["encoder", "decoder"]:
    assert "layer_0/weights" in f["model/" + part] and "layer_1/bias" in f["model/" + part]
assert f["model/encoder/layer_1/weights"].shape == (4, 32)
assert f["model/decoder/layer_1/weights"].shape == (3 * 256, 32)
for k in ["loss", "reconstruction", "kl", "energy"]:
    assert len(f["history/train_" + k]) == 2 and len(f["history/val_" + k]) == 2, k
PY
# A VAE on 4 x 4 block averages (energy_weight 0), then applied unchanged to the run
# (train.model_file): the same encoder, the same latent means, the input width 2 x 4 x 4.
"$PHASELEARN" train "${l16[@]}" --train.objective=vae --train.run_file=out/xy16.h5 --run.name=vae_blocks \
  --train.hidden=32 --train.epochs=2 --train.generated=3 --train.coarse_grain=4 --train.energy_weight=0 \
  >vae_blocks.log 2>&1 || fail "VAE on block averages: $(tail -3 vae_blocks.log)"
"$PHASELEARN" train "${l16[@]}" --train.objective=vae --train.run_file=out/xy16.h5 --run.name=vae_blocks_applied \
  --train.hidden=32 --train.generated=3 --train.coarse_grain=4 --train.energy_weight=0 \
  --train.model_file=out/vae_blocks.train.h5 >vae_blocks_applied.log 2>&1 \
  || fail "VAE on block averages applied: $(tail -3 vae_blocks_applied.log)"
$PY - out/vae_blocks.train.h5 out/vae_blocks_applied.train.h5 <<'PY' && pass "VAE on block averages, trained and applied" \
  || fail "VAE on block averages, trained and applied"
import sys, h5py, numpy as np
f, g = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
assert f.attrs["coarse_grain"] == 4 and g.attrs["coarse_grain"] == 4 and g.attrs["prediction_only"] == 1
assert f["model/encoder/layer_0/weights"].shape == (32, 2 * 4 * 4)
assert f["model/decoder/layer_1/weights"].shape == (3 * 16, 32)
assert np.array_equal(f["model/encoder/layer_0/weights"][:], g["model/encoder/layer_0/weights"][:])
assert np.allclose(f["latent/mean"][:], g["latent/mean"][:], atol=1e-6)
PY


# 6. Bad input: one clear message, exit code 2, nothing created.
mkdir -p bad && cd bad
cp ../out/l16.h5 done.h5
cp ../out/l16.h5 unfinished.h5.partial
cp ../out/l16.train.h5 trained.h5
cp ../out/l16.h5 version3.h5
$PY -c "import h5py; h5py.File('version3.h5', 'r+').attrs['format_version'] = 3"
bad=(--run.output_dir=. --run.name=x)
expect_failure "missing run file" 2 "does not exist" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=nothere.h5
expect_failure "a .partial run file" 2 "unfinished run (.partial)" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=unfinished.h5.partial
expect_failure "only the .partial exists" 2 "sample stage has not finished" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=unfinished.h5
expect_failure "unknown format" 2 "has format 'phaselearn.train', expected 'phaselearn.run'" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=trained.h5
expect_failure "unknown version" 2 "format_version 3, this build reads version 1 or 2" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=version3.h5
cp ../out/window2.train.h5 other.train.h5
$PY -c "import h5py; h5py.File('other.train.h5', 'r+').attrs['run_id'] = 'ffff'"
before=$(md5sum other.train.h5)
expect_failure "training file of another run" 2 "was trained on another run (ffff" -- \
  "$PHASELEARN" train --run.output_dir=. --run.name=other --train.run_file=done.h5
[ "$before" = "$(md5sum other.train.h5)" ] && pass "training file of another run untouched" \
  || fail "training file of another run changed"
expect_failure "window leaves the ordered class empty" 2 "no ordered temperature" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=done.h5 --train.t_low=1.0 --train.t_high=2.6
expect_failure "window bounds reversed" 2 "train.t_high" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=done.h5 --train.t_low=2.6 --train.t_high=2.0
expect_failure "batch smaller than the ranks" 2 "smaller than the number of MPI ranks (2)" -- \
  mpirun -n 2 "$PHASELEARN" train "${bad[@]}" --train.run_file=done.h5 --train.batch_size=1
expect_failure "run with another run file" 2 "leave train.run_file empty" -- \
  "$PHASELEARN" run "${bad[@]}" --train.run_file=done.h5
expect_failure "bad activation" 2 "train.activation" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=done.h5 --train.activation=gelu
cp ../out/xy16.h5 xy.h5
expect_failure "an Ising model file on an XY run" 2 \
  "holds a network of ising2d samples (encoding ising_pm1), but the run file is of model xy2d" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=xy.h5 --train.model_file=../out/window2.train.h5
expect_failure "an XY model file on an Ising run" 2 \
  "holds a network of xy2d samples (encoding xy_cos_sin), but the run file is of model ising2d" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=done.h5 --train.coarse_grain=4 \
  --train.model_file=../out/xy2.train.h5
expect_failure "an XY model file of another input size" 2 "holds a 32->100->2 network" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=xy.h5 --train.coarse_grain=2 \
  --train.model_file=../out/xy2.train.h5
expect_failure "coarse_grain not dividing L" 2 "train.coarse_grain = 3 does not divide" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=xy.h5 --train.coarse_grain=3
# This XY file spans Ising's [1.5, 3.5]: left at auto, the window is XY's (0.80, 1.00),
# which the file cannot fill; Ising's (2.0, 2.6) would have trained.
expect_failure "the XY default window on an xy2d run" 2 \
  "window labels with train.t_low = 0.8, train.t_high = 1 (the run's temperatures span [1.5, 3.5]) leave no ordered" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=xy.h5
expect_failure "window below the sampled range" 2 "no ordered temperature" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=xy.h5 --train.t_low=0.7 --train.t_high=1.1
expect_failure "window leaves the disordered class empty" 2 "span [1.5, 3.5]" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=xy.h5 --train.t_low=2.0 --train.t_high=3.6
vae=(--train.objective=vae --train.run_file=xy.h5)
expect_failure "a classifier key with the VAE" 2 "train.labels does not apply to train.objective = vae" -- \
  "$PHASELEARN" train "${bad[@]}" "${vae[@]}" --train.labels=window
expect_failure "a VAE key with the classifier" 2 "train.latent does not apply to train.objective = classifier" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=xy.h5 --train.latent=3
expect_failure "latent dimension 0" 2 "train.latent" -- \
  "$PHASELEARN" train "${bad[@]}" "${vae[@]}" --train.latent=0
expect_failure "a negative weight" 2 "train.energy_weight" -- \
  "$PHASELEARN" train "${bad[@]}" "${vae[@]}" --train.energy_weight=-1
expect_failure "the energy term on block averages" 2 "the energy term needs the spins of the lattice" -- \
  "$PHASELEARN" train "${bad[@]}" "${vae[@]}" --train.coarse_grain=4 --train.energy_weight=1
expect_failure "a classifier model file for the VAE" 2 "holds a classifier, but train.objective = vae" -- \
  "$PHASELEARN" train "${bad[@]}" "${vae[@]}" --train.model_file=../out/xy2.train.h5
expect_failure "a VAE model file for the classifier" 2 "holds a vae, but train.objective = classifier" -- \
  "$PHASELEARN" train "${bad[@]}" --train.run_file=xy.h5 --train.coarse_grain=4 \
  --train.model_file=../out/vae.train.h5
[ -z "$(ls | grep -v -e done.h5 -e unfinished.h5.partial -e trained.h5 -e version3.h5 \
        -e other.train.h5 -e xy.h5)" ] && pass "bad input created nothing" || fail "bad input created: $(ls)"
cd ..

# 7. --help names the commands and the train parameters.
help=$("$PHASELEARN" --help)
grep -q "  train " <<<"$help" && grep -q "  run " <<<"$help" && grep -q -- "--train.labels" <<<"$help" \
  && pass "--help lists train, run and the train parameters" || fail "--help"
finish
