#!/usr/bin/env bash
# Scale benchmark for issue 5 ("Builds for CI at scale"). Not part of `swift test` or CI.
#
#   bench/scale.sh            # 100,000 images, then 1,000,000 (about an hour, ~60 GB of free disk)
#   bench/scale.sh --quick    # 100,000 images only (a few minutes, ~8 GB)
#   bench/scale.sh --large    # 1,000,000 images only
#   bench/scale.sh --quick --language ar   # the same rows with the site in another language
#
# Builds exhibit in release mode, generates the galleries with `exhibit demo-db` (cached in the
# work folder, $EXHIBIT_BENCH_WORK, default /tmp/exhibit-bench), and for each row of the issue's
# table prints wall time, CPU time (user + sys), peak memory (max RSS), pages per second and
# files written, next to the disk floor: `cp -r` of the same output tree, measured in the same run.
#
# The disk floor moves: right after many files were deleted, ext4 allocates inodes slowly for
# minutes (it skips recently deleted ones), and the first of two writers after a pause pays more.
# So at 100,000 images the build and the copy are each measured twice, alternately, into new
# folders, and the best of each is compared; nothing is deleted until the end of the run.
# "Cold" rows drop the kernel's caches first (root only; skipped otherwise).
set -euo pipefail

quick=0
large_only=0
language=""
expect_language=0
for argument in "$@"; do
    if [ "$expect_language" = 1 ]; then language="$argument"; expect_language=0; continue; fi
    case "$argument" in
        --quick) quick=1 ;;
        --large) large_only=1 ;;
        --language) expect_language=1 ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "unknown option: $argument" >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
work="${EXHIBIT_BENCH_WORK:-/tmp/exhibit-bench}"
mkdir -p "$work"
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
# --language TAG: every build reads a configuration that sets it (docs/languages.md).
config_args=()
if [ -n "$language" ]; then
    printf 'language = "%s"\n' "$language" > "$work/language.toml"
    config_args=(--config "$work/language.toml")
    echo "== language: $language"
fi

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
    printf '   %-38s wall %7.2f s   cpu %7.2f s (user %.2f + sys %.2f)   peak %5s MiB\n' \
        "$label" "$wall" "$cpu" "$user" "$sys" "$peak_mib"
}

# field REPORT KEY — a number from a build report.
field() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$1" "$2"; }

# Drops the page, dentry and inode caches when allowed; says whether it did.
drop_caches() {
    sync
    if [ -w /proc/sys/vm/drop_caches ]; then echo 3 > /proc/sys/vm/drop_caches; echo "caches dropped"; else echo "caches kept (not root)"; fi
}

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
minimum() { awk "BEGIN { print ($1 < $2) ? $1 : $2 }"; }
verdict() { awk "BEGIN { exit !($1) }" && echo "ok" || echo "MISSED"; }

