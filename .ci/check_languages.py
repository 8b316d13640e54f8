#!/usr/bin/env python3
"""Builds the demo gallery in every language the default theme ships (Templates/i18n/*.toml) and
checks that a visitor reads no English theme text on any page.

    python3 .ci/check_languages.py EXHIBIT OUT_DIR     # builds OUT_DIR/<tag>/ for each language

For each language: <html lang dir> are right; no text node, label or meta text of any page (user
content aside: <bdi> and dir="auto" elements, which hold names, descriptions and comments) is an
English catalog text the language's catalog does not also use; the same for the titles and
descriptions of the feeds. The site's title and description are set to neutral text so that only
the theme's words are in English when something is missed. Exits 1 with the places it found.
"""
import html.parser
import os
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOGS = os.path.join(ROOT, "Templates", "i18n")
PLACEHOLDER = re.compile(r"\{[A-Za-z0-9_]+\}")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z']+")
# Names every catalog keeps as they are.
KEPT_LATIN = {"Exhibit", "RSS", "Atom", "JSON", "Feed"}


def texts(path):
    """Every text of a catalog, counted forms included (format and language tables left out)."""
    with open(path, "rb") as handle:
        catalog = tomllib.load(handle)
    found = {}
    def walk(table, prefix):
        for key, value in table.items():
            name = prefix + key
            if name.startswith(("format.", "language.")):
                continue
            if isinstance(value, dict):
                walk(value, name + ".")
            elif isinstance(value, str):
                found[name] = value
    walk(catalog, "")
    return found


def squeezed(text):
    """Text without whitespace: a scanned text node is stripped, and the name a placeholder
    stands for may be in a <bdi> left out of it ("by " + <bdi>NAME</bdi> scans as "by")."""
    return re.sub(r"\s+", "", text)


def pattern(text):
    """A catalog text as a regular expression over squeezed text: placeholders match anything,
    even nothing."""
    pieces = PLACEHOLDER.split(squeezed(text))
    # What a placeholder stands for is not the rest of a word: "Archive {page}" is not "Archives, page 2".
    regex = ""
    for i, piece in enumerate(pieces):
        regex += re.escape(piece)
        if i < len(pieces) - 1:
            regex += (r"(?![A-Za-z])" if piece[-1:].isalpha() else "") + ".*?"
            regex += r"(?<![A-Za-z])" if pieces[i + 1][:1].isalpha() else ""
    return re.compile(regex, re.S)


class Scanner(html.parser.HTMLParser):
    """Text nodes and the attributes visitors read or hear, user content left out."""
    LABELS = ("aria-label", "placeholder", "alt", "title")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.skip = []  # stack of tags, True when inside user content or a script
        self.lang = self.dir = None

    def on_user_content(self):
        return any(self.skip)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang, self.dir = attrs.get("lang"), attrs.get("dir")
        user = tag in ("bdi", "script", "style") or attrs.get("dir") == "auto"
        if not self.on_user_content() and not user:
            for name in self.LABELS:
                if attrs.get(name):
                    self.found.append(attrs[name])
            if tag == "meta" and attrs.get("content") and (attrs.get("name") or attrs.get("property") or "").endswith(("description", "title", ":alt")):
                self.found.append(attrs["content"])
            for name, value in attrs.items():
                if name.startswith("data-") and name not in ("data-root", "data-link-suffix", "data-sizes", "data-counts", "data-thumbnail-width", "data-thumbnail-widths") and value:
                    self.found.append(value)
        if tag not in self.VOID:
            self.skip.append(user)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.skip:
            self.skip.pop()

    def handle_data(self, data):
        if not self.on_user_content() and data.strip():
            self.found.append(data.strip())


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    exhibit, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    english = texts(os.path.join(CATALOGS, "en.toml"))
    languages = sorted(name[:-5] for name in os.listdir(CATALOGS) if name.endswith(".toml") and name != "en.toml")
    failures = []
    for tag in languages:
        own = texts(os.path.join(CATALOGS, tag + ".toml"))
        with open(os.path.join(CATALOGS, tag + ".toml"), "rb") as handle:
            direction = tomllib.load(handle)["language"]["direction"]
        own_values = set(own.values())
        latin_script = bool(re.search(r"[A-Za-z]", " ".join(own_values).replace("Exhibit", "").replace("RSS", "")))
        # English texts this language does not also write (a name kept as it is, "RSS", "404").
        # Texts with no letter of their own ("{title} ({format})") would match any parenthesis.
        suspects = [(key, text, pattern(text)) for key, text in english.items()
                    if text not in own_values and re.search(r"[A-Za-z]", PLACEHOLDER.sub("", text))]
        site = os.path.join(out, tag)
        config = os.path.join(out, tag + ".toml")
        with open(config, "w", encoding="utf-8") as handle:
            handle.write(f'language = "{tag}"\ntitle = "ギャラリー"\ndescription = "—"\n')
        subprocess.run([exhibit, "build", "--demo", "--config", config, "--out", site, "--quiet", "--strict",
                        "--base-url", "https://example.org/gallery/"], check=True)
        pages = feeds = 0
        for folder, _, names in os.walk(site):
            for name in names:
                path = os.path.join(folder, name)
                relative = os.path.relpath(path, site)
                strings = []
                if name.endswith(".html"):
                    pages += 1
                    scanner = Scanner()
                    with open(path, encoding="utf-8") as handle:
                        scanner.feed(handle.read())
                    if scanner.lang != tag or scanner.dir != direction:
                        failures.append(f"{tag}: {relative}: <html lang={scanner.lang!r} dir={scanner.dir!r}>, expected {tag!r} {direction!r}")
                    strings = scanner.found
                elif name == "feed.xml":
                    feeds += 1
                    channel = ET.parse(path).getroot().find("channel")
                    strings = [channel.findtext("title") or "", channel.findtext("description") or ""]
                for text in strings:
                    # A language written without Latin letters shows none outside user content but
                    # the names it keeps: theme text the catalogs do not know is caught too.
                    if not latin_script:
                        words = [word for word in LATIN_WORD.findall(text) if word not in KEPT_LATIN]
                        if words:
                            failures.append(f"{tag}: {relative}: Latin text {words[:3]} in {text[:120]!r}")
                    parts = [squeezed(part) for part in [text] + re.split(r" · |: |：", text) if part]
                    for key, english_text, regex in suspects:
                        if any(regex.fullmatch(part) for part in parts):
                            failures.append(f"{tag}: {relative}: English {key} ({english_text!r}) in {text[:120]!r}")
                            break
        print(f"{tag}: {pages} pages and {feeds} RSS feeds scanned, {len(suspects)} English texts looked for")
    if failures:
        print("\n".join(failures[:60]))
        print(f"{len(failures)} English theme texts found")
        sys.exit(1)
    print(f"no English theme text in {len(languages)} languages")


if __name__ == "__main__":
    main()
