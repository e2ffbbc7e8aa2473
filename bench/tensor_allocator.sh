#!/usr/bin/env bash
# Peak resident memory and seconds per epoch of BSARec training on Amazon Beauty (bench/bsarec-memory.yaml)
# with the training loop's CPU tensor allocator `libtorch` (LibTorch's posix_memalign) and `malloc` (the
# default), the two runs side by side in one go so that they share the machine alike.
# Usage: bash bench/tensor_allocator.sh [data dir] [build dir] [epochs]
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
    --set params.data="$data" --set params.epochs="$epochs" --set params.allocator="$1" \
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

# Mean seconds per epoch after the first, from the step's training note.
epoch_seconds() {
  exec "$bin" --store "$work/$1.db" runs show last --json | python3 -c '
import json, sys
run = json.load(sys.stdin)
note = next(s for s in run["steps"] if s["id"] == "bsarec")["notes"]["training"]
seconds = [e["seconds"] for e in note["curve"]]
laps = [b - a for a, b in zip([0.0] + seconds, seconds)]
laps = laps[1:] if len(laps) > 1 else laps
print("%.1f" % (sum(laps) / len(laps)))'
}

train_run libtorch &
libtorch_pid=$!
train_run malloc &
malloc_pid=$!
peak_mb "$libtorch_pid" >"$work/libtorch.peak" &
peak_mb "$malloc_pid" >"$work/malloc.peak" &
failed=0
wait "$libtorch_pid" || failed=1
wait "$malloc_pid" || failed=1
wait
if [ "$failed" = 1 ]; then tail -5 "$work"/*.log; exit 1; fi
libtorch_s=$(epoch_seconds libtorch)
malloc_s=$(epoch_seconds malloc)
printf "%-28s %14s %12s\n" allocator "peak RSS (MB)" "s/epoch"
printf "%-28s %14s %12s\n" "libtorch (posix_memalign)" "$(cat "$work/libtorch.peak")" "$libtorch_s"
printf "%-28s %14s %12s\n" "malloc (default)" "$(cat "$work/malloc.peak")" "$malloc_s"
printf "time ratio malloc/libtorch: %.2f\n" "$(echo "$malloc_s / $libtorch_s" | bc -l)"
