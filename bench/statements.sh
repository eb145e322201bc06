#!/usr/bin/env bash
# How many statements one request sends PostgreSQL, counted from the cluster's own
# statement log (`log_statement = all`): each `statement:` or `execute` line is one
# message the server waited on.
#
#   bench/statements.sh [PEOPLE] [PAGE...]
#       defaults: 200 people, pages /people/1 and /
#
# A throwaway cluster from .ci/postgres (stopped at exit), one account holding a demo
# network of PEOPLE people (`server import-account`), logged in through its set-password
# link; each PAGE is fetched three times (the first fills the pooled connection's
# statement cache and, for Today, the kept plan) and the statements of the last are
# counted and, with VERBOSE=1, printed.
#
# With DURATIONS=N it times instead of counting: PostgreSQL logs every statement's
# duration (`log_min_duration_statement = 0`), N Person pages at random ids are fetched
# after 30 to warm up, and the time each statement took in the database (planning in
# "bind", running in "execute") is summed per page, the costliest first.
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-200}"
shift || true
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(/people/1 /)
if [ -z "${WARMLINE_BIN:-}" ]; then
  cargo build -q -p warmline
fi
bin="${WARMLINE_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/debug/warmline}"
out="$PWD/bench/out"
mkdir -p "$out"
export WARMLINE_TODAY=2026-11-25 NO_COLOR=1
password="copper kettles sing at dawn"

json="$out/statements-demo-$people.json"
if [ ! -f "$json" ]; then
  demo="$out/statements-demo-$people.db"
  rm -f "$demo"
  "$bin" --db "$demo" demo --size "$people" --no-serve >/dev/null
  "$bin" --db "$demo" export json >"$json"
fi

data=$(mktemp -d /tmp/warmline-statements.XXXXXX)
server=""
pg_dir=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "$pg_dir" ] && .ci/postgres stop "$pg_dir" || true
  rm -rf "$data"
}
trap cleanup EXIT

eval "$(.ci/postgres start)"
pg_dir="$WARMLINE_TEST_POSTGRES_DIR"
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
psql=("$pgbin/psql" "host=$pg_dir user=postgres dbname=warmline" -v ON_ERROR_STOP=1 -q)
"$bin" server init --data "$data" --postgres "$WARMLINE_TEST_POSTGRES_OWNER" >/dev/null
token=$("$bin" --json server user add user1@example.com --data "$data" |
  grep -o '"link": "[^"]*"' | cut -d'"' -f4 | sed 's|.*/set-password/||')
"$bin" server import-account user1@example.com "$json" --data "$data" >/dev/null
"${psql[@]}" -c "VACUUM ANALYZE"

"$bin" server run --data "$data" --port 0 >"$data/server.out" 2>/dev/null &
server=$!
addr=""
for _ in $(seq 1 400); do
  addr=$(grep -o 'http://127.0.0.1:[0-9]*' "$data/server.out" || true)
  [ -n "$addr" ] && break
  sleep 0.05
done
[ -n "$addr" ] || { echo "the server did not start" >&2; exit 1; }

csrf=$(printf '%064d' 0)
common=(-s -o /dev/null -H "Cookie: warmline_csrf=$csrf" -H "Origin: $addr")
curl "${common[@]}" --data-urlencode "csrf=$csrf" --data-urlencode "password=$password" \
  --data-urlencode "confirm=$password" "$addr/set-password/$token"
curl "${common[@]}" -D "$data/head" --data-urlencode "csrf=$csrf" \
  --data-urlencode "email=user1@example.com" --data-urlencode "password=$password" "$addr/login"
cookie="warmline_csrf=$csrf; $(grep -io 'warmline_session=[0-9a-f]*' "$data/head" | head -1)"

log="$pg_dir/server.log"
if [ -n "${DURATIONS:-}" ]; then
  "${psql[@]}" -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" >/dev/null
  sleep 0.5
  for _ in $(seq 1 30); do
    curl -s -o /dev/null -H "Cookie: $cookie" "$addr/people/$((RANDOM % people + 1))"
  done
  sleep 0.5
  from=$(wc -l <"$log")
  for _ in $(seq 1 "$DURATIONS"); do
    curl -s -o /dev/null -H "Cookie: $cookie" "$addr/people/$((RANDOM % people + 1))"
  done
  sleep 0.5
  # A logged statement spans several lines; its first holds the duration and the start
  # of its text, which names it well enough.
  tail -n +"$((from + 1))" "$log" | awk -v pages="$DURATIONS" '
    match($0, /duration: [0-9.]+ ms +(statement|execute|bind|parse)[^:]*: /) {
      split(substr($0, RSTART, RLENGTH), f, " ")
      phase = f[4]
      text = substr($0, RSTART + RLENGTH, 70)
      key = sprintf("%-9s %s", phase, text)
      spent[key] += f[2]; total += f[2]
    }
    END {
      printf "%.3f ms a page in the database\n", total / pages
      for (k in spent) printf "%8.3f ms  %s\n", spent[k] / pages, k | "sort -rn | head -12"
    }'
  exit 0
fi
"${psql[@]}" -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
sleep 0.5
echo "| page | statements |"
echo "|---|---|"
for page in "${pages[@]}"; do
  for _ in 1 2; do
    curl -s -o /dev/null -H "Cookie: $cookie" "$addr$page"
  done
  sleep 0.3
  from=$(wc -l <"$log")
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$addr$page")
  sleep 0.3
  lines=$(tail -n +"$((from + 1))" "$log" | grep -E 'LOG:  (statement|execute)' || true)
  n=$(grep -c . <<<"$lines" || true)
  printf '| `%s` (%s) | %s |\n' "$page" "$status" "$n"
  if [ -n "${VERBOSE:-}" ]; then
    sed -E 's/.*LOG:  //' <<<"$lines" | cut -c1-160
  fi
done
