#!/usr/bin/env bash
# Whole-process import timings and peak memory against SPEC §6:
#   LinkedIn 100k rows ≤ 2 s, vCard 100k cards ≤ 3 s, mbox ≥ 100 MB/s with memory
#   independent of the file's size.
#
#   bench/import.sh [MBOX_MB]        (default 1000: a 1 GB mbox, and a 10x smaller one)
#
# Builds the release binary, generates the files under bench/out/ (once), imports each
# into a fresh database with /usr/bin/time -v (installed with `apt-get install time` if
# missing), and prints a Markdown table of elapsed time, throughput and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
mbox_mb="${1:-1000}"
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
cargo build --release -q -p warmline
out=bench/out
mkdir -p "$out"
# A copy, so that another build into a shared target folder cannot swap it mid-run.
cp "${CARGO_TARGET_DIR:-target}/release/warmline" "$out/warmline"
bin="$out/warmline"
export WARMLINE_TODAY=2026-11-25 NO_COLOR=1

python3 - "$out" "$mbox_mb" <<'PY'
import os, sys
out, mbox_mb = sys.argv[1], int(sys.argv[2])
def once(path, write):
    if not os.path.exists(path):
        with open(path, "w", encoding="utf-8", newline="") as f:
            write(f)
def linkedin(f):
    f.write('Notes:\n"When exporting your connection data, some e-mail addresses may be missing."\n\n')
    f.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
    for i in range(100_000):
        f.write(f'Given{i},Family{i % 997},https://www.linkedin.com/in/person-{i},,'
                f'"Company {i % 5000}, Inc.",Engineer {i % 7},05 Mar 2024\n')
def vcards(f):
    for i in range(100_000):
        f.write("BEGIN:VCARD\r\nVERSION:3.0\r\n"
                f"N:Family{i};Given{i};;;\r\nFN:Given{i} Family{i}\r\n"
                f"EMAIL;TYPE=INTERNET:p{i}@example.com\r\nTEL;TYPE=CELL:+1 555 {i:07d}\r\n"
                f"ORG:Org {i % 5000};\r\nTITLE:Engineer\r\nBDAY:1980-01-02\r\n"
                "CATEGORIES:friends,work\r\nNOTE:Met at the mixer\\, talked about things\r\n"
                "END:VCARD\r\n")
def mbox(size_mb):
    body = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n" * 100)
    def write(f):
        i, written = 0, 0
        while written < size_mb * 1_000_000:
            day = 1 + (i // 4000) % 28
            msg = (f"From {i}@xxx Mon Jan 05 09:00:00 +0000 2026\n"
                   f"X-GM-THRID: {i // 3}\n"
                   f'From: "Person {i % 100_000}" <p{i % 100_000}@example.com>\n'
                   f"To: me@example.com, stranger{i % 5000}@elsewhere.example\n"
                   f"Date: Mon, {day} Jan 2026 09:00:00 +0000\n"
                   f"Subject: =?UTF-8?Q?Caf=C3=A9_{i}?=\nMessage-ID: <{i}@example.com>\n\n{body}\n")
            f.write(msg)
            written += len(msg.encode())
            i += 1
    return write
once(f"{out}/linkedin-100k.csv", linkedin)
once(f"{out}/vcards-100k.vcf", vcards)
once(f"{out}/mail-{mbox_mb}MB.mbox", mbox(mbox_mb))
once(f"{out}/mail-{mbox_mb // 10}MB.mbox", mbox(mbox_mb // 10))
PY

measure() { # NAME DB FORMAT FILE
  local name="$1" db="$2" format="$3" file="$4"
  /usr/bin/time -v "$bin" --db "$db" import "$format" "$file" >"$out/$name.out" 2>"$out/$name.time"
  local secs rss mb
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$out/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$out/$name.time")
  mb=$(du -m "$file" | cut -f1)
  printf '| %s | %s MB | %.2f s | %.0f MB/s | %s MB |\n' "$name" "$mb" "$secs" "$(echo "$mb / $secs" | bc -l)" "$rss"
}

rm -f "$out"/bench-*.db*
echo "| import | file | elapsed | throughput | peak RSS |"
echo "|---|---|---|---|---|"
measure "LinkedIn, 100k rows" "$out/bench-linkedin.db" linkedin "$out/linkedin-100k.csv"
measure "LinkedIn again (all unchanged)" "$out/bench-linkedin.db" linkedin "$out/linkedin-100k.csv"
measure "vCard, 100k cards" "$out/bench-vcard.db" vcard "$out/vcards-100k.vcf"
"$bin" --db "$out/bench-vcard.db" me email me@example.com >/dev/null
cp "$out/bench-vcard.db" "$out/bench-mbox-small.db"
cp "$out/bench-vcard.db" "$out/bench-mbox.db"
measure "mbox, $((mbox_mb / 10)) MB" "$out/bench-mbox-small.db" mbox "$out/mail-$((mbox_mb / 10))MB.mbox"
measure "mbox, $mbox_mb MB" "$out/bench-mbox.db" mbox "$out/mail-${mbox_mb}MB.mbox"
