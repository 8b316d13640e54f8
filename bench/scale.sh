#!/usr/bin/env bash
# Scale benchmark for issue 5 ("Builds for CI at scale"). Not part of `swift test` or CI.
#
#   bench/scale.sh            # 100,000 images, then 1,000,000 (the latter takes minutes)
#   bench/scale.sh --quick    # 100,000 images only
#   bench/scale.sh --large    # 1,000,000 images only
#
# Builds exhibit in release mode, generates the galleries with `exhibit demo-db` (cached in the
# work folder, $EXHIBIT_BENCH_WORK, default /tmp/exhibit-bench), and for each row of the issue's
# table prints wall time, CPU time (user + sys), peak memory (max RSS), pages per second and
# files written, next to the disk floor: `cp -r` of the same output tree, measured in the same run.
set -euo pipefail

quick=0
large_only=0
for argument in "$@"; do
    case "$argument" in
        --quick) quick=1 ;;
        --large) large_only=1 ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "unknown option: $argument" >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
work="${EXHIBIT_BENCH_WORK:-/tmp/exhibit-bench}"
mkdir -p "$work"
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

echo "== building exhibit (release)"
(cd "$root" && swift build -c release --product exhibit 2>&1 | tail -1)
exhibit="$root/.build/release/exhibit"

# measure LABEL COMMAND… — runs COMMAND under GNU time; sets wall, cpu, peak_mib.
measure() {
    local label="$1"; shift
    local stats="$work/time.txt"
    /usr/bin/time -f "%e %U %S %M" -o "$stats" "$@" >/dev/null
    read -r wall user sys rss < "$stats"
    cpu=$(awk "BEGIN { printf \"%.2f\", $user + $sys }")
    peak_mib=$(awk "BEGIN { printf \"%.0f\", $rss / 1024 }")
    printf '   %-34s wall %7.2f s   cpu %7.2f s (user %.2f + sys %.2f)   peak %5s MiB\n' \
        "$label" "$wall" "$cpu" "$user" "$sys" "$peak_mib"
}

# field REPORT KEY — a number from a build report.
field() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$1" "$2"; }

gallery() {
    local images="$1" path="$work/g$1.sqlite"
    if [ ! -f "$path" ]; then
        echo "== generating $path ($images images, seed 1)" >&2
        "$exhibit" demo-db "$path.tmp" --images "$images" --seed 1 >&2
        mv "$path.tmp" "$path"
    fi
    echo "$path"
}

ratio() { awk "BEGIN { printf \"%.2f\", $1 / $2 }"; }
verdict() { awk "BEGIN { exit !($1) }" && echo "ok" || echo "MISSED"; }

run_size() {
    local images="$1" label="$2" peak_target_mib="$3" rows="$4"
    local db out copy report
    db="$(gallery "$images")"
    out="$work/out$label"
    copy="$work/copy$label"
    report="$work/report$label.json"
    rm -rf "$out" "$copy"
    sync

    echo "== $label images: full build"
    measure "build (empty output folder)" "$exhibit" build --db "$db" --out "$out" --quiet --report "$report"
    local full_wall="$wall" full_peak="$peak_mib"
    local pages files written
    pages=$(field "$report" "r['files'].get('pages', 0)")
    files=$(field "$report" "sum(r['files'].values())")
    written=$(field "$report" "r['written']")
    measure "cp -r of the output (disk floor)" cp -r "$out" "$copy"
    local copy_wall="$wall"
    rm -rf "$copy"
    local r; r=$(ratio "$full_wall" "$copy_wall")
    printf '   %s pages, %s files, %s written; %.0f pages/s; load %.2f s, prepare %.2f s, render+write %.2f s, commit %.2f s\n' \
        "$pages" "$files" "$written" "$(awk "BEGIN { print $pages / $full_wall }")" \
        "$(field "$report" "r['secondsLoading']")" "$(field "$report" "r['secondsPreparing']")" \
        "$(field "$report" "r['secondsRendering']")" "$(field "$report" "r['secondsCommitting']")"
    echo "   -> build / copy = $r (target <= 1.25: $(verdict "$r <= 1.25")); peak $full_peak MiB (target <= $peak_target_mib: $(verdict "$full_peak <= $peak_target_mib"))"

    if [ "$rows" = all ]; then
    echo "== $label images: --dry-run (render, write nothing)"
    measure "dry run over the built output" "$exhibit" build --db "$db" --out "$out" --quiet --dry-run --report "$report"
    echo "   would write $(field "$report" "r['written']"); -> cpu $cpu s (target <= 6 at 100k: $(verdict "$cpu <= 6"))"
    fi

    echo "== $label images: rebuild, nothing changed"
    measure "rebuild" "$exhibit" build --db "$db" --out "$out" --quiet --report "$report"
    local rebuilt; rebuilt=$(field "$report" "r['written']")
    r=$(ratio "$wall" "$full_wall")
    echo "   written $rebuilt (target 0: $(verdict "$rebuilt == 0")); rebuild / full = $r (target <= 0.25: $(verdict "$r <= 0.25"))"

    if [ "$rows" = all ]; then
    echo "== $label images: rebuild after one new image"
    local plus="$work/g$images-plus1.sqlite"
    cp "$db" "$plus"
    python3 - "$plus" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
owner = db.execute("SELECT user_id FROM images WHERE is_public = 1 ORDER BY image_id LIMIT 1").fetchone()[0]
db.execute("INSERT INTO images VALUES (?,?,?,?,?,?,?,?)", ("ffffffffffffffffffffffff", owner,
    "https://res.cloudinary.com/exhibit-demo/image/upload/v1/gallery/new.jpg", "A brand new photograph at dusk",
    '["street photography","urban"]', "Street", 1, "2099-01-01T00:00:00Z"))
db.commit()
PY
    measure "rebuild with one new image" "$exhibit" build --db "$plus" --out "$out" --quiet --report "$report"
    local one; one=$(field "$report" "r['written']")
    echo "   written $one, removed $(field "$report" "r['removed']") (target <= 50: $(verdict "$one <= 50"))"
    rm -f "$plus"
    fi
    rm -rf "$out"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$large_only" = 0 ]; then
    run_size 100000 100k 400 all
fi
if [ "$quick" = 0 ]; then
    run_size 1000000 1M 1024 build   # full build, copy floor and unchanged rebuild
fi
