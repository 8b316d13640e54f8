#!/usr/bin/env python3
"""`exhibit serve` in a real browser: headless Chromium (selenium + chromedriver) holds a page
open while another process commits a new image to the database (WAL) and while a template
breaks and is fixed; the page must follow without a manual reload.

    python3 .ci/check_serve.py EXHIBIT_BINARY [SCREENSHOT_DIR]

Checks, on a gallery served at a sub-path (--base-url https://example.org/gallery/):
  1. the home page shows a newly committed image by itself (a reload the script did, not us);
  2. a broken template shows the error overlay on the open page, a fix removes it;
  3. the site folder never contains the live-reload script.
Exits non-zero on any failure; prints the seconds each took.
"""
import os, re, shutil, signal, sqlite3, subprocess, sys, tempfile, time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

exhibit = os.path.abspath(sys.argv[1])
shots = sys.argv[2] if len(sys.argv) > 2 else None
work = tempfile.mkdtemp(prefix="exhibit-serve-check-")
db = os.path.join(work, "platform.sqlite")
templates = os.path.join(work, "templates")
os.makedirs(templates)
subprocess.run([exhibit, "demo-db", db, "--images", "300"], check=True, stdout=subprocess.DEVNULL)

server = subprocess.Popen([exhibit, "serve", "--db", db, "--port", "0", "--templates", templates,
                           "--base-url", "https://example.org/gallery/", "--quiet"],
                          stdout=subprocess.PIPE, text=True)
driver = None
failures = []


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    failures.append(message)


def wait(predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if predicate():
                return True
        except Exception:
            pass
        time.sleep(0.05)
    return False


try:
    url, out_dir = None, None
    deadline = time.time() + 120
    while time.time() < deadline and url is None:
        line = server.stdout.readline()
        if not line:
            break
        match = re.search(r"into (\S+)", line)
        if match:
            out_dir = match.group(1)
        match = re.search(r"(http://127\.0\.0\.1:\d+/\S*)", line)
        if match:
            url = match.group(1)
    if url is None:
        raise SystemExit("exhibit serve did not start")
    print("serving", url)

    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--blink-settings=imagesEnabled=false",
                     "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]:
        options.add_argument(argument)
    for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]:
        if os.path.exists(candidate):
            options.binary_location = candidate
            break
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    driver.get(url)
    if not wait(lambda: driver.execute_script("return !!window.__exhibitLive"), 10):
        fail("the live-reload client did not start on " + url)
    time.sleep(0.3)  # let the event stream connect
    driver.execute_script("window.__notReloaded = true;")

    # 1. A new image committed by another process appears on the open page.
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA journal_mode=WAL")
    user = connection.execute("SELECT user_id FROM users ORDER BY user_id LIMIT 1").fetchone()[0]
    start = time.time()
    connection.execute("INSERT INTO images (image_id, user_id, url, description, tags, theme, is_public, created_at) "
                       "VALUES ('ci-live-image', ?, 'https://res.cloudinary.com/demo/image/upload/v1/ci.jpg', "
                       "'A live image', NULL, NULL, 1, '2031-01-01T00:00:00Z')", (user,))
    connection.commit()
    if wait(lambda: "ci-live-image" in driver.page_source, 30):
        print("new image shown on the open page after %.2f s" % (time.time() - start))
        if driver.execute_script("return window.__notReloaded === true"):
            fail("the page changed without a reload?")
    else:
        fail("the open page did not show the new image within 30 s")
    if shots:
        driver.save_screenshot(os.path.join(shots, "serve-new-image.png"))

    # 2. A broken template: the error overlay on the open page; a fix removes it.
    driver.execute_script("window.__notReloaded = true;")
    start = time.time()
    with open(os.path.join(templates, "home.mustache"), "w") as handle:
        handle.write("<p>\n{{#images}} never closed\n")
    overlay = "var o = document.getElementById('exhibit-build-error'); return o ? o.textContent : null"
    if wait(lambda: "home.mustache" in (driver.execute_script(overlay) or ""), 30):
        print("build error shown on the open page after %.2f s: %s" % (time.time() - start,
              driver.execute_script(overlay).splitlines()[-1][:120]))
    else:
        fail("the build error did not appear on the open page")
    if shots:
        driver.save_screenshot(os.path.join(shots, "serve-error-overlay.png"))
    start = time.time()
    os.remove(os.path.join(templates, "home.mustache"))
    if wait(lambda: driver.execute_script(overlay) is None, 30):
        print("overlay cleared after the fix in %.2f s" % (time.time() - start))
    else:
        fail("the overlay stayed after the template was fixed")

    # 3. Nothing of the preview in the site folder.
    for folder, _, names in os.walk(out_dir):
        for name in names:
            if name.endswith(".html") and "__exhibit" in open(os.path.join(folder, name), encoding="utf-8").read():
                fail("the live-reload script was written into " + os.path.join(folder, name))
                break
finally:
    if driver is not None:
        driver.quit()
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        fail("exhibit serve did not stop on SIGINT")
    shutil.rmtree(work, ignore_errors=True)

if failures:
    sys.exit(1)
print("check_serve: the open page followed the database and the templates")
