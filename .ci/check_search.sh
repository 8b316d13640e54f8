#!/usr/bin/env bash
# Checks that the search page, run by a real browser, shows exactly the image ids that
# `exhibit search` prints, for several queries.
#
#   .ci/check_search.sh SITE_DIR EXHIBIT_BINARY [QUERY ...]
#
# EXHIBIT_BINARY is run as `EXHIBIT_BINARY search --site SITE_DIR --limit 1000 QUERY` and must
# print one image id per line, best first (any command with that interface will do).
# SITE_DIR is served over HTTP on 127.0.0.1 and loaded in headless Chromium:
#   1. search/index.html?q=… (the site's own page, when it exists): the first page of results and
#      the "N images" count must agree with the command;
#   2. a minimal page on the same index with a page size of 1000: the whole list must agree.
# The browser resolves no host but 127.0.0.1 and loads no images: only the site's own files.
# Exits non-zero on any mismatch, printing both lists.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 SITE_DIR EXHIBIT_BINARY [QUERY ...]" >&2
  exit 2
fi
SITE_DIR=$(cd "$1" && pwd)
EXHIBIT=$2
shift 2
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ $# -gt 0 ]; then
  QUERIES=("$@")
else
  QUERIES=("cafe" "São Paulo" "sun" "l" "lig" "東京" "京" "서울" "ΣΟΦΟΣ" "ISTANBUL" "straße" "ﬁ" "zz-no-such-word-qx" "!!!")
fi

