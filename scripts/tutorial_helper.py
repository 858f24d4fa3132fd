#!/usr/bin/python3
"""The tutorial's own small computations (scripts/tutorial.sh, docs/tutorial.md).

Not part of the pipeline: phaselearn samples, trains and predicts; this helper only reads
its run and training files (h5py, numpy) to compute what the tutorial shows beside them —
a one-feature |m| threshold classifier, the crossing T* of a P(ordered) curve with its
error, the network's prediction without the Z2 average, tau_int at chosen temperatures —
and writes gnuplot data files. Each command prints `key = value` lines for the report.
"""
import argparse
import json
import math
import sys

import h5py
import numpy as np


def crossing(t, p, above=1.0):
    """First temperature above `above` where the curve p(t) falls through 1/2 (linear
    interpolation). Deep in the ordered phase a network can dip below 1/2 too (stuck
    Metropolis chains, flipped inputs): that is reported apart, as the curve's minimum."""
    for i in range(len(t) - 1):
        if t[i] >= above and p[i] >= 0.5 > p[i + 1]:
            return t[i] + (p[i] - 0.5) * (t[i + 1] - t[i]) / (p[i] - p[i + 1]), i
    return float("nan"), -1


def crossing_with_error(t, p, err):
    """T* and its error from the errors of the two points around it (slope held fixed)."""
    tc, i = crossing(t, p)
    if i < 0:
        return tc, float("nan")
    slope = (p[i] - p[i + 1]) / (t[i + 1] - t[i])
    w = (tc - t[i]) / (t[i + 1] - t[i])
    e = np.hypot((1 - w) * err[i], w * err[i + 1])
    return tc, e / slope


