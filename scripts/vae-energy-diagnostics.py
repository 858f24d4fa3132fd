#!/usr/bin/python3
"""Why an XY VAE's decoded energies miss the MC energies: per temperature and per sample.

For each training file (train.objective = vae on an xy2d run file): the deviation of the
mean decoded energy per spin (/reconstruction/energy: the decoded mean configuration at
z = latent mean) from the MC mean (/observables/energy of the run file) at every
temperature, the worst per temperature range, the per-sample rms of the difference, how
much of each sample's energy the latent carries (R^2 of e(x) regressed on the latent
means, linear and quadratic), the bias of that regression E[e | z] per temperature (what
the energy term's optimum decoder would return), and the vortex densities of the decoded
mean configurations against MC. docs/vae.md, "What moves the energy deviation".

Usage: scripts/vae-energy-diagnostics.py TRAIN_FILE... [--per-temperature]
"""
import argparse

import h5py
import numpy as np

RANGES = [(0.0, 0.865), (0.865, 0.945), (0.945, np.inf)]


def text(x):
    return x.decode() if isinstance(x, bytes) else x


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("train_files", nargs="+")
    p.add_argument("--per-temperature", action="store_true")
    a = p.parse_args()
    for path in a.train_files:
        with h5py.File(path) as f:
            run_file = text(f.attrs["run_file"])
            mu = f["latent/mean"][()].astype(np.float64)
            e_dec = f["reconstruction/energy"][()]
            v_dec = f["reconstruction/vortices"][()]
            best = int(f.attrs["best_epoch"])
            epochs = len(f["history/val_loss"])
            nll = f["history/val_reconstruction"][best]
            val_energy = f["history/val_energy"][()]
            weight = f.attrs["energy_weight"]
            energy_input = int(f.attrs.get("energy_input", 0))
        with h5py.File(run_file) as r:
            T = r["temperatures"][()]
            e_mc = r["observables/energy"][()]
            v_mc = r["observables/vortices"][()]
            L = r["spins"].shape[-1]
        dev = 100 * (e_dec.mean(1) - e_mc.mean(1)) / np.abs(e_mc.mean(1))
        d = mu.shape[-1]
        X = mu.reshape(-1, d)
        y = e_mc.reshape(-1)
        linear = np.c_[X, np.ones(len(X))]
        quadratic = np.c_[linear, np.einsum("ni,nj->nij", X, X).reshape(len(X), -1)]
        r2 = []
        for A in (linear, quadratic):
            c, *_ = np.linalg.lstsq(A, y, rcond=None)
            r2.append(1 - (y - A @ c).var() / y.var())
        cond = (quadratic @ c).reshape(e_mc.shape).mean(1)
        bias = 100 * (cond - e_mc.mean(1)) / np.abs(e_mc.mean(1))
        worst = np.argmax(np.abs(dev))
        print(f"{path}: L = {L}, energy_weight {weight:g}, energy_input {energy_input}, "
              f"best epoch {best + 1} of {epochs}, validation NLL {nll:.1f}")
        cells = []
        for lo, hi in RANGES:
            m = (T >= lo) & (T < hi)
            if m.any():
                i = np.flatnonzero(m)[np.argmax(np.abs(dev[m]))]
                cells.append(f"{T[m].min():.2f}-{T[m].max():.2f}: {dev[i]:+.2f} % ({T[i]:.3f})")
        print("  worst deviation " + "; ".join(cells) + f"; overall {dev[worst]:+.2f} % at T = {T[worst]:.3f}")
        print(f"  per sample: rms(e_dec - e_mc) {np.sqrt(((e_dec - e_mc) ** 2).mean()):.4f}, "
              f"thermal sd of e {e_mc.std(1).min():.4f}-{e_mc.std(1).max():.4f}")
        print(f"  e(x) from the latent means: R^2 {r2[0]:.3f} (linear), {r2[1]:.3f} (quadratic); "
              f"E[e | z] off by {bias[0]:+.2f} % at T = {T[0]:.3f}, {bias[-1]:+.2f} % at {T[-1]:.3f}")
        print(f"  validation energy term: {val_energy[best]:.4f} at the best epoch, "
              f"lowest {val_energy.min():.4f} at epoch {np.argmin(val_energy) + 1}")
        mid = np.argmin(np.abs(T - 0.9))
        print(f"  vortex density at T = {T[0]:.3f} / {T[mid]:.3f} / {T[-1]:.3f}: MC "
              f"{v_mc[0].mean():.4f} / {v_mc[mid].mean():.4f} / {v_mc[-1].mean():.4f}, decoded "
              f"{v_dec[0].mean():.4f} / {v_dec[mid].mean():.4f} / {v_dec[-1].mean():.4f}")
        if a.per_temperature:
            print(f"  {'T':>7} {'e MC':>9} {'e decoded':>10} {'dev':>8} {'vort MC':>8} {'decoded':>8}")
            for t in range(len(T)):
                print(f"  {T[t]:7.4f} {e_mc[t].mean():9.5f} {e_dec[t].mean():10.5f} {dev[t]:+7.2f}% "
                      f"{v_mc[t].mean():8.4f} {v_dec[t].mean():8.4f}")


if __name__ == "__main__":
    main()
