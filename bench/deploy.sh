#!/usr/bin/env bash
# Deploy benchmark for issue 11 ("exhibit deploy: publish to object storage by content").
# Not part of `swift test` or CI.
#
#   bench/deploy.sh                 # 100,000 images (132,000 files)
#   bench/deploy.sh --images 10000  # smaller
#   bench/deploy.sh --quick         # rows 1 and 2 only (at 100,000 images, about 40 minutes)
#
# Starts one moto_server (pip install 'moto[server]') on a free loopback port and, in the same
# run against the same server, prints for `exhibit deploy` and `aws s3 sync`:
#   1. first deploy of the gallery to a fresh bucket (wall time);
#   2. redeploy with nothing changed (uploads, LIST requests, wall time);
#   3. redeploy after one new image, built into a new folder as on a fresh CI clone (every
#      modification time new): uploads and LIST requests; `aws s3 sync` uploads everything, and
#      with --size-only misses pages whose bytes changed but not their size (counted with boto3);
#   4. deploys killed at random points, then run again: remote compared with the local output
#      byte for byte (boto3, SHA-256 of every object).
# Requests are counted from the server's access log. Work folder: $EXHIBIT_BENCH_WORK
# (default /tmp/exhibit-bench-deploy).
set -euo pipefail

images=100000
quick=0
while [ $# -gt 0 ]; do
    case "$1" in
        --images) images="$2"; shift 2 ;;
        --quick) quick=1; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
work="${EXHIBIT_BENCH_WORK:-/tmp/exhibit-bench-deploy}"
mkdir -p "$work"
command -v moto_server >/dev/null || { echo "needs moto_server: pip install 'moto[server]'" >&2; exit 2; }
command -v aws >/dev/null || { echo "needs the aws CLI" >&2; exit 2; }

echo "== building exhibit (release)"
(cd "$root" && swift build -c release --product exhibit 2>&1 | tail -1)
exhibit="$root/.build/release/exhibit"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
endpoint="http://127.0.0.1:$port"
log="$work/moto.log"
: > "$log"
moto_server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!
trap 'kill -9 $moto_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1',$port))" 2>/dev/null && break; sleep 0.2; done

export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE
awsx() { aws --endpoint-url "$endpoint" "$@"; }
for bucket in exhibit sync sizeonly; do awsx s3 mb "s3://$bucket" >/dev/null; done

now() { date +%s.%N; }
mark() { wc -l < "$log"; }
# requests FROM — "puts lists gets deletes" logged since line FROM
requests() {
    tail -n +"$(($1 + 1))" "$log" | awk '
        /"PUT /  { put++ }
        /"GET [^"]*list-type=2/ { list++; next }
        /"GET /  { get++ }
        /"DELETE / || /"POST [^"]*delete/ { del++ }
        END { printf "%d PUT, %d LIST, %d GET, %d DELETE", put, list, get, del }'
}
row() { printf '%-58s %s\n' "$1" "$2"; }

echo "== gallery of $images images"
db="$work/gallery-$images.sqlite"
[ -f "$db" ] || "$exhibit" demo-db "$db" --images "$images" >/dev/null
rm -rf "$work/site-a" "$work/site-b" "$work/site-c"
"$exhibit" build --db "$db" --out "$work/site-a" --quiet
files=$(find "$work/site-a" -type f ! -name '.exhibit-*' | wc -l)
echo "$files files, $(du -sh --exclude='.exhibit-*' "$work/site-a" | cut -f1)"

echo
echo "== 1. first deploy to a fresh bucket"
m=$(mark); t=$(now)
"$exhibit" deploy --out "$work/site-a" --to s3://exhibit/g --endpoint "$endpoint" --quiet
e1=$(echo "$(now) - $t" | bc)
row "exhibit deploy" "$(printf '%.1f s' "$e1")  ($(requests "$m"))"
m=$(mark); t=$(now)
awsx s3 sync "$work/site-a/" s3://sync/g/ --delete --exclude '.exhibit-*' --only-show-errors
s1=$(echo "$(now) - $t" | bc)
row "aws s3 sync --delete --exclude '.exhibit-*'" "$(printf '%.1f s' "$s1")  ($(requests "$m"))"
[ "$quick" = 1 ] || awsx s3 sync "$work/site-a/" s3://sizeonly/g/ --delete --exclude '.exhibit-*' --only-show-errors

echo
echo "== 2. redeploy, nothing changed"
for run in 1 2 3; do
    m=$(mark); t=$(now)
    "$exhibit" deploy --out "$work/site-a" --to s3://exhibit/g --endpoint "$endpoint" --quiet
    row "exhibit deploy (run $run)" "$(printf '%.2f s' "$(echo "$(now) - $t" | bc)")  ($(requests "$m"))"
done
# Without the record of the last deploy (another folder deployed last): the remote manifest is
# fetched, parsed and compared with the folder.
rm -f "$work/site-a/.exhibit-deploy-last"
m=$(mark); t=$(now)
"$exhibit" deploy --out "$work/site-a" --to s3://exhibit/g --endpoint "$endpoint" --quiet
row "exhibit deploy, full comparison" "$(printf '%.2f s' "$(echo "$(now) - $t" | bc)")  ($(requests "$m"))"
m=$(mark); t=$(now)
awsx s3 sync "$work/site-a/" s3://sync/g/ --delete --exclude '.exhibit-*' --only-show-errors
row "aws s3 sync" "$(printf '%.2f s' "$(echo "$(now) - $t" | bc)")  ($(requests "$m"))"
[ "$quick" = 0 ] || exit 0

