#!/usr/bin/env bash
# Peak resident memory and seconds per epoch of BSARec training on Amazon Beauty (bench/bsarec-memory.yaml)
# with the training loop's heap hand-back off (heap_release_mb 0) and on (the default, 1024), the two
# runs side by side in one go so that they share the machine alike.
# Usage: bash bench/heap_release.sh [data dir] [build dir] [epochs]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/amazon-beauty}"
bin="${2:-$root/build}/bin/persona"
epochs="${3:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One training run with its own store (exec: run it with & and $! is the persona process).
train_run() {
  exec "$bin" --store "$work/$1.db" run "$root/bench/bsarec-memory.yaml" --no-cache \
    --set params.data="$data" --set params.epochs="$epochs" --set params.heap_release_mb="$1" \
    >"$work/$1.log" 2>&1
}

# Samples a process's peak resident memory (VmHWM, MB) every second until it ends; prints the last.
peak_mb() {
  local peak=0 now
  while kill -0 "$1" 2>/dev/null; do
    now=$(awk '/VmHWM/{print int($2 / 1024)}' "/proc/$1/status" 2>/dev/null || true)
    [ -n "$now" ] && peak=$now
    sleep 1
  done
  echo "$peak"
}

# Mean seconds per epoch after the first, and the hand-back count, from the step's training note.
epoch_seconds() {
  exec "$bin" --store "$work/$1.db" runs show last --json | python3 -c '
import json, sys
run = json.load(sys.stdin)
note = next(s for s in run["steps"] if s["id"] == "bsarec")["notes"]["training"]
seconds = [e["seconds"] for e in note["curve"]]
laps = [b - a for a, b in zip([0.0] + seconds, seconds)]
laps = laps[1:] if len(laps) > 1 else laps
print("%.1f %d" % (sum(laps) / len(laps), note.get("heap_releases", 0)))'
}

train_run 0 &
off_pid=$!
train_run 1024 &
on_pid=$!
peak_mb "$off_pid" >"$work/0.peak" &
peak_mb "$on_pid" >"$work/1024.peak" &
failed=0
wait "$off_pid" || failed=1
wait "$on_pid" || failed=1
wait
if [ "$failed" = 1 ]; then tail -5 "$work"/*.log; exit 1; fi
read -r off_s off_n < <(epoch_seconds 0)
read -r on_s on_n < <(epoch_seconds 1024)
printf "%-20s %14s %12s %14s\n" heap_release_mb "peak RSS (MB)" "s/epoch" "hand-backs"
printf "%-20s %14s %12s %14s\n" "0 (off)" "$(cat "$work/0.peak")" "$off_s" "$off_n"
printf "%-20s %14s %12s %14s\n" "1024 (default)" "$(cat "$work/1024.peak")" "$on_s" "$on_n"
printf "time ratio on/off: %.2f\n" "$(echo "$on_s / $off_s" | bc -l)"
