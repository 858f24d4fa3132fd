# An xy2d run file (format 2) made from an Ising one, for the training tests while they
# need no XY sampler: each spin becomes an angle (0 or π, ±0.4 of noise) turned by a
# random global angle per sample, so only an O(2)-invariant classifier sees the order;
# the observables are computed from the angles. Usage: xy_from_ising.py ISING.h5 OUT.h5
import sys, h5py, numpy as np
src = h5py.File(sys.argv[1], "r")
rng = np.random.default_rng(1)
s = src["spins"][:]
theta = (np.where(s > 0, 0.0, np.pi) + rng.uniform(-0.4, 0.4, s.shape)
         + rng.uniform(0, 2 * np.pi, s.shape[:2])[:, :, None, None]) % (2 * np.pi)
theta = theta.astype(np.float32)
theta[theta >= np.float32(2 * np.pi)] = 0
with h5py.File(sys.argv[2], "w") as f:
    for k, v in src.attrs.items():
        f.attrs[k] = v
    f.attrs["model"] = "xy2d"
    for name in ["temperatures", "replica", "diagnostics"]:
        src.copy(name, f)
    f["spins"] = theta
    f["spins"].attrs["encoding"] = "float32 angle in [0, 2 pi)"
    t = theta.astype(np.float64)
    dx, dy = t - np.roll(t, -1, axis=3), t - np.roll(t, -1, axis=2)
    bc = np.stack([np.cos(dx).mean(axis=(2, 3)), np.cos(dy).mean(axis=(2, 3))], axis=-1)
    bs = np.stack([np.sin(dx).mean(axis=(2, 3)), np.sin(dy).mean(axis=(2, 3))], axis=-1)
    o = f.create_group("observables")
    o["energy"] = -bc.sum(axis=-1)
    o["magnetization"] = np.stack([np.cos(t).mean(axis=(2, 3)), np.sin(t).mean(axis=(2, 3))], axis=-1)
    o["bond_cos"], o["bond_sin"] = bc, bs
    o["vortices"] = np.zeros(s.shape[:2])
