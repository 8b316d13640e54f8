import Foundation
@testable import Exhibit

/// The hostile platform database of issue 4, built in code: every text field carries injection
/// payloads, every column NULL somewhere, every reference dangling somewhere. Private rows carry
/// ``marker`` (case-insensitively) and must never reach any output file.
enum HostileDatabase {
    /// Appears in every private image's fields, their comments, every report and every e-mail.
    static let marker = "PRIVMARK"

    /// Strings that break out of HTML text, attributes, `<script>`, JSON, XML, Mustache and URLs.
    static let payloads: [String] = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'><svg onload=alert(1)>",
        "</script><script>alert(2)</script>",
        "</SCRIPT ><xss-probe>",
        "<!--", "-->", "<![CDATA[", "]]>",
        "javascript:alert(1)",
        "{{title}} {{{jsonld}}} {{> layout}}",
        "&amp; &lt;xss-probe&gt; &#0; &#x0;",
        "\u{2028}\u{2029}",
        "<iframe src=javascript:alert(3)></iframe>",
        "\\u003c/script\\u003e",
        "\" onmouseover=\"alert(4)",
        "' onfocus='alert(5)",
        "`${alert(6)}`",
    ]

    /// Every payload in one string.
    static let allPayloads = payloads.joined(separator: " ")

    /// C0 controls, DEL, C1 and NUL inside text.
    static let controls: SQLValue = .textBytes(Array("ctl:".utf8) + [0x00, 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F] + Array("\u{85}\u{9F}end".utf8))
    /// Invalid UTF-8: a lone continuation byte, an overlong `<`, a truncated sequence, 0xFF.
    static let invalidUTF8: SQLValue = .textBytes(Array("bad".utf8) + [0x80, 0xC0, 0xBC, 0xE2, 0x82, 0xFF, 0xFE] + Array("<xss-probe>".utf8))

    /// Ids that are hostile as paths.
    static let hostileIDs: [String] = [
        "../../../../tmp/exhibit-escape", "a/b", "..", ".", "%2e%2e%2f", "<script>alert(1)</script>", "CaseID", "caseid",
        "with space", "con", "画像", String(repeating: "x", count: 300), "\\..\\windows", "~root", "id?q=1#frag",
    ]

    /// A schema without primary keys, so ids can repeat and be NULL.
    static var schemaWithoutKeys: String { PlatformSchema.createStatements.replacingOccurrences(of: " PRIMARY KEY", with: "") }

    /// Builds the hostile database. `includePrivate` false leaves out every private row (the
    /// privacy comparison builds both).
    static func make(includePrivate: Bool = true) throws -> TestDatabase {
        try TestDatabase(schema: schemaWithoutKeys) { db in
            addPublic(db)
            if includePrivate { addPrivate(db) }
        }
    }

    /// How many hostile rows ``make(includePrivate:)`` inserts (for the report).
    static func rowCount() throws -> Int {
        let db = try make()
        let sqlite = try SQLiteDatabase.openReadOnly(path: db.path)
        var total = 0
        for table in ["users", "images", "collections", "interactions", "reports"] {
            let statement = try sqlite.prepare("SELECT count(*) FROM \(table)")
            _ = try statement.step()
            total += Int(statement.int64(0))
        }
        return total
    }

    static func email(_ n: Int) -> SQLValue { .text("\(marker.lowercased())-\(n)@example.com") }

    static func addPublic(_ db: TestDatabase.Builder) {
        // Users: payloads in every text field, unsafe avatars, NULLs, hostile ids.
        db.user("u_evil", name: .text(allPayloads), email: email(1), avatar: "javascript:alert(1)", bio: .text(allPayloads + "\nline two"))
        db.user("u_data", name: "Data <b>Avatar</b>", email: email(2), avatar: "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+", bio: controls)
        db.user("u_vb", name: controls, email: email(3), avatar: " JaVaScRiPt:alert(1)", bio: invalidUTF8)
        db.user("u_utf8", name: invalidUTF8, email: email(4), avatar: "https://img.example/a\"onerror=\"alert(1).png", bio: "ok")
        db.user("u_nulls", name: nil, email: nil, avatar: nil, bio: nil, createdAt: nil, updatedAt: nil)
        db.user("u_blob", name: .blob([0x3C, 0x73, 0x3E]), email: .blob([1, 2]), avatar: .blob([0]), bio: .blob([0xFF]), createdAt: .blob([1]), updatedAt: 3.5)
        db.user("u_int", name: 12345, email: email(5), avatar: 7, bio: 1.5, createdAt: 1_700_000_000, updatedAt: "garbage")
        db.user(nil, name: "Null id", email: email(6))
        db.user("", name: "Empty id", email: email(7))
        db.user("   ", name: "Blank id", email: email(8))
        db.user(.textBytes([0x75, 0xFF]), name: "Invalid id", email: email(9))
        db.user("u_dup", name: "First twin", email: email(10))
        db.user("u_dup", name: "Second twin", email: email(11))
        for (n, id) in hostileIDs.enumerated() {
            db.user(.text("user-" + id), name: .text("Path " + id), email: email(100 + n), avatar: "//evil.example/protocol-relative.png")
        }
        db.user("ghostwriter", name: "Comments only <script>alert(1)</script>", email: email(12))

        // Images: hostile ids, URLs, descriptions, tags, themes, visibility and dates.
        let dates: [SQLValue] = [
            "2024-05-01T12:30:00Z", "2024-05-01T12:30:00.123456789+02:00", "2024-05-01T12:30:00-05:30", "2024-05-01 12:30:00",
            "2024-05-01", 1_714_566_600, 1_714_566_600_000, 1_714_566_600.5, "1714566600", "1714566600000", " 2024-05-01T12:30:00Z ",
            "yesterday", "2024-13-45T00:00:00Z", "2024-02-30T00:00:00Z", "", nil, .blob([1, 2, 3]), -99_999_999_999_999,
            .integer(Int64.max), .integer(Int64.min), 1e300, -1e300, "NaN", "inf", "2024-05-01T25:61:61Z", "0000-00-00 00:00:00",
            "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", controls, invalidUTF8,
        ]
        for (n, date) in dates.enumerated() {
            db.image(.text("date-\(n)"), owner: "u_evil", description: .text("date form \(n) " + allPayloads), tags: .json(["dates"]),
                     theme: "Dates", createdAt: date)
        }
        for (n, id) in hostileIDs.enumerated() {
            db.image(.text(id), owner: .text("user-" + id), description: .text("id " + id), tags: .json([id, "../" + id, "/" + id]),
                     theme: .text(id), createdAt: .text("2024-04-\(String(format: "%02d", n % 28 + 1))T00:00:00Z"))
        }
        let urls: [SQLValue] = [
            "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>", "data:image/png;base64,AAAA", "vbscript:msgbox", "//evil.example/x.jpg",
            "ftp://x.example/x.jpg", "file:///etc/passwd", "https://ok.example/\"onerror=\"alert(1).jpg", "https://ok.example/<script>.jpg",
            "HTTPS://UPPER.EXAMPLE/X.JPG", " https://spaces.example/x.jpg ", "https://ok.example/x.jpg?a=1&b=<2>#\"frag",
            "https://res.cloudinary.com/demo/image/upload/v1/\"><script>alert(1)</script>.jpg", "http://", "https://", "", nil,
            .blob([0x68]), 42, controls, invalidUTF8, "https://user:pass@ok.example/x.jpg", "https://[::1]/x.jpg",
        ]
        for (n, url) in urls.enumerated() {
            db.image(.text("url-\(n)"), owner: "u_data", url: url, description: .text("url \(n)"), tags: .json(["urls"]), theme: "Urls")
        }
        let hugeTags = (0..<1000).map { "tag\($0)" }
        let tagForms: [SQLValue] = [
            .json(["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "../", "/", "..", "", "   ", "\t\n", "C++", "C#", "c++",
                   "C", "c#", "Café", "Cafe\u{301}", "CAFÉ", " café ", "東京", "a/b", "../../etc/passwd", "%2F", "\u{202E}rtl", "\u{0}"]),
            .json(hugeTags),
            #"["unclosed"#, #"{"a": "object"}"#, #""just a string""#, #"[1, 2, null, {"x": 1}, ["nested"], true, "kept"]"#, "", "   ",
            "null", "[]", "[[]]", nil, .blob([0x5B, 0x5D]), 17, controls, invalidUTF8, #"["\ud800 lone surrogate", "\u0000nul"]"#,
            #"["dup", "dup", "DUP", "Dup "]"#, .text("[" + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_001)),
            .text("[\"" + String(repeating: "\\\\", count: 5_000) + "\"]"), "[\"a\",]", "[,]", "[\"a\" \"b\"]",
        ]
        for (n, tags) in tagForms.enumerated() {
            db.image(.text("tags-\(n)"), owner: "u_vb", description: .text("tags \(n)"), tags: tags,
                     theme: n % 2 == 0 ? .text(allPayloads) : " ", createdAt: .text("2024-03-\(String(format: "%02d", n % 28 + 1))T00:00:00Z"))
        }
        let visibility: [SQLValue] = [1, "1", "true", "TRUE", 1.0, 2, -1, 0, "yes", " 1", "1 ", nil, .blob([1]), "t", controls]
        for (n, value) in visibility.enumerated() {
            // Only the first three are public; the others are private and must not leak.
            let isPublic = n < 3
            db.image(.text("vis-\(n)"), owner: "u_utf8", description: .text(isPublic ? "visible \(n)" : "\(marker) visibility \(n)"),
                     tags: .json([isPublic ? "visible" : "\(marker)-vistag"]), theme: isPublic ? .text("Visible") : .text("\(marker)Theme"),
                     isPublic: value)
        }
        let big = String(repeating: "A long description <script>alert(1)</script> & \u{2028} ", count: 100_000 / 50)
        db.image("huge", owner: "u_int", description: .text(big), tags: .json(["huge"]), theme: .text(String(repeating: "T", count: 5_000)))
        db.image("many-tags", owner: "u_int", description: "many tags", tags: .json(hugeTags.map { $0 + "-x" }), theme: "Many")
        db.image("nulls", owner: "u_nulls", url: nil, description: nil, tags: nil, theme: nil, isPublic: nil, createdAt: nil)
        db.image(nil, owner: "u_evil", description: "null id")
        db.image("", owner: "u_evil", description: "empty id")
        db.image(.textBytes([0x69, 0xFF]), owner: "u_evil", description: "invalid id")
        db.image(404, owner: "u_evil", description: "integer id")
        db.image("orphan", owner: "nobody", description: "dangling owner")
        db.image("no-owner", owner: nil, description: "NULL owner")
        db.image("twin", owner: "u_evil", description: "twin one")
        db.image("twin", owner: "u_evil", description: .text("\(marker) twin two"), isPublic: 0)
        db.image("ok1", owner: "u_int", description: "Plain <b>bold</b>", tags: .json(["plain"]), theme: "Plain")
        db.image("OK1", owner: "u_blob", description: "Case twin", tags: .json(["PLAIN"]), theme: "plain")
        db.image("slug-a", owner: "u_evil", tags: .json(["C++", "C#", "c", "C", "C--", "c__", "-", "_", "+", "#", "++", "–", "—"]), theme: "C++")
        db.image("slug-b", owner: "u_evil", tags: .json(["tag-1", "tag 1", "Tag_1", "tag1", "tag--1"]), theme: "C#")

        // Collections.
        db.collection("c_evil", owner: "u_evil", name: .text(allPayloads), description: .text(allPayloads),
                      imageIDs: .json(["ok1", "ok1", "missing", "vis-0", "OK1", "../ok1", "twin", "nulls", "ok1"]))
        db.collection("c_bad_json", owner: "u_evil", name: "Bad JSON", imageIDs: #"["ok1""#)
        db.collection("c_shape", owner: "u_evil", name: "Wrong shape", imageIDs: #"{"ids": ["ok1"]}"#)
        db.collection("c_mixed", owner: "u_evil", name: "Mixed", imageIDs: #"["ok1", 1, null, ["ok1"], {"a":1}]"#)
        db.collection("c_orphan", owner: "nobody", name: "Orphan", imageIDs: .json(["ok1"]))
        db.collection("c_nulls", owner: nil, name: nil, description: nil, imageIDs: nil, createdAt: nil, updatedAt: nil)
        db.collection(nil, owner: "u_evil", name: "Null id", imageIDs: .json(["ok1"]))
        db.collection("c_noname", owner: "u_evil", name: nil, imageIDs: .json(["ok1"]), createdAt: "garbage", updatedAt: .blob([1]))
        for id in hostileIDs {
            db.collection(.text("col-" + id), owner: "u_evil", name: .text(id), imageIDs: .json([id, "ok1"]))
        }
        db.collection("c_dup", owner: "u_evil", name: "Dup one", imageIDs: .json(["ok1"]))
        db.collection("c_dup", owner: "u_evil", name: "Dup two", imageIDs: .json(["OK1"]))
        db.collection("CaseCol", owner: "u_evil", name: "Upper", imageIDs: .json(["ok1"]))
        db.collection("casecol", owner: "u_evil", name: "Lower", imageIDs: .json(["OK1"]))

        // Interactions.
        db.like("l1", user: "u_data", image: "ok1")
        db.like("l2", user: "u_data", image: "ok1") // duplicate like
        db.like("l3", user: "nobody", image: "ok1") // dangling user
        db.like("l4", user: "u_vb", image: "missing") // dangling image
        db.like("l5", user: nil, image: "ok1")
        db.like("l6", user: "u_vb", image: nil)
        db.like("l6", user: "u_utf8", image: "ok1") // duplicate interaction id
        db.interaction("l7", user: "u_int", image: "ok1", type: "LIKE")
        db.interaction("l8", user: "u_nulls", image: "ok1", type: " like ")
        for (n, type) in ["share", "view", "<script>alert(1)</script>", "", "   "].enumerated() {
            db.interaction(.text("t\(n)"), user: "u_evil", image: "ok1", type: .text(type))
        }
        db.interaction("t-null", user: "u_evil", image: "ok1", type: nil)
        db.interaction("t-blob", user: "u_evil", image: "ok1", type: .blob([0x6C]))
        db.comment("k1", user: "ghostwriter", image: "ok1", .text(allPayloads))
        db.comment("k2", user: "u_evil", image: "ok1", controls)
        db.comment("k3", user: "u_evil", image: "ok1", invalidUTF8)
        db.comment("k4", user: "u_evil", image: "ok1", "   ")
        db.comment("k5", user: "u_evil", image: "ok1", nil)
        db.comment("k6", user: "nobody", image: "ok1", "dangling author")
        db.comment("k7", user: "u_evil", image: "missing", "dangling image")
        db.comment("k8", user: "u_evil", image: "ok1", .text(big), createdAt: "garbage")
        db.comment("k9", user: "u_evil", image: "OK1", "</script>", createdAt: nil)
        db.interaction("k10", user: "u_evil", image: "ok1", type: "Comment", content: "Capital type")
        db.interaction(nil, user: nil, image: nil, type: nil, content: nil, createdAt: nil)

        // Reports on public images that stay public (resolved, other status, below threshold).
        db.report("r_resolved", image: "ok1", reason: .text("\(marker) resolved reason"), status: "resolved")
        db.report("r_other", image: "ok1", reason: .text("\(marker) other"), status: "in-review")
        db.report("r_null", image: "OK1", reason: nil, status: nil)
        db.report("r_missing", image: "missing", reason: .text("\(marker) dangling"))
        db.report(nil, image: nil, user: nil, reason: nil, status: nil)
    }

    /// Private and withheld images, their comments, likes, reports and collections: all marked.
    static func addPrivate(_ db: TestDatabase.Builder) {
        let m = marker
        db.user("u_lonely", name: .text("\(m) lonely"), email: email(900), avatar: .text("https://\(m.lowercased()).example/a.png"),
                bio: .text("\(m) bio"))
        db.image(.text("\(m)-img"), owner: "u_lonely", url: .text("https://\(m.lowercased()).example/p.jpg"), description: .text("\(m) description"),
                 tags: .json(["\(m)tag", "plain", "Plain", "PLAIN", "C++"]), theme: .text("\(m)theme"), isPublic: 0)
        db.image(.text("\(m)-reported"), owner: "u_evil", description: .text("\(m) reported"), tags: .json(["\(m)tag2", "PLAIN"]),
                 theme: "PLAIN")
        db.report("r_pending", image: .text("\(m)-reported"), user: "u_data", reason: .text("\(m) reason"))
        db.image(.text("\(m)-orphan"), owner: .text("\(m)-nobody"), description: .text("\(m) orphan"), tags: .json(["\(m)tag3"]))
        db.image(.text("\(m)-nodate"), owner: "u_evil", description: .text("\(m) no date"), tags: .json(["\(m)tag4"]), createdAt: "garbage")
        db.image(.text("\(m)-nourl"), owner: "u_evil", url: "javascript:alert(1)", description: .text("\(m) no url"))
        db.image("ok1-private", owner: "u_int", description: .text("\(m) private sibling"), tags: .json(["plain"]), isPublic: "false")
        for image in ["\(m)-img", "\(m)-reported", "\(m)-orphan", "\(m)-nodate", "ok1-private"] {
            db.like(.text("pl-\(image)"), user: "u_data", image: .text(image))
            db.like(.text("pl2-\(image)"), user: "u_lonely", image: .text(image))
            db.comment(.text("pc-\(image)"), user: "u_lonely", image: .text(image), .text("\(m) comment on \(image)"))
            db.comment(.text("pc2-\(image)"), user: "u_data", image: .text(image), .text("\(m) second comment"))
        }
        db.collection(.text("\(m)-col"), owner: "u_evil", name: .text("\(m) collection"), imageIDs: .json(["\(m)-img"]))
        db.collection(.text("\(m)-col2"), owner: "u_lonely", name: .text("\(m) collection 2"), imageIDs: .json(["\(m)-reported", "ok1-private"]))
    }
}
