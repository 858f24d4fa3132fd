"""Compares two HDF5 files bitwise: the same objects, every dataset's type, shape, filters and
bytes, every attribute's value, except the attributes named on the command line (they differ
between two runs of one job by design, e.g. the creation time). Exit 0 when equal; else
prints each difference and exits 1.

Usage: same_file.py A B [attribute to ignore ...]
"""
import sys

import h5py
import numpy as np


def objects(f):
    found = {"/": f}
    f.visititems(lambda name, obj: found.setdefault("/" + name, obj))
    return found


def same_value(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def filters(d):
    return sorted((k, str(v)) for k, v in d._filters.items())


def main():
    path_a, path_b, ignored = sys.argv[1], sys.argv[2], set(sys.argv[3:])
    differences = []
    with h5py.File(path_a, "r") as fa, h5py.File(path_b, "r") as fb:
        oa, ob = objects(fa), objects(fb)
        for name in sorted(set(oa) ^ set(ob)):
            differences.append(f"{name}: only in {path_a if name in oa else path_b}")
        for name in sorted(set(oa) & set(ob)):
            a, b = oa[name], ob[name]
            if type(a) is not type(b):
                differences.append(f"{name}: a {type(a).__name__} and a {type(b).__name__}")
                continue
            if isinstance(a, h5py.Dataset):
                if a.dtype != b.dtype or a.shape != b.shape:
                    differences.append(f"{name}: {a.dtype}{a.shape} and {b.dtype}{b.shape}")
                elif a.chunks != b.chunks or filters(a) != filters(b):
                    differences.append(f"{name}: other chunks or filters")
                elif not same_value(a[()], b[()]):
                    differences.append(f"{name}: the values differ")
            for key in sorted((set(a.attrs) | set(b.attrs)) - ignored):
                if key not in a.attrs or key not in b.attrs:
                    differences.append(f"{name} attribute {key}: in one file only")
                elif not same_value(a.attrs[key], b.attrs[key]):
                    differences.append(f"{name} attribute {key}: the values differ")
    for d in differences:
        print(d)
    sys.exit(1 if differences else 0)


main()
