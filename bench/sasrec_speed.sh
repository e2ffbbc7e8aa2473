#!/usr/bin/env bash
# Seconds per SASRec training epoch on Amazon Beauty, original configuration (max length 50, dim 50,
# 2 blocks, 1 head, dropout 0.5, batch 128, BCE with 1 negative), side by side in one run:
#   python   bench/python/sasrec_reference.py (PyTorch 1.13 from Debian's python3-torch)
#   padded   model.sasrec path=padded (plain LibTorch ops, the reference path)
#   packed   model.sasrec path=packed (the fast path: real positions only, hand-written attention)
# Usage: bash bench/sasrec_speed.sh [data dir] [build dir] [epochs]   (goal: packed <= python / 2)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/amazon-beauty}"
bin="${2:-$root/build}/bin/persona"
epochs="${3:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Mean seconds per epoch after the first (warm-up) epoch, from the step's training curve.
persona_epoch() {
  "$bin" --store "$work/store.db" run "$root/bench/sasrec-epoch.yaml" --no-cache \
    --set params.data="$data" --set params.epochs="$epochs" --set params.path="$1" >/dev/null 2>&1
  "$bin" --store "$work/store.db" runs show last --json | python3 -c '
import json, sys
run = json.load(sys.stdin)
step = next(s for s in run["steps"] if s["id"] == "sasrec")
seconds = [e["seconds"] for e in step["notes"]["training"]["curve"]]
laps = [b - a for a, b in zip([0.0] + seconds, seconds)]
laps = laps[1:] if len(laps) > 1 else laps
print("%.3f" % (sum(laps) / len(laps)))'
}

python_epoch() {
  # torch's default thread count (the faster setting for the Python version on the 2-core machine)
  /usr/bin/python3 "$root/bench/python/sasrec_reference.py" --data "$data/Beauty.txt" --epochs "$epochs" \
    | python3 -c '
import sys, re
laps = [float(m.group(1)) for m in (re.search(r"^epoch \d+: ([0-9.]+) s wall", l) for l in sys.stdin) if m]
laps = laps[1:] if len(laps) > 1 else laps
print("%.3f" % (sum(laps) / len(laps)))'
}

py=$(python_epoch)
padded=$(persona_epoch padded)
packed=$(persona_epoch packed)
printf "%-36s %12s %10s\n" implementation "s/epoch" "vs python"
printf "%-36s %12s %10s\n" "python sasrec_reference.py" "$py" "1.00x"
printf "%-36s %12s %9.2fx\n" "model.sasrec path=padded (reference)" "$padded" "$(echo "$py / $padded" | bc -l)"
printf "%-36s %12s %9.2fx\n" "model.sasrec path=packed (fast)" "$packed" "$(echo "$py / $packed" | bc -l)"
