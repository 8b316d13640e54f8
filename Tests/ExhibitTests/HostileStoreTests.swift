import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import Synchronization
@testable import Exhibit

/// Issue "Hostile input, round two": text cleaning in linear time and identical to the careful
/// scalar-by-scalar rules.
@Suite struct HostileTextCleaningTests {
    /// The rules of ``TextCleaner`` written the straightforward way, scalar by scalar.
    static func reference(_ raw: String, singleLine: Bool) -> TextCleaner.Result {
        var out: [Unicode.Scalar] = []
        var removed = false
        var pendingSpace = false
        var pendingWhitespace: [Unicode.Scalar] = []
        var previousCR = false
        for original in raw.unicodeScalars {
            var scalar = original
            if scalar == "\r" {
                previousCR = true
                scalar = "\n"
            } else if scalar == "\n" && previousCR {
                previousCR = false
                continue
            } else {
                previousCR = false
            }
            let value = scalar.value
            let noncharacter = (0xFDD0 ... 0xFDEF).contains(value) || value % 0x10000 >= 0xFFFE
            if (value < 0x20 && value != 0x09 && value != 0x0a) || value == 0x7f || (0x80 ... 0x9f).contains(value) || noncharacter {
                removed = true
                continue
            }
            if scalar.properties.isWhitespace {
                if singleLine { pendingSpace = true } else { pendingWhitespace.append(scalar) }
                continue
            }
            if singleLine {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
            } else {
                if !out.isEmpty { out.append(contentsOf: pendingWhitespace) }
                pendingWhitespace.removeAll()
            }
            out.append(scalar)
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: out)
        return TextCleaner.Result(text: text, removedControls: removed)
    }

    /// Pieces that exercise every rule: controls, CR/LF pairs, ASCII and Unicode spaces, C1,
    /// combining marks, multi-byte letters and emoji.
    static let pieces: [String] = [
        "a", "Z", " ", "  ", "\t", "\n", "\r", "\r\n", "\n\r", "\u{0}", "\u{1}", "\u{b}", "\u{c}", "\u{1b}", "\u{1f}",
        "\u{7f}", "\u{80}", "\u{85}", "\u{9f}", "\u{a0}", "\u{a1}", "é", "e\u{301}", "\u{301}", "\u{1680}", "\u{2000}",
        "\u{200a}", "\u{200b}", "\u{2028}", "\u{2029}", "\u{202f}", "\u{205f}", "\u{3000}", "\u{3001}", "東京", "—",
        "🌅", "👩‍👩‍👧", "\u{feff}", "\u{fffd}", "\u{10fffd}", "<&>", "\u{fdcf}", "\u{fdf0}",
        "\u{1fffd}",
    ] + [0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x2FFFF, 0x10FFFE, 0x10FFFF].map { String(Unicode.Scalar(UInt32($0))!) }

