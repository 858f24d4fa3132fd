#!/bin/bash
# One training step on XY inputs (issue 11 target: >= 2x PyTorch on one core, 2 x 32 x 32
# -> 100 -> 2, Adam, batch 64), and the Ising-shaped step (900 -> 100 -> 2) beside it,
# each against its PyTorch peer, in one run on one core. Ratios, never absolute speeds,
# compare across machines. Usage: bench/ml/bench_xy.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
ours() {  # wall-clock samples/s of one Google Benchmark entry NAME/BATCH (as PyTorch's)
  taskset -c 0 "$build/bench/ml/bench_train" --benchmark_filter="^$1\$" \
    --benchmark_min_time=2 --benchmark_format=csv 2>/dev/null |
    awk -F, -v name="\"$1\"" -v batch="${1#*/}" '$1 == name {print batch * 1e6 / $3}'
}
torch() {  # Debian's PyTorch, run as ../shared/bench-refs/README.md says
  taskset -c 0 env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$1" 1 |
    sed 's/.*samples\/s=\([0-9]*\).*/\1/'
}
xy=$(ours BM_XyTrainStep/64)
xy_torch=$(torch "$root/bench/ml/torch_xy_mlp_bench.py")
ising=$(ours BM_TrainStep/64)
refs=${BENCH_REFS:-$root/../shared/bench-refs}  # from a worktree: BENCH_REFS=/work/shared/bench-refs
[ -f "$refs/torch_mlp_bench.py" ] || refs=/work/shared/bench-refs
ising_torch=$(torch "$refs/torch_mlp_bench.py")
awk -v a="$xy" -v b="$xy_torch" -v c="$ising" -v d="$ising_torch" 'BEGIN {
  printf "XY    2048-100-2 batch 64: phaselearn %.0f samples/s, PyTorch %.0f: %.2fx\n", a, b, a / b
  printf "Ising  900-100-2 batch 64: phaselearn %.0f samples/s, PyTorch %.0f: %.2fx\n", c, d, c / d }'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