# Folders to delete when the run ends (deleting while measuring would slow the next writes).
leftovers=()
cleanup() { [ ${#leftovers[@]} -eq 0 ] || rm -rf "${leftovers[@]}"; }
trap cleanup EXIT

# Peak memory of the full build per size, for the growth line at the end.
declare -A peaks

run_size() {
    local images="$1" label="$2" peak_target_mib="$3" rounds="$4" rows="$5"
    local db report out copy full_wall copy_wall full_peak pages files written
    db="$(gallery "$images")"
    report="$work/report$label.json"
    rm -rf "$work/out$label".* "$work/copy$label".*

    echo "== $label images: full build into an empty folder, and cp -r of its output"
    full_wall=""; copy_wall=""; full_peak=0
    for round in $(seq "$rounds"); do
        out="$work/out$label.$round"; copy="$work/copy$label.$round"
        leftovers+=("$out" "$copy")
        sync
        measure "build (round $round)" "$exhibit" build --db "$db" "${config_args[@]}" --out "$out" --quiet --report "$report"
        full_wall=$([ -z "$full_wall" ] && echo "$wall" || minimum "$full_wall" "$wall")
        [ "$peak_mib" -gt "$full_peak" ] && full_peak="$peak_mib"
        sync
        measure "cp -r of the output (round $round)" cp -r "$out" "$copy"
        copy_wall=$([ -z "$copy_wall" ] && echo "$wall" || minimum "$copy_wall" "$wall")
    done
    out="$work/out$label.1"
    peaks[$label]="$full_peak"
    pages=$(field "$report" "r['files'].get('pages', 0)")
    files=$(field "$report" "sum(r['files'].values())")
    written=$(field "$report" "r['written']")
    local r; r=$(ratio "$full_wall" "$copy_wall")
    printf '   %s pages, %s files, %s written; %.0f pages/s; load %.2f s, prepare %.2f s, render+write %.2f s, commit %.2f s\n' \
        "$pages" "$files" "$written" "$(awk "BEGIN { print $pages / $full_wall }")" \
        "$(field "$report" "r['secondsLoading']")" "$(field "$report" "r['secondsPreparing']")" \
        "$(field "$report" "r['secondsRendering']")" "$(field "$report" "r['secondsCommitting']")"
    echo "   -> best build $full_wall s / best copy $copy_wall s = $r (target <= 1.25: $(verdict "$r <= 1.25")); peak $full_peak MiB (target <= $peak_target_mib: $(verdict "$full_peak <= $peak_target_mib"))"

    if [ "$rows" = all ]; then
        echo "== $label images: --dry-run (render, write nothing)"
        sync # the copy's writeback would otherwise be charged to the dry run
        measure "dry run over the built output" "$exhibit" build --db "$db" "${config_args[@]}" --out "$out" --quiet --dry-run --report "$report"
        echo "   would write $(field "$report" "r['written']"); -> cpu $cpu s (target <= 6 at 100k: $(verdict "$cpu <= 6"))"
    fi

    echo "== $label images: rebuild, nothing changed"
    measure "rebuild (caches warm)" "$exhibit" build --db "$db" "${config_args[@]}" --out "$out" --quiet --report "$report"
    local rebuilt; rebuilt=$(field "$report" "r['written']")
    r=$(ratio "$wall" "$full_wall")
    echo "   written $rebuilt (target 0: $(verdict "$rebuilt == 0")); rebuild / full = $r (target <= 0.25: $(verdict "$r <= 0.25"))"
    echo "   $(drop_caches)"
    measure "rebuild (caches cold)" "$exhibit" build --db "$db" "${config_args[@]}" --out "$out" --quiet --report "$report"
    rebuilt=$(field "$report" "r['written']")
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
db.execute("INSERT INTO images (image_id, user_id, url, description, tags, theme, is_public, created_at) VALUES (?,?,?,?,?,?,?,?)", ("ffffffffffffffffffffffff", owner,
    "https://res.cloudinary.com/exhibit-demo/image/upload/v1/gallery/new.jpg", "A brand new photograph at dusk",
    '["street photography","urban"]', "Street", 1, "2099-01-01T00:00:00Z"))
db.commit()
PY
        measure "rebuild with one new image" "$exhibit" build --db "$plus" "${config_args[@]}" --out "$out" --quiet --report "$report"
        local one; one=$(field "$report" "r['written']")
        echo "   written $one, removed $(field "$report" "r['removed']") (target <= 50: $(verdict "$one <= 50"))"
        rm -f "$plus"
    fi
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load $(cut -d' ' -f1-3 /proc/loadavg); $(df -h "$work" | awk 'NR == 2 { print $4 " free in " $6 }')"
if [ "$large_only" = 0 ]; then
    run_size 100000 100k 400 2 all
fi
if [ "$quick" = 0 ]; then
    run_size 1000000 1M 1024 1 build   # one round: two copies of 23 GB are enough disk
fi
if [ -n "${peaks[100k]:-}" ] && [ -n "${peaks[1M]:-}" ]; then
    echo "== memory: 10x the images, $(ratio "${peaks[1M]}" "${peaks[100k]}")x the peak (${peaks[100k]} -> ${peaks[1M]} MiB)"
fi
echo "== removing the outputs"
