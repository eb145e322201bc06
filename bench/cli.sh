#!/usr/bin/env bash
# Whole-process timings of the everyday commands on a generated network.
#
#   bench/cli.sh [PEOPLE]        (default 10000)
#
# Builds the release binary, generates a demo network of PEOPLE people into
# bench/out/cli-PEOPLE.db, then times each command with hyperfine (installed with
# `apt-get install hyperfine` if missing) and prints a Markdown table of medians.
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-10000}"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release -q
bin="$PWD/target/release/warmline"
mkdir -p bench/out
db="bench/out/cli-$people.db"
export WARMLINE_TODAY=2026-11-25 WARMLINE_DB="$db" NO_COLOR=1
if [ ! -f "$db" ]; then
  start=$(date +%s.%N)
  "$bin" demo --size "$people" --no-serve | head -2 | tail -1
  echo "generated in $(python3 -c "import time; print(round(time.time() - $start, 2))") s"
fi
name=$("$bin" --json list --sort warmth | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["name"])')
# A part of a name that names exactly one person, typed in lower case without accents.
part=$("$bin" --json list | python3 -c '
import json, sys, unicodedata
fold = lambda s: " ".join("".join(c if c.isalnum() else " " for c in unicodedata.normalize("NFD", s.lower()) if not unicodedata.combining(c)).split())
names = [fold(p["name"]) for p in json.load(sys.stdin)]
for n in names:
    words = n.split()
    cand = " ".join(w[:-1] if len(w) > 3 else w for w in words)
    hits = [m for m in names if all(any(x.startswith(c) for x in m.split()) for c in cand.split())]
    if len(hits) == 1:
        print(cand); break
')
hyperfine -N --warmup 3 --runs 40 --export-json bench/out/cli.json \
  -n "show (exact name)" "$bin show '$name'" \
  -n "show (id)" "$bin show 5000" \
  -n "show (part of a name)" "$bin show '$part'" \
  -n "find one word" "$bin find climbing" \
  -n "find two words" "$bin find 'portland sourdough'" \
  -n "find one letter" "$bin find a" \
  -n "today" "$bin today" \
  -n "list --due" "$bin list --due" \
  -n "list --limit 50" "$bin list --limit 50" \
  -n "stats" "$bin stats" \
  -n "review" "$bin review" \
  -n "matches" "$bin matches" \
  -n "goal candidates" "$bin goal candidates 'Break into PR'" >/dev/null
python3 - "$people" <<'PY'
import json, sys
runs = json.load(open("bench/out/cli.json"))["results"]
print(f"\n| command ({sys.argv[1]} people) | median | min | max |")
print("|---|---|---|---|")
for r in runs:
    print(f"| `{r['command']}` | {r['median']*1000:.1f} ms | {r['min']*1000:.1f} ms | {r['max']*1000:.1f} ms |")
PY
