#!/bin/bash
# Installs the Debian packages phaselearn needs (only those missing), then configures
# and builds into build/. Safe to re-run: with everything in place it only rebuilds.
# Usage: scripts/setup.sh [extra cmake arguments, e.g. -DPHASELEARN_NATIVE=OFF]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake pkg-config git openmpi-bin libopenmpi-dev
          libhdf5-openmpi-dev hdf5-tools libboost-mpi-dev libboost-program-options-dev
          libboost-test-dev libeigen3-dev librandom123-dev libbenchmark-dev gnuplot-nox
          python3-h5py)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -q \
    --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j"$(nproc)"
echo "setup: built build/src/app/phaselearn"
