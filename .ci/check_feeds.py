#!/usr/bin/env python3
"""Checks every feed of a built Exhibit site with the tools feed readers use.

Usage: check_feeds.py OUTPUT_DIR

Walks OUTPUT_DIR for feed.xml (RSS 2.0), feed.atom (Atom 1.0) and feed.json (JSON Feed 1.1).
XML feeds are parsed with feedparser; JSON feeds with json. A feed fails when feedparser sets
its bozo flag, when it has no entries, when an entry lacks its image (Media RSS media:content,
an enclosure, or an <img> in its content), or when an RSS lastBuildDate / Atom updated is not
the newest entry's date. Prints each failure as "PATH: reason", then a one-line summary;
exits 1 when anything failed, 0 otherwise.
"""
import json
import os
import sys

try:
    import feedparser
except ImportError:  # pragma: no cover - CI installs it
    sys.exit("check_feeds.py: feedparser is missing (python3 -m pip install feedparser)")

FEED_NAMES = ("feed.xml", "feed.atom", "feed.json")


def entry_has_image(entry):
    for media in entry.get("media_content", []) or []:
        if media.get("url", "").startswith(("http://", "https://")):
            return True
    for enclosure in entry.get("enclosures", []) or []:
        if enclosure.get("href", "").startswith(("http://", "https://")):
            return True
    texts = [content.get("value", "") for content in entry.get("content", []) or []]
    texts.append(entry.get("summary", "") or "")
    return any("<img" in text for text in texts)


def check_xml(path, data):
    """Problems of one RSS/Atom feed, and its entry count."""
    feed = feedparser.parse(data)
    problems = []
    if feed.bozo:
        problems.append(f"feedparser bozo: {feed.bozo_exception!r}")
    expected = "atom10" if path.endswith(".atom") else "rss20"
    if feed.version != expected:
        problems.append(f"detected as {feed.version or 'unknown'!r}, expected {expected}")
    entries = feed.entries
    if not entries:
        problems.append("no entries")
    for position, entry in enumerate(entries, 1):
        label = entry.get("link") or f"entry {position}"
        if not entry_has_image(entry):
            problems.append(f"{label}: no image (media:content, enclosure or <img> in the content)")
        if not entry.get("title"):
            problems.append(f"{label}: no title")
        if not (entry.get("id") or entry.get("guid")):
            problems.append(f"{label}: no id/guid")
        if not (entry.get("published_parsed") or entry.get("updated_parsed")):
            problems.append(f"{label}: no parseable date")
    dates = [entry.get("published_parsed") or entry.get("updated_parsed") for entry in entries]
    dates = [date for date in dates if date]
    built = feed.feed.get("updated_parsed")
    if dates and built and tuple(built) != tuple(max(dates)):
        problems.append("the feed's date (lastBuildDate/updated) is not the newest entry's date")
    return problems, len(entries)


def check_json(data):
    """Problems of one JSON Feed, and its item count."""
    try:
        feed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        return [f"invalid JSON: {error}"], 0
    problems = []
    if not isinstance(feed, dict):
        return ["not a JSON object"], 0
    if not str(feed.get("version", "")).startswith("https://jsonfeed.org/version/1"):
        problems.append("no JSON Feed version")
    if not feed.get("title"):
        problems.append("no title")
    items = feed.get("items")
    if not isinstance(items, list):
        return problems + ["no items array"], 0
    if not items:
        problems.append("no items")
    for position, item in enumerate(items, 1):
        if not isinstance(item, dict):
            problems.append(f"item {position}: not an object")
            continue
        label = item.get("url") or f"item {position}"
        if not item.get("id"):
            problems.append(f"{label}: no id")
        if not str(item.get("image", "")).startswith(("http://", "https://")):
            problems.append(f"{label}: no image")
        if not (item.get("content_html") or item.get("content_text")):
            problems.append(f"{label}: no content")
    return problems, len(items)


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print("usage: check_feeds.py OUTPUT_DIR", file=sys.stderr)
        return 2
    root = argv[1]
    feeds = entries = 0
    failures = []
    for directory, subdirectories, files in os.walk(root):
        subdirectories.sort()
        for name in sorted(files):
            if name not in FEED_NAMES:
                continue
            path = os.path.join(directory, name)
            shown = os.path.relpath(path, root)
            with open(path, "rb") as handle:
                data = handle.read()
            if name == "feed.json":
                problems, count = check_json(data)
            else:
                problems, count = check_xml(shown, data)
            feeds += 1
            entries += count
            failures.extend(f"{shown}: {problem}" for problem in problems)
    for failure in failures:
        print(failure)
    if feeds == 0:
        print(f"{root}: no feeds found")
        return 1
    print(f"checked {feeds} feeds, {entries} entries" + (f" — {len(failures)} problems" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
