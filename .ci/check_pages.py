#!/usr/bin/env python3
"""Real-browser check of a built Exhibit gallery: layout shift, image weight,
image sharpness budget (downloaded vs rendered width) and axe-core violations.

    python3 check_pages.py OUTPUT_DIR [--base-path /] [--delay 1.5] [--json FILE]
                                      [--enforce] [--pages home,image-portrait]

Needs: Debian `chromium`, `chromium-driver`, `openssl`; PyPI `selenium`, `pillow`
and `axe-playwright-python` (only for its bundled axe.min.js; install it with
`pip install --no-deps axe-playwright-python`).

Page kinds: home, list-page (home's rel=next), image-portrait, image-long-text,
user, collection, collections, tag, tags, theme, themes, search (?q=<a tag>)
and 404 (a missing URL, answered with 404.html). Each is loaded at 390x844 DPR 3
(mobile) and 1280x800 DPR 1, and measured once the images in the first
viewport are complete, --settle seconds have passed and no image response is
in flight any more.

The output folder is served on 127.0.0.1; every other host (res.cloudinary.com,
S3, avatar hosts, ...) is mapped by Chromium's --host-resolver-rules to a local
HTTPS/HTTP server that acts as a CDN: it answers each image request, after
--delay seconds, with a photo-like JPEG of the pixel size that CDN would return
for the URL. 1 KB in this report is 1024 bytes.
"""
import argparse
import base64
import gzip
import hashlib
import importlib.util
import io
import json
import os
import random
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from PIL import Image, ImageChops, ImageFilter
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

VIEWPORTS = [  # name, CSS width, CSS height, device pixel ratio, mobile
    ("390x844@3", 390, 844, 3, True),
    ("1280x800@1", 1280, 800, 1, False),
]
CLS_TARGET = 0.01
RATIO_TARGET = 2.0
HOME_FIRST_VIEW_KB_TARGET = 400
# Hosts that resize on request although their URLs carry no size today, and
# the size they return for a URL without one.
RESIZABLE_HOSTS = {"www.gravatar.com": (80, 80), "img.clerk.com": (400, 400)}


# ---------------------------------------------------------------- mock CDN

def original_size(key):
    """Pixel size of the "original" behind a URL without transformation:
    avatar hosts have their own; photos are landscape 4:3, portrait 3:4 or
    wide 16:9, chosen deterministically from the URL."""
    host = urlsplit(key).hostname or ""
    if host in RESIZABLE_HOSTS:
        return RESIZABLE_HOSTS[host]
    pick = int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % 10
    return (4000, 3000) if pick < 5 else (3000, 4000) if pick < 8 else (4000, 2250)


def apply_cloudinary(size, component):
    """Apply one Cloudinary transformation component (e.g.
    c_fill,g_auto,w_400,h_400 or c_limit,w_800) to a (w, h) size."""
    ow, oh = size
    p = dict(part.split("_", 1) for part in component.split(","))
    w, h = (float(p[k]) if re.fullmatch(r"\d+(\.\d+)?", p.get(k, "")) else None for k in ("w", "h"))
    crop = p.get("c", "scale")
    if w and h and crop in ("limit", "fit", "mfit"):  # fit inside w x h, keeping the aspect
        scale = min(w / ow, h / oh)
    elif w and h:  # fill, crop, thumb, pad, scale: exactly w x h
        return round(w), round(h)
    elif w or h:  # one side given: keep the aspect
        scale = w / ow if w else h / oh
    else:
        return size
    scale = min(scale, 1) if crop == "limit" else scale
    dpr = float(p["dpr"]) if re.fullmatch(r"\d+(\.\d+)?", p.get("dpr", "")) else 1
    return max(1, round(ow * scale * dpr)), max(1, round(oh * scale * dpr))


def transform_kind(url):
    """How a CDN could serve this URL at another width: 'cloudinary',
    'width-param' (size in query or path), 'resizable-host', or None."""
    parts = urlsplit(url)
    if (parts.hostname or "").endswith("cloudinary.com") and "/upload/" in parts.path:
        return "cloudinary"
    if requested_width(parts) is not None:
        return "width-param"
    if parts.hostname in RESIZABLE_HOSTS:
        return "resizable-host"
    return None


