#!/usr/bin/env bash
# Benchmark for issue 10 ("exhibit serve"). Not part of `swift test` or CI.
#
#   bench/serve.sh [IMAGES ...]     # default: 10000 (add 100000 for the second row; ~1 min to generate)
#
# Builds exhibit in release mode, generates each gallery with `exhibit demo-db` (cached in
# $EXHIBIT_BENCH_WORK, default /tmp/exhibit-bench-serve) and prints, per size:
#   cold      a full `exhibit build` into an empty folder (same run, for the ratio)
#   db→page   a new image committed to the database (WAL, by python3) → the rebuilt home page,
#             served, shows it: the time from COMMIT to the event stream's build event naming
#             images/<id>/index.html, plus the GET of the page (median of 3)
#   tpl→page  a template edit (home.mustache) → the event naming index.html + the GET (median of 3)
#   idle RSS  the server's resident memory, idle after the first build
# Targets (issue 10): db→page ≤ 1 s at 10,000 images, ≤ 0.25 × cold at 100,000; tpl→page ≤ 0.5 s
# at 10,000; idle RSS ≤ 150 MiB at 100,000. On a shared machine, figures vary with the load
# (printed with them).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000)
work=${EXHIBIT_BENCH_WORK:-/tmp/exhibit-bench-serve}
mkdir -p "$work"

swift build -c release --product exhibit 2>&1 | { grep -E "error|omplete" || true; } | tail -1
exhibit="$(swift build -c release --show-bin-path)/exhibit"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

for n in "${sizes[@]}"; do
  db="$work/gallery-$n.sqlite"
  [ -f "$db" ] || "$exhibit" demo-db "$db" --images "$n" >/dev/null
  rm -rf "$work/cold-$n" "$work/serve-$n" "$work/templates-$n" "$db-wal" "$db-shm"
  start=$(date +%s.%N)
  "$exhibit" build --db "$db" --out "$work/cold-$n" --quiet
  cold=$(echo "$(date +%s.%N) - $start" | bc)
  "$exhibit" templates export "$work/templates-$n" >/dev/null
  python3 - "$exhibit" "$db" "$work/serve-$n" "$work/templates-$n" "$n" "$cold" <<'PY'
import os, re, signal, socket, sqlite3, statistics, subprocess, sys, time, urllib.request
exhibit, db, out, templates, n, cold = sys.argv[1:7]
cold = float(cold)
server = subprocess.Popen([exhibit, "serve", "--db", db, "--out", out, "--templates", templates,
                           "--port", "0", "--quiet"], stdout=subprocess.PIPE, text=True)
url = None
while url is None:
    line = server.stdout.readline()
    if not line: sys.exit("serve did not start")
    m = re.search(r"(http://127\.0\.0\.1:(\d+)/)", line)
    if m: url, port = m.group(1), int(m.group(2))
time.sleep(2)
rss = int(re.search(r"VmRSS:\s+(\d+)", open("/proc/%d/status" % server.pid).read()).group(1)) / 1024

def stream():
    page = urllib.request.urlopen(url).read().decode()
    gen = re.search(r'data-generation="(\d+)"', page).group(1)
    inst = re.search(r'data-instance="([^"]+)"', page).group(1)
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(("GET /__exhibit/events?since=%s&instance=%s HTTP/1.1\r\nHost: x\r\n\r\n" % (gen, inst)).encode())
    text = b""
    while b"event: hello" not in text: text += s.recv(65536)
    return s

def until(s, needle, timeout=120):
    s.settimeout(timeout); text = b""
    while needle.encode() not in text:
        chunk = s.recv(65536)
        if not chunk: raise SystemExit("stream closed")
        text += chunk
    s.close()

def measure(change, needle, check):
    s = stream()
    start = time.time(); change()
    until(s, needle)
    body = urllib.request.urlopen(url).read().decode()
    took = time.time() - start
    assert check(body), "page does not show the change"
    return took

connection = sqlite3.connect(db); connection.execute("PRAGMA journal_mode=WAL")
user = connection.execute("SELECT user_id FROM users LIMIT 1").fetchone()[0]
db_times = []
for i in range(3):
    image = "bench-%d-%d" % (os.getpid(), i)
    def commit():
        connection.execute("INSERT INTO images (image_id,user_id,url,description,tags,theme,is_public,created_at) VALUES (?,?,?,?,?,?,?,?)",
                           (image, user, "https://res.cloudinary.com/demo/image/upload/v1/b.jpg", "bench", None, None, 1, "2032-01-0%dT00:00:00Z" % (i + 1)))
        connection.commit()
    db_times.append(measure(commit, '"images/%s/index.html"' % image, lambda body: image in body))
    time.sleep(0.5)
tpl_times = []
home = os.path.join(templates, "home.mustache")
original = open(home).read()
for i in range(3):
    marker = "<!-- bench-edit-%d -->" % i
    def edit():
        with open(home, "w") as f: f.write(original + marker + "\n")
    tpl_times.append(measure(edit, '"index.html"', lambda body: marker in body))
    time.sleep(0.5)
server.send_signal(signal.SIGINT); server.wait()
d, t = statistics.median(db_times), statistics.median(tpl_times)
print("%s images: cold build %.2f s | db→page %.2f s (%.2f × cold; runs %s) | tpl→page %.2f s (runs %s) | idle RSS %.0f MiB"
      % (f"{int(n):,}", cold, d, d / cold, " ".join("%.2f" % x for x in db_times), t,
         " ".join("%.2f" % x for x in tpl_times), rss))
PY
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
