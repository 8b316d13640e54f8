import Foundation
import Testing
@testable import Exhibit

/// Database text reaches the terminal (`check` listings, build warnings, `search` ids) only
/// through one escaper: controls, bidi controls and invisible format characters become `\u{…}`.
@Suite struct HostileTerminalTests {
    static let bidi: [UInt32] = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c]

    @Test func bidiControlsControlsAndInvisibleFormatCharactersAreEscaped() {
        for value in Self.bidi + [0x00, 0x07, 0x0a, 0x0d, 0x1b, 0x7f, 0x80, 0x85, 0x9b, 0x2028, 0x2029,
                                  0x200b, 0x2060, 0xfeff, 0x00ad, 0xfffe, 0xfdd0, 0x1fffe, 0xe0041] {
            let scalar = Unicode.Scalar(value)!
            let text = "a" + String(Character(scalar)) + "b"
            #expect(TerminalText.escaped(text) == "a\\u{\(String(value, radix: 16))}b", "U+\(String(value, radix: 16))")
        }
    }

    @Test func ordinaryTextIsLeftAsItIs() {
        for text in ["img_1", "Café 東京 עברית العربية", "👩‍👩‍👧 family", "क्‍ष", "back\\slash \\u{41}", ""] {
            #expect(TerminalText.escaped(text) == text)
        }
    }

    @Test func escapingTwiceChangesNothing() {
        let text = "x\u{202E}y\u{1B}[2Jz\n\u{2066}"
        let once = TerminalText.escaped(text)
        #expect(once == "x\\u{202e}y\\u{1b}[2Jz\\u{a}\\u{2066}")
        #expect(TerminalText.escaped(once) == once)
    }

    @Test func warningsNameRowsWithEscapedIds() {
        let diagnostic = Diagnostic(table: "images", id: "evil\u{202E}gpj.exe", column: "tags", message: "not JSON")
        #expect(diagnostic.description == "images[evil\\u{202e}gpj.exe].tags: not JSON")
    }

    /// True when `text` has no character the escaper would escape (newlines between lines aside).
    static func isClean(_ text: String) -> Bool {
        text.split(separator: "\n").allSatisfy { TerminalText.escaped(String($0)) == String($0) }
    }

    @Test func checkAndBuildPrintDatabaseIdsEscaped() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("platform.sqlite").path
        let db = try SQLiteDatabase.create(path: path)
        try db.execute(PlatformSchema.createStatements)
        try db.prepare("INSERT INTO users VALUES (?,?,?,?,?,?,?)")
            .run(["user_ann", "ann@example.com", "Ann", nil, nil, "2022-01-01T00:00:00Z", nil])
        let images = try db.prepare("INSERT INTO images VALUES (?,?,?,?,?,?,?,?)")
        try images.run(["ok", "user_ann", "https://img.example/a.jpg", "Harbour", "[]", nil, 1, "2024-01-07T00:00:00Z"])
        // A private image (listed as withheld) and a public one with a bad tags column (a warning).
        try images.run(["priv\u{202E}ate\u{1B}[2J", "user_ann", "https://img.example/b.jpg", "", "[]", nil, 0, "2024-01-07T00:00:00Z"])
        try images.run(["tag\u{2067}s\u{85}", "user_ann", "https://img.example/c.jpg", "", "{not json", nil, 1, "2024-01-07T00:00:00Z"])
        try db.prepare("INSERT INTO interactions VALUES (?,?,?,?,?,?)")
            .run(["i1", "user_ann", "ok", "sh\u{200F}are", nil, "2024-02-04T00:00:00Z"])

        let check = try TestSupport.runExhibit(["check", "--db", path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("withheld: images[priv\\u{202e}ate\\u{1b}[2J]"), "\(check.stdout)")
        #expect(check.stdout.contains("warning: images[tag\\u{2067}s\\u{85}].tags"), "\(check.stdout)")
        #expect(check.stdout.contains(#"unknown type "sh\u{200f}are""#), "\(check.stdout)")
        #expect(Self.isClean(check.stdout) && Self.isClean(check.stderr))

        let build = try TestSupport.runExhibit(["build", "--db", path, "--out", directory.appendingPathComponent("o").path])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("warning: images[tag\\u{2067}s\\u{85}].tags"), "\(build.stderr)")
        #expect(Self.isClean(build.stdout) && Self.isClean(build.stderr))
    }

    @Test func searchPrintsIdsEscaped() throws {
        let site = try SearchFixtures.writeSite(SearchIndexSource(gallery: SearchFixtures.gallery([
            SearchFixtures.Image(id: "a\u{202E}b\u{1B}c", description: "harbour"),
        ]), config: SiteConfig()))
        let run = try TestSupport.runExhibit(["search", "--site", site, "harbour"])
        #expect(run.status == 0)
        #expect(run.stdout == "a\\u{202e}b\\u{1b}c\n")
    }
}
