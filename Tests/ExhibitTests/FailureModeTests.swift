import Foundation
import Testing
@testable import Exhibit

/// Issue 4's failure modes: each stops the build with one line and the exit code of README.md "Exit codes", and
/// leaves the previous output exactly as it was.
@Suite(.serialized) struct FailureModeTests {
    /// A folder with a real database and a first, successful build in `site/`.
    struct Fixture {
        var folder: URL
        var database: String
        var site: URL
        var before: [String: Data]

        func remove() { try? FileManager.default.removeItem(at: folder) }

        func options() -> BuildOptions {
            var options = BuildOptions(databasePath: database)
            options.outputDirectory = site.path
            options.config.pageSize = 2
            options.jobs = 2
            return options
        }

        /// Runs a build that must fail as `kind`; its message is one line holding every `expected` text.
        func expectFailure(_ kind: BuildFailure.Kind, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation,
                           _ configure: (inout BuildOptions) -> Void = { _ in }) throws {
            var options = options()
            configure(&options)
            do {
                _ = try SiteBuilder.build(options, diagnostics: DiagnosticLog())
                Issue.record("the build succeeded", sourceLocation: sourceLocation)
            } catch let failure as BuildFailure {
                #expect(failure.kind == kind, "\(failure.message)", sourceLocation: sourceLocation)
                #expect(!failure.message.contains("\n"), "\(failure.message)", sourceLocation: sourceLocation)
                for text in expected {
                    #expect(failure.message.contains(text), "\(failure.message)", sourceLocation: sourceLocation)
                }
            }
            try expectOutputUntouched(sourceLocation: sourceLocation)
        }

        func expectOutputUntouched(sourceLocation: SourceLocation = #_sourceLocation) throws {
            let after = try HostileSiteInspector.contents(of: site)
            #expect(after.keys.sorted() == before.keys.sorted(), sourceLocation: sourceLocation)
            #expect(after == before, "the previous output changed", sourceLocation: sourceLocation)
            #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent(".exhibit-staging").path), sourceLocation: sourceLocation)
        }
    }

    static func fixture(in folder: URL? = nil) throws -> Fixture {
        let folder = try folder ?? TestSupport.temporaryDirectory()
        let database = folder.appendingPathComponent("platform.sqlite").path
        try TestSupport.writeSmallGallery(to: database)
        let site = folder.appendingPathComponent("site")
        var fixture = Fixture(folder: folder, database: database, site: site, before: [:])
        _ = try SiteBuilder.build(fixture.options(), diagnostics: DiagnosticLog())
        fixture.before = try HostileSiteInspector.contents(of: site)
        #expect(fixture.before.count > 20)
        return fixture
    }

