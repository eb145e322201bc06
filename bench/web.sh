#!/usr/bin/env bash
# Load on the web UI with wrk: the People list and Person pages of a generated network.
#
#   bench/web.sh [PEOPLE] [SECONDS]        (default 10000 people, 15 s per page)
#
# Builds the release binary, generates a demo network of PEOPLE people into
# bench/out/web-PEOPLE.db (once), serves it on a free loopback port, and runs wrk
# (installed with `apt-get install wrk` if missing) against each page with the cookie a
# browser would send. Prints a Markdown table of requests per second and latencies.
# Target (SPEC §6): p99 <= 20 ms and >= 2,000 requests/s for /people and /people/{id}.
# Ends with the server's resident and peak memory (from /proc), after all the pages.
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-10000}"
seconds="${2:-15}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -q
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/warmline"
mkdir -p bench/out
db="bench/out/web-$people.db"
export WARMLINE_TODAY=2026-11-25 NO_COLOR=1
if [ ! -f "$db" ]; then
  "$bin" --db "$db" demo --size "$people" --no-serve >/dev/null
fi

log=$(mktemp)
"$bin" --db "$db" serve --port 0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; rm -f "$log" "$script"' EXIT
# The server prints its address once it listens; poll for it.
for _ in $(seq 1 200); do
  addr=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" || true)
  [ -n "$addr" ] && break
  sleep 0.05
done
[ -n "$addr" ] || { cat "$log"; echo "the server did not start" >&2; exit 1; }

cookie="Cookie: warmline_csrf=$(printf '%064d' 0)"
# The first request computes everyone's summaries; the rest read them from memory.
curl -fsS -o /dev/null -H "$cookie" "$addr/people"

# Person pages at random ids, so no single page stays hot in SQLite's cache.
script=$(mktemp --suffix=.lua)
cat >"$script" <<LUA
math.randomseed(7)
request = function()
  return wrk.format("GET", "/people/" .. math.random(1, $people))
end
LUA

run() {
  local label="$1"; shift
  local out
  out=$(wrk -t2 -c16 -d"${seconds}s" --latency -H "$cookie" "$@")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" || true)
  printf '| %s | %s | %s | %s |\n' "$label" "$rps" "$p50" "$p99"
  [ -z "$errors" ] || echo "    ($label: $errors)" >&2
}

echo "| page ($people people) | requests/s | p50 | p99 |"
echo "|---|---|---|---|"
run '`/people`' "$addr/people"
run '`/people/{id}` (random ids)' -s "$script" "$addr"
run '`/people?page=100`' "$addr/people?page=100"
run '`/people?sort=warmth&due=1`' "$addr/people?sort=warmth&due=1"
run '`/people?q=climbing`' "$addr/people?q=climbing"
run '`/people?q=a` (one letter: names)' "$addr/people?q=a"
run '`/` (Today)' "$addr/"

# The server's memory once every page above has been served: resident now, and the peak.
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status")
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$server/status")
echo
echo "server memory at $people people: $((rss / 1024)) MiB resident, peak $((hwm / 1024)) MiB"