def requested_width(parts):
    """(w, h) asked for by query (width=, w=, s=, height=, h=) or by a path
    segment like w_400, width=400, 400w or 400x300; (None, None) parts allowed;
    None when the URL asks for no size."""
    q = parse_qs(parts.query)
    pick = lambda *keys: next((int(q[k][0]) for k in keys if k in q and q[k][0].isdigit()), None)
    w, h = pick("width", "w", "s", "size"), pick("height", "h", "s", "size")
    if w or h:
        return w, h
    for seg in parts.path.split("/"):
        m = re.fullmatch(r"(?:w_|width[=_-]?)(\d+)|(\d+)w|(\d+)x(\d*)", seg)
        if m:
            w = int(m.group(1) or m.group(2) or m.group(3))
            return w, int(m.group(4)) if m.group(4) else None
    return None


def served_size(url):
    """The pixel size a CDN would return for this image URL."""
    parts = urlsplit(url)
    if transform_kind(url) == "cloudinary":
        head, _, rest = parts.path.partition("/upload/")
        segs = rest.split("/")
        comps = []
        while segs and all(re.fullmatch(r"[a-z]{1,3}_[^,]+", c) for c in segs[0].split(",")):
            comps.append(segs.pop(0))
        size = original_size(f"https://{parts.hostname}{head}/upload/{'/'.join(segs)}")
        for comp in comps:
            size = apply_cloudinary(size, comp)
        return size
    inner = parse_qs(parts.query).get("url")
    ow, oh = original_size(inner[0] if inner else f"{parts.scheme}://{parts.hostname}{parts.path}")
    w, h = requested_width(parts) or (None, None)
    if w and h:
        return w, h
    if w or h:
        s = (w / ow) if w else (h / oh)
        return max(1, round(ow * s)), max(1, round(oh * s))
    return ow, oh


_jpeg_cache, _jpeg_lock = {}, threading.Lock()


def noise(rng, size, sigma):
    """Deterministic grey noise around 128 with about the given spread."""
    flat = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    return flat.point(lambda v: round(128 + (v - 128) * sigma / 74))


def jpeg_bytes(w, h):
    """A photo-like JPEG (colour field, image-relative texture, fine grain;
    quality 80) of w x h, the same bytes for the same size on every run, cached.
    About 0.95 MB at 4000x3000, 110 KB at 800x800, 33 KB at 400x400."""
    w, h = min(max(w, 1), 8000), min(max(h, 1), 8000)
    with _jpeg_lock:
        if (w, h) not in _jpeg_cache:
            rng = random.Random(w * 100003 + h)
            field = [noise(rng, (8, 6), 70).point(lambda v, o=o: v + o) for o in (-30, 10, 25)]
            img = Image.merge("RGB", field).resize((w, h), Image.BICUBIC)
            texture = noise(rng, (1000, max(1, round(1000 * h / w))), 40)
            texture = texture.filter(ImageFilter.GaussianBlur(1.2)).resize((w, h), Image.BICUBIC)
            for layer in (texture, noise(rng, (w, h), 2)):  # texture, then fine grain
                img = ImageChops.add(img, Image.merge("RGB", [layer] * 3), offset=-128)
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=80)
            _jpeg_cache[(w, h)] = buf.getvalue()
        return _jpeg_cache[(w, h)]


# ---------------------------------------------------------------- servers

