#!/usr/bin/env bash
# Query time of the search page in a real browser (headless Chromium under a virtual-time budget,
# so network waits count and script time is only approximate; no cache):
# serves SITE on 127.0.0.1 and prints, per query, the milliseconds from the query's start to its
# results on screen, index and shard fetches included.
#   bash bench/search-browser.sh SITE_DIR [QUERY…]
set -euo pipefail
site=${1:?usage: search-browser.sh SITE_DIR [QUERY…]}; shift
queries=("$@"); [ ${#queries[@]} -gt 0 ] || queries=(photography travel roadtrip hostel p "no-such-word")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!; trap 'kill $server' EXIT; sleep 1
for q in "${queries[@]}"; do
  enc=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$q")
  ms=$(chromium --headless --no-sandbox --disable-gpu --blink-settings=imagesEnabled=false \
        --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" --virtual-time-budget=10000 \
        --dump-dom "http://127.0.0.1:$port/search/index.html?q=$enc" 2>/dev/null \
        | grep -o 'data-query-ms="[0-9.]*"' | grep -o '[0-9.]*' || echo "?")
  printf '%-16s %8s ms\n' "$q" "$ms"
done
