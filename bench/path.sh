#!/usr/bin/env bash
# Whole-process timings of `warmline path` on a generated network (SPEC §6: ≤ 100 ms at
# 100,000 people and 1,000,000 links).
#
#   bench/path.sh [PEOPLE] [LINKS]        (default 100000 1000000)
#
# Generates the network once into bench/out/ with the bench_network example (people at
# 2,000 organisations, one in ten with a few interactions, links between random pairs,
# mostly of strength 2 to 4), then times `path` to single people and to organisations with
# hyperfine (installed with apt-get if missing) and prints a Markdown table of medians.
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-100000}"
links="${2:-1000000}"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
target="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release -q --bin warmline --example bench_network
# A private copy: a target directory shared with another checkout may be rebuilt under us.
mkdir -p bench/out/bin
cp "$target/release/warmline" "$target/release/examples/bench_network" bench/out/bin/
bin="$PWD/bench/out/bin/warmline"
db="bench/out/path-$people-$links.db"
if [ ! -f "$db" ]; then
  bench/out/bin/bench_network "$db" --people "$people" --links "$links"
fi
export WARMLINE_TODAY=2026-11-25 WARMLINE_DB="$db" NO_COLOR=1
# How much of the network each target's search read, for the record.
for t in 777 12345 55555 99999 "Org 00042" "Org 01999"; do
  "$bin" --json path "$t" | python3 -c '
import json, sys
d = json.load(sys.stdin)
s, paths = d["searched"], d["paths"]
best = paths[0]["strength"] if paths else 0
print("%12s: %d paths, best %.2f; read %d people, searched %d, down to %s, whole network: %s"
      % (sys.argv[1], len(paths), best, s["expanded"], s["people"], s["down_to"], s["whole_network"]))
' "$t"
done
hyperfine -N --warmup 3 --runs 30 --export-json bench/out/path.json \
  -n "path to a person (#777)" "$bin path 777" \
  -n "path to a person (#12345)" "$bin path 12345" \
  -n "path to a person (#99999)" "$bin path 99999" \
  -n "path to an organisation (Org 00042)" "$bin path 'Org 00042'" \
  -n "path to an organisation (Org 01999)" "$bin path 'Org 01999'" >/dev/null
python3 - "$people" "$links" <<'PY'
import json, sys
runs = json.load(open("bench/out/path.json"))["results"]
print(f"\n| command ({int(sys.argv[1]):,} people, {int(sys.argv[2]):,} links) | median | min | max |")
print("|---|---|---|---|")
for r in runs:
    print(f"| `{r['command']}` | {r['median']*1000:.1f} ms | {r['min']*1000:.1f} ms | {r['max']*1000:.1f} ms |")
PY
