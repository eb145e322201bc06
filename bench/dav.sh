#!/usr/bin/env bash
# CardDAV sync with a real client: vdirsyncer's first sync of PEOPLE contacts into an
# empty folder, then an incremental sync after one contact changed on the server, against
# `warmline serve` and against Radicale holding the same cards.
#
#   bench/dav.sh [PEOPLE]        (default 10000)
#
# Builds the release binary, generates a demo network of PEOPLE people, exports its cards
# into a Radicale storage folder (one file per card, as Radicale keeps them), and runs each
# server on a free loopback port behind a small counting proxy (bench/dav_proxy.py), so
# the bytes are what crossed the wire both ways. Prints a Markdown table: wall time and
# bytes of each sync. Needs vdirsyncer and radicale (`apt-get install vdirsyncer radicale`).
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-10000}"
for tool in vdirsyncer radicale python3 curl; do
  command -v "$tool" >/dev/null || { echo "bench/dav.sh needs $tool" >&2; exit 1; }
done
# WARMLINE_BIN names another build to time (a debug one gives slower figures).
bin="${WARMLINE_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release -q -p warmline
  bin="${CARGO_TARGET_DIR:-$PWD/target}/release/warmline"
fi
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
export WARMLINE_TODAY=2026-11-25 NO_COLOR=1 WARMLINE_DB="$work/warmline.db"

"$bin" --db "$WARMLINE_DB" demo --size "$people" --no-serve >/dev/null
password=$("$bin" --json app-password add bench | python3 -c 'import json,sys; print(json.load(sys.stdin)["password"])')

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 400); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "nothing listens on $1" >&2; exit 1
}

# warmline.
wport=$(free_port)
"$bin" serve --port "$wport" >"$work/serve.log" 2>&1 &
pids+=($!)
wait_port "$wport"

# Counting proxies in front of each.
proxy() {
  local listen=$1 target=$2 counter=$3
  python3 bench/dav_proxy.py "$listen" "$target" "$counter" &
  pids+=($!)
  wait_port "$listen"
}
wproxy=$(free_port); proxy "$wproxy" "$wport" "$work/warmline.bytes"

config() {
  local name=$1 url=$2 user=$3
  mkdir -p "$work/$name/vdir"
  printf '%s' "$password" >"$work/$name/password"
  cat >"$work/$name/config" <<EOF
[general]
status_path = "$work/$name/status/"
[pair book]
a = "local"
b = "remote"
collections = ["from b"]
conflict_resolution = "b wins"
[storage local]
type = "filesystem"
path = "$work/$name/vdir/"
fileext = ".vcf"
[storage remote]
type = "carddav"
url = "$url"
username = "$user"
password.fetch = ["command", "cat", "$work/$name/password"]
EOF
  printf "y\ny\ny\n" | vdirsyncer -c "$work/$name/config" discover >"$work/$name/discover.log" 2>&1 || { cat "$work/$name/discover.log" >&2; exit 1; }
}

bytes() { cat "$1" 2>/dev/null || echo 0; }
# One timed sync; prints "seconds bytes".
timed_sync() {
  local name=$1 counter=$2 before after start end
  before=$(bytes "$counter")
  start=$(date +%s.%N)
  vdirsyncer -c "$work/$name/config" sync >"$work/$name/sync.log" 2>&1 || { cat "$work/$name/sync.log" >&2; exit 1; }
  end=$(date +%s.%N)
  # The proxy writes its count when each connection closes.
  sleep 0.2
  after=$(bytes "$counter")
  echo "$(python3 -c "print(f'{$end - $start:.2f}')") $((after - before))"
}

config warmline "http://127.0.0.1:$wproxy/dav/" me
read -r w1t w1b < <(timed_sync warmline "$work/warmline.bytes")
cards=$(find "$work/warmline/vdir" -name '*.vcf' | wc -l)

# Radicale, with the same cards: the ones vdirsyncer just fetched from warmline (vCard
# 3.0, as warmline serves them by default), one file per card as Radicale keeps them.
storage="$work/radicale"
book="$storage/collection-root/me/contacts"
mkdir -p "$book"
printf '{"tag": "VADDRESSBOOK", "D:displayname": "reference"}' >"$book/.Radicale.props"
find "$work/warmline/vdir" -name '*.vcf' -exec cp {} "$book/" \;
rport=$(free_port)
radicale --server-hosts "127.0.0.1:$rport" --storage-filesystem-folder "$storage" \
  --auth-type none --rights-type owner_only >"$work/radicale.log" 2>&1 &
pids+=($!)
wait_port "$rport"
rproxy=$(free_port); proxy "$rproxy" "$rport" "$work/radicale.bytes"
config radicale "http://127.0.0.1:$rproxy/me/" me
read -r r1t r1b < <(timed_sync radicale "$work/radicale.bytes")

# One change on each server: a new title for one person.
"$bin" edit 1 --title "Head of Benchmarks" >/dev/null
one=$(find "$book" -maxdepth 1 -name '*.vcf' | sort | sed -n 1p)
python3 - "$one" <<'EOF'
import sys
p = sys.argv[1]
t = open(p, encoding="utf-8", newline="").read()
open(p, "w", encoding="utf-8", newline="").write(t.replace("END:VCARD", "TITLE:Head of Benchmarks\r\nEND:VCARD"))
EOF
read -r w2t w2b < <(timed_sync warmline "$work/warmline.bytes")
read -r r2t r2b < <(timed_sync radicale "$work/radicale.bytes")

mib() { python3 -c "print(f'{$1 / 1048576:.2f} MiB' if $1 >= 1048576 else f'{$1 / 1024:.1f} KiB')"; }
echo "vdirsyncer $(vdirsyncer --version | awk '{print $NF}'), $people people ($cards cards synced)"
echo
echo "| sync | warmline: time | warmline: bytes | Radicale: time | Radicale: bytes |"
echo "|---|---|---|---|---|"
echo "| first (empty folder) | ${w1t} s | $(mib "$w1b") | ${r1t} s | $(mib "$r1b") |"
echo "| after one change | ${w2t} s | $(mib "$w2b") | ${r2t} s | $(mib "$r2b") |"
