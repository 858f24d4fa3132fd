#!/bin/bash
# One VAE training step (issue 12 target: >= 2x PyTorch on one core; the shape of
# ../shared/bench-refs/torch_vae_bench.py: 2 x 32 x 32 -> 256 -> 2 x 4, decoder
# 4 -> 256 -> 3 x 32 x 32, Adam, batch 64), ours and PyTorch's alternated in one run on
# one core, and the ratio. Ratios, never absolute speeds, compare across machines.
# Usage: bench/ml/bench_vae.sh [BUILD_DIR] (REPEATS=<n>, default 3)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
# The peer scripts: ../shared/bench-refs beside the main checkout (../../shared from a
# worktree under /work/wt/), or BENCH_REFS. PyTorch: apt-get install -y python3-torch
# libopenblas0-openmp (bench/README.md).
refs=${BENCH_REFS:-}
for d in "$root/../shared/bench-refs" "$root/../../shared/bench-refs"; do
  [ -n "$refs" ] || { [ -f "$d/torch_vae_bench.py" ] && refs=$d; }
done
[ -n "$refs" ] || { echo "bench_vae.sh: no torch_vae_bench.py in ../shared/bench-refs; set BENCH_REFS" >&2; exit 2; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
ours() {  # samples/s of BM_VaeStep/64 (wall clock, as PyTorch's)
  taskset -c 0 "$build/bench/ml/bench_vae" --benchmark_filter='^BM_VaeStep/64/real_time$' \
    --benchmark_min_time=3 --benchmark_format=csv 2>/dev/null |
    awk -F, '$1 == "\"BM_VaeStep/64/real_time\"" {print 64 * 1e3 / $3}'
}
torch() {  # Debian's PyTorch, run as ../shared/bench-refs/README.md says
  taskset -c 0 env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 \
    "$refs/torch_vae_bench.py" 1 | sed 's/.*samples\/s=\([0-9]*\).*/\1/'
}
for ((k = 1; k <= ${REPEATS:-3}; ++k)); do
  a=$(ours)
  b=$(torch)
  awk -v a="$a" -v b="$b" -v k="$k" 'BEGIN {
    printf "run %d: VAE step batch 64: phaselearn %.0f samples/s, PyTorch %.0f: %.2fx\n", k, a, b, a / b }'
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
