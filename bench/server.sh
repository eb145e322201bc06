#!/usr/bin/env bash
# The hosted server under load, on each backend: ACCOUNTS accounts of PEOPLE people each.
#
#   bench/server.sh [ACCOUNTS] [PEOPLE] [SECONDS] [BACKENDS]
#       defaults: 1000 accounts, 1000 people, 20 s per page, "sqlite postgres"
#
# Builds the release binary, generates one demo network of PEOPLE people, and gives every
# account a copy of it: on SQLite a copy of the file (accounts/<id>.db); on PostgreSQL the
# first account's rows imported with `server import-account`, then copied to the others
# in SQL by the cluster's superuser (triggers off, ids kept), then vacuumed. The PostgreSQL
# cluster is a throwaway one from .ci/postgres, stopped at exit. Every account sets its password
# through its one-time link and logs in (curl), which times argon2 per login; every
# account's Today is opened once (timed); then wrk (Debian's, /usr/bin/wrk) requests a
# Person page at a random id of a random account, and Today (`/`) of a random account,
# each with that account's session cookie (a Lua script spreads the requests), offered on
# a schedule at 500 requests/s. The PostgreSQL cluster has PG_SHARED_BUFFERS (4GB) of
# shared buffers. Prints a Markdown table of the
# rate reached and p50/p99 latency, the server's resident and peak memory, and the median
# and p90 login time, and how long every account's first Today took (its day settled,
# its plan kept until the account changes). Target (issue 15): p99 <= 50 ms at 500 requests/s, login <= 300 ms.
# Every account stays open (--open-accounts ACCOUNTS, or OPEN_ACCOUNTS=N to bound it), so
# the figures are those of a server whose accounts' caches are warm.
set -euo pipefail
cd "$(dirname "$0")/.."
accounts="${1:-1000}"
people="${2:-1000}"
seconds="${3:-20}"
backends="${4:-sqlite postgres}"
rate=500
connections=16
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
if [ -z "${WARMLINE_BIN:-}" ]; then
  cargo build --release -q -p warmline
fi
bin="${WARMLINE_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/release/warmline}"
out="$PWD/bench/out"
mkdir -p "$out"
export WARMLINE_TODAY=2026-11-25 NO_COLOR=1
password="copper kettles sing at dawn"

demo="$out/server-demo-$people.db"
json="$out/server-demo-$people.json"
if [ ! -f "$json" ]; then
  rm -f "$demo"
  "$bin" --db "$demo" demo --size "$people" --no-serve >/dev/null
  "$bin" --db "$demo" export json >"$json"
fi

pg_dir=""
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "$pg_dir" ] && .ci/postgres stop "$pg_dir" || true
}
trap cleanup EXIT

# Starts `server run` on DATA; sets $server and $addr.
start() {
  local data="$1" log="$1/server.log"
  "$bin" server run --data "$data" --port 0 --open-accounts "${OPEN_ACCOUNTS:-$accounts}" >"$log" 2>/dev/null &
  server=$!
  addr=""
  for _ in $(seq 1 400); do
    addr=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" || true)
    [ -n "$addr" ] && break
    sleep 0.05
  done
  [ -n "$addr" ] || { echo "the server did not start" >&2; exit 1; }
}

# Invites ACCOUNTS accounts (links into $1/links).
invite() {
  local data="$1"
  : >"$data/links"
  for i in $(seq 1 "$accounts"); do
    "$bin" --json server user add "user$i@example.com" --data "$data" |
      grep -o '"link": "[^"]*"' | cut -d'"' -f4 | sed 's|.*/set-password/||' >>"$data/links"
  done
}

# Sets every password through its link, then logs every account in; the logins' times
# go to $1/logins and their cookies to $1/cookies.lua.
log_everyone_in() {
  local data="$1" csrf
  csrf=$(printf '%064d' 0)
  local common=(-s -o /dev/null -H "Cookie: warmline_csrf=$csrf" -H "Origin: $addr")
  local i=0
  while read -r token; do
    i=$((i + 1))
    curl "${common[@]}" --data-urlencode "csrf=$csrf" --data-urlencode "password=$password" \
      --data-urlencode "confirm=$password" "$addr/set-password/$token"
  done <"$data/links"
  : >"$data/logins"
  : >"$data/cookie-values"
  for i in $(seq 1 "$accounts"); do
    curl -s -o /dev/null -D "$data/head" -w '%{time_total}\n' -H "Cookie: warmline_csrf=$csrf" \
      -H "Origin: $addr" --data-urlencode "csrf=$csrf" --data-urlencode "email=user$i@example.com" \
      --data-urlencode "password=$password" "$addr/login" >>"$data/logins"
    grep -io 'warmline_session=[0-9a-f]*' "$data/head" | head -1 >>"$data/cookie-values"
  done
  {
    echo "cookies = {"
    sed "s/.*/  \"warmline_csrf=$csrf; &\",/" "$data/cookie-values"
    echo "}"
  } >"$data/cookies.lua"
}

