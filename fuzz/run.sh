#!/usr/bin/env bash
# Runs every fuzz target in turn, each for SECONDS (default 600, the length issue #7 asks
# for), starting from the real-world samples the parsers' tests use, and prints a table.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); runs on the stable toolchain without
# sanitizers (-s none). A crash stops that target, leaves its input under
# fuzz/artifacts/TARGET/ and is listed at the end; the script then exits non-zero.
set -uo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(linkedin_connections linkedin_messages google vcard mbox ics json_import dates names)
data=../crates/warmline-formats/tests/data
more=../crates/warmline/tests/data

seed() {
  local target=$1 dir=corpus/$1
  mkdir -p "$dir"
  case "$target" in
    linkedin_connections) cp "$data"/linkedin-Connections*.csv "$more"/*.csv "$dir"/ ;;
    linkedin_messages) cp "$data"/linkedin-messages*.csv "$dir"/ ;;
    google) cp "$data"/google-*.csv "$dir"/ ;;
    vcard) cp "$data"/*.vcf "$more"/*.vcf "$dir"/ ;;
    mbox) cp "$data"/*.mbox "$dir"/ ;;
    ics) cp "$data"/*.ics "$dir"/ ;;
    json_import)
      # A real backup of a small sample network, so the fuzzer starts from every table.
      local bin=../target/release/warmline tmp
      [ -x "$bin" ] || (cd .. && cargo build --release -q)
      tmp=$(mktemp -d)
      WARMLINE_TODAY=2026-11-25 "$bin" --db "$tmp/s.db" demo --size 12 --no-serve >/dev/null
      WARMLINE_TODAY=2026-11-25 "$bin" --db "$tmp/s.db" export json -o "$dir/demo-12.json"
      rm -rf "$tmp" ;;
    dates)
      for d in today yesterday "3 days ago" "last friday" 2026-11-02 "next monday" "in 2 weeks" 11-02 --03-14 1990-03-14; do
        printf '%s' "$d" >"$dir/$(printf '%s' "$d" | md5sum | cut -c1-12)"
      done ;;
    names)
      for n in "Zoë" "dana" "Dana L" "dana@acme.example" "jose maria" "李" 3; do
        printf '%s' "$n" >"$dir/$(printf '%s' "$n" | md5sum | cut -c1-12)"
      done ;;
  esac
}

cargo fuzz build -s none >/dev/null || exit 1
mkdir -p logs
failed=0
rows=()
for t in "${targets[@]}"; do
  seed "$t"
  log="logs/$t.log"
  if cargo fuzz run -s none "$t" "corpus/$t" -- -max_total_time="$seconds" -rss_limit_mb=2048 >"$log" 2>&1; then
    result=clean
  else
    result="CRASH (see $log and artifacts/$t/)"
    failed=1
  fi
  done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1)
  runs=$(printf '%s' "$done_line" | awk '{print $2}')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  rows+=("| $t | ${seconds} s | ${runs:-?} | ${cov:-?} | $(ls "corpus/$t" | wc -l) | $result |")
done
echo
echo "| target | time | runs | coverage (edges) | corpus | result |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
exit $failed
