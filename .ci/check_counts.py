#!/usr/bin/env python3
"""Independent check of SPEC §2: a database written by another program (Python's sqlite3, with the
design document's column types) builds with exactly the pages the publishing rules call for.

The expected sets are computed here, from the rules, without any of Exhibit's code:
    python3 .ci/check_counts.py EXHIBIT_BINARY [--seed N] [--images N]
Exit 1 with the differences on any mismatch.
"""
import json, os, random, re, sqlite3, subprocess, sys, tempfile, unicodedata

SCHEMA = """
CREATE TABLE users (user_id VARCHAR PRIMARY KEY, email VARCHAR, name VARCHAR, avatar_url VARCHAR,
                    bio TEXT, created_at DATETIME, updated_at DATETIME);
CREATE TABLE images (image_id VARCHAR PRIMARY KEY, user_id VARCHAR, url VARCHAR, description TEXT,
                     tags JSON, theme VARCHAR, is_public BOOLEAN, created_at DATETIME, extra_column TEXT);
CREATE TABLE collections (collection_id VARCHAR PRIMARY KEY, user_id VARCHAR, name VARCHAR,
                          description TEXT, image_ids JSON, created_at DATETIME, updated_at DATETIME);
CREATE TABLE interactions (interaction_id VARCHAR PRIMARY KEY, user_id VARCHAR, image_id VARCHAR,
                           type VARCHAR, content TEXT, created_at DATETIME);
CREATE TABLE reports (report_id VARCHAR PRIMARY KEY, user_id VARCHAR, image_id VARCHAR, reason TEXT,
                      created_at DATETIME, status VARCHAR);
CREATE TABLE sessions (id INTEGER PRIMARY KEY, token TEXT);
"""

TAGS = ["Sunset", "sunset", " SUNSET ", "Café", "café", "Street  Photography", "street photography",
        "C++", "C#", "東京", "Black & White", "night", "Night", "macro", "portrait"]
THEMES = ["Travel", "travel", " Travel ", "Nature", "NATURE", "Food", None, ""]


def key(text):
    return " ".join(unicodedata.normalize("NFKC", text).split()).lower()


