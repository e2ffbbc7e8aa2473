#!/usr/bin/env bash
# profile.behavior + profile.rfm + profile.interests against the same computation in pandas (groupby), on
# Online Retail and MovieLens-100K: best wall time of several runs each, one thread, printed as a table with
# the ratio pandas / persona. Usage: bash bench/profiles_vs_pandas.sh [DATA_FOLDER]   (default ../shared/data)
# Needs a build (cmake --build build --target bench_profiles) and Debian's python3-pandas.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data}"
cmake --build build --target bench_profiles >/dev/null
ours=$(build/bin/bench_profiles "$data" 2>/dev/null)
theirs=$(/usr/bin/python3 bench/python/profiles_pandas.py "$data")
echo "| data | operator | persona (ms) | pandas (ms) | pandas / persona |"
echo "|---|---|---|---|---|"
join <(echo "$ours" | awk '{print $1"/"$2, $3}' | sort) <(echo "$theirs" | awk '{print $1"/"$2, $3}' | sort) |
  awk '{split($1, k, "/"); printf "| %s | %s | %.1f | %.1f | %.1fx |\n", k[1], k[2], $2 * 1000, $3 * 1000, $3 / $2}'