[ -f "$SITE_DIR/search/index.json" ] || { echo "error: $SITE_DIR/search/index.json not found (build the site first)" >&2; exit 2; }
if [ $# -eq 0 ]; then
  # Plus queries taken from the site itself: the start of a few alt texts (as typed, with their
  # accents and case), and a few indexed tokens outside ASCII.
  while IFS= read -r extra; do [ -n "$extra" ] && QUERIES+=("$extra"); done < <(python3 - "$SITE_DIR" <<'PY'
import json, os, sys
site = sys.argv[1]
out = []
docs = os.path.join(site, "search", "docs", "0.json")
if os.path.exists(docs):
    records = json.load(open(docs, encoding="utf-8"))
    for record in records[:: max(1, len(records) // 4)][:4]:
        words = record[2].split()[:2]
        if words: out.append(" ".join(words)[:40])
terms = os.path.join(site, "search", "terms")
found = []
for name in sorted(os.listdir(terms), key=lambda n: int(n.split(".")[0])):
    entries = json.load(open(os.path.join(terms, name), encoding="utf-8"))
    found += [t for t in entries[0::2] if any(ord(c) > 127 for c in t)]
    if len(found) > 200: break
out += found[:: max(1, len(found) // 4)][:4]
print("\n".join(q.replace("\n", " ") for q in out))
PY
)
fi
CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$CHROMIUM" ] || { echo "error: chromium not found (apt-get install -y chromium)" >&2; exit 2; }

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Serve a mirror of the site (symlinks) with one extra page, search/__check.html.
mkdir -p "$WORK/root/search"
for entry in "$SITE_DIR"/* ; do
  [ "$(basename "$entry")" = "search" ] || ln -s "$entry" "$WORK/root/$(basename "$entry")"
done
for entry in "$SITE_DIR"/search/* ; do ln -s "$entry" "$WORK/root/search/$(basename "$entry")"; done
# The site's script is published under a fingerprinted name (assets/search.HASH.js).
script=$(cd "$SITE_DIR" && ls assets/search.*.js 2>/dev/null | head -n 1 || true)
if [ -z "$script" ]; then
  # No assets in the site (yet): use the repository's script.
  rm -f "$WORK/root/assets"
  mkdir -p "$WORK/root/assets"
  ln -s "$SCRIPT_DIR/../Templates/assets/search.js" "$WORK/root/assets/search.js"
  script=assets/search.js
fi
cat > "$WORK/root/search/__check.html" <<HTML
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Search check</title></head>
<body><main>
<form id="search-form" role="search"><input id="search-input" name="q" type="search"></form>
<p id="search-status" role="status" aria-live="polite"></p>
<ul id="search-results" class="grid" data-root="../" data-link-suffix="index.html" data-page-size="1000"></ul>
</main><script src="../$script" defer></script></body></html>
HTML

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/root" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/search/index.json')" 2>/dev/null && break
  sleep 0.1
done

# Prints the data-ids of the result list, one per line, then "STATUS <status text>".
extract() {
  python3 -c '
import sys, html.parser
class P(html.parser.HTMLParser):
    ids, status, in_status = [], "", False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li" and "data-id" in a: self.ids.append(a["data-id"])
        if a.get("id") == "search-status": self.in_status = True
    def handle_endtag(self, tag):
        if tag == "p": self.in_status = False
    def handle_data(self, data):
        if self.in_status: self.status += data
p = P(); p.feed(sys.stdin.read())
for i in p.ids: print(i)
print("STATUS " + p.status.strip())
'
}

browse() { # page query
  local url
  url="http://127.0.0.1:$PORT/search/$1?q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$2")"
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$WORK/profile" --blink-settings=imagesEnabled=false \
    --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" \
    --virtual-time-budget=5000 --dump-dom "$url" 2>/dev/null | extract
}

failures=0
checked_pages=0
for query in "${QUERIES[@]}"; do
  "$EXHIBIT" search --site "$SITE_DIR" --limit 1000 "$query" > "$WORK/expected" || { echo "FAIL [$query]: $EXHIBIT search failed" >&2; failures=$((failures + 1)); continue; }
  expected_count=$(grep -c . "$WORK/expected" || true)

  # The full list, on the minimal page.
  browse "__check.html" "$query" > "$WORK/full"
  grep -v '^STATUS ' "$WORK/full" > "$WORK/actual" || true
  if ! cmp -s "$WORK/expected" "$WORK/actual"; then
    echo "FAIL [$query]: search page and exhibit search disagree" >&2
    echo "--- exhibit search:" >&2; cat "$WORK/expected" >&2
    echo "--- search page ($(grep '^STATUS ' "$WORK/full")):" >&2; cat "$WORK/actual" >&2
    failures=$((failures + 1))
    continue
  fi
  status=$(sed -n 's/^STATUS //p' "$WORK/full")
  if [ "$expected_count" -eq 0 ]; then
    want_status="No images match “$(python3 -c 'import sys; print(sys.argv[1].strip())' "$query")”."
  elif [ "$expected_count" -eq 1 ]; then want_status="1 image"; else want_status="$expected_count images"; fi
  if [ "$expected_count" -lt 1000 ] && [ "$status" != "$want_status" ]; then
    echo "FAIL [$query]: status is \"$status\", expected \"$want_status\"" >&2
    failures=$((failures + 1))
    continue
  fi

  # The site's own page: its first page must be the head of the same list.
  if [ -f "$SITE_DIR/search/index.html" ]; then
    browse "index.html" "$query" > "$WORK/page"
    grep -v '^STATUS ' "$WORK/page" > "$WORK/page_ids" || true
    shown=$(grep -c . "$WORK/page_ids" || true)
    head -n "$shown" "$WORK/expected" > "$WORK/expected_head"
    page_status=$(sed -n 's/^STATUS //p' "$WORK/page")
    if ! cmp -s "$WORK/expected_head" "$WORK/page_ids" || [ "$page_status" != "$status" ] || { [ "$shown" -eq 0 ] && [ "$expected_count" -gt 0 ]; }; then
      echo "FAIL [$query]: search/index.html shows something else (\"$page_status\")" >&2
      echo "--- exhibit search (first $shown):" >&2; cat "$WORK/expected_head" >&2
      echo "--- search/index.html:" >&2; cat "$WORK/page_ids" >&2
      failures=$((failures + 1))
      continue
    fi
    checked_pages=$((checked_pages + 1))
  fi
  echo "ok [$query]: $expected_count results ($status)"
done

if [ ! -f "$SITE_DIR/search/index.html" ]; then
  echo "note: $SITE_DIR/search/index.html does not exist; only the minimal page was checked"
fi
if [ "$failures" -gt 0 ]; then
  echo "check_search: $failures of ${#QUERIES[@]} queries disagree" >&2
  exit 1
fi
echo "check_search: all ${#QUERIES[@]} queries agree (site page checked for $checked_pages)"