class QuietServer(ThreadingHTTPServer):
    """Threaded server that does not print a traceback for clients that hang up
    (the browser cancels delayed images when it navigates away)."""
    daemon_threads = True
    inflight = 0  # image responses being prepared or sent
    lock = threading.Lock()

    def busy(self, step):
        """Count an image response in flight while it is delayed and sent."""
        with self.lock:
            self.inflight += step

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, socket.timeout)):
            super().handle_error(request, client_address)


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the output folder under the base path like a static host:
    dir/ -> dir/index.html, 404.html for missing files, images delayed."""
    protocol_version = "HTTP/1.1"
    timeout = 30
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".html": "text/html; charset=utf-8",
                      ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                      ".json": "application/json", ".xml": "application/xml", ".atom": "application/atom+xml",
                      ".svg": "image/svg+xml", ".webp": "image/webp", ".avif": "image/avif", ".txt": "text/plain"}

    def translate_path(self, path):
        path = urlsplit(path).path
        base = self.server.base_path
        if not path.startswith(base):
            return os.path.join(self.directory, ".outside-base-path")
        return super().translate_path("/" + path[len(base):])

    def do_GET(self):
        if not self.guess_type(urlsplit(self.path).path).startswith("image/"):
            return super().do_GET()
        self.server.busy(1)
        try:
            time.sleep(self.server.delay)
            super().do_GET()
        finally:
            self.server.busy(-1)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory, "404.html")
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


class ImageHandler(BaseHTTPRequestHandler):
    """Answers every request with a JPEG of the size the CDN would serve."""
    protocol_version = "HTTP/1.1"
    timeout = 30

    def do_GET(self):
        start = time.monotonic()
        self.server.busy(1)
        try:
            self.send_image(start)
        finally:
            self.server.busy(-1)

    def send_image(self, start):
        """Log the request, wait out the rest of the delay, send the JPEG."""
        scheme = "https" if isinstance(self.connection, ssl.SSLSocket) else "http"
        url = f"{scheme}://{(self.headers.get('Host') or '').split(':')[0]}{self.path}"
        w, h = served_size(url)
        body = jpeg_bytes(w, h)
        self.server.log.append({"url": url, "width": w, "height": h, "bytes": len(body),
                                "dest": self.headers.get("Sec-Fetch-Dest", "")})
        if self.server.verbose:
            print(f"  image {w}x{h} {len(body) // 1024} KB {url}", flush=True)
        time.sleep(max(0.0, self.server.delay - (time.monotonic() - start)))
        self.send_response(200)
        for name, value in (("Content-Type", "image/jpeg"), ("Content-Length", str(len(body))),
                            ("Cache-Control", "public, max-age=31536000"), ("Timing-Allow-Origin", "*"),
                            ("Access-Control-Allow-Origin", "*")):
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class ImageServer(QuietServer):
    """The mock CDN: one port for HTTPS and plain HTTP (TLS is detected from
    the first byte), so every mapped host reaches it whatever its scheme."""

    def __init__(self, cert_dir, delay, verbose):
        super().__init__(("127.0.0.1", 0), ImageHandler)
        self.ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ssl_context.load_cert_chain(cert_dir / "cert.pem", cert_dir / "key.pem")
        self.delay, self.verbose, self.log = delay, verbose, []

    def finish_request(self, request, client_address):
        request.settimeout(30)
        try:
            if request.recv(1, socket.MSG_PEEK) == b"\x16":
                request = self.ssl_context.wrap_socket(request, server_side=True)
            self.RequestHandlerClass(request, client_address, self)
        finally:
            request.close()


def make_certificate(folder):
    """Self-signed certificate and key for the mock CDN (openssl CLI)."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "2", "-subj", "/CN=exhibit-page-check",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
                   check=True, capture_output=True, timeout=30)


def start(server):
    """Run a server in a daemon thread; return it."""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ---------------------------------------------------------------- pages

def richest(folder):
    """Relative URL of the sub-page of folder with the most grid items."""
    count = lambda page: page.read_text(encoding="utf-8").count('class="grid-item"')
    best = max(sorted(folder.glob("*/index.html")), key=count, default=None)  # first of equals
    return f"{best.parent.relative_to(folder.parent).as_posix()}/" if best else None


def photo_shape(out, page_html):
    """(is_portrait, caption_length) of an image page's main photo."""
    m = re.search(r'<figure class="photo">.*?<img [^>]*?src="([^"]+)"', page_html, re.S)
    caption = re.search(r"<figcaption>(.*?)</figcaption>", page_html, re.S)
    caption_len = len(caption.group(1)) if caption else 0
    if not m:
        return False, caption_len
    src = m.group(1).replace("&amp;", "&")
    if src.startswith(("http://", "https://")):
        w, h = served_size(src)
    else:
        svg = (out / "images" / "x" / src).resolve()  # src is relative to images/<id>/
        head = svg.read_text(errors="replace")[:500] if svg.is_file() else ""
        dims = re.search(r'width="(\d+)" height="(\d+)"', head)
        w, h = (int(dims.group(1)), int(dims.group(2))) if dims else (1, 1)
    return h > w, caption_len


