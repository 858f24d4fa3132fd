#!/bin/bash
# Runs a job with mpirun on this machine: `phaselearn run` (sample, then train), which
# ends by printing the temperature where P(ordered) crosses 0.5.
# Usage: scripts/run-local.sh [JOB_FILE] [--key=value ...]     (NP=<ranks>, default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/mpi-env.sh
job=${1:-jobs/quick.ini}
shift || true
exec mpirun -n "${NP:-2}" build/src/app/phaselearn run "$job" "$@"
