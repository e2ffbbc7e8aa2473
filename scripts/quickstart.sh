#!/usr/bin/env bash
# One command from a fresh Debian 12 clone: install packages, build, run the quickstart pipeline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
build/bin/persona run pipelines/quickstart.yaml
