#!/usr/bin/python3
"""Synthetic xy2d run files and VAE training files (format 2, objective vae; DESIGN.md §3)
with planted answers, for the end-to-end test of the VAE analysis of phaselearn-analyze.

Usage: make_vae_files.py OUT_DIR TMIN TMAX COUNT SAMPLES SEED L [L ...]

Per size L: the run file xy_L<L>.h5 (make_xy_runs.py), two VAE files of it,
xy_L<L>.vae.h5 (train.energy_weight = 1: reconstruction energy 0.2 % above MC, generated
configurations conditioned on T) and xy_L<L>.vae0.h5 (energy_weight = 0: 4 % above MC,
generated configurations not conditioned on T), and a classifier training file
xy_L<L>.classifier.train.h5 (format 1). The layout follows what `phaselearn train` writes
(root attrs latent, kl_weight, energy_weight; /generated attr temperature_conditioned). The
latent susceptibility <|mu|^2> - <|mu|>^2 peaks at T*(L) = 0.8929 + 0.6/(ln L)^2 (a
Gaussian of width 0.05 on a floor), the same in both VAE files.
"""
import math
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_xy_runs import ar1, write_run  # noqa: E402

TKT, C_PEAK, WIDTH = 0.8929, 0.6, 0.05


def peak_temperature(L):
    return TKT + C_PEAK / math.log(L) ** 2


def write_vae(path, run_path, energy_weight, relative_bias, per_temperature, seed, L):
    rng = np.random.default_rng(seed)
    with h5py.File(run_path, "r") as run:
        run_id = run.attrs["run_id"]
        temperatures = run["temperatures"][()]
        energy = run["observables/energy"][()]
        vortices = run["observables/vortices"][()]
        m = run["observables/magnetization"][()]
    T, S = energy.shape
    tstar = peak_temperature(L)
    chi = 0.02 + 0.08 * np.exp(-((temperatures - tstar) ** 2) / (2 * WIDTH**2))
    length = 1.0 + 1.5 / (1 + np.exp((temperatures - tstar) / 0.03))
    r = np.abs(length[:, None] + np.sqrt(chi)[:, None] * ar1(rng, (T, S), 0.3, 1.0))
    phi = np.arctan2(m[..., 1], m[..., 0])
    mu = np.stack([r * np.cos(phi), r * np.sin(phi)], axis=2).astype(np.float32)
    G = 256
    with h5py.File(path, "w") as f:
        for k, v in dict(format="phaselearn.train", objective="vae", run_id=run_id, run_file=run_path,
                         code_version="synthetic", created_utc="2026-01-01T00:00:00Z",
                         job=f"[model]\nname = xy2d\n\n[train]\nobjective = vae\nenergy_weight = {energy_weight}\n"
                             "kl_weight = 1\nlatent = 2\n").items():
            f.attrs[k] = v
        f.attrs["format_version"] = np.int64(2)
        f.attrs["latent"] = np.int64(2)
        f.attrs["kl_weight"] = 1.0
        f.attrs["energy_weight"] = float(energy_weight)
        f["temperatures"] = temperatures
        f["latent/mean"] = mu
        f["latent/log_var"] = np.full(mu.shape, -2.0, dtype=np.float32)
        f["reconstruction/energy"] = energy * (1 + relative_bias) + 0.001 * np.abs(energy) * rng.standard_normal((T, S))
        f["reconstruction/vortices"] = vortices * (1 + 2 * relative_bias)
        f["reconstruction/loss"] = 100 * (1 + temperatures)[:, None] + rng.standard_normal((T, S))
        # Not conditioned on T: T rows of draws of one distribution.
        mean_e = energy.mean(axis=1) if per_temperature else np.full(T, energy.mean())
        mean_v = vortices.mean(axis=1) if per_temperature else np.full(T, vortices.mean())
        f["generated/energy"] = mean_e[:, None] * (1 + relative_bias) + 0.01 * rng.standard_normal((T, G))
        f["generated/vortices"] = mean_v[:, None] * (1 + relative_bias) * (1 + 0.1 * rng.standard_normal((T, G)))
        f["generated"].attrs["temperature_conditioned"] = np.int64(1 if per_temperature else 0)
        epochs = np.arange(1, 21, dtype=np.float64)
        for name, values in dict(train_loss=5 / epochs, val_loss=5.2 / epochs, train_reconstruction=4 / epochs,
                                 train_kl=0.5 + 0 * epochs, train_energy=energy_weight * 0.1 / epochs).items():
            f["history/" + name] = values


def write_classifier(path, run_path):
    with h5py.File(run_path, "r") as run:
        run_id, T, S = run.attrs["run_id"], *run["observables/energy"].shape
        temperatures = run["temperatures"][()]
    with h5py.File(path, "w") as f:
        for k, v in dict(format="phaselearn.train", run_id=run_id, run_file=run_path, label_scheme="threshold",
                         model="xy2d", input_encoding="xy_cos_sin", code_version="synthetic",
                         created_utc="2026-01-01T00:00:00Z", job="[train]\ncoarse_grain = 0\n").items():
            f.attrs[k] = v
        for k, v in dict(format_version=1, L=4, master_seed=1, mpi_ranks=1, best_epoch=0).items():
            f.attrs[k] = np.int64(v)
        f.attrs["t_label"] = 0.9
        f.create_group("model").attrs["layers"] = np.int64(1)
        f["model/layer_0/weights"] = np.zeros((2, 32), dtype=np.float32)
        f["model/layer_0/bias"] = np.zeros(2, dtype=np.float32)
        f["model/layer_0/bias"].attrs["activation"] = "softmax"
        f["model/layer_0"].attrs["activation"] = "softmax"
        for name in ("train_loss", "val_loss", "train_acc", "val_acc"):
            f["history/" + name] = np.ones(3)
        f["predictions/temperatures"] = temperatures
        f["predictions/p_ordered"] = np.full((T, S), 0.5, dtype=np.float32)
        f["predictions/mean"] = np.full(T, 0.5)
        f["predictions/stderr"] = np.full(T, 0.01)


def main():
    out, tmin, tmax, count, samples, seed = sys.argv[1], *map(float, sys.argv[2:4]), *map(int, sys.argv[4:7])
    temperatures = list(np.linspace(tmin, tmax, count))
    for L in map(int, sys.argv[7:]):
        run = f"{out}/xy_L{L}.h5"
        write_run(run, L, temperatures, samples, seed + L)
        write_vae(f"{out}/xy_L{L}.vae.h5", run, 1, 0.002, True, seed + 100 + L, L)
        write_vae(f"{out}/xy_L{L}.vae0.h5", run, 0, 0.04, False, seed + 200 + L, L)
        write_classifier(f"{out}/xy_L{L}.classifier.train.h5", run)


if __name__ == "__main__":
    main()
