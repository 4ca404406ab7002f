#!/usr/bin/env bash
# Profiles a release wp on a generated corpus (docs/performance.md, "Hotspots").
#
#   Benchmarks/profile.sh [WP] [WORKPLANS] [COMMAND...]
#   Benchmarks/profile.sh .build-bench/release/wp 1000 status
#
# perf (sampling, frame-pointer call graphs) when the kernel allows it; with
# CALLGRIND=1 also valgrind callgrind on the same command (exact inclusive costs;
# ~50x slower, use a small corpus). Debian's valgrind 3.19 gives up on Swift 6.3
# binaries ("Possibly corrupted debuginfo file"), so callgrind is off by default.
# Outputs land in bench-out/profile-<WORKPLANS>-<command>/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
wp="$(realpath "${1:-$root/.build-bench/release/wp}")"
size="${2:-1000}"
shift $(( $# >= 2 ? 2 : $# ))
cmd=("${@:-status}")
name="$(echo "${cmd[*]}" | tr -c 'A-Za-z0-9\n' '_')"
out="$root/bench-out/profile-$size-$name"
corpus="$root/bench-out/corpus-$size"
mkdir -p "$out"
if [ ! -f "$corpus/manifest.json" ]; then
  python3 "$root/Benchmarks/generate_corpus.py" "$corpus" --workplans "$size" >/dev/null
fi
repo="$corpus/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bench_repo"])' "$corpus/manifest.json")"
export WP_TODAY=2026-12-31 NO_COLOR=1
demangle() { if command -v swift-demangle >/dev/null 2>&1; then swift-demangle --simplified; else swift demangle --simplified; fi; }

if command -v perf >/dev/null 2>&1 && perf record -o "$out/perf.data" -g -- "$wp" "${cmd[@]}" -C "$repo" >/dev/null 2>"$out/perf.log"; then
  perf report -i "$out/perf.data" --no-children --sort symbol --stdio -g none --percent-limit 0.7 2>/dev/null \
    | demangle > "$out/perf-self.txt"
  perf report -i "$out/perf.data" --children --sort symbol --stdio -g none --percent-limit 2 2>/dev/null \
    | demangle > "$out/perf-children.txt"
  echo "perf: $out/perf-self.txt (self time), $out/perf-children.txt (inclusive)"
else
  echo "perf not usable here (see $out/perf.log)"
fi

if [ "${CALLGRIND:-0}" = 1 ] && command -v valgrind >/dev/null 2>&1; then
  valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" --dump-instr=no \
    "$wp" "${cmd[@]}" -C "$repo" >/dev/null 2>"$out/callgrind.log" || true
  if [ -s "$out/callgrind.out" ]; then
    (callgrind_annotate --inclusive=yes "$out/callgrind.out" 2>/dev/null || true) | demangle > "$out/callgrind-inclusive.txt"
    (callgrind_annotate "$out/callgrind.out" 2>/dev/null || true) | demangle > "$out/callgrind-self.txt"
    echo "callgrind: $out/callgrind-inclusive.txt, $out/callgrind-self.txt"
  else
    echo "callgrind failed (see $out/callgrind.log)"
  fi
fi
