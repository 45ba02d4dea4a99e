#!/usr/bin/env bash
# Runs every benchmark against a Release build and records the figures in
# bench/results/. usage: bench/run.sh BUILD_DIR
set -euo pipefail
build=${1:-build-bench}
here=$(cd "$(dirname "$0")" && pwd)
results="$here/results"
mkdir -p "$results"
stamp="$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m)"

# In-process benchmarks: each prints its figures and writes its own file.
for b in "$build"/bench/bench_*; do
  [ -x "$b" ] || continue
  name=$(basename "$b" | sed 's/^bench_//')
  echo "== $name"
  "$b" "$results/$name.txt"
done

# Whole-process figures: start-up, a headless scenario, a quiz, peak memory.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '1\n1\n10\n1\n' >"$tmp/a.txt"
for _ in 1 2 3 4 5 6 7 8 9 10; do echo 1; done >"$tmp/q.txt"
bdw="$build/bdw"
{
  echo "bdw whole-process timings ($stamp), hyperfine medians"
  hyperfine -N --warmup 3 --runs 30 --export-json "$tmp/h.json" \
    "$bdw --version" \
    "$bdw --db $tmp/p.db play core/athena-cost --seed 1 --answers $tmp/a.txt" \
    "$bdw --db $tmp/p.db quiz --count 10 --seed 1 --answers $tmp/q.txt" >/dev/null 2>&1
  python3 - "$tmp/h.json" "$bdw" "$tmp" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))['results']:
    cmd = r['command'].replace(sys.argv[2], 'bdw').replace(sys.argv[3], '$TMP')
    print(f"  {r['median'] * 1000:8.2f} ms  (min {r['min'] * 1000:.2f})  {cmd[:100]}")
PY
  /usr/bin/time -v "$bdw" --db "$tmp/p.db" play core/athena-cost --seed 1 --answers "$tmp/a.txt" \
    2>"$tmp/time.txt" >/dev/null
  echo "  peak RSS of a headless play: $(awk -F': ' '/Maximum resident/ {print $2}' "$tmp/time.txt") KB"
} | tee "$results/process.txt"
