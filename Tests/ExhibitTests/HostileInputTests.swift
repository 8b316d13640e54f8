import Foundation
import Testing
@testable import Exhibit

/// Issue 4: the hostile database builds, nothing leaks, every file parses, nothing escapes.
@Suite(.serialized) struct HostileInputTests {
    static let markers = [HostileDatabase.marker, "ok1-private", "@example.com"]

    @Test func theHostileDatabaseBuildsWithWarningsAndEveryFileIsClean() throws {
        let db = try HostileDatabase.make()
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (report, warnings) = try TestSupport.buildSite(of: db, into: folder)
        #expect(report.images > 40)
        #expect(warnings.count > 50)
        let site = folder.appendingPathComponent("site")
        let files = HostileSiteInspector.allFiles(below: site)
        #expect(files.count > 200)
        let problems = HostileSiteInspector.problems(site: site, markers: Self.markers)
        #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(40).map(\.description).joined(separator: "\n"))")
        // Nothing written outside the output folder: the test folder holds the site alone.
        let beside = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(beside == ["site"])
        #expect(!FileManager.default.fileExists(atPath: "/tmp/exhibit-escape"))
        // Every published image with a hostile id has its page inside the site.
        for id in HostileDatabase.hostileIDs {
            #expect(!files.contains { $0.contains("../") || $0.hasPrefix("/") }, "\(id)")
        }
    }

    @Test func theHostileDatabaseFailsAStrictBuildWithoutWriting() throws {
        let db = try HostileDatabase.make()
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try TestSupport.buildSite(of: db, into: folder, strict: true)
            Issue.record("a strict build of the hostile database succeeded")
        } catch let failure as BuildFailure {
            #expect(failure.kind == .buildFailed)
            #expect(!failure.message.contains("\n"))
        }
        #expect(HostileSiteInspector.allFiles(below: folder.appendingPathComponent("site")).filter { !$0.hasPrefix(".exhibit-") }.isEmpty)
    }

    @Test func everyWarningNamesTableIdAndColumnInOneLine() throws {
        let db = try HostileDatabase.make()
        let loaded = try db.load()
        let tables: Set<String> = ["users", "images", "collections", "interactions", "reports"]
        for warning in loaded.diagnostics {
            #expect(tables.contains(warning.table), "\(warning)")
            #expect(!warning.description.contains("\n"), "\(warning)")
            #expect(!warning.description.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(warning)")
        }
        // Warnings name rows; they never carry a private text (they are printed, not published,
        // but a CI log is often public).
        #expect(!loaded.diagnostics.contains { $0.description.contains("\(HostileDatabase.marker) comment") })
    }

    @Test func theHostileGalleryPublishesOnlyWhatTheRulesAllow() throws {
        let loaded = try HostileDatabase.make().load()
        // Only INTEGER 1, '1' and 'true' are public.
        #expect(loaded.image("vis-0") != nil && loaded.image("vis-1") != nil && loaded.image("vis-2") != nil)
        for n in 3..<15 { #expect(loaded.image("vis-\(n)") == nil, "vis-\(n)") }
        // Unsafe URLs never become images; ids that differ only in case are distinct.
        for n in 0..<10 { #expect(loaded.image("url-\(n)") == nil, "url-\(n)") }
        #expect(loaded.image("ok1") != nil && loaded.image("OK1") != nil)
        // A repeated image id publishes neither row.
        #expect(loaded.image("twin") == nil)
        #expect(loaded.image("orphan") == nil && loaded.image("no-owner") == nil)
        // Likes count distinct existing users, on the image itself only.
        let ok1 = try #require(loaded.image("ok1"))
        #expect(ok1.likeCount >= 1 && ok1.likeCount <= 5)
        // No tag is empty or blank.
        #expect(!loaded.gallery.tags.contains { $0.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty })
        // Slugs are unique and path-safe.
        for terms in [loaded.gallery.tags, loaded.gallery.themes] {
            #expect(Set(terms.map(\.slug)).count == terms.count)
            for term in terms {
                #expect(!term.slug.isEmpty && term.slug.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 >= 0x80 || $0 == 37 },
                        "\(term.slug)")
            }
        }
    }

    @Test func aHugeTagListIsCappedWithAWarning() throws {
        let tags = (0..<5_000).map { "t\($0)" }
        let db = try TestDatabase { db in
            db.user("u", name: "U")
            db.image("i", owner: "u", tags: .json(tags))
        }
        let loaded = try db.load()
        #expect(loaded.tagNames(of: "i") == Array(tags.prefix(StoreConventions.maxTagsPerImage)))
        #expect(loaded.gallery.tags.count == StoreConventions.maxTagsPerImage)
        #expect(loaded.warnings("images", "i", "tags").contains { $0.description.contains("4900 dropped") })
    }

    @Test func symbolicLinksInTheOutputFolderAreNeverFollowed() throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outside = folder.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let victim = outside.appendingPathComponent("victim.txt")
        try Data("untouched".utf8).write(to: victim)
        let site = folder.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: site.appendingPathComponent("images"), withDestinationURL: outside)
        try FileManager.default.createSymbolicLink(at: site.appendingPathComponent("index.html"), withDestinationURL: victim)
        try FileManager.default.createSymbolicLink(at: site.appendingPathComponent("tags"), withDestinationURL: outside)
        let db = try TestDatabase { db in
            db.user("u", name: "U")
            db.image("i", owner: "u", tags: .json(["t"]))
        }
        do {
            _ = try TestSupport.buildSite(of: db, into: folder)
        } catch let failure as BuildFailure {
            // Refusing is fine; writing through the link is not.
            #expect(failure.kind == .buildFailed)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["victim.txt"])
        #expect(try Data(contentsOf: victim) == Data("untouched".utf8))
    }

    @Test func theCommandLineBuildsTheHostileDatabaseWithExitZeroAndFailsWithStrict() throws {
        let db = try HostileDatabase.make()
        let out = db.directory.appendingPathComponent("site").path
        let lenient = try TestSupport.runExhibit(["build", "--db", db.path, "--out", out, "--quiet", "--jobs", "2"])
        #expect(lenient.status == 0, "\(lenient.stderr.prefix(500))")
        let strict = try TestSupport.runExhibit(["build", "--db", db.path, "--out", db.directory.appendingPathComponent("strict").path, "--strict", "--quiet"])
        #expect(strict.status == 1)
        #expect(strict.stderr.hasPrefix("error: ") && strict.stderr.split(separator: "\n").count == 1, "\(strict.stderr.prefix(500))")
        #expect(!strict.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        let normal = try TestSupport.runExhibit(["build", "--db", db.path, "--out", db.directory.appendingPathComponent("loud").path, "--jobs", "2"])
        #expect(normal.status == 0)
        #expect(!(normal.stdout + normal.stderr).unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\r") || $0.value == 0x7F },
                "warnings printed with control characters")
        #expect(!(normal.stdout + normal.stderr).contains("\(HostileDatabase.marker) comment"))
    }
}