def choose_pages(out):
    """One page of each kind: {kind: URL relative to the site root}."""
    home = (out / "index.html").read_text(encoding="utf-8")
    nxt = re.search(r'<link rel="next" href="([^"]+)"', home)
    pages = {"home": "", "list-page": nxt.group(1).removesuffix("index.html") if nxt else "page/2/"}
    portrait, longest = None, (None, -1)
    for page in sorted((out / "images").glob("*/index.html")):
        is_portrait, caption_len = photo_shape(out, page.read_text(encoding="utf-8"))
        rel = f"images/{page.parent.name}/"
        portrait = portrait or (rel if is_portrait else None)
        if caption_len > longest[1]:
            longest = (rel, caption_len)
    pages["image-portrait"] = portrait or longest[0]
    pages["image-long-text"] = longest[0]
    for kind, folder in (("user", "users"), ("collection", "collections"), ("tag", "tags"), ("theme", "themes")):
        pages[kind] = richest(out / folder)
        pages[folder] = f"{folder}/" if (out / folder / "index.html").is_file() else None
    tag = pages["tag"].split("/")[1].replace("-", "+") if pages["tag"] else "photo"
    pages["search"] = f"search/?q={tag}"
    pages["404"] = "no-such-page/deeper/"
    return {k: v for k, v in pages.items() if v is not None}


# ---------------------------------------------------------------- browser

OBSERVER_JS = """
performance.setResourceTimingBufferSize(10000);
window.__check = {cls: 0, shifts: []};
const name = n => !n || n.nodeType !== 1 ? (n ? n.nodeName : '?') :
  n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') +
  (typeof n.className === 'string' && n.className.trim() ? '.' + n.className.trim().split(/\\s+/).join('.') : '');
try {
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      window.__check.cls += e.value;
      window.__check.shifts.push({value: +e.value.toFixed(4), time: Math.round(e.startTime),
                                  nodes: (e.sources || []).map(s => name(s.node)).slice(0, 4)});
    }
  }).observe({type: 'layout-shift', buffered: true});
} catch (err) { window.__check.error = String(err); }
"""

VISIBLE_JS = """
const inView = r => r.bottom >= 0 && r.right >= 0 && r.top < innerHeight && r.left < innerWidth;
window.__inView = img => img.getClientRects().length > 0 && inView(img.getBoundingClientRect());
"""

PENDING_JS = VISIBLE_JS + """
return [...document.images].filter(i => __inView(i) && !i.complete).map(i => i.currentSrc || i.src);
"""

MEASURE_JS = VISIBLE_JS + """
const timing = new Map(performance.getEntriesByType('resource').map(e => [e.name, e]));
const images = [...document.images].map(i => {
  const r = i.getBoundingClientRect(), e = timing.get(i.currentSrc);
  return {src: i.currentSrc || i.src, complete: i.complete, natural: [i.naturalWidth, i.naturalHeight],
          rendered: [+r.width.toFixed(1), +r.height.toFixed(1)], inView: __inView(i),
          bytes: e ? e.encodedBodySize : null, sized: i.hasAttribute('width') && i.hasAttribute('height'),
          srcset: i.hasAttribute('srcset')};
});
const fetched = performance.getEntriesByType('resource').filter(
  e => ['img', 'image'].includes(e.initiatorType) || /\\.(jpe?g|png|gif|webp|avif|svg)(\\?|$)/i.test(e.name));
return {check: window.__check, docHeight: document.documentElement.scrollHeight, images,
        fetched: fetched.map(e => ({url: e.name, bytes: e.encodedBodySize}))};
"""

AXE_JS = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']})
  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                          targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
  .catch(e => done({error: String(e)}));
