#!/usr/bin/env bash
# Whole-process timings of `warmline matches` (and of `today`, which asks the matchmaker
# for its give item) on a generated network.
#
#   bench/matches.sh [PEOPLE] [NEEDS] [OFFERS]      (default 10000 2000 2000)
#
# Generates the network once into bench/out/ with the bench_network example (needs and
# offers drawn from twenty skills in a few phrasings, a fifth of people with a hobby),
# then times the commands with hyperfine and prints a Markdown table of medians.
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-10000}"
needs="${2:-2000}"
offers="${3:-2000}"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
target="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release -q --bin warmline --example bench_network
# A private copy: a target directory shared with another checkout may be rebuilt under us.
mkdir -p bench/out/bin
cp "$target/release/warmline" "$target/release/examples/bench_network" bench/out/bin/
bin="$PWD/bench/out/bin/warmline"
db="bench/out/matches-$people-$needs-$offers.db"
if [ ! -f "$db" ]; then
  bench/out/bin/bench_network "$db" --people "$people" --links $((people * 5)) \
    --orgs $((people / 50 + 1)) --needs "$needs" --offers "$offers"
fi
export WARMLINE_TODAY=2026-11-25 WARMLINE_DB="$db" NO_COLOR=1
echo "$("$bin" --json matches --limit 1000000 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') introductions proposed"
hyperfine -N --warmup 3 --runs 20 --export-json bench/out/matches.json \
  -n "matches" "$bin matches" \
  -n "matches --json" "$bin --json matches" \
  -n "today (its give item uses the matchmaker)" "$bin today" >/dev/null
python3 - "$people" "$needs" "$offers" <<'PY'
import json, sys
runs = json.load(open("bench/out/matches.json"))["results"]
p, n, o = (int(x) for x in sys.argv[1:])
print(f"\n| command ({p:,} people, {n:,} needs, {o:,} offers) | median | min | max |")
print("|---|---|---|---|")
for r in runs:
    print(f"| `{r['command']}` | {r['median']*1000:.1f} ms | {r['min']*1000:.1f} ms | {r['max']*1000:.1f} ms |")
PY
