#!/usr/bin/env bash
# Deploys a 300-image gallery to a moto_server (a real S3 API) on a free loopback port, redeploys
# it unchanged (must be 1 GET, 0 PUT, 0 LIST), and checks every object with boto3: bytes,
# Content-Type, Cache-Control, and nothing else in the bucket.
set -euo pipefail
exhibit="$1"
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto=$!
disown "$moto"
trap 'kill -9 $moto 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1',$port))" 2>/dev/null && break; sleep 0.2; done
export AWS_ACCESS_KEY_ID=ci AWS_SECRET_ACCESS_KEY=ci AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE
endpoint="http://127.0.0.1:$port"
python3 -c "import boto3; boto3.client('s3', endpoint_url='$endpoint').create_bucket(Bucket='ci-site')"
"$exhibit" demo-db "$work/g.sqlite" --images 300 >/dev/null
"$exhibit" build --db "$work/g.sqlite" --out "$work/site" --quiet
"$exhibit" deploy --out "$work/site" --to s3://ci-site/gallery --endpoint "$endpoint"
before=$(wc -l < "$work/moto.log")
"$exhibit" deploy --out "$work/site" --to s3://ci-site/gallery --endpoint "$endpoint" --report "$work/r.json"
tail -n +"$((before + 1))" "$work/moto.log" | python3 -c '
import sys
lines = sys.stdin.read().splitlines()
puts = sum("\"PUT " in l for l in lines); lists = sum("list-type=2" in l for l in lines)
gets = sum("\"GET " in l for l in lines) - lists
assert (gets, puts, lists) == (1, 0, 0), f"redeploy of nothing: {gets} GET, {puts} PUT, {lists} LIST"
print("redeploy of nothing: 1 GET, 0 PUT, 0 LIST")'
python3 - "$endpoint" "$work/site" <<'PY'
import boto3, hashlib, os, sys
endpoint, site = sys.argv[1:3]
s3 = boto3.client("s3", endpoint_url=endpoint)
types = {"feed.xml": "application/rss+xml; charset=utf-8", "feed.atom": "application/atom+xml; charset=utf-8",
         "feed.json": "application/feed+json; charset=utf-8", "sitemap.xml": "application/xml",
         "index.html": "text/html; charset=utf-8", "search/index.json": "application/json"}
local = {}
for folder, _, names in os.walk(site):
    for name in names:
        path = os.path.relpath(os.path.join(folder, name), site)
        if not path.startswith(".exhibit-"): local[path] = os.path.join(folder, name)
keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket="ci-site") for o in page.get("Contents", [])]
assert sorted(keys) == sorted(["gallery/" + p for p in local] + ["gallery/.exhibit-deploy-manifest"]), "bucket != site"
for path, file in local.items():
    r = s3.get_object(Bucket="ci-site", Key="gallery/" + path)
    assert r["Body"].read() == open(file, "rb").read(), path
    assert r.get("CacheControl"), path
    if path in types: assert r["ContentType"] == types[path], (path, r["ContentType"])
    if path.startswith("assets/style.") and path.endswith(".css"):  # fingerprinted: cached a year
        assert r["ContentType"] == "text/css; charset=utf-8" and "immutable" in r["CacheControl"], (path, r)
print(f"{len(local)} objects: bytes, Content-Type and Cache-Control checked with boto3")
PY
