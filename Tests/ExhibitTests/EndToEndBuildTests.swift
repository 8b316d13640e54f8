import Foundation
import Testing
@testable import Exhibit

/// Whole builds, from a database written with plain SQL (as another program would) to files.
@Suite struct EndToEndBuildTests {
    @Test func everyInternalLinkOfEveryPageResolvesToAFile() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try TestSupport.buildSite(in: directory)
        let site = directory.appendingPathComponent("site")
        let pages = TestSupport.files(below: site).filter { $0.hasSuffix(".html") }
        #expect(pages.count > 15)
        let attribute = try Regex(#"(?:href|src)="([^"]*)""#)
        var checked = 0
        for page in pages {
            let html = try String(contentsOf: site.appendingPathComponent(page), encoding: .utf8)
            let folder = site.appendingPathComponent(page).deletingLastPathComponent()
            for match in html.matches(of: attribute) {
                var link = String(match.output[1].substring ?? "")
                if link.hasPrefix("http:") || link.hasPrefix("https:") || link.hasPrefix("#") || link.hasPrefix("mailto:") { continue }
                if page == "404.html" { continue } // 404 links are absolute from the base URL
                link = String(link.prefix { $0 != "?" && $0 != "#" })
                link = link.replacingOccurrences(of: "&amp;", with: "&")
                var target = folder.appendingPathComponent(link.removingPercentEncoding ?? link).standardizedFileURL
                if link.isEmpty || link.hasSuffix("/") { target = target.appendingPathComponent("index.html") }
                #expect(FileManager.default.fileExists(atPath: target.path), "\(page) links to \(link), which does not exist")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    @Test func pageCountsFollowThePublishingRules() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try TestSupport.buildSite(in: directory)
        let files = TestSupport.files(below: directory.appendingPathComponent("site"))
        // img5 is private, img6 withheld by a pending report: 5 image pages.
        #expect(files.filter { $0.hasPrefix("images/") && $0.hasSuffix("/index.html") }.count == 5)
        #expect(report.images == 5)
        #expect(report.privateImages == 1)
        #expect(report.moderatedImages == 1)
        // Ann and Bo own images, Cy only comments: all three have profiles.
        #expect(Set(files.filter { $0.hasPrefix("users/") && $0.hasSuffix("/index.html") && !$0.contains("/page/") })
            == ["users/user_ann/index.html", "users/user_bo/index.html", "users/user_cy/index.html"])
        // col2 holds only a private image: not published.
        #expect(files.contains("collections/col1/index.html"))
        #expect(!files.contains { $0.hasPrefix("collections/col2") })
        // "Café" and "café" are one tag; the private and withheld images' tags do not exist.
        #expect(files.contains("tags/cafe/index.html"))
        #expect(!files.contains { $0.hasPrefix("tags/secret-tag") || $0.hasPrefix("tags/reported-tag") })
        #expect(!files.contains { $0.hasPrefix("themes/hidden") })
        for required in ["index.html", "404.html", "robots.txt", "sitemap.xml", "feed.xml", "feed.atom", "feed.json",
                         "search/index.html", "search/index.json", "tags/index.html", "themes/index.html", "collections/index.html"] {
            #expect(files.contains(required), "missing \(required)")
        }
        #expect(report.unknownInteractionTypes == ["share": 1])
    }

    @Test func nothingPrivateReachesAnyFile() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try TestSupport.buildSite(in: directory)
        let site = directory.appendingPathComponent("site")
        let markers = ["PRIVATE-MARKER", "REPORTED-MARKER", "PRIVATE-COMMENT-MARKER", "REPORT-REASON-MARKER", "@example.com",
                       "img5", "img6", "secret-tag", "reported-tag", "Only private"]
        for file in TestSupport.files(below: site) {
            let text = String(decoding: try Data(contentsOf: site.appendingPathComponent(file)), as: UTF8.self)
            for marker in markers {
                #expect(!text.contains(marker), "\(file) contains \(marker)")
            }
        }
    }

    @Test func aSecondBuildOfTheSameDatabaseWritesNothingAndIsByteIdentical() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try TestSupport.buildSite(in: directory) { $0.jobs = 1 }
        let site = directory.appendingPathComponent("site")
        let before = try TestSupport.files(below: site).map { ($0, try Data(contentsOf: site.appendingPathComponent($0))) }
        let second = try TestSupport.buildSite(in: directory) { $0.jobs = 4 }
        let after = try TestSupport.files(below: site).map { ($0, try Data(contentsOf: site.appendingPathComponent($0))) }
        #expect(first.written == first.fileCount)
        #expect(second.written == 0)
        #expect(second.unchanged == first.fileCount)
        #expect(before.map(\.0) == after.map(\.0))
        #expect(before.map(\.1) == after.map(\.1))
    }

    @Test func aFailedBuildLeavesThePreviousOutputUntouched() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try TestSupport.buildSite(in: directory)
        let site = directory.appendingPathComponent("site")
        let before = try TestSupport.files(below: site).map { ($0, try Data(contentsOf: site.appendingPathComponent($0))) }
        let templates = directory.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("{{#unclosed}}".utf8).write(to: templates.appendingPathComponent("image.mustache"))
        #expect(throws: BuildFailure.self) {
            try TestSupport.buildSite(in: directory) { $0.templatesDirectory = templates.path }
        }
        let after = try TestSupport.files(below: site).map { ($0, try Data(contentsOf: site.appendingPathComponent($0))) }
        #expect(before.map(\.0) == after.map(\.0))
        #expect(before.map(\.1) == after.map(\.1))
    }

    @Test func strictModeFailsOnWarningsBeforeWriting() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("platform.sqlite").path
        try TestSupport.writeSmallGallery(to: database)
        let db = try SQLiteDatabase.create(path: database)
        try db.execute(#"INSERT INTO images VALUES ('bad','user_ann','https://x.example/a.jpg','d','["unclosed',NULL,1,'2024-01-01T00:00:00Z')"#)
        let lenient = try TestSupport.buildSite(in: directory)
        #expect(lenient.warningCount > 0)
        let strictOut = directory.appendingPathComponent("strict-site")
        do {
            _ = try TestSupport.buildSite(in: directory) { $0.strict = true; $0.outputDirectory = strictOut.path }
            Issue.record("a strict build with warnings succeeded")
        } catch let failure as BuildFailure {
            #expect(failure.kind == .buildFailed)
        }
        #expect(TestSupport.files(below: strictOut).filter { !$0.hasPrefix(".") }.isEmpty)
    }

    @Test func aMissingColumnIsAnInputErrorNamingIt() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("platform.sqlite").path
        let db = try SQLiteDatabase.create(path: database)
        try db.execute(PlatformSchema.createStatements.replacingOccurrences(of: "theme TEXT,", with: ""))
        do {
            _ = try TestSupport.buildSite(in: directory)
            Issue.record("a database without images.theme built")
        } catch let failure as BuildFailure {
            #expect(failure.kind == .unusableInput)
            #expect(failure.message.contains("theme"))
            #expect(failure.message.contains("images"))
        }
    }
}