"""


def start_browser(args, image_port):
    """Headless Chromium through chromedriver with every non-local host
    mapped to the mock CDN, cache off and the layout-shift observer set."""
    opts = webdriver.ChromeOptions()
    opts.binary_location = args.chromium
    opts.accept_insecure_certs = True
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--ignore-certificate-errors", "--hide-scrollbars", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-extensions",
                 "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,NetworkTimeServiceQuerying", "--window-size=1280,900",
                 f"--host-resolver-rules=MAP * 127.0.0.1:{image_port}, EXCLUDE 127.0.0.1, EXCLUDE localhost"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(options=opts, service=Service(args.chromedriver))
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVER_JS})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": args.color_scheme}]})
    return driver


def set_viewport(driver, viewport):
    """Emulate a viewport (CSS size, device pixel ratio, mobile or not)."""
    _, width, height, dpr, mobile = viewport
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": dpr, "mobile": mobile})
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": mobile, "maxTouchPoints": 5})


def wait_for_first_viewport(driver, timeout):
    """Wait until every image in the viewport is complete (two polls in a
    row); return the sources still pending at the timeout."""
    deadline, calm, pending = time.monotonic() + timeout, 0, []
    while time.monotonic() < deadline:
        pending = driver.execute_script(PENDING_JS)
        calm = calm + 1 if not pending else 0
        if calm >= 2:
            return []
        time.sleep(0.25)
    return pending


def wait_for_quiet(servers, timeout):
    """Wait until no image response has been in flight for half a second."""
    deadline, calm = time.monotonic() + timeout, 0
    while time.monotonic() < deadline and calm < 2:
        calm = calm + 1 if not any(s.inflight for s in servers) else 0
        time.sleep(0.25)


def distinct_worst(entries, count=5):
    """The highest ratios, one per (natural width, rendered width, kind)."""
    worst = {}
    for e in sorted(entries, key=lambda e: -e["ratio"]):
        worst.setdefault((e["natural"][0], e["rendered"][0], e["kind"]), e)
    return list(worst.values())[:count]


def summarise(raw, dpr, served):
    """Reduce the in-page measurement to the figures the report needs. The
    downloaded size of a CDN image is the one the mock CDN sent (naturalWidth
    of an <img> with srcset is divided by the chosen density); for the site's
    own images it is naturalWidth."""
    first_view, sharp, other = {}, [], []
    for img in raw["images"]:
        if img["inView"] and img["bytes"] is not None:
            first_view[img["src"]] = img["bytes"]
        if not (img["complete"] and img["natural"][0] and img["rendered"][0] >= 1):
            continue
        natural = list(served.get(img["src"], img["natural"]))
        ratio = natural[0] / (img["rendered"][0] * dpr)
        entry = {"ratio": round(ratio, 2), "src": img["src"], "natural": natural,
                 "rendered": img["rendered"], "kind": transform_kind(img["src"])}
        (sharp if entry["kind"] else other).append(entry)
    seen = {f["url"]: f["bytes"] for f in raw["fetched"]}
    return {
        "cls": round(raw["check"]["cls"], 4), "shifts": raw["check"]["shifts"][:10],
        "observer_error": raw["check"].get("error"),
        "first_view_bytes": sum(first_view.values()), "first_view_images": len(first_view),
        "first_view": sorted(([b, src] for src, b in first_view.items()), reverse=True),
        "total_image_bytes": sum(seen.values()), "images_fetched": len(seen),
        "max_ratio": max((e["ratio"] for e in sharp), default=None), "worst": distinct_worst(sharp),
        "max_ratio_fixed": max((e["ratio"] for e in other), default=None), "worst_fixed": distinct_worst(other),
        "images_without_size": sum(1 for i in raw["images"] if not i["sized"]),
        "images_with_srcset": sum(1 for i in raw["images"] if i["srcset"]),
        "doc_height": raw["docHeight"],
    }


def measure(driver, url, viewport, args, axe_source, servers):
    """Load one page at one viewport and measure it once its first viewport
    has loaded, a settle time has passed and image requests have stopped."""
    cdn = servers[0]
    set_viewport(driver, viewport)
    driver.get("about:blank")
    log_start = len(cdn.log)
    started = time.monotonic()
    driver.get(url)
    pending = wait_for_first_viewport(driver, args.image_timeout)
    time.sleep(args.settle)
    wait_for_quiet(servers, args.image_timeout)
    served = {e["url"]: (e["width"], e["height"]) for e in cdn.log}
    result = summarise(driver.execute_script(MEASURE_JS), viewport[3], served)
    result.update(pending_images=pending, seconds=round(time.monotonic() - started, 1),
                  cdn_requests=[f"{e['width']}x{e['height']} {e['url']}" for e in cdn.log[log_start:]])
    if axe_source:
        driver.execute_script(axe_source)
        axe = driver.execute_async_script(AXE_JS)
        result["axe"] = axe if isinstance(axe, list) else []
        result["axe_error"] = None if isinstance(axe, list) else axe.get("error")
    return result


def screenshot(driver, path):
    """Save a PNG of the emulated viewport."""
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    path.write_bytes(base64.b64decode(shot["data"]))


def find_axe():
    """Path of axe.min.js from the axe-playwright-python package, or None."""
    spec = importlib.util.find_spec("axe_playwright_python")
    found = sorted(Path(spec.origin).parent.rglob("axe.min.js")) if spec and spec.origin else []
    return found[0] if found else None


# ---------------------------------------------------------------- report

def gzip_sizes(out, base_path):
    """Gzip-9 sizes of home's HTML and of each stylesheet it links."""
    html = (out / "index.html").read_bytes()
    sizes = {"index.html": len(gzip.compress(html, 9))}
    for href in re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html):
        rel = href.decode()
        rel = rel[len(base_path):] if rel.startswith(base_path) else rel
        css = out / urlsplit(rel).path
        if css.is_file():
            sizes[css.relative_to(out).as_posix()] = len(gzip.compress(css.read_bytes(), 9))
    return sizes


