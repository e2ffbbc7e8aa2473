#!/usr/bin/env bash
# Wall time of the quickstart pipeline cold (empty store) and warm (all cache hits), 3 times each.
# Usage: bash bench/quickstart.sh [build dir]   (goal: warm under 0.5 s)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/build}/bin/persona"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
printf "%-6s %-8s %-8s %-8s\n" run try1 try2 try3
cold=(); warm=()
for i in 1 2 3; do
  rm -rf "$work/.persona"
  cold+=("$(cd "$work" && seconds "$bin" run "$root/pipelines/quickstart.yaml")")
  warm+=("$(cd "$work" && seconds "$bin" run "$root/pipelines/quickstart.yaml")")
done
printf "%-6s %-8.3f %-8.3f %-8.3f\n" cold "${cold[@]}"
printf "%-6s %-8.3f %-8.3f %-8.3f\n" warm "${warm[@]}"
best_cold=$(printf "%s\n" "${cold[@]}" | sort -n | head -1)
best_warm=$(printf "%s\n" "${warm[@]}" | sort -n | head -1)
printf "best cold %.3f s, best warm %.3f s, cold/warm %.1fx\n" "$best_cold" "$best_warm" "$(echo "$best_cold / $best_warm" | bc -l)"