# A wrk script: PATH_KIND "person" or "today", paced to $rate requests/s in all. Each of
# wrk's threads sends on a schedule of its own (one request every THREADS/RATE seconds,
# whichever of its connections is free), read from the monotonic clock: a fixed pause
# after each answer would offer less the slower the answers, and the rate would then
# fall with the latency it is meant to hold.
threads=2
lua() {
  local data="$1" kind="$2"
  cat "$data/cookies.lua"
  cat <<LUA
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } warmline_timespec;
int clock_gettime(int clock, warmline_timespec *tp);
]]
local now = ffi.new("warmline_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, now)
  return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
end
local period_ms = $threads * 1000 / $rate
local next_ms = nil
request = function()
  local cookie = cookies[math.random(1, #cookies)]
  local path = "/"
  if "$kind" == "person" then path = "/people/" .. math.random(1, $people) end
  return wrk.format("GET", path, { ["Cookie"] = cookie })
end
delay = function()
  local t = now_ms()
  if next_ms == nil then next_ms = t + math.random() * period_ms end
  next_ms = next_ms + period_ms
  return math.max(0, math.floor(next_ms - t))
end
LUA
}

measure() {
  local backend="$1" data="$2"
  start "$data"
  log_everyone_in "$data"
  local login_p50 login_p90 first_today=""
  login_p50=$(sort -n "$data/logins" | awk '{a[NR]=$1} END {printf "%.0f", a[int(NR*0.5)+1]*1000}')
  login_p90=$(sort -n "$data/logins" | awk '{a[NR]=$1} END {printf "%.0f", a[int(NR*0.9)]*1000}')
  # Every account once before either page is timed, as a server that has been up a while
  # has them: its first request of the day settles the day (a write, and a commit the
  # disk must keep) and opens its database; Today computes its plan, kept until the
  # account changes. Timed on its own, 4 at a time.
  local began=$SECONDS
  xargs -P 4 -I{} curl -s -o /dev/null -H "Cookie: {}" "$addr/" <"$data/cookie-values"
  first_today="every account's first Today (its day settled, its plan computed), 4 at a time: $((SECONDS - began)) s for $accounts"
  for kind in person today; do
    lua "$data" "$kind" >"$data/$kind.lua"
    # Then 5 s of the page, which fills the caches it reads through.
    wrk -t"$threads" -c"$connections" -d5s -s "$data/$kind.lua" "$addr" >/dev/null
    local result rps p50 p99 errors
    result=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$data/$kind.lua" "$addr")
    rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$result")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$result")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$result")
    errors=$(grep -E 'Non-2xx|Socket errors' <<<"$result" || true)
    local label='Person page (random account, random id)'
    [ "$kind" = today ] && label='`/` Today (random account)'
    printf '| %s | %s | %s | %s | %s |\n' "$backend" "$label" "$rps" "$p50" "$p99"
    [ -z "$errors" ] || echo "    ($backend $kind: $errors)" >&2
  done
  local rss hwm
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status")
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$server/status")
  memory+=("$backend: $((rss / 1024)) MiB resident, peak $((hwm / 1024)) MiB; login (argon2id and the round trip) median ${login_p50} ms, p90 ${login_p90} ms; $first_today")
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=""
}

memory=()
echo "| backend | page ($accounts accounts x $people people, $rate requests/s offered) | requests/s | p50 | p99 |"
echo "|---|---|---|---|---|"
for backend in $backends; do
  data="$out/server-$backend-$accounts-$people"
  rm -rf "$data"
  if [ "$backend" = sqlite ]; then
    "$bin" server init --data "$data" >/dev/null
    invite "$data"
    "$bin" server import-account user1@example.com "$json" --data "$data" >/dev/null
    for i in $(seq 2 "$accounts"); do
      cp "$data/accounts/1.db" "$data/accounts/$i.db"
    done
  else
    # The cluster's buffers sized for the accounts' rows, as a server for a thousand
    # job seekers would be set up (PostgreSQL's 128 MB default holds a tenth of them):
    # PG_SHARED_BUFFERS, 4GB unless set.
    eval "$(WARMLINE_PG_SETTINGS="-c shared_buffers=${PG_SHARED_BUFFERS:-4GB}" .ci/postgres start)"
    pg_dir="$WARMLINE_TEST_POSTGRES_DIR"
    "$bin" server init --data "$data" --postgres "$WARMLINE_TEST_POSTGRES_OWNER" >/dev/null
    invite "$data"
    "$bin" server import-account user1@example.com "$json" --data "$data" >/dev/null
    super="host=$pg_dir user=postgres dbname=warmline"
    pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    "$pgbin/psql" "$super" -v ON_ERROR_STOP=1 -q <<SQL
SET session_replication_role = replica;
DO \$\$
DECLARE t text; cols text; picked text;
BEGIN
  FOR t IN SELECT c.relname FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relrowsecurity
  LOOP
    SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position),
           string_agg(CASE WHEN column_name = 'account_id' THEN 'a.id'
                           ELSE 't.' || quote_ident(column_name) END, ', ' ORDER BY ordinal_position)
      INTO cols, picked
      FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = t AND is_generated = 'NEVER';
    EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM %I t, generate_series(2, $accounts) a(id)
                    WHERE t.account_id = 1', t, cols, picked, t);
  END LOOP;
END \$\$;
SQL
    # A cluster that has been up a while has vacuumed its tables (hint bits set, the
    # visibility map built); freshly copied rows would otherwise have autovacuum walk
    # them during the run, on the same two cores.
    "$pgbin/psql" "$super" -v ON_ERROR_STOP=1 -q -c "VACUUM ANALYZE"
  fi
  measure "$backend" "$data"
  if [ "$backend" = postgres ]; then
    .ci/postgres stop "$pg_dir"
    pg_dir=""
  fi
done
echo
for m in "${memory[@]}"; do echo "- $m"; done
