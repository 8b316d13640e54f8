import Foundation
import Testing
@testable import Exhibit

/// What an output folder may hold that Exhibit did not put there — a lost manifest, a user's own
/// files, a planted journal or manifest, a reader that arrives mid-commit — and what Exhibit's
/// own state in it may reveal.
@Suite struct HostileOutputFolderTests {
    static func makeImagePrivate(_ id: String, in directory: URL) throws {
        let db = try SQLiteDatabase.create(path: directory.appendingPathComponent("platform.sqlite").path)
        try db.execute("UPDATE images SET is_public = 0 WHERE image_id = '\(id)'")
    }

    static func site(_ directory: URL) -> URL { directory.appendingPathComponent("site") }

    /// Every file of the output folder, Exhibit's own `.exhibit-*` files included, as text.
    static func everyFileText(_ root: URL) -> String {
        var text = ""
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            if let data = try? Data(contentsOf: url) { text += String(decoding: data, as: UTF8.self) }
        }
        return text
    }

    @Test(arguments: ["missing", "damaged", "lists a foreign file"])
    func aPageOfAnImageMadePrivateGoesEvenWhenTheManifestIsNotToBeTrusted(_ manifestState: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try TestSupport.buildSite(in: directory)
        let site = Self.site(directory)
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("images/img7/index.html").path))
        try Self.makeImagePrivate("img7", in: directory)
        let manifest = site.appendingPathComponent(".exhibit-manifest")
        switch manifestState {
        case "missing":
            // Restored from a cache or a deploy that excluded `.exhibit-*`.
            for name in try FileManager.default.contentsOfDirectory(atPath: site.path) where name.hasPrefix(".exhibit-") {
                try FileManager.default.removeItem(at: site.appendingPathComponent(name))
            }
        case "damaged":
            var bytes = try [UInt8](Data(contentsOf: manifest))
            bytes[bytes.count / 2] ^= 0xFF
            try Data(bytes).write(to: manifest)
        default:
            try Data(OutputManifest.encode(seed: 1, entries: [("CNAME", 4, 0, 0)])).write(to: manifest)
            try Data("mine".utf8).write(to: site.appendingPathComponent("CNAME"))
        }
        let report = try TestSupport.buildSite(in: directory)
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("images/img7/index.html").path))
        #expect(!Self.everyFileText(site).contains("Harbour"), "a trace of img7 is still published")
        #expect(report.removed >= 1)
        #expect(report.notes.contains { $0.contains("no record of the previous build") }, "\(report.notes)")
        #expect(report.notes.contains { $0.contains("images/img7/index.html") }, "\(report.notes)")
        if manifestState == "lists a foreign file" {
            #expect(try String(contentsOf: site.appendingPathComponent("CNAME"), encoding: .utf8) == "mine")
        }
        // The next build trusts its own new record.
        let again = try TestSupport.buildSite(in: directory)
        #expect(again.upToDate || again.written == 0)
        #expect(again.notes.isEmpty)
    }

    @Test func aFirstBuildRefusesToReplaceFilesExhibitDidNotWriteUnlessForced() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = Self.site(directory)
        try FileManager.default.createDirectory(at: site.appendingPathComponent("assets"), withIntermediateDirectories: true)
        let own = ["index.html": "<h1>my own home page</h1>", "sitemap.xml": "<urlset/>",
                   "robots.txt": "User-agent: *", "CNAME": "gallery.example.org"]
        for (path, text) in own { try Data(text.utf8).write(to: site.appendingPathComponent(path)) }
        #expect { try TestSupport.buildSite(in: directory) } throws: { error in
            let failure = error as? BuildFailure
            return failure?.kind == .buildFailed && failure!.message.contains("index.html")
                && failure!.message.contains("--force") && failure!.message.contains("nor 2 more")
        }
        for (path, text) in own { #expect(try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8) == text) }
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("images").path))
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent(".exhibit-staging").path))

        _ = try TestSupport.buildSite(in: directory) { $0.force = true }
        #expect(try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8) != own["index.html"])
        #expect(try String(contentsOf: site.appendingPathComponent("CNAME"), encoding: .utf8) == own["CNAME"])
    }

    @Test func aFirstBuildBesideUnrelatedFilesLeavesThemAlone() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = Self.site(directory)
        try FileManager.default.createDirectory(at: site.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("[core]".utf8).write(to: site.appendingPathComponent(".git/config"))
        try Data("gallery.example.org".utf8).write(to: site.appendingPathComponent("CNAME"))
        let report = try TestSupport.buildSite(in: directory)
        // No note about the folder (the one note is the gallery's advice on thumbnail_pattern).
        #expect(report.removed == 0 && report.notes.allSatisfy { $0.hasPrefix("configuration[thumbnail_pattern]") })
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(".git/config").path))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("CNAME").path))
    }

    @Test func aConfigurationMadeInCodeIsCheckedLikeAFile() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect { try TestSupport.buildSite(in: directory) { $0.config.thumbnailPattern = "javascript:alert(1)//{url}" } } throws: {
            ($0 as? BuildFailure)?.kind == .unusableInput
        }
        #expect(!FileManager.default.fileExists(atPath: Self.site(directory).path))
    }

    @Test func anEmptyOutputFolderNameIsRefused() throws {
        #expect { try OutputWriter(directory: "") } throws: { "\($0)".contains("no folder given") }
        let run = try TestSupport.runExhibit(["build", "--demo", "--out", ""])
        #expect(run.status == 2 && run.stderr.contains("--out needs a folder name"), "\(run.stderr)")
    }

    @Test func removingAPageEditedByHandIsSaid() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try TestSupport.buildSite(in: directory)
        let page = Self.site(directory).appendingPathComponent("images/img7/index.html")
        try Data("<p>edited by hand</p>".utf8).write(to: page)
        try Self.makeImagePrivate("img7", in: directory)
        let report = try TestSupport.buildSite(in: directory)
        #expect(!FileManager.default.fileExists(atPath: page.path))
        #expect(report.notes.contains { $0.contains("changed by hand") && $0.contains("images/img7/index.html") }, "\(report.notes)")
    }

    @Test(arguments: ["R .git/config", "R CNAME", "F 0 .git/config", "T .git"])
    func aPlantedJournalIsNotCarriedOut(_ line: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try TestSupport.buildSite(in: directory)
        let site = Self.site(directory)
        try FileManager.default.createDirectory(at: site.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("[core]".utf8).write(to: site.appendingPathComponent(".git/config"))
        try Data("gallery.example.org".utf8).write(to: site.appendingPathComponent("CNAME"))
        let staging = site.appendingPathComponent(".exhibit-staging")
        for sub in ["f", "t/.git"] { try FileManager.default.createDirectory(at: staging.appendingPathComponent(sub), withIntermediateDirectories: true) }
        try Data("planted".utf8).write(to: staging.appendingPathComponent("f/0"))
        try Data("exhibit-journal 1\n\(line)\nend 1\n".utf8).write(to: staging.appendingPathComponent("journal"))
        #expect(throws: BuildFailure.self) { try TestSupport.buildSite(in: directory) }
        #expect(try String(contentsOf: site.appendingPathComponent(".git/config"), encoding: .utf8) == "[core]")
        #expect(try String(contentsOf: site.appendingPathComponent("CNAME"), encoding: .utf8) == "gallery.example.org")
    }

    @Test func theOutputFolderKeepsNoCountOrTraceOfWhatIsNotPublic() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try TestSupport.buildSite(in: directory)
        try Self.makeImagePrivate("img7", in: directory) // a removed path names it
        let report = try TestSupport.buildSite(in: directory)
        #expect(report.privateImages == 2)
        let site = Self.site(directory)
        let fingerprint = site.appendingPathComponent(BuildFingerprint.fileName)
        let stored = String(decoding: try Data(contentsOf: fingerprint), as: UTF8.self)
        for secret in ["privateImages", "moderatedImages", "unusableImages", "unknownInteractionTypes", "share", "img7", "img5"] {
            #expect(!stored.contains(secret), "\(BuildFingerprint.fileName) holds \(secret)")
        }
        // Up to date: the counts of what is not public are unknown, not made up.
        let upToDate = try TestSupport.buildSite(in: directory)
        #expect(upToDate.upToDate && upToDate.privateImages == nil && upToDate.images == report.images)
        let everything = Self.everyFileText(site)
        for marker in ["PRIVATE-MARKER", "PRIVATE-COMMENT-MARKER", "REPORT-REASON-MARKER", "Harbour", "img7", "@example.com"] {
            #expect(!everything.contains(marker), "the output folder holds \(marker)")
        }
    }

    @Test func anInterruptedCommitFinishedByTheNextBuildIsSaid() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try TestSupport.buildSite(in: directory)
        let site = Self.site(directory)
        // A commit killed after its commit point: a complete journal whose move is still to do.
        let staging = site.appendingPathComponent(".exhibit-staging")
        try FileManager.default.createDirectory(at: staging.appendingPathComponent("f"), withIntermediateDirectories: true)
        try Data("interrupted".utf8).write(to: staging.appendingPathComponent("f/0"))
        try Data("exhibit-journal 1\nF 0 robots.txt\nend 1\n".utf8).write(to: staging.appendingPathComponent("journal"))
        #expect(OutputWriter.hasInterruptedCommit(in: site.path))
        // Exhibit's own readers refuse the mixed folder…
        let search = try TestSupport.runExhibit(["search", "--site", site.path, "café"])
        #expect(search.status == 2 && search.stderr.contains("interrupted"), "\(search.stderr)")
        // …and the next build finishes the commit and says so.
        let report = try TestSupport.buildSite(in: directory)
        #expect(report.notes.contains { $0.contains("finished the commit of an interrupted build") }, "\(report.notes)")
        #expect(!OutputWriter.hasInterruptedCommit(in: site.path))
        #expect(try String(contentsOf: site.appendingPathComponent("robots.txt"), encoding: .utf8) != "interrupted")
        #expect(try TestSupport.runExhibit(["search", "--site", site.path, "café"]).status == 0)
    }
}
