#!/usr/bin/python3
"""Small synthetic xy2d run files (format 2) for the end-to-end test of phaselearn-analyze.

Usage: make_xy_runs.py OUT_DIR TMIN TMAX COUNT SAMPLES SEED L [L ...]

Not a sampler: the helicity modulus follows the planted KT flow of
analysis/xy2d/synthetic.hpp (T_KT = 0.8929, C = 2), the other observables are plausible
numbers, and /spins holds zeros (the analysis does not read them).
"""
import math
import sys
import uuid

import h5py
import numpy as np

TKT, C, A = 0.8929, 2.0, 4.0


def helicity(T, L):
    delta, x = A * (TKT - T), math.log(L) + C / 2
    root = math.sqrt(abs(delta))
    u = root / math.tanh(root * x) if delta > 0 else root / math.tan(root * x) if delta < 0 else 1 / x
    return max(0.0, 2 * T / math.pi * (1 + u / 2))


def full_susceptibility(T, L):
    return 0.2 * L ** (2 - (0.25 + 1.5 * (T - TKT))) * math.log(L) ** 0.125


def ar1(rng, shape, a, sigma):
    x = np.empty(shape)
    x[..., 0] = sigma * rng.standard_normal(shape[:-1])
    for s in range(1, shape[-1]):
        x[..., s] = a * x[..., s - 1] + sigma * math.sqrt(1 - a * a) * rng.standard_normal(shape[:-1])
    return x


def write_run(path, L, temperatures, samples, seed):
    rng = np.random.default_rng(seed)
    T, S, N = len(temperatures), samples, L * L
    sin_term = 0.02
    cos_mean = np.array([helicity(t, L) + sin_term for t in temperatures])
    bond_cos = np.clip(cos_mean[:, None, None] + ar1(rng, (T, 2, S), 0.5, 0.01).transpose(0, 2, 1), -1, 1)
    sin_sigma = np.sqrt(sin_term * np.asarray(temperatures) / N)
    bond_sin = sin_sigma[:, None, None] * rng.standard_normal((T, S, 2))
    m2 = np.array([full_susceptibility(t, L) * t / N for t in temperatures])
    r = np.sqrt(np.clip(m2[:, None] * (1 + ar1(rng, (T, S), 0.5, 0.1)), 0, 1))
    phi = rng.uniform(0, 2 * math.pi, (T, S))
    with h5py.File(path, "w") as f:
        for k, v in dict(format="phaselearn.run", run_id=uuid.UUID(int=int(rng.integers(2**63))).hex,
                         model="xy2d", code_version="synthetic", created_utc="2026-01-01T00:00:00Z",
                         job="[model]\nname = xy2d\n").items():
            f.attrs[k] = v
        for k, v in dict(format_version=2, L=L, master_seed=seed, mpi_ranks=1).items():
            f.attrs[k] = np.int64(v)
        f.attrs["J"] = 1.0
        f["temperatures"] = np.asarray(temperatures, dtype=np.float64)
        f.create_dataset("spins", (T, S, L, L), dtype=np.float32, compression="gzip", fillvalue=0)
        f["spins"].attrs["encoding"] = "angle in [0, 2 pi)"
        f["replica"] = np.tile(np.arange(T, dtype=np.int32)[:, None], (1, S))
        o = f.create_group("observables")
        o["energy"] = -bond_cos.sum(axis=2)
        o["magnetization"] = np.stack([r * np.cos(phi), r * np.sin(phi)], axis=2)
        o["bond_cos"] = bond_cos
        o["bond_sin"] = bond_sin
        o["vortices"] = np.exp(-4 / np.asarray(temperatures))[:, None] * (1 + 0.1 * rng.standard_normal((T, S))).clip(0)
        d = f.create_group("diagnostics")
        d["exchange_acceptance"] = np.full(T - 1, 0.5)
        d["round_trips"] = np.full(T, 2, dtype=np.int64)
        d["tau_int/energy"] = np.full(T, 1.5)
        d["tau_int/abs_magnetization"] = np.full(T, 1.5)


def main():
    out, tmin, tmax, count, samples, seed = sys.argv[1], *map(float, sys.argv[2:4]), *map(int, sys.argv[4:7])
    temperatures = list(np.linspace(tmin, tmax, count))
    for L in map(int, sys.argv[7:]):
        write_run(f"{out}/xy_L{L}.h5", L, temperatures, samples, seed + L)


if __name__ == "__main__":
    main()