def evaluate(loads, gz, budget_kb):
    """The targets, each as {name, value, passed} (passed None = report only)."""
    ok = [l for l in loads if "error" not in l]
    worst_cls = max(ok, key=lambda l: l["cls"], default=None)
    ratios = [l for l in ok if l["max_ratio"] is not None]
    worst_ratio = max(ratios, key=lambda l: l["max_ratio"], default=None)
    home = next((l for l in ok if l["kind"] == "home" and l["viewport"] == VIEWPORTS[1][0]), None)
    axe_total = sum(v["nodes"] for l in ok for v in l.get("axe", []))
    axe_ids = sorted({v["id"] for l in ok for v in l.get("axe", [])})
    axe_ran = any("axe" in l for l in ok)
    axe_failed = [f"{l['kind']}@{l['viewport']}" for l in ok if l.get("axe_error")]
    gz_total = sum(gz.values())
    errors = [f"{l['kind']}@{l['viewport']}" for l in loads if "error" in l]
    return [
        {"name": f"layout shift <= {CLS_TARGET} everywhere",
         "value": f"worst {worst_cls['cls']:.4f} ({worst_cls['kind']} @ {worst_cls['viewport']})" if worst_cls else "n/a",
         "passed": bool(ok) and worst_cls["cls"] <= CLS_TARGET},
        {"name": f"downloaded width / (rendered width x DPR) <= {RATIO_TARGET} (transformable images)",
         "value": (f"worst {worst_ratio['max_ratio']} ({worst_ratio['kind']} @ {worst_ratio['viewport']})"
                   if worst_ratio else "no transformable images"),
         "passed": not worst_ratio or worst_ratio["max_ratio"] <= RATIO_TARGET},
        {"name": f"home first-viewport image bytes at 1280x800@1 <= {HOME_FIRST_VIEW_KB_TARGET} KB",
         "value": f"{home['first_view_bytes'] / 1024:.0f} KB" if home else "not measured",
         "passed": None if not home else home["first_view_bytes"] <= HOME_FIRST_VIEW_KB_TARGET * 1024},
        {"name": "home HTML + CSS gzipped" + (f" <= {budget_kb} KB" if budget_kb else " (report only)"),
         "value": f"{gz_total / 1024:.2f} KB (" + ", ".join(f"{k} {v / 1024:.2f} KB" for k, v in gz.items()) + ")",
         "passed": gz_total <= budget_kb * 1024 if budget_kb else None},
        {"name": "axe-core violations: 0",
         "value": (f"{axe_total} nodes in {len(axe_ids)} rules {', '.join(axe_ids)}".strip()
                   + (f"; axe failed on {', '.join(axe_failed)}" if axe_failed else "")) if axe_ran else "not run",
         "passed": axe_total == 0 and not axe_failed if axe_ran else None},
        {"name": "every page loaded", "value": ", ".join(errors) or "all", "passed": not errors},
    ]


