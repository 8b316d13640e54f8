import Foundation
import Testing
@testable import Exhibit

/// The database is never modified, and a build during writes publishes one committed snapshot.
@Suite(.serialized) struct DatabaseIntegrityTests {
    struct FileState: Equatable {
        var bytes: Data
        var modified: Date
        var siblings: [String]
    }

    static func state(_ path: String) throws -> FileState {
        let url = URL(fileURLWithPath: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path).sorted()
        return FileState(bytes: try Data(contentsOf: url), modified: attributes[.modificationDate] as! Date, siblings: siblings)
    }

    @Test(arguments: ["delete", "wal"])
    func buildAndCheckNeverTouchTheDatabase(journalMode: String) throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dbFolder = folder.appendingPathComponent("db")
        try FileManager.default.createDirectory(at: dbFolder, withIntermediateDirectories: true)
        let database = dbFolder.appendingPathComponent("platform.sqlite").path
        try TestSupport.writeSmallGallery(to: database)
        do {
            let db = try SQLiteDatabase.create(path: database)
            try db.execute("PRAGMA journal_mode=\(journalMode)")
        }
        let before = try Self.state(database)
        #expect(before.siblings == ["platform.sqlite"])
        Thread.sleep(forTimeInterval: 0.02) // a write would now change the modification time
        var options = BuildOptions(databasePath: database)
        options.outputDirectory = folder.appendingPathComponent("site").path
        _ = try SiteBuilder.build(options, diagnostics: DiagnosticLog())
        #expect(try Self.state(database) == before)
        _ = try HostileDatabase.make() // unrelated work between
        let check = try TestSupport.runExhibit(["check", "--db", database])
        #expect(check.status == 0)
        #expect(try Self.state(database) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["db", "site"])
    }

    /// A Python process commits transactions in a loop; each inserts a writer, a public image and
    /// that writer's like on `img1`. A consistent snapshot has exactly as many new images as new likes.
    @Test(.enabled(if: Python.isAvailable, "needs python3 with its sqlite3 module"))
    func aBuildDuringWALWritesPublishesOneCommittedSnapshot() throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("platform.sqlite").path
        try TestSupport.writeSmallGallery(to: database)
        try SQLiteDatabase.create(path: database).execute("PRAGMA journal_mode=WAL")
        let stop = folder.appendingPathComponent("stop").path
        let progress = folder.appendingPathComponent("progress").path
        let script = """
        import sqlite3, os, sys, time
        db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        n = 0
        while not os.path.exists(sys.argv[2]):
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO users VALUES (?,?,?,?,?,?,?)", ("w%d" % n, "w%d@example.com" % n, "W%d" % n, None, None, "2023-01-01T00:00:00Z", None))
            db.execute("INSERT INTO images VALUES (?,?,?,?,?,?,?,?)", ("wimg%d" % n, "user_ann", "https://img.example/w%d.jpg" % n, "written %d" % n, '["written"]', "Written", 1, "2024-05-01T00:00:00Z"))
            db.execute("INSERT INTO interactions VALUES (?,?,?,?,?,?)", ("wl%d" % n, "w%d" % n, "img1", "like", None, "2024-05-01T00:00:00Z"))
            db.execute("COMMIT")
            n += 1
            with open(sys.argv[3] + ".tmp", "w") as f: f.write(str(n))
            os.replace(sys.argv[3] + ".tmp", sys.argv[3])
            time.sleep(0.002)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, database, stop, progress]
        try process.run() // python3 is checked by the test's trait
        defer {
            FileManager.default.createFile(atPath: stop, contents: Data())
            process.waitUntilExit()
        }
        func committed() -> Int { Int((try? String(contentsOfFile: progress, encoding: .utf8)) ?? "") ?? 0 }
        let deadline = Date().addingTimeInterval(20)
        while committed() < 5 && Date() < deadline && process.isRunning { Thread.sleep(forTimeInterval: 0.01) }
        #expect(committed() >= 5, "the writer did not start")
        var seen: [Int] = []
        for round in 0..<3 {
            let lowest = committed()
            var options = BuildOptions(databasePath: database)
            options.outputDirectory = folder.appendingPathComponent("site\(round)").path
            let report = try SiteBuilder.build(options, diagnostics: DiagnosticLog())
            let highest = committed()
            let written = report.images - 5 // the gallery publishes 5 images of its own
            #expect(written >= lowest - 1 && written <= highest + 1, "\(written) not in \(lowest)…\(highest)")
            let page = try String(contentsOfFile: folder.appendingPathComponent("site\(round)/images/img1/index.html").path, encoding: .utf8)
            let likes = page.firstMatch(of: /<dt>Likes<\/dt><dd>([0-9,]+)/).map { Int($0.1.replacingOccurrences(of: ",", with: "")) ?? -1 }
            #expect(likes == 2 + written, "img1 shows \(String(describing: likes)) likes with \(written) written images")
            seen.append(written)
        }
        #expect(process.isRunning, "the writer stopped during the builds")
        #expect(seen.max()! > 0)
    }
}

/// `exhibit check` lists every skipped or repaired row and every withheld image, writing nothing.
@Suite struct CheckCommandListingTests {
    @Test func checkListsEveryWarningAndEveryWithheldImageWithItsReason() throws {
        let db = try HostileDatabase.make()
        let loaded = try db.load()
        let before = try DatabaseIntegrityTests.state(db.path)
        let run = try TestSupport.runExhibit(["check", "--db", db.path], in: db.directory)
        #expect(run.status == 0)
        let lines = Set(run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        for warning in loaded.diagnostics {
            #expect(lines.contains("warning: \(warning)"), "missing: \(warning)")
        }
        #expect(loaded.audit.withheld.count > 30)
        for item in loaded.audit.withheld {
            #expect(lines.contains("withheld: images[\(Diagnostic.printable(item.id))]: \(item.reason)"), "missing: \(item.id)")
        }
        #expect(run.stdout.contains("interaction"))
        #expect(try DatabaseIntegrityTests.state(db.path) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: db.directory.path) == ["platform.sqlite"])
    }

    @Test func checkEscapesControlCharactersInIdsOwnersAndTypes() throws {
        let db = try TestDatabase { db in
            db.user("u", name: "U")
            db.image("evil\u{1B}[2J\nwithheld: images[forged]: fine", owner: "u", isPublic: 0)
            db.image("orphan", owner: "own\u{1B}]0;title\u{7}er")
            db.interaction("x", user: "u", image: "orphan", type: "\u{1B}[31mred\nignored: forged")
        }
        let run = try TestSupport.runExhibit(["check", "--db", db.path])
        #expect(run.status == 0)
        #expect(!run.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(run.stdout.debugDescription)")
        #expect(!run.stdout.contains("\nwithheld: images[forged]"))
        #expect(!run.stdout.contains("\nignored: forged"))
        #expect(run.stdout.contains("withheld: images[evil\\u{1b}[2J\\u{a}withheld: images[forged]: fine]: not public"))
    }
}
