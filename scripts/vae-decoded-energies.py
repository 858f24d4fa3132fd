#!/usr/bin/python3
"""Three energies of an XY VAE's reconstructions, per temperature, against the samples'.

The loss of `train.objective = vae` matches e(decoded mean configuration): the unit
vectors at the decoder's mean angles mu_i (z = latent mean). A von Mises decoder also
gives a concentration kappa_i per site, so two other energies of the same decoded
distribution are at hand: its expectation, e_exp = -(J/N) sum_<ij> A(k_i) A(k_j)
cos(mu_i - mu_j) with A = I1/I0 (independent sites), and the energy of one configuration
drawn from it. This script decodes every stored latent mean with the stored decoder (numpy
only) and prints the relative deviation of each from the MC energy of the same samples.

Usage: scripts/vae-decoded-energies.py TRAIN_FILE [RUN_FILE] [--every K]
  RUN_FILE defaults to the run_file attribute; --every K uses every K-th sample (default 4).
"""
import argparse

import h5py
import numpy as np


def bessel_ratio(k):
    """I1(k)/I0(k) elementwise: power series below 15, the asymptotic series above."""
    k = np.asarray(k, dtype=np.float64)
    small = np.minimum(k, 15.0)
    x = (small / 2) ** 2
    term0, term1 = np.ones_like(k), small / 2
    i0, i1 = term0.copy(), term1.copy()
    for m in range(1, 60):
        term0 = term0 * x / (m * m)
        term1 = term1 * x / (m * (m + 1))
        i0 += term0
        i1 += term1
    big = np.maximum(k, 15.0)
    asym = 1 - 1 / (2 * big) - 1 / (8 * big**2) - 1 / (8 * big**3)
    return np.where(k < 15.0, i1 / i0, asym)


def decode(layers, z):
    h = z
    for k, (w, b, act) in enumerate(layers):
        h = h @ w.T + b
        if act == "relu":
            h = np.maximum(h, 0)
        elif act == "tanh":
            h = np.tanh(h)
        elif act == "sigmoid":
            h = 1 / (1 + np.exp(-h))
    return h


def energy_from_bonds(cos_right, cos_down, N):
    return -(cos_right.sum(axis=(-2, -1)) + cos_down.sum(axis=(-2, -1))) / N


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("train_file")
    p.add_argument("run_file", nargs="?")
    p.add_argument("--every", type=int, default=4)
    a = p.parse_args()
    rng = np.random.default_rng(12)
    with h5py.File(a.train_file) as f:
        run_file = a.run_file or f.attrs["run_file"]
        run_file = run_file.decode() if isinstance(run_file, bytes) else run_file
        g = f["model/decoder"]
        layers = []
        for l in range(int(g.attrs["layers"])):
            x = g[f"layer_{l}"]
            act = x.attrs["activation"]
            layers.append((x["weights"][()].astype(np.float64), x["bias"][()].astype(np.float64),
                           act.decode() if isinstance(act, bytes) else act))
        mean = f["latent/mean"][:, :: a.every, :].astype(np.float64)
        T = f["temperatures"][()]
        weight = f.attrs["energy_weight"]
    with h5py.File(run_file) as r:
        spins = r["spins"]
        L = spins.shape[-1]
        N = L * L
        rows = []
        for t in range(len(T)):
            theta = spins[t, :: a.every].astype(np.float64)
            e_mc = energy_from_bonds(np.cos(theta - np.roll(theta, -1, -1)),
                                     np.cos(theta - np.roll(theta, -1, -2)), N)
            out = decode(layers, mean[t])
            u, v, c = out[:, :N], out[:, N:2 * N], out[:, 2 * N:]
            mu = np.arctan2(v, u).reshape(-1, L, L)
            kappa = (np.maximum(c, 0) + np.log1p(np.exp(-np.abs(c)))).reshape(-1, L, L)
            A = bessel_ratio(kappa)

            def bond(x, y):  # cos(mu_i - mu_j) weighted by x_i y_j, right and down bonds
                return (x * np.roll(y, -1, -1) * np.cos(mu - np.roll(mu, -1, -1)),
                        x * np.roll(y, -1, -2) * np.cos(mu - np.roll(mu, -1, -2)))

            one = np.ones_like(A)
            e_mean = energy_from_bonds(*bond(one, one), N)
            e_exp = energy_from_bonds(*bond(A, A), N)
            drawn = mu + rng.vonmises(0.0, np.maximum(kappa, 1e-8))
            e_draw = energy_from_bonds(np.cos(drawn - np.roll(drawn, -1, -1)),
                                       np.cos(drawn - np.roll(drawn, -1, -2)), N)
            rows.append((T[t], e_mc.mean(), e_mean.mean(), e_exp.mean(), e_draw.mean(),
                         np.median(kappa)))
    print(f"{a.train_file}: energy_weight {weight:g}, L = {L}, every {a.every}th sample")
    print(f"{'T':>7} {'e MC':>9} {'mean cfg':>17} {'expectation':>17} {'one draw':>17} {'median kappa':>13}")
    for T_, mc, m, x, d, k in rows:
        dev = lambda e: f"{e:9.4f} {100 * (e - mc) / abs(mc):+6.1f}%"
        print(f"{T_:7.4f} {mc:9.4f} {dev(m)} {dev(x)} {dev(d)} {k:13.2f}")


if __name__ == "__main__":
    main()