def print_report(loads, targets):
    """Readable table of the loads, the details that explain misses, and the targets."""
    head = (f"{'page':<16} {'viewport':<11} {'CLS':>7} {'1st KB':>7} {'total KB':>8} {'imgs':>4} "
            f"{'ratio':>6} {'fixed':>6} {'nosize':>6} {'axe':>4}")
    print("\n" + head + "\n" + "-" * len(head))
    fmt = lambda v: "-" if v is None else f"{v:.2f}"
    for l in loads:
        if "error" in l:
            print(f"{l['kind']:<16} {l['viewport']:<11} ERROR {l['error'][:60]}")
            continue
        print(f"{l['kind']:<16} {l['viewport']:<11} {l['cls']:>7.4f} {l['first_view_bytes'] / 1024:>7.0f} "
              f"{l['total_image_bytes'] / 1024:>8.0f} {l['images_fetched']:>4} {fmt(l['max_ratio']):>6} "
              f"{fmt(l['max_ratio_fixed']):>6} {l['images_without_size']:>6} "
              f"{sum(v['nodes'] for v in l.get('axe', [])):>4}")
    print("\n1st KB: images intersecting the first viewport; total KB / imgs: all images fetched without "
          "scrolling;\nratio: worst natural width / (rendered width x DPR) of images a CDN can resize; fixed: "
          "same for the others;\nnosize: <img> without width and height; axe: violating nodes.\n\nDetails")
    for l in loads:
        notes = []
        if l.get("cls", 0) > CLS_TARGET:
            notes.append("shifts: " + "; ".join(f"{s['value']} {'/'.join(s['nodes'])}" for s in l["shifts"][:3]))
        for w in l.get("worst", [])[:3]:
            if w["ratio"] > RATIO_TARGET:
                notes.append(f"ratio {w['ratio']}: {w['natural'][0]}px for {w['rendered'][0]} CSS px "
                             f"({w['kind']}) {w['src']}")
        if l.get("pending_images"):
            notes.append(f"{len(l['pending_images'])} first-viewport images not loaded: {l['pending_images'][:2]}")
        if l.get("axe"):
            notes.append("axe: " + ", ".join(f"{v['id']} x{v['nodes']}" for v in l["axe"]))
        if notes:
            print(f"  {l['kind']} @ {l['viewport']}:\n    " + "\n    ".join(notes))
    print("\nTargets")
    for t in targets:
        mark = {True: "PASS", False: "FAIL", None: "----"}[t["passed"]]
        print(f"  [{mark}] {t['name']}: {t['value']}")