def main():
    binary = sys.argv[1]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
    count = int(sys.argv[sys.argv.index("--images") + 1]) if "--images" in sys.argv else 400
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="exhibit-counts-")
    db_path = os.path.join(work, "platform.sqlite")
    db = sqlite3.connect(db_path)
    db.executescript(SCHEMA)

    users = [f"user_{i:03d}" for i in range(40)]
    for i, u in enumerate(users):
        db.execute("INSERT INTO users VALUES (?,?,?,?,?,?,?)",
                   (u, f"{u}@mail.example.net", f"Person {i}", None, "", "2023-01-01T00:00:00Z", None))

    images, public, owner_of, tags_of, theme_of = [], set(), {}, {}, {}
    for i in range(count):
        image = f"{i:024x}"
        images.append(image)
        owner = rng.choice(users + ["user_missing"])
        flag = rng.choice([1, 1, 1, 1, 1, 1, 0, None, "1", "true", "TRUE", "yes", 1.0, "false"])
        tags = rng.sample(TAGS, rng.randint(0, 4))
        theme = rng.choice(THEMES)
        date = rng.choice([f"2024-0{1 + i % 9}-1{i % 10}T10:00:00Z", 1_700_000_000 + i * 60,
                           1_700_000_000_000 + i * 60_000, f"2024-02-0{1 + i % 9} 12:00:00"])
        db.execute("INSERT INTO images VALUES (?,?,?,?,?,?,?,?,?)",
                   (image, owner, f"https://res.cloudinary.com/x/image/upload/v1/{image}.jpg", f"Image {i}",
                    json.dumps(tags), theme, flag, date, "ignored"))
        owner_of[image], tags_of[image], theme_of[image] = owner, tags, theme
    # Public is decided on what SQLite stored: the design's BOOLEAN column has NUMERIC affinity,
    # so SQLite itself turns '1' and 1.0 into INTEGER 1, while 'true' and 'TRUE' stay text.
    for image, owner in db.execute(
            "SELECT image_id, user_id FROM images WHERE (typeof(is_public) = 'integer' AND is_public = 1)"
            " OR (typeof(is_public) = 'text' AND is_public IN ('1', 'true'))"):
        if owner != "user_missing":
            public.add(image)

    pending = {}
    for i in range(count // 10):
        image = rng.choice(images)
        status = rng.choice(["pending", "resolved", "dismissed"])
        db.execute("INSERT INTO reports VALUES (?,?,?,?,?,?)",
                   (f"r{i}", rng.choice(users), image, "reason", "2024-03-01T00:00:00Z", status))
        if status == "pending":
            pending[image] = pending.get(image, 0) + 1
    published = {image for image in public if pending.get(image, 0) < 1}

    likes, commenters, comments = {}, set(), {}
    for i in range(count * 3):
        image = rng.choice(images + ["missing_image"])
        user = rng.choice(users + ["user_missing"])
        kind = rng.choice(["like", "like", "comment", "share", "LIKE"])
        content = rng.choice(["Nice", "", None, "Great light"]) if kind == "comment" else None
        db.execute("INSERT INTO interactions VALUES (?,?,?,?,?,?)",
                   (f"x{i}", user, image, kind, content, "2024-04-01T00:00:00Z"))
        if image in published and user != "user_missing":
            if kind.lower() == "like":
                likes.setdefault(image, set()).add(user)
            elif kind == "comment" and content and content.strip():
                commenters.add(user)
                comments[image] = comments.get(image, 0) + 1

    collections, collection_owner = {}, {}
    for i in range(count // 20):
        members = rng.sample(images, rng.randint(1, 6))
        owner = rng.choice(users + ["user_missing"])
        db.execute("INSERT INTO collections VALUES (?,?,?,?,?,?,?)",
                   (f"col{i}", owner, f"Collection {i}", "", json.dumps(members + members[:1]), None, None))
        if owner != "user_missing" and any(m in published for m in members):
            collections[f"col{i}"] = owner
    db.commit()
    db.close()

    expected_users = {owner_of[i] for i in published} | set(collections.values()) | commenters
    expected_tags = {key(t) for i in published for t in tags_of[i] if t.strip()}
    expected_themes = {key(theme_of[i]) for i in published if theme_of[i] and theme_of[i].strip()}

    out = os.path.join(work, "site")
    run = subprocess.run([binary, "build", "--db", db_path, "--out", out, "--quiet", "--report", os.path.join(work, "r.json")],
                         capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stderr)
        sys.exit(1)

    def pages(folder):
        base = os.path.join(out, folder)
        return {d for d in os.listdir(base) if os.path.isfile(os.path.join(base, d, "index.html")) and d != "page"} \
            if os.path.isdir(base) else set()

    problems = []

    def compare(what, expected, actual):
        if expected != actual:
            problems.append(f"{what}: expected {len(expected)}, built {len(actual)}; "
                            f"missing {sorted(expected - actual)[:5]}, extra {sorted(actual - expected)[:5]}")

    compare("image pages", published, pages("images"))
    compare("user pages", expected_users, pages("users"))
    compare("collection pages", set(collections), pages("collections"))
    if len(pages("tags")) != len(expected_tags):
        problems.append(f"tag pages: expected {len(expected_tags)} groups {sorted(expected_tags)}, built {sorted(pages('tags'))}")
    if len(pages("themes")) != len(expected_themes):
        problems.append(f"theme pages: expected {len(expected_themes)} {sorted(expected_themes)}, built {sorted(pages('themes'))}")
    counter = re.compile(r'"userInteractionCount":(\d+)\},"commentCount":(\d+)')
    for image in sorted(published):
        html = open(os.path.join(out, "images", image, "index.html"), encoding="utf-8").read()
        match = counter.search(html)
        got = (int(match.group(1)), int(match.group(2))) if match else None
        want = (len(likes.get(image, ())), comments.get(image, 0))
        if got != want:
            problems.append(f"images/{image}: (likes, comments) expected {want}, built {got}")
    for root, _, files in os.walk(out):
        for name in files:
            text = open(os.path.join(root, name), "rb").read()
            if b"mail.example.net" in text:
                problems.append(f"{os.path.relpath(os.path.join(root, name), out)} contains an email address")
            for image in set(images) - published:
                if image.encode() in text:
                    problems.append(f"{os.path.relpath(os.path.join(root, name), out)} mentions unpublished image {image}")
                    break

    if problems:
        print("\n".join(problems[:40]))
        sys.exit(1)
    print(f"counts agree: {len(published)} images, {len(expected_users)} users, {len(collections)} collections, "
          f"{len(expected_tags)} tags, {len(expected_themes)} themes, likes and comments of every image")


if __name__ == "__main__":
    main()