    /// A copy of the fixture's database, changed by `change`.
    static func copy(_ fixture: Fixture, _ name: String, _ change: (String) throws -> Void) throws -> String {
        let path = fixture.folder.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: fixture.database, toPath: path)
        try change(path)
        return path
    }

    @Test func aMissingDatabaseIsAnInputError() throws {
        let fixture = try Self.fixture()
        defer { fixture.remove() }
        try fixture.expectFailure(.unusableInput, ["no database", "nope.sqlite"]) { $0.databasePath = fixture.folder.appendingPathComponent("nope.sqlite").path }
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("nope.sqlite").path))
    }

    @Test func aFileThatIsNotADatabaseIsAnInputError() throws {
        let fixture = try Self.fixture()
        defer { fixture.remove() }
        let text = fixture.folder.appendingPathComponent("notes.txt").path
        try Data(String(repeating: "not a database\n", count: 500).utf8).write(to: URL(fileURLWithPath: text))
        try fixture.expectFailure(.unusableInput, ["not a usable SQLite database"]) { $0.databasePath = text }
        let empty = fixture.folder.appendingPathComponent("empty.sqlite").path
        FileManager.default.createFile(atPath: empty, contents: Data())
        try fixture.expectFailure(.unusableInput, ["empty"]) { $0.databasePath = empty }
    }

    @Test func aCorruptedDatabaseIsAnInputErrorNotACrash() throws {
        let fixture = try Self.fixture()
        defer { fixture.remove() }
        let size = try FileManager.default.attributesOfItem(atPath: fixture.database)[.size] as! NSNumber
        #expect(size.intValue >= 4 * 4096)
        // Pages 2… overwritten with garbage (the header stays valid).
        let overwritten = try Self.copy(fixture, "overwritten.sqlite") { path in
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seek(toOffset: 4096)
            try handle.write(contentsOf: Data(repeating: 0xAB, count: size.intValue - 4096))
            try handle.close()
        }
        try fixture.expectFailure(.unusableInput, ["overwritten.sqlite"]) { $0.databasePath = overwritten }
        // Truncated after its schema page.
        let truncated = try Self.copy(fixture, "truncated.sqlite") { path in
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.truncate(atOffset: 4096 + 100)
            try handle.close()
        }
        try fixture.expectFailure(.unusableInput, ["truncated.sqlite"]) { $0.databasePath = truncated }
        // Only the header damaged.
        let header = try Self.copy(fixture, "header.sqlite") { path in
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seek(toOffset: 0)
            try handle.write(contentsOf: Data("SQLite format 4\u{0}".utf8))
            try handle.close()
        }
        try fixture.expectFailure(.unusableInput, ["not a usable SQLite database"]) { $0.databasePath = header }
    }

    @Test func aDatabaseLockedByAWriterIsAClearErrorAfterTheBusyTimeout() throws {
        let fixture = try Self.fixture()
        defer { fixture.remove() }
        let writer = try SQLiteDatabase.create(path: fixture.database)
        try writer.execute("BEGIN EXCLUSIVE")
        try writer.execute("INSERT INTO users (user_id, name) VALUES ('locker', 'L')")
        let start = ContinuousClock.now
        try fixture.expectFailure(.unusableInput, ["locked", "platform.sqlite"]) { $0.busyTimeoutMilliseconds = 300 }
        let waited = ContinuousClock.now - start
        #expect(waited >= .milliseconds(250) && waited < .seconds(4))
        try writer.execute("ROLLBACK")
        // Once the writer is gone, the same build works.
        _ = try SiteBuilder.build(fixture.options(), diagnostics: DiagnosticLog())
    }

    @Test func aMissingTableOrColumnNamesIt() throws {
        let fixture = try Self.fixture()
        defer { fixture.remove() }
        let noReports = try Self.copy(fixture, "no-reports.sqlite") { try SQLiteDatabase.create(path: $0).execute("DROP TABLE reports") }
        try fixture.expectFailure(.unusableInput, ["\"reports\""]) { $0.databasePath = noReports }
        let noBio = try Self.copy(fixture, "no-bio.sqlite") { try SQLiteDatabase.create(path: $0).execute("ALTER TABLE users DROP COLUMN bio") }
        try fixture.expectFailure(.unusableInput, ["\"users\"", "\"bio\""]) { $0.databasePath = noBio }
        let view = try Self.copy(fixture, "view.sqlite") { path in
            try SQLiteDatabase.create(path: path).execute("ALTER TABLE images RENAME TO images_old; CREATE VIEW images AS SELECT image_id, user_id FROM images_old")
        }
        try fixture.expectFailure(.unusableInput, ["\"images\""]) { $0.databasePath = view }
    }

    @Test func anOutputFolderThatCannotBeCreatedFailsInOneLine() throws {
        let fixture = try Self.fixture()
        defer { fixture.remove() }
        // Tests run as root: permissions do not stop root, a path below a regular file does (ENOTDIR).
        let underFile = fixture.folder.appendingPathComponent("platform.sqlite/site").path
        var options = fixture.options()
        options.outputDirectory = underFile
        let databaseBefore = try Data(contentsOf: URL(fileURLWithPath: fixture.database))
        do {
            _ = try SiteBuilder.build(options, diagnostics: DiagnosticLog())
            Issue.record("a build into a path below a file succeeded")
        } catch let failure as BuildFailure {
            #expect(failure.kind == .buildFailed)
            #expect(!failure.message.contains("\n"))
            #expect(failure.message.contains("platform.sqlite"), "\(failure.message)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.database)) == databaseBefore)
        // The output folder is a regular file.
        let file = fixture.folder.appendingPathComponent("a-file")
        try Data("keep".utf8).write(to: file)
        options.outputDirectory = file.path
        #expect(throws: BuildFailure.self) { try SiteBuilder.build(options, diagnostics: DiagnosticLog()) }
        #expect(try Data(contentsOf: file) == Data("keep".utf8))
        try fixture.expectOutputUntouched()
    }

    @Test(.enabled(if: TemporaryDisk.canMount, "needs root to mount a small tmpfs"))
    func aFullDiskFailsTheBuildAndKeepsThePreviousOutput() throws {
        let parent = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let disk = try TemporaryDisk(megabytes: 2)
        defer { disk.remove() }
        let mountPoint = URL(fileURLWithPath: disk.path)
        var fixture = try Self.fixture(in: mountPoint)
        // The database moves off the small disk; the site stays on it.
        let database = parent.appendingPathComponent("platform.sqlite").path
        try FileManager.default.moveItem(atPath: fixture.database, toPath: database)
        fixture.database = database
        let db = try SQLiteDatabase.create(path: database)
        let insert = try db.prepare("INSERT INTO images VALUES (?,?,?,?,?,?,?,?)")
        let long = String(repeating: "A description long enough to fill a small disk. ", count: 2_000)
        for n in 0..<40 {
            try insert.run(["big\(n)", "user_ann", "https://img.example/\(n).jpg", long, #"["filler"]"#, "Filler", 1, "2024-06-01T00:00:00Z"])
        }
        try fixture.expectFailure(.buildFailed, ["build failed"])
    }

    @Test func aTemplateSyntaxErrorNamesFileLineAndColumn() throws {
        let fixture = try Self.fixture()
        defer { fixture.remove() }
        let templates = fixture.folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("<main>\n  <h1>{{title}}</h1>\n  {{#unclosed}}\n</main>\n".utf8).write(to: templates.appendingPathComponent("image.mustache"))
        var options = fixture.options()
        options.templatesDirectory = templates.path
        do {
            _ = try SiteBuilder.build(options, diagnostics: DiagnosticLog())
            Issue.record("a broken template built")
        } catch let failure as BuildFailure {
            #expect(failure.kind == .buildFailed)
            #expect(!failure.message.contains("\n"))
            #expect(failure.message.contains("image.mustache:3:"), "\(failure.message)")
            #expect(failure.message.firstMatch(of: /image\.mustache:\d+:\d+/) != nil, "\(failure.message)")
        }
        try fixture.expectOutputUntouched()
    }

    @Test func theCommandLineReportsEachFailureInOneLineWithItsExitCode() throws {
        let fixture = try Self.fixture()
        defer { fixture.remove() }
        let noBio = try Self.copy(fixture, "no-bio.sqlite") { try SQLiteDatabase.create(path: $0).execute("ALTER TABLE users DROP COLUMN bio") }
        let corrupt = try Self.copy(fixture, "corrupt.sqlite") { path in
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seek(toOffset: 4096)
            try handle.write(contentsOf: Data(repeating: 0x5A, count: 8192))
            try handle.close()
        }
        let templates = fixture.folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("{{#a}}\n{{/b}}\n".utf8).write(to: templates.appendingPathComponent("home.mustache"))
        let cases: [(arguments: [String], status: Int32)] = [
            (["build", "--db", noBio, "--out", fixture.site.path], 2),
            (["build", "--db", corrupt, "--out", fixture.site.path], 2),
            (["check", "--db", corrupt], 2),
            (["build", "--db", fixture.database, "--out", fixture.site.path, "--templates", templates.path], 1),
            (["build", "--db", fixture.database, "--out", fixture.database + "/out"], 1),
        ]
        for (arguments, status) in cases {
            let run = try TestSupport.runExhibit(arguments)
            #expect(run.status == status, "\(arguments): \(run.stderr)")
            #expect(run.stderr.hasPrefix("error: "), "\(arguments): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(arguments): \(run.stderr)")
        }
        try fixture.expectOutputUntouched()
    }
}