echo
echo "== 3. one new image, built into a new folder (fresh clone: new modification times)"
cp "$db" "$work/gallery-plus-one.sqlite"
python3 - "$work/gallery-plus-one.sqlite" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
user = db.execute("SELECT user_id FROM users LIMIT 1").fetchone()[0]
db.execute("INSERT INTO images (image_id, user_id, url, description, tags, theme, is_public, created_at) VALUES (?,?,?,?,?,?,?,?)",
           ("bench-new-image", user, "https://example.org/new.jpg", "A new image for the deploy benchmark", '["harbour","dawn"]', "Travel", 1, "2030-01-01T00:00:00Z"))
db.execute("INSERT INTO interactions (interaction_id, user_id, image_id, type, content, created_at) SELECT 'bench-like', user_id, image_id, 'like', NULL, '2030-01-02T00:00:00Z' FROM images WHERE is_public = 1 AND image_id <> 'bench-new-image' LIMIT 1")
db.commit()
EOF
"$exhibit" build --db "$work/gallery-plus-one.sqlite" --out "$work/site-b" --quiet
m=$(mark); t=$(now)
"$exhibit" deploy --out "$work/site-b" --to s3://exhibit/g --endpoint "$endpoint" --quiet --report "$work/report.json"
row "exhibit deploy" "$(printf '%.2f s' "$(echo "$(now) - $t" | bc)")  ($(requests "$m"))"
m=$(mark); t=$(now)
awsx s3 sync "$work/site-b/" s3://sync/g/ --delete --exclude '.exhibit-*' --only-show-errors
row "aws s3 sync" "$(printf '%.1f s' "$(echo "$(now) - $t" | bc)")  ($(requests "$m"))"
m=$(mark); t=$(now)
awsx s3 sync "$work/site-b/" s3://sizeonly/g/ --delete --exclude '.exhibit-*' --size-only --only-show-errors
row "aws s3 sync --size-only" "$(printf '%.1f s' "$(echo "$(now) - $t" | bc)")  ($(requests "$m"))"

# compare BUCKET DIR [PREFIX] — objects whose bytes differ from the local file, missing, or extra
compare() {
    python3 - "$endpoint" "$1" "$2" "${3:-g}" <<'EOF'
import boto3, hashlib, os, sys
endpoint, bucket, site, prefix = sys.argv[1:5]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
remote = {}
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix + "/"):
    for o in page.get("Contents", []):
        remote[o["Key"][len(prefix) + 1:]] = o["ETag"].strip('"')
local = {}
for folder, _, names in os.walk(site):
    for name in names:
        path = os.path.relpath(os.path.join(folder, name), site)
        if path.startswith(".exhibit-"): continue
        with open(os.path.join(folder, name), "rb") as f: local[path] = hashlib.md5(f.read()).hexdigest()
remote.pop(".exhibit-deploy-manifest", None)
wrong = sum(1 for p in local if p in remote and remote[p] != local[p])
missing = sum(1 for p in local if p not in remote)
extra = sum(1 for p in remote if p not in local)
print(f"{wrong} stale, {missing} missing, {extra} extra of {len(local)} files")
EOF
}
row "  bucket after exhibit deploy" "$(compare exhibit "$work/site-b")"
row "  bucket after aws s3 sync" "$(compare sync "$work/site-b")"
row "  bucket after aws s3 sync --size-only" "$(compare sizeonly "$work/site-b")"

echo
echo "== 4. deploys killed at random points, then run again (new prefix g2)"
"$exhibit" build --db "$db" --out "$work/site-c" --quiet
# A first deploy killed part-way, then redeploys of the other gallery and back, killed too.
rounds="site-c:$(python3 -c 'import random; print(round(random.uniform(5, 40), 1))')"
rounds="$rounds site-b:$(python3 -c 'import random; print(round(random.uniform(0.3, 3), 2))')"
rounds="$rounds site-c:$(python3 -c 'import random; print(round(random.uniform(0.3, 3), 2))')"
for round in $rounds; do
    target="${round%%:*}"; after="${round##*:}"
    "$exhibit" deploy --out "$work/$target" --to s3://exhibit/g2 --endpoint "$endpoint" --quiet &
    pid=$!
    sleep "$after"
    if kill -9 "$pid" 2>/dev/null; then state="killed after $after s"; else state="finished before $after s"; fi
    wait "$pid" 2>/dev/null || true
    row "  deploy of $target" "$state"
done
m=$(mark); t=$(now)
"$exhibit" deploy --out "$work/site-c" --to s3://exhibit/g2 --endpoint "$endpoint" --quiet
row "exhibit deploy after the killed deploys" "$(printf '%.1f s' "$(echo "$(now) - $t" | bc)")  ($(requests "$m"))"
row "  bucket after it" "$(compare exhibit "$work/site-c" g2)"
