#!/usr/bin/env bash
# One command: install packages, build, and run the whole test suite (CTest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
cd build && ctest --output-on-failure --timeout 900 -j "$(nproc)"