    @Test func slowPathGivesTheSameTextAsTheScalarByScalarRules() {
        var seed: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            // A fixed xorshift sequence: the same strings every run.
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            return Int(seed % UInt64(bound))
        }
        var cases: [String] = [""] + Self.pieces
        for first in Self.pieces { for second in Self.pieces { cases.append(first + second); cases.append(" " + first + "x" + second + " ") } }
        for _ in 0 ..< 20_000 {
            var text = ""
            for _ in 0 ..< next(12) { text += Self.pieces[next(Self.pieces.count)] }
            cases.append(text)
        }
        var mismatches: [String] = []
        for text in cases {
            for singleLine in [false, true] {
                let cleaned = singleLine ? TextCleaner.singleLine(text) : TextCleaner.multiLine(text)
                let expected = Self.reference(text, singleLine: singleLine)
                if !cleaned.text.utf8.elementsEqual(expected.text.utf8) || cleaned.removedControls != expected.removedControls {
                    mismatches.append("\(singleLine ? "single" : "multi"): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    /// 4 MB with one CRLF (and Unicode spaces) takes the slow path: minutes if it were quadratic,
    /// milliseconds when linear.
    @Test func aLargeTextNeedingRepairIsCleanedInOnePass() {
        let words = String(repeating: "word\u{3000}mot\u{a0}\t", count: 4_000_000 / 14)
        let multi = TextCleaner.multiLine("  first line\r\n" + words + "\r\n")
        #expect(multi.text.hasPrefix("first line\nword\u{3000}mot"))
        #expect(multi.text.utf8.count == 11 + words.utf8.count - 3) // the last NBSP and tab trimmed
        let single = TextCleaner.singleLine("\u{1}" + words)
        #expect(single.removedControls)
        #expect(single.text.utf8.count == (4_000_000 / 14) * 9 - 1)
    }
}

/// Noncharacters (U+FDD0–U+FDEF, U+nFFFE, U+nFFFF) are invalid in HTML: removed while reading,
/// like control characters, wherever the text is shown.
@Suite struct HostileNoncharacterTests {
    static let noncharacters = String(String.UnicodeScalarView([0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF].map { Unicode.Scalar(UInt32($0))! }))

    static func isNoncharacter(_ value: UInt32) -> Bool { (0xFDD0 ... 0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE }

    @Test func noncharactersAreRemovedWithAWarningOnTheFastPathToo() {
        for value: UInt32 in [0xFDD0, 0xFDE7, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x1FFFF, 0x8FFFE, 0x10FFFE, 0x10FFFF] {
            let text = "a" + String(Unicode.Scalar(value)!) + "b"
            #expect(TextCleaner.singleLine(text) == .init(text: "ab", removedControls: true), "U+\(String(value, radix: 16))")
            #expect(TextCleaner.multiLine(text) == .init(text: "ab", removedControls: true), "U+\(String(value, radix: 16))")
        }
        for kept: UInt32 in [0xFDCF, 0xFDF0, 0xFFFD, 0x1FFFD, 0x10FFFD] {
            let text = "a" + String(Unicode.Scalar(kept)!) + "b"
            #expect(TextCleaner.singleLine(text) == .init(text: text, removedControls: false))
        }
    }

    @Test func noNoncharacterReachesAnyOutputFile() throws {
        let bad = Self.noncharacters
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try TestDatabase { db in
            db.user("u1", name: .text("Ann\(bad)Lee"), bio: .text("bio\(bad)"))
            db.image("i1", owner: "u1", description: .text("desc\(bad)"), tags: .json(["tag\(bad)"]), theme: .text("theme\(bad)"))
            db.collection("c1", owner: "u1", name: .text("col\(bad)"), description: .text("cdesc\(bad)"), imageIDs: .json(["i1"]))
            db.comment("k1", user: "u1", image: "i1", .text("comment\(bad)"))
        }
        let loaded = try database.load()
        #expect(loaded.warnings("users", "u1", "name").map { $0.message } == ["control characters or noncharacters removed"])
        #expect(loaded.warnings("images", "i1", "tags").map { $0.message } == ["control characters or noncharacters removed from a tag"])
        #expect(loaded.warnings("interactions", "k1", "content").count == 1)
        var options = BuildOptions(databasePath: database.path)
        options.outputDirectory = directory.appendingPathComponent("site").path
        _ = try SiteBuilder.build(options, diagnostics: DiagnosticLog())
        let site = directory.appendingPathComponent("site")
        var offending: [String] = []
        var cleanedNameShown = false
        for (path, data) in try HostileSiteInspector.contents(of: site) {
            guard let text = String(data: data, encoding: .utf8) else { continue }
            if text.unicodeScalars.contains(where: { Self.isNoncharacter($0.value) }) { offending.append(path) }
            if path.hasSuffix(".html") && text.contains("AnnLee") { cleanedNameShown = true }
        }
        #expect(offending.isEmpty, "\(offending)")
        #expect(cleanedNameShown)
    }
}

/// A FIFO, a device or a huge file of zeros given as the database is rejected at once (exit 2,
/// one line), before anything hashes or reads it.
@Suite struct HostileDatabaseFileTests {
    /// Runs a build of `databasePath` on its own thread; nil when it has not finished after
    /// `seconds` (it hangs: the thread is left behind).
    static func buildFailure(databasePath: String, seconds: Double = 60) throws -> BuildFailure? {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var settings = BuildOptions(databasePath: databasePath)
        settings.outputDirectory = folder.appendingPathComponent("site").path
        let done = DispatchSemaphore(value: 0)
        let options = settings
        let result = Mutex<Result<BuildReport, Error>?>(nil)
        Thread.detachNewThread {
            let outcome = Result { try SiteBuilder.build(options, diagnostics: DiagnosticLog()) }
            result.withLock { $0 = outcome }
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else {
            Issue.record("the build of \(databasePath) did not finish in \(seconds) s")
            return nil
        }
        switch result.withLock({ $0 })! {
        case .success: Issue.record("the build of \(databasePath) succeeded"); return nil
        case .failure(let error as BuildFailure): return error
        case .failure(let error): Issue.record("unexpected error \(error)"); return nil
        }
    }

    static func expectRejected(_ path: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let failure = try buildFailure(databasePath: path) else { return }
        #expect(failure.kind == .unusableInput, sourceLocation: sourceLocation)
        #expect(!failure.message.contains("\n"), sourceLocation: sourceLocation)
        #expect(failure.message.contains(expected), "\(failure.message)", sourceLocation: sourceLocation)
        #expect(failure.message.contains("point --db at the platform's export"), "\(failure.message)", sourceLocation: sourceLocation)
    }

    @Test func aFIFOIsRejectedWithoutBeingOpened() throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("platform.sqlite").path
        try #require(mkfifo(fifo, 0o600) == 0)
        try Self.expectRejected(fifo, "it is a FIFO, not a regular file")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/zero")))
    func aDeviceIsRejectedWithoutBeingRead() throws {
        try Self.expectRejected("/dev/zero", "it is a device, not a regular file")
        try Self.expectRejected("/dev/urandom", "it is a device, not a regular file")
    }

    @Test func aHugeSparseFileWithoutTheSQLiteHeaderIsRejectedWithoutBeingRead() throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("platform.sqlite").path
        let descriptor = open(path, O_CREAT | O_WRONLY, 0o600)
        try #require(descriptor >= 0)
        try #require(ftruncate(descriptor, 50 << 30) == 0) // 50 GiB, no block written
        close(descriptor)
        try Self.expectRejected(path, "it does not start with SQLite's header")
    }

    @Test func openReadOnlyRefusesSpecialFilesToo() throws {
        #expect(throws: SQLiteError.self) { try SQLiteDatabase.openReadOnly(path: "/dev/null") }
        do {
            _ = try SQLiteDatabase.openReadOnly(path: "/dev/null")
        } catch let error as SQLiteError {
            #expect(error.message == "it is a device, not a regular file")
        }
    }
}

/// One long field is repeated on many pages: each kind of text is cut where it is read, with a
/// warning, and over-long URLs are unusable.
@Suite struct HostileLongFieldTests {
    @Test func cutKeepsWholeCharactersAndAddsAnEllipsis() {
        #expect(TextCleaner.cut("short", maxCharacters: 10) == nil)
        #expect(TextCleaner.cut("ééééé", maxCharacters: 5) == nil) // 10 bytes, 5 characters
        let flags = String(repeating: "🇫🇷", count: 8) // 8 bytes each
        #expect(TextCleaner.cut(flags, maxCharacters: 5)?.text == String(repeating: "🇫🇷", count: 5) + "…")
        #expect(TextCleaner.cut(flags, maxCharacters: 5)?.characters == 8)
        #expect(TextCleaner.cut("abc def ghi", maxCharacters: 4)?.text == "abc…") // the trailing space goes
        // One character carrying thousands of combining marks is cut by bytes.
        let zalgo = "a" + String(repeating: "\u{301}", count: 5_000) + "b"
        #expect(TextCleaner.cut(zalgo, maxCharacters: 100)?.text == "…")
        #expect(TextCleaner.cut(zalgo, maxCharacters: 100)?.characters == 2)
    }

    @Test func everyKindOfTextIsCutWithAWarningNamingTheRow() throws {
        let long = String(repeating: "word ", count: 240_000) // 1.2 MB
        let database = try TestDatabase { db in
            db.user("u1", name: .text(String(repeating: "N", count: 100_000)), avatar: .text("https://img.example/" + String(repeating: "a", count: 3_000)),
                    bio: .text(long))
            db.image("i1", owner: "u1", description: .text(long), tags: .json([String(repeating: "t", count: 500), "ok"]),
                     theme: .text(String(repeating: "θ", count: 150)))
            db.image("i2", owner: "u1", url: .text("https://img.example/" + String(repeating: "b", count: 2_100) + ".jpg"))
            db.collection("c1", owner: "u1", name: .text(String(repeating: "C", count: 300)), description: .text(long), imageIDs: .json(["i1"]))
            db.comment("k1", user: "u1", image: "i1", .text(long))
        }
        let loaded = try database.load()
        func messages(_ table: String, _ id: String, _ column: String) -> [String] { loaded.warnings(table, id, column).map { $0.message } }
        #expect(messages("users", "u1", "name") == ["100000 characters; cut to 200"])
        #expect(messages("users", "u1", "bio") == ["1199999 characters; cut to 5000"])
        #expect(messages("users", "u1", "avatar_url") == ["3020 bytes, longer than 2048; no avatar shown"])
        #expect(messages("images", "i1", "description") == ["1199999 characters; cut to 5000"])
        #expect(messages("images", "i1", "tags") == ["a tag of 500 characters; cut to 100"])
        #expect(messages("images", "i1", "theme") == ["150 characters; cut to 100"])
        #expect(messages("images", "i2", "url") == ["2124 bytes, longer than 2048; image not published"])
        #expect(messages("collections", "c1", "name") == ["300 characters; cut to 200"])
        #expect(messages("collections", "c1", "description") == ["1199999 characters; cut to 5000"])
        #expect(messages("interactions", "k1", "content") == ["1199999 characters; cut to 5000"])

        let user = try #require(loaded.user("u1"))
        #expect(user.name == String(repeating: "N", count: 200) + "…")
        #expect(user.avatarURL == nil)
        let image = try #require(loaded.image("i1"))
        #expect(image.description.count == 5_000) // 4,999 characters ("word " cut after a space), then "…"
        #expect(image.description.hasSuffix("word…"))
        #expect(loaded.tagNames(of: "i1") == [String(repeating: "t", count: 100) + "…", "ok"])
        #expect(loaded.gallery.themes.map(\.name) == [String(repeating: "θ", count: 100) + "…"])
        #expect(loaded.image("i2") == nil)
        #expect(loaded.collection("c1")?.name == String(repeating: "C", count: 200) + "…")
    }
}

/// Schemas the platform could legitimately have (generated columns) are read; a view that never
/// ends stops the read with one line naming it.
@Suite struct HostileSchemaTests {
    /// The platform's schema with `table`'s CREATE TABLE statement replaced by `replacement`.
    static func schema(replacing table: String, with replacement: String) -> String {
        var statements = PlatformSchema.createStatements.components(separatedBy: ";")
        let index = statements.firstIndex { $0.contains("CREATE TABLE \(table) (") }!
        statements[index] = "\n" + replacement
        return statements.joined(separator: ";")
    }

    static let endlessView = """
        WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)
        """

    @Test func generatedColumnsCountAsPresent() throws {
        var schema = Self.schema(replacing: "images", with: """
            CREATE TABLE images (image_id TEXT PRIMARY KEY, user_id TEXT, url TEXT, description TEXT, tags TEXT,
                raw_theme TEXT, theme TEXT GENERATED ALWAYS AS (upper(raw_theme)) VIRTUAL, is_public,
                created_at, kind TEXT GENERATED ALWAYS AS ('photo') STORED)
            """)
        schema = schema.replacingOccurrences(of: "    email TEXT,", with: "    email TEXT GENERATED ALWAYS AS ('hidden@example.com') VIRTUAL,")
        let database = try TestDatabase(schema: schema) { db in
            db.insert("users", ["user_id": "u1", "name": "Ann", "created_at": "2023-01-01T00:00:00Z"])
            db.insert("images", ["image_id": "i1", "user_id": "u1", "url": "https://img.example/1.jpg", "raw_theme": "nature",
                                 "is_public": 1, "created_at": "2024-01-01T00:00:00Z"])
        }
        let loaded = try database.load()
        #expect(loaded.imageIDs == ["i1"])
        #expect(loaded.gallery.themes.map(\.name) == ["NATURE"])
    }

    static func loadEndless(_ table: String, select: String) throws -> InputError? {
        let database = try TestDatabase(schema: Self.schema(replacing: table, with: "CREATE VIEW \(table) AS \(endlessView) \(select)")) { db in
            if table != "users" { db.user("u1") }
            db.image("i1", owner: "u1")
        }
        var settings = LoadOptions()
        settings.endlessInstructions = 2_000_000
        settings.endlessSeconds = 0.2
        let options = settings
        let path = database.path
        // On its own thread, so that a read that never ends fails the test instead of hanging it.
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<InputError?>(nil)
        Thread.detachNewThread {
            do {
                _ = try GalleryLoader.load(databasePath: path, options: options, diagnostics: DiagnosticLog())
            } catch let error as InputError {
                result.withLock { $0 = error }
            } catch {}
            done.signal()
        }
        guard done.wait(timeout: .now() + 60) == .success else {
            Issue.record("reading the endless \(table) did not stop in 60 s")
            return nil
        }
        return result.withLock { $0 }
    }

    @Test func aViewThatNeverEndsIsAnInputErrorNamingIt() throws {
        let reports = try Self.loadEndless("reports", select: """
            SELECT 'r' || x AS report_id, 'u1' AS user_id, 'i1' AS image_id, 'spam' AS reason, 'pending' AS status, NULL AS created_at FROM r
            """)
        #expect(reports == .endless(table: "reports"))
        #expect(reports?.description == #"reading "reports" never ends (a view that runs for ever?): make "reports" a table of the platform's data"#)
        let users = try Self.loadEndless("users", select: """
            SELECT 'u' || x AS user_id, NULL AS email, 'N' AS name, NULL AS avatar_url, NULL AS bio, NULL AS created_at, NULL AS updated_at FROM r
            """)
        #expect(users == .endless(table: "users"))
        // No row at all, ever: the read of the rows runs without one.
        let interactions = try Self.loadEndless("interactions", select: """
            SELECT x AS interaction_id, 'u1' AS user_id, 'i1' AS image_id, 'like' AS type, NULL AS content, NULL AS created_at FROM r WHERE x < 0
            """)
        #expect(interactions == .endless(table: "interactions"))
    }
}

/// A database a writer left in the middle of a write (its hot `-journal` beside it) is reported
/// as such, with how to recover it; and a WAL database is read without a file appearing beside it.
@Suite struct HostileJournalTests {
    /// A copy, in `folder`, of a rollback-journal database and its `-journal`, taken while a
    /// writer is in the middle of a transaction that has already written pages to the database
    /// file (its cache is too small to hold them): what a crash of that writer leaves.
    static func interruptedWrite(in folder: URL) throws -> String {
        let original = folder.appendingPathComponent("live.sqlite").path
        try TestSupport.writeSmallGallery(to: original)
        let writer = try SQLiteDatabase.create(path: original)
        try writer.execute("PRAGMA journal_mode=DELETE; PRAGMA cache_size=2")
        try writer.execute("BEGIN")
        let insert = try writer.prepare("INSERT INTO users (user_id, name, bio) VALUES (?, ?, ?)")
        for index in 0 ..< 200 { try insert.run(["half-written-\(index)", "Half", String(repeating: "x", count: 2_000)]) }
        let copy = folder.appendingPathComponent("platform.sqlite").path
        try FileManager.default.copyItem(atPath: original, toPath: copy)
        try FileManager.default.copyItem(atPath: original + "-journal", toPath: copy + "-journal")
        try writer.execute("ROLLBACK")
        return copy
    }

    @Test func aHotJournalSaysTheWriteWasInterruptedAndHowToRecover() throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.interruptedWrite(in: folder)
        let journalSize = try #require(try FileManager.default.attributesOfItem(atPath: path + "-journal")[.size] as? NSNumber)
        #expect(journalSize.intValue > 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let journal = try Data(contentsOf: URL(fileURLWithPath: path + "-journal"))
        #expect(throws: InputError.interruptedWrite(path: path)) {
            _ = try GalleryLoader.load(databasePath: path, options: LoadOptions(), diagnostics: DiagnosticLog())
        }
        #expect(InputError.interruptedWrite(path: path).description.contains("open it once with the sqlite3 tool as a user who can write it"))
        // Nothing was written: the files are as they were.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "-journal")) == journal)
        // The advice works: one writable open rolls the write back, and the database reads.
        let recovery = try SQLiteDatabase.create(path: path)
        try recovery.execute("PRAGMA quick_check")
        let loaded = try GalleryLoader.load(databasePath: path, options: LoadOptions(), diagnostics: DiagnosticLog())
        #expect(!loaded.0.users.contains { $0.id.hasPrefix("half-written") })
    }
}

/// A WAL database whose `-wal` has no `-shm` (its writer is gone) is read, committed rows of the
/// `-wal` included, without any file appearing beside it.
@Suite struct HostileWALTests {
    @Test func aWALWithoutItsSHMIsReadWithoutAFileAppearingBesideIt() throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let live = folder.appendingPathComponent("live.sqlite").path
        try TestSupport.writeSmallGallery(to: live)
        let writer = try SQLiteDatabase.create(path: live)
        try writer.execute("PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0")
        try writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try writer.execute("UPDATE users SET name = 'Committed In The WAL' WHERE user_id = 'user_ann'")
        // The writer's files, as a crash of it leaves them without their -shm (copied while it is open).
        let database = folder.appendingPathComponent("db").appendingPathComponent("platform.sqlite").path
        try FileManager.default.createDirectory(atPath: (database as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: live, toPath: database)
        try FileManager.default.copyItem(atPath: live + "-wal", toPath: database + "-wal")
        let walSize = try #require(try FileManager.default.attributesOfItem(atPath: database + "-wal")[.size] as? NSNumber)
        #expect(walSize.intValue > 0)
        let dbFolder = (database as NSString).deletingLastPathComponent
        let before = try FileManager.default.contentsOfDirectory(atPath: dbFolder).sorted()
        #expect(before == ["platform.sqlite", "platform.sqlite-wal"])
        let loaded = try GalleryLoader.load(databasePath: database, options: LoadOptions(), diagnostics: DiagnosticLog())
        #expect(loaded.0.users.first { $0.id == "user_ann" }?.name == "Committed In The WAL")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dbFolder).sorted() == before)
        _ = writer
    }
}

/// Path segments stay distinct and legal when the output is copied to a case-insensitive or
/// Windows file system.
@Suite struct HostilePathSegmentTests {
    static let reserved = ["con", "prn", "aux", "nul"] + (0 ... 9).flatMap { ["com\($0)", "lpt\($0)"] }

    @Test func idsDifferingOnlyInCaseGetSegmentsDistinctIgnoringCase() {
        #expect(PathSegment.encode("alice") == "alice")
        #expect(PathSegment.encode("Alice") == "Alice~qa")
        #expect(PathSegment.encode("alicE") == "alicE~ba")
        #expect(PathSegment.encode("user_2NfXyZ") == "user_2NfXyZ~bkaa")
        #expect(PathSegment.encode("65A1") == "65A1~qa")
        #expect(!PathSegment.isSafe("Alice"))
    }

    @Test func windowsReservedNamesAreNeverASegment() {
        for name in Self.reserved {
            for id in [name, name.uppercased(), name.prefix(1).uppercased() + name.dropFirst()] {
                #expect(PathSegment.encode(id) == "~" + PathSegment.base32(Array(id.utf8)), "\(id)")
            }
        }
        #expect(PathSegment.encode("console") == "console")
        #expect(PathSegment.encode("com10") == "com10")
        #expect(PathSegment.isReservedName("Lpt7") && !PathSegment.isReservedName("lpt") && !PathSegment.isReservedName("cons"))
        // Tags and themes: a reserved slug takes the collision suffix.
        let slugs = Slug.assign(keys: ["con", "nul", "aux photos", "com1", "cafe"])
        #expect(slugs[0] == "con" + Slug.suffix(for: "con"))
        #expect(slugs[1] == "nul" + Slug.suffix(for: "nul"))
        #expect(slugs[2] == "aux-photos")
        #expect(slugs[3] == "com1" + Slug.suffix(for: "com1"))
        #expect(slugs[4] == "cafe")
    }

    @Test func randomIdsNeverShareASegmentIgnoringCaseAndNeverMakeAReservedName() {
        var seed: UInt64 = 0xC0FFEE
        func next(_ bound: Int) -> Int {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            return Int(seed % UInt64(bound))
        }
        let alphabet = Array("aAbBcCnNoOuUlLpPtTxX019_-~.é/ ")
        var ids = Set<String>(Self.reserved + Self.reserved.map { $0.uppercased() } + ["Con", "cON", "~qa", "Alice", "alice", "ALICE", "alice~qa"])
        while ids.count < 40_000 {
            var id = ""
            for _ in 0 ..< 1 + next(6) { id.append(alphabet[next(alphabet.count)]) }
            ids.insert(id)
            ids.insert(id.lowercased())
            ids.insert(id.uppercased())
        }
        var owner: [String: String] = [:]
        var clashes: [String] = []
        var reservedSegments: [String] = []
        for id in ids {
            let segment = PathSegment.encode(id)
            #expect(segment == PathSegment.encode(id)) // stable
            if let other = owner.updateValue(id, forKey: segment.lowercased()) { clashes.append("\(other) / \(id)") }
            if PathSegment.isReservedName(segment) || Self.reserved.contains(segment.lowercased()) { reservedSegments.append(id) }
        }
        #expect(clashes.isEmpty, "\(clashes.prefix(10))")
        #expect(reservedSegments.isEmpty, "\(reservedSegments.prefix(10))")
    }

    @Test func aBuildWithCaseDifferingAndReservedIdsWritesPathsDistinctIgnoringCase() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try TestDatabase { db in
            for user in ["Alice", "alice", "CON", "nul"] { db.user(.text(user), name: .text(user)) }
            for (index, image) in ["Img", "img", "AUX", "com1"].enumerated() {
                db.image(.text(image), owner: ["Alice", "alice", "CON", "nul"][index], tags: .json(["con", "Con"]), theme: "nul")
            }
        }
        var options = BuildOptions(databasePath: database.path)
        options.outputDirectory = directory.appendingPathComponent("site").path
        _ = try SiteBuilder.build(options, diagnostics: DiagnosticLog())
        let files = TestSupport.files(below: directory.appendingPathComponent("site"))
        #expect(Set(files.map { $0.lowercased() }).count == files.count)
        for file in files {
            for component in file.split(separator: "/") {
                let stem = String(component.split(separator: ".", maxSplits: 1).first ?? "")
                #expect(!PathSegment.isReservedName(stem), "\(file)")
            }
        }
        #expect(files.contains("users/alice/index.html") && files.contains("users/Alice~qa/index.html"))
    }
}