def parse_args(argv):
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", type=Path, help="built output folder")
    p.add_argument("--base-path", default="/", help="URL path the site is mounted at (default /)")
    p.add_argument("--delay", type=float, default=1.5, help="seconds every image response is delayed")
    p.add_argument("--json", type=Path, help="write the results to this file")
    p.add_argument("--enforce", action="store_true", help="exit 1 when a target is missed")
    p.add_argument("--pages", help="comma-separated page kinds to load (default: all; see above)")
    p.add_argument("--viewports", help="comma-separated viewport names (default: all)")
    p.add_argument("--settle", type=float, default=1.0, help="seconds to wait after the first viewport loaded")
    p.add_argument("--image-timeout", type=float, default=20, help="seconds to wait for first-viewport images")
    p.add_argument("--color-scheme", choices=("light", "dark"), default="light")
    p.add_argument("--no-axe", action="store_true", help="skip axe-core")
    p.add_argument("--gzip-budget", type=float, help="KB allowed for home HTML + CSS gzipped")
    p.add_argument("--screenshots", type=Path, help="save a viewport PNG of every load in this folder")
    p.add_argument("--timeout", type=int, default=900, help="abort the whole run after this many seconds")
    p.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    p.add_argument("--chromedriver", default=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    p.add_argument("--verbose", action="store_true", help="print every image the mock CDN serves")
    args = p.parse_args(argv)
    args.base_path = "/" + args.base_path.strip("/") + "/" if args.base_path.strip("/") else "/"
    return args


def main(argv=None):
    """Serve, browse, measure, report; exit 1 on a missed target with --enforce."""
    args = parse_args(argv)
    out = args.out.resolve()
    if not (out / "index.html").is_file():
        sys.exit(f"error: {out}/index.html not found")
    axe_path = None if args.no_axe else find_axe()
    if not args.no_axe and not axe_path:
        sys.exit("error: axe.min.js not found: pip install --no-deps axe-playwright-python (or pass --no-axe)")

    def on_signal(signum, _frame):
        raise SystemExit(f"aborted by signal {signum} (--timeout {args.timeout}s?)")
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGALRM, on_signal)
    signal.alarm(args.timeout)

    tmp = Path(tempfile.mkdtemp(prefix="exhibit-pages-"))
    servers, driver = [], None
    try:
        make_certificate(tmp)
        cdn = start(ImageServer(tmp, args.delay, args.verbose))
        site = start(QuietServer(("127.0.0.1", 0), partial(SiteHandler, directory=str(out))))
        site.base_path, site.delay = args.base_path, args.delay
        servers = [cdn, site]
        root = f"http://127.0.0.1:{site.server_address[1]}{args.base_path}"
        pages = choose_pages(out)
        if args.pages:
            wanted = args.pages.split(",")
            if set(wanted) - set(pages):
                sys.exit(f"error: unknown page kinds {sorted(set(wanted) - set(pages))}; this site has {list(pages)}")
            pages = {k: v for k, v in pages.items() if k in wanted}
        viewports = [v for v in VIEWPORTS if not args.viewports or v[0] in args.viewports.split(",")]
        print(f"Serving {out} at {root} (mock CDN on port {cdn.server_address[1]}, images delayed {args.delay}s)")
        for kind, rel in pages.items():
            print(f"  {kind:<16} {rel}")
        axe_source = axe_path.read_text(encoding="utf-8") if axe_path else None
        driver = start_browser(args, cdn.server_address[1])
        if args.screenshots:
            args.screenshots.mkdir(parents=True, exist_ok=True)
        loads = []
        for viewport in viewports:
            for kind, rel in pages.items():
                load = {"kind": kind, "viewport": viewport[0], "url": rel}
                try:
                    load.update(measure(driver, root + rel, viewport, args, axe_source, servers))
                    if args.screenshots:
                        screenshot(driver, args.screenshots / f"{kind}-{viewport[0]}.png")
                except Exception as err:  # a page that fails is reported, the run goes on
                    load["error"] = f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
                loads.append(load)
                print(f"  measured {kind} @ {viewport[0]} in {load.get('seconds', '?')}s", flush=True)
        gz = gzip_sizes(out, args.base_path)
        targets = evaluate(loads, gz, args.gzip_budget)
        print_report(loads, targets)
        if args.json:
            args.json.write_text(json.dumps({
                "site": str(out), "base_path": args.base_path, "delay": args.delay,
                "color_scheme": args.color_scheme, "pages": pages, "gzip": gz, "targets": targets,
                "loads": loads, "cdn_log": cdn.log}, indent=1, ensure_ascii=False))
        return 1 if args.enforce and any(t["passed"] is False for t in targets) else 0
    finally:
        signal.alarm(0)
        if driver:
            try:
                driver.quit()
            except Exception:
                pass
        for server in servers:
            server.shutdown()
            server.server_close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
