import Foundation
import Testing
@testable import Exhibit

/// Builds as a CI pipeline runs them (docs/output.md): the `exhibit` binary as a subprocess, on small
/// `demo-db` galleries. Byte-identical output whatever the job count, time zone or locale; a
/// build killed at any point leaves the previous output, or the next build puts it right; one
/// new image rewrites only a handful of files.
@Suite(.serialized) struct CIBuildTests {
    /// Starts a build that pauses itself at `pausePoint` (see `TestPausePoint`), kills it with
    /// SIGKILL there, and returns whether the pause point was reached.
    static func killBuild(_ arguments: [String], at pausePoint: String) throws -> Bool {
        let process = Process()
        process.executableURL = TestSupport.exhibitBinary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["EXHIBIT_TEST_PAUSE": pausePoint]) { $1 }
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        var seen = Data()
        let marker = Data("exhibit-test-paused".utf8)
        var reached = false
        while true {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break } // end of file: the build finished without pausing
            seen.append(chunk)
            if seen.range(of: marker) != nil { reached = true; break }
        }
        if reached { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return reached
    }

    static func gallery(_ directory: URL, images: Int, seed: UInt64 = 3) throws -> String {
        let path = directory.appendingPathComponent("gallery-\(images).sqlite").path
        var options = DemoDatabase.bundled
        options.images = images
        options.seed = seed
        _ = try DemoDatabase.generate(at: path, options: options)
        return path
    }

    /// Publishes one new image, newer than every other, by an existing user with existing tags.
    static func publishOneNewImage(in database: String) throws {
        let db = try SQLiteDatabase.create(path: database)
        let owner = try db.prepare("SELECT user_id FROM images WHERE is_public = 1 ORDER BY image_id LIMIT 1")
        guard try owner.step(), let user = owner.text(0) else { Issue.record("no public image"); return }
        try db.prepare("INSERT INTO images (image_id, user_id, url, description, tags, theme, is_public, created_at) VALUES (?,?,?,?,?,?,?,?)").run([
            "ffffffffffffffffffffffff", user, "https://res.cloudinary.com/exhibit-demo/image/upload/v1/gallery/new.jpg",
            "A brand new photograph at dusk", #"["street photography","urban"]"#, "Street", 1, "2099-01-01T00:00:00Z",
        ])
    }

    static func report(_ path: String) throws -> BuildReport {
        try JSONDecoder().decode(BuildReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// In English and in Arabic (its own digits, six plural forms, month names): nothing the
    /// machine's locale, time zone or ICU says reaches a page.
    @Test(arguments: ["en", "ar"])
    func outputIsByteIdenticalWhateverJobsTimeZoneAndLocale(language: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try Self.gallery(directory, images: 400)
        let config = directory.appendingPathComponent("exhibit.toml")
        try Data("language = \"\(language)\"\n".utf8).write(to: config)
        let first = directory.appendingPathComponent("one").path
        let second = directory.appendingPathComponent("two").path
        let a = try TestSupport.runExhibit(["build", "--db", database, "--config", config.path, "--out", first, "--jobs", "1", "--quiet"],
                             environment: ["TZ": "UTC", "LANG": "C", "LC_ALL": "C"])
        let b = try TestSupport.runExhibit(["build", "--db", database, "--config", config.path, "--out", second, "--jobs", "4", "--quiet"],
                             environment: ["TZ": "Pacific/Kiritimati", "LANG": "tr_TR.UTF-8", "LC_ALL": "tr_TR.UTF-8"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(b.status == 0, "\(b.stderr)")
        let one = try TestSupport.tree(first), two = try TestSupport.tree(second)
        #expect(one.count > 500)
        #expect(Set(one.keys) == Set(two.keys))
        let differing = one.keys.filter { one[$0] != two[$0] }.sorted()
        #expect(differing.isEmpty, "differ: \(differing.prefix(10))")
    }

    @Test func aBuildKilledAtAnyPointLeavesThePreviousOutputOrIsPutRightByTheNextBuild() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try Self.gallery(directory, images: 300)
        let after = directory.appendingPathComponent("after.sqlite").path
        try FileManager.default.copyItem(atPath: before, toPath: after)
        try Self.publishOneNewImage(in: after)
        try SQLiteDatabase.create(path: after).execute("UPDATE images SET is_public = 0 WHERE image_id = (SELECT image_id FROM images WHERE is_public = 1 ORDER BY image_id LIMIT 1 OFFSET 5)")

        let previous = directory.appendingPathComponent("previous").path
        let expected = directory.appendingPathComponent("expected").path
        let previousReport = directory.appendingPathComponent("previous.json").path
        #expect(try TestSupport.runExhibit(["build", "--db", before, "--out", previous, "--quiet", "--report", previousReport]).status == 0)
        let midRender = try Self.report(previousReport).fileCount / 2
        #expect(try TestSupport.runExhibit(["build", "--db", after, "--out", expected, "--quiet"]).status == 0)
        let previousTree = try TestSupport.tree(previous)
        let expectedTree = try TestSupport.tree(expected)
        let previousManifest = try Data(contentsOf: URL(fileURLWithPath: previous + "/.exhibit-manifest"))
        #expect(previousTree != expectedTree)

        // Before the commit point the previous output must be exactly as it was; after it, the
        // next build must complete the interrupted one.
        let points = ["loaded:1", "render:1", "render:\(midRender)", "commit:0", "commit:3", "commit:12"]
        for (number, point) in points.enumerated() {
            let output = directory.appendingPathComponent("run\(number)").path
            let cp = Process()
            cp.executableURL = URL(fileURLWithPath: "/bin/cp")
            cp.arguments = ["-a", previous, output]
            try cp.run()
            cp.waitUntilExit()
            #expect(cp.terminationStatus == 0)

            let reached = try Self.killBuild(["build", "--db", after, "--out", output, "--quiet", "--jobs", "2"], at: point)
            #expect(reached, "the build never reached \(point)")
            if point.hasPrefix("commit") {
                #expect(FileManager.default.fileExists(atPath: output + "/.exhibit-staging/journal"), "\(point)")
            } else {
                #expect(try TestSupport.tree(output) == previousTree, "killed at \(point): the previous output changed")
                #expect(try Data(contentsOf: URL(fileURLWithPath: output + "/.exhibit-manifest")) == previousManifest, "\(point)")
            }

            let report = directory.appendingPathComponent("report\(number).json").path
            let next = try TestSupport.runExhibit(["build", "--db", after, "--out", output, "--quiet", "--report", report])
            #expect(next.status == 0, "after \(point): \(next.stderr)")
            let tree = try TestSupport.tree(output)
            let wrong = Set(tree.keys).symmetricDifference(expectedTree.keys).sorted()
                + tree.keys.filter { expectedTree[$0] != nil && expectedTree[$0] != tree[$0] }.sorted()
            #expect(wrong.isEmpty, "after \(point): \(wrong.prefix(10))")
            #expect(!FileManager.default.fileExists(atPath: output + "/.exhibit-staging"), "after \(point)")

            let again = try TestSupport.runExhibit(["build", "--db", after, "--out", output, "--quiet", "--report", report])
            #expect(again.status == 0)
            let third = try Self.report(report)
            #expect(third.written == 0 && third.removed == 0, "after \(point): \(third.changedPaths.prefix(10))")
        }
    }

    @Test func oneNewImageRewritesAHandfulOfFiles() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try Self.gallery(directory, images: 3000, seed: 5)
        let output = directory.appendingPathComponent("site").path
        let reportPath = directory.appendingPathComponent("report.json").path
        #expect(try TestSupport.runExhibit(["build", "--db", database, "--out", output, "--quiet"]).status == 0)

        let unchanged = try TestSupport.runExhibit(["build", "--db", database, "--out", output, "--quiet", "--report", reportPath])
        #expect(unchanged.status == 0)
        let same = try Self.report(reportPath)
        #expect(same.written == 0 && same.removed == 0 && same.unchanged == same.fileCount)
        #expect(same.upToDate)

        try Self.publishOneNewImage(in: database)
        let run = try TestSupport.runExhibit(["build", "--db", database, "--out", output, "--quiet", "--report", reportPath])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try Self.report(reportPath)
        let changed = report.changedPaths
        #expect(report.written > 0 && report.written <= 50, "\(report.written) files: \(changed.prefix(60))")
        #expect(report.removed == 0 && !report.upToDate)
        #expect(changed.contains("images/ffffffffffffffffffffffff/index.html"))
        // The search index grows at its end: one document chunk, a few term shards.
        let docs = changed.filter { $0.hasPrefix("search/docs/") }
        let lastChunk = (report.images - 1) / SearchIndexSource.docChunkSize(imageCount: report.images)
        #expect(docs == ["search/docs/\(lastChunk).json"], "\(docs)")
        #expect(changed.filter { $0.hasPrefix("search/terms/") }.count <= 12)
        #expect(report.fileCount > 1000)
    }

    @Test func anUnchangedRebuildIsSkippedUntilAnInputOrAnOutputFileChanges() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try Self.gallery(directory, images: 200)
        let output = directory.appendingPathComponent("site").path
        let reportPath = directory.appendingPathComponent("report.json").path
        func build(_ extra: [String] = []) throws -> BuildReport {
            let run = try TestSupport.runExhibit(["build", "--db", database, "--out", output, "--quiet", "--report", reportPath] + extra)
            #expect(run.status == 0, "\(run.stderr)")
            return try Self.report(reportPath)
        }
        let first = try build()
        #expect(!first.upToDate && first.written == first.fileCount)
        let expected = try TestSupport.tree(output)

        let second = try build()
        #expect(second.upToDate && second.written == 0 && second.unchanged == first.fileCount)
        #expect(second.pages == first.pages && second.images == first.images)

        // A file changed in the output: a real build, which restores it.
        let page = output + "/index.html"
        try Data("edited by hand".utf8).write(to: URL(fileURLWithPath: page))
        let repaired = try build()
        #expect(!repaired.upToDate && repaired.written == 1)
        #expect(try TestSupport.tree(output) == expected)
        #expect(try build().upToDate)

        // A file missing far into the output (the check runs in batches over several threads).
        let last = try #require(expected.keys.max { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(expected.count > OutputWriter.intactCheckBatch, "the gallery is too small to need a second batch")
        try FileManager.default.removeItem(atPath: output + "/" + last)
        let restored = try build()
        #expect(!restored.upToDate && restored.written == 1)
        #expect(try TestSupport.tree(output) == expected)

        // Another setting: a real build.
        let rebased = try build(["--base-url", "https://example.net/other/"])
        #expect(!rebased.upToDate && rebased.written > 0)

        // The database changed: a real build.
        try SQLiteDatabase.create(path: database).execute("UPDATE users SET name = 'Renamed Person' WHERE user_id = (SELECT user_id FROM images WHERE is_public = 1 ORDER BY image_id LIMIT 1)")
        let renamed = try build(["--base-url", "https://example.net/other/"])
        #expect(!renamed.upToDate && renamed.written > 0)
        #expect(try build(["--base-url", "https://example.net/other/"]).upToDate)
    }
}
