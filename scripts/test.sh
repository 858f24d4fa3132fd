#!/bin/bash
# Sets up (packages, build) and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh "$@"
source scripts/mpi-env.sh
cd build
ctest --output-on-failure -j2