def block_stderr(values, blocks=20):
    """Error of the mean of each row from the means of consecutive blocks (correlated samples)."""
    s = values.shape[1]
    b = max(1, min(blocks, s // 2))
    cut = (s // b) * b
    means = values[:, :cut].reshape(values.shape[0], b, -1).mean(axis=2)
    return means.std(axis=1, ddof=1) / np.sqrt(b)


def emit(prefix, **values):
    for k, v in values.items():
        if isinstance(v, float):
            v = f"{v:.4f}"
        print(f"{prefix}.{k} = {v}")


def threshold(args):
    """Best single cut on |m| separating the two windows, against the network's accuracy."""
    with h5py.File(args.run, "r") as f:
        t = f["temperatures"][:]
        m = np.abs(f["observables/magnetization"][:])
    ordered = m[t <= args.t_low].ravel()
    disordered = m[t >= args.t_high].ravel()
    values = np.concatenate([ordered, disordered])
    is_ordered = np.concatenate([np.ones(ordered.size, bool), np.zeros(disordered.size, bool)])
    order = np.argsort(values)
    # accuracy of "ordered iff |m| > cut" for every cut, from cumulative counts
    v_sorted, o_sorted = values[order], is_ordered[order]
    below_ordered = np.cumsum(o_sorted)
    below_disordered = np.cumsum(~o_sorted)
    correct = below_disordered + (ordered.size - below_ordered)
    best = int(np.argmax(correct))
    cut = v_sorted[best]
    upper = v_sorted[best + 1] if best + 1 < v_sorted.size else cut
    emit(args.name, samples=values.size, ordered_share=ordered.size / values.size,
         accuracy=correct[best] / values.size, cut=0.5 * (cut + upper),
         ordered_min_abs_m=float(ordered.min()), disordered_max_abs_m=float(disordered.max()),
         ordered_below_half=int((ordered < 0.5).sum()))
    # The same cut applied at every temperature: its own P(ordered) curve and crossing.
    with h5py.File(args.run, "r") as f:
        all_m = np.abs(f["observables/magnetization"][:])
    p_cut = (all_m > 0.5 * (cut + upper)).mean(axis=1)
    t_cut, t_cut_err = crossing_with_error(t, p_cut, block_stderr((all_m > 0.5 * (cut + upper)).astype(float)))
    emit(args.name, cut_t_star=t_cut, cut_t_star_err=t_cut_err)
    if args.curve:
        with open(args.curve, "w") as out:
            out.write("# T, share of samples with |m| above the cut\n")
            for row in zip(t, p_cut):
                out.write(" ".join(f"{v:.6g}" for v in row) + "\n")
    if args.histogram:
        edges = np.linspace(0, 1, 51)
        ho, _ = np.histogram(ordered, edges)
        hd, _ = np.histogram(disordered, edges)
        with open(args.histogram, "w") as out:
            out.write("# |m| bin centre, ordered-window count, disordered-window count\n")
            for c, a, b in zip(0.5 * (edges[1:] + edges[:-1]), ho, hd):
                out.write(f"{c:.3f} {a} {b}\n")


def forward(layers, x):
    """The stored network on inputs x [n, inputs]: probability of class 1 (ordered, src/ml/labels.hpp)."""
    for i, (w, b, act) in enumerate(layers):
        x = x @ w.T + b
        if i + 1 < len(layers):
            if act == "relu":
                x = np.maximum(x, 0)
            elif act == "tanh":
                x = np.tanh(x)
            elif act == "sigmoid":
                x = 1 / (1 + np.exp(-x))
            else:
                sys.exit(f"tutorial_helper: unknown activation {act!r}")
    x = x - x.max(axis=1, keepdims=True)
    e = np.exp(x)
    return e[:, 1] / e.sum(axis=1)


def load_layers(f):
    layers = []
    i = 0
    while f"model/layer_{i}" in f:
        g = f[f"model/layer_{i}"]
        act = g.attrs.get("activation", b"relu")
        act = act.decode() if isinstance(act, bytes) else str(act)
        layers.append((g["weights"][:].astype(np.float64), g["bias"][:].astype(np.float64), act))
        i += 1
    return layers


def curve(args):
    """T* of a training file's symmetric prediction; with --run, also of p(x) alone."""
    with h5py.File(args.train, "r") as f:
        t = f["predictions/temperatures"][:]
        mean = f["predictions/mean"][:]
        err = f["predictions/stderr"][:]
        # A file that applied another file's model trained nothing and has no /history.
        hist = ({k: f["history/" + k][:] for k in ("train_loss", "val_loss", "train_acc", "val_acc")}
                if "history" in f else None)
        best = int(f.attrs["best_epoch"]) if "best_epoch" in f.attrs else -1
        layers = load_layers(f) if args.run else None
    tc, tc_err = crossing_with_error(t, mean, err)
    falls = [i for i in range(len(t) - 1) if t[i] >= 1.0 and mean[i] >= 0.5 > mean[i + 1]]
    rises = [i for i in range(len(t) - 1) if t[i] >= 1.0 and mean[i] < 0.5 <= mean[i + 1]]
    last = crossing(t[falls[-1]:], mean[falls[-1]:])[0] if falls else float("nan")
    emit(args.name, crossings_above_1=len(falls) + len(rises), t_star_last=last)
    emit(args.name, t_star=tc, t_star_err=tc_err, min_p_below_2=float(mean[t <= 2.0].min()))
    if hist is not None:
        first = np.nonzero(hist["train_acc"] >= 0.99)[0]
        emit(args.name, best_epoch=best, epochs=len(hist["val_loss"]),
             final_train_loss=float(hist["train_loss"][-1]), final_val_loss=float(hist["val_loss"][-1]),
             min_val_loss=float(hist["val_loss"].min()), final_val_acc=float(hist["val_acc"][-1]),
             first_epoch_train_acc_99=int(first[0]) + 1 if first.size else -1)
    columns = [t, mean, err]
    header = "# T, mean symmetric P(ordered), its stderr"
    if layers:
        with h5py.File(args.run, "r") as f:
            spins = f["spins"]
            p_plain = np.empty(spins.shape[:2])
            p_flip = np.empty(spins.shape[:2])
            for i in range(spins.shape[0]):
                x = spins[i].reshape(spins.shape[1], -1).astype(np.float64)
                p_plain[i] = forward(layers, x)
                p_flip[i] = forward(layers, -x)
        plain_mean = p_plain.mean(axis=1)
        plain_err = block_stderr(p_plain)
        tp, tp_err = crossing_with_error(t, plain_mean, plain_err)
        flipped_mean = p_flip.mean(axis=1)
        tf, _ = crossing(t, flipped_mean)
        low = t <= 2.0
        gap = np.abs(p_plain - p_flip)
        sym = 0.5 * (p_plain + p_flip)
        sym_mean = sym.mean(axis=1)
        emit(args.name, plain_t_star=tp, plain_t_star_err=tp_err, flipped_t_star=tf,
             plain_min_p_below_2=float(plain_mean[low].min()),
             flipped_min_p_below_2=float(flipped_mean[low].min()),
             max_flip_gap=float(gap.max()), mean_flip_gap=float(gap.mean()),
             share_flip_gap_over_half=float((gap > 0.5).mean()),
             max_sym_check=float(np.abs(sym_mean - mean).max()))
        columns += [plain_mean, plain_err, flipped_mean, gap.mean(axis=1)]
        header += ", mean p(x), its stderr, mean p(-x), mean |p(x) - p(-x)|"
    if args.data:
        with open(args.data, "w") as out:
            out.write(header + "\n")
            for row in zip(*columns):
                out.write(" ".join(f"{v:.6g}" for v in row) + "\n")
    if args.history and hist is not None:
        with open(args.history, "w") as out:
            out.write("# epoch, train_loss, val_loss, train_acc, val_acc\n")
            for e in range(len(hist["val_loss"])):
                out.write(f"{e + 1} {hist['train_loss'][e]:.6g} {hist['val_loss'][e]:.6g} "
                          f"{hist['train_acc'][e]:.6g} {hist['val_acc'][e]:.6g}\n")


def tau(args):
    """tau_int of |m| and E (sweeps) at the temperatures nearest to those asked for."""
    with h5py.File(args.run, "r") as f:
        t = f["temperatures"][:]
        tm = f["diagnostics/tau_int/abs_magnetization"][:]
        te = f["diagnostics/tau_int/energy"][:]
        plateau = f["diagnostics/tau_int_plateau/abs_magnetization"][:]
        m = np.abs(f["observables/magnetization"][:])
        job = f.attrs["job"]
    job = job.decode() if isinstance(job, bytes) else str(job)
    k = next(int(line.split("=")[1]) for line in job.splitlines()
             if line.startswith("sweeps_between_samples"))
    for want in args.at:
        i = int(np.argmin(np.abs(t - want)))
        key = f"T{t[i]:.3f}".replace(".", "_")
        emit(f"{args.name}.{key}", tau_abs_m=float(tm[i]), tau_energy=float(te[i]),
             plateau=int(plateau[i]), mean_abs_m=float(m[i].mean()))
    window = t <= args.t_low
    emit(args.name, sweeps_between_samples=k, max_tau_abs_m=float(tm.max()),
         t_of_max_tau=float(t[np.argmax(tm)]), no_plateau=int((plateau == 0).sum()),
         ordered_window_below_half=int((m[window] < 0.5).sum()),
         ordered_window_samples=int(m[window].size))
    if args.data:
        with open(args.data, "w") as out:
            out.write("# T, tau_int |m|, tau_int E (sweeps), plateau |m|, mean |m|\n")
            for row in zip(t, tm, te, plateau, m.mean(axis=1)):
                out.write(" ".join(f"{v:.6g}" for v in row) + "\n")


def shares(args):
    """Share of a run's training-window samples that lie within `near` of the gap."""
    with h5py.File(args.run, "r") as f:
        t = f["temperatures"][:]
        s = f["spins"].shape[1]
    ordered = t <= args.t_low
    disordered = t >= args.t_high
    train = ordered | disordered
    near = (ordered & (t > args.t_low - args.near)) | (disordered & (t < args.t_high + args.near))
    gap = ~train
    emit(args.name, window_samples=int(train.sum()) * s, ordered_share=ordered.sum() / train.sum(),
         near_share=near.sum() / train.sum(), gap_temperatures=int(gap.sum()))


def fss(args):
    """T*(L) and the fit T*(L) = Tc + a/L from phaselearn-analyze's summary.json."""
    with open(args.summary) as f:
        s = json.load(f)

    def number(x):
        return float(x) if isinstance(x, (int, float)) and math.isfinite(x) else float("nan")

    rows = []
    for size in s["sizes"]:
        c = size.get("crossing") or {}
        rows.append((size["L"], number(c.get("temperature")), number(c.get("error"))))
        emit(f"fss.L{size['L']}", t_star=rows[-1][1], t_star_err=rows[-1][2])
    scaling = s.get("scaling") or {}
    fit = scaling.get("classifier", {}).get("nu_fixed") or {}
    binder = scaling.get("binder_tc") or {}
    emit("fss", tc_inf=number(fit.get("tc")), tc_inf_err=number(fit.get("tc_error")),
         amplitude_a=number(fit.get("amplitude")), chi2_per_dof=number(fit.get("chi2_per_dof")),
         binder_tc=number(binder.get("tc")), binder_tc_err=number(binder.get("tc_error")))
    if args.data:
        with open(args.data, "w") as out:
            out.write("# L, T*(L), error; the fit's Tc, a\n")
            for row in rows:
                out.write(" ".join(f"{v:.6g}" for v in row) + "\n")
            out.write(f"\n\n# fit\n{number(fit.get('tc')):.6g} {number(fit.get('amplitude')):.6g}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("threshold")
    p.add_argument("run"); p.add_argument("--name", required=True)
    p.add_argument("--t-low", type=float, default=2.0); p.add_argument("--t-high", type=float, default=2.5)
    p.add_argument("--histogram"); p.add_argument("--curve")
    p.set_defaults(func=threshold)
    p = sub.add_parser("curve")
    p.add_argument("train"); p.add_argument("--name", required=True)
    p.add_argument("--run", help="run file: also the prediction without the Z2 average")
    p.add_argument("--data"); p.add_argument("--history")
    p.set_defaults(func=curve)
    p = sub.add_parser("tau")
    p.add_argument("run"); p.add_argument("--name", required=True)
    p.add_argument("--at", type=float, nargs="+", default=[1.975, 2.275, 2.525])
    p.add_argument("--t-low", type=float, default=2.0)
    p.add_argument("--data")
    p.set_defaults(func=tau)
    p = sub.add_parser("shares")
    p.add_argument("run"); p.add_argument("--name", required=True)
    p.add_argument("--t-low", type=float, default=2.0); p.add_argument("--t-high", type=float, default=2.5)
    p.add_argument("--near", type=float, default=0.5)
    p.set_defaults(func=shares)
    p = sub.add_parser("fss")
    p.add_argument("summary"); p.add_argument("--data")
    p.set_defaults(func=fss)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
