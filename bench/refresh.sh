#!/usr/bin/env bash
# The first page after a write from the command line: how long the web server takes to
# show `/people` (or another page) once `warmline log` has committed beside it.
#
#   bench/refresh.sh BINARY DATABASE [RUNS] [PAGE]   (default 10 runs of /people)
#   WRITE=0 bench/refresh.sh BINARY DATABASE 20 '/people?q=coffee'   (no writes: a page's
#                                                                    own time, warm)
#
# Serves DATABASE with BINARY on a free loopback port, loads PAGE once (everyone's
# summaries are computed then), and RUNS times logs a coffee with a random person from
# the command line and times the next load of PAGE with curl. Prints each time and the
# median, in milliseconds. Give a copy of a demo network, e.g. made with
#   warmline --db /tmp/net.db demo --size 100000 --no-serve
# since every run writes to it. Compare two binaries side by side, in the same minute.
set -euo pipefail
bin="$1"
db="$2"
runs="${3:-10}"
page="${4:-/people}"
export WARMLINE_TODAY="${WARMLINE_TODAY:-2026-11-25}" NO_COLOR=1

log=$(mktemp)
"$bin" --db "$db" serve --port 0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 600); do
  addr=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" || true)
  [ -n "$addr" ] && break
  sleep 0.1
done
[ -n "$addr" ] || { cat "$log"; echo "the server did not start" >&2; exit 1; }

cookie="Cookie: warmline_csrf=$(printf '%064d' 0)"
people=$("$bin" --db "$db" list --limit 1 | grep -o 'of [0-9,]* people' | tr -dc '0-9')
curl -fsS -o /dev/null -H "$cookie" "$addr$page"
times=()
for _ in $(seq 1 "$runs"); do
  who=$(((RANDOM * 32768 + RANDOM) % people + 1))
  if [ "${WRITE:-1}" != 0 ]; then
    "$bin" --db "$db" log "$who" "coffee to catch up" >/dev/null
  fi
  t=$(curl -fsS -o /dev/null -w '%{time_total}' -H "$cookie" "$addr$page")
  ms=$(awk -v t="$t" 'BEGIN {printf "%.1f", t * 1000}')
  times+=("$ms")
  echo "$ms ms"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {
  m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
  printf "median of %d: %.1f ms\n", NR, m }'
