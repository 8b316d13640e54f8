import Foundation
import Testing
@testable import Exhibit

/// Whole builds, from a database written with plain SQL (as another program would) to files.
@Suite struct EndToEndBuildTests {
    /// A small gallery with every kind of page: 3 users, 7 images (one private, one reported),
    /// tags in several spellings, two themes, a collection, likes and comments.
    static func writeGallery(to path: String) throws {
        let db = try SQLiteDatabase.create(path: path)
        try db.execute(PlatformSchema.createStatements)
        let users = try db.prepare("INSERT INTO users VALUES (?,?,?,?,?,?,?)")
        try users.run(["user_ann", "ann@example.com", "Ann Éclair", "https://img.clerk.com/ann.png", "Light & shadow.", "2022-01-01T00:00:00Z", nil])
        try users.run(["user_bo", "bo@example.com", "Bo", nil, nil, 1_650_000_000, nil])
        try users.run(["user_cy", "cy@example.com", "Cy", nil, "comments only", "2022-03-01 10:00:00", nil])
        let images = try db.prepare("INSERT INTO images VALUES (?,?,?,?,?,?,?,?)")
        let cloud = "https://res.cloudinary.com/demo/image/upload/v1/"
        try images.run(["img1", "user_ann", cloud + "a.jpg", "Café at dawn", #"["Café","street photography"]"#, "Travel", 1, "2024-01-01T08:00:00Z"])
        try images.run(["img2", "user_ann", cloud + "b.jpg", "São Paulo skyline", #"["café","São Paulo"]"#, "travel", 1, "2024-01-02T08:00:00+02:00"])
        try images.run(["img3", "user_bo", "https://bucket.s3.amazonaws.com/c.png", "", #"["Street Photography"]"#, "Nature", "1", 1_704_300_000])
        try images.run(["img4", "user_bo", "https://bucket.s3.amazonaws.com/d.png", "Fog", "[]", "Nature", "true", 1_704_400_000_000])
        try images.run(["img5", "user_ann", cloud + "e.jpg", "PRIVATE-MARKER secret", #"["secret-tag"]"#, "Hidden", 0, "2024-01-05T00:00:00Z"])
        try images.run(["img6", "user_bo", cloud + "f.jpg", "REPORTED-MARKER", #"["reported-tag"]"#, "Nature", 1, "2024-01-06T00:00:00Z"])
        try images.run(["img7", "user_bo", cloud + "g.jpg", "Harbour", #"["café"]"#, nil, 1, "2024-01-07 00:00:00"])
        let collections = try db.prepare("INSERT INTO collections VALUES (?,?,?,?,?,?,?)")
        try collections.run(["col1", "user_ann", "Mornings", "Early light", #"["img2","img5","img1","img2"]"#, "2024-02-01T00:00:00Z", nil])
        try collections.run(["col2", "user_bo", "Only private", "", #"["img5"]"#, "2024-02-01T00:00:00Z", nil])
        let interactions = try db.prepare("INSERT INTO interactions VALUES (?,?,?,?,?,?)")
        try interactions.run(["i1", "user_bo", "img1", "like", nil, "2024-02-02T00:00:00Z"])
        try interactions.run(["i2", "user_bo", "img1", "like", nil, "2024-02-03T00:00:00Z"])
        try interactions.run(["i3", "user_cy", "img1", "like", nil, "2024-02-03T00:00:00Z"])
        try interactions.run(["i4", "user_cy", "img1", "comment", "Lovely <b>light</b>!", "2024-02-04T00:00:00Z"])
        try interactions.run(["i5", "user_cy", "img5", "comment", "PRIVATE-COMMENT-MARKER", "2024-02-04T00:00:00Z"])
        try interactions.run(["i6", "user_cy", "img5", "like", nil, "2024-02-04T00:00:00Z"])
        try interactions.run(["i7", "user_cy", "img1", "share", nil, "2024-02-04T00:00:00Z"])
        let reports = try db.prepare("INSERT INTO reports VALUES (?,?,?,?,?,?)")
        try reports.run(["r1", "user_cy", "img6", "REPORT-REASON-MARKER", "pending", "2024-02-05T00:00:00Z"])
        try reports.run(["r2", "user_cy", "img1", "spam", "resolved", "2024-02-05T00:00:00Z"])
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func build(_ directory: URL, configure: (inout BuildOptions) -> Void = { _ in }) throws -> BuildReport {
        let database = directory.appendingPathComponent("platform.sqlite").path
        if !FileManager.default.fileExists(atPath: database) { try writeGallery(to: database) }
        var options = BuildOptions(databasePath: database)
        options.outputDirectory = directory.appendingPathComponent("site").path
        options.config.pageSize = 2
        configure(&options)
        return try SiteBuilder.build(options, diagnostics: DiagnosticLog())
    }

    /// Every file below `root`, as relative paths.
    static func files(below root: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        var paths: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                paths.append(String(url.path.dropFirst(root.path.count + 1)))
            }
        }
        return paths.sorted()
    }

    @Test func everyInternalLinkOfEveryPageResolvesToAFile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try Self.build(directory)
        let site = directory.appendingPathComponent("site")
        let pages = Self.files(below: site).filter { $0.hasSuffix(".html") }
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
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try Self.build(directory)
        let files = Self.files(below: directory.appendingPathComponent("site"))
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
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try Self.build(directory)
        let site = directory.appendingPathComponent("site")
        let markers = ["PRIVATE-MARKER", "REPORTED-MARKER", "PRIVATE-COMMENT-MARKER", "REPORT-REASON-MARKER", "@example.com",
                       "img5", "img6", "secret-tag", "reported-tag", "Only private"]
        for file in Self.files(below: site) {
            let text = String(decoding: try Data(contentsOf: site.appendingPathComponent(file)), as: UTF8.self)
            for marker in markers {
                #expect(!text.contains(marker), "\(file) contains \(marker)")
            }
        }
    }

    @Test func aSecondBuildOfTheSameDatabaseWritesNothingAndIsByteIdentical() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try Self.build(directory) { $0.jobs = 1 }
        let site = directory.appendingPathComponent("site")
        let before = try Self.files(below: site).map { ($0, try Data(contentsOf: site.appendingPathComponent($0))) }
        let second = try Self.build(directory) { $0.jobs = 4 }
        let after = try Self.files(below: site).map { ($0, try Data(contentsOf: site.appendingPathComponent($0))) }
        #expect(first.written == first.fileCount)
        #expect(second.written == 0)
        #expect(second.unchanged == first.fileCount)
        #expect(before.map(\.0) == after.map(\.0))
        #expect(before.map(\.1) == after.map(\.1))
    }

    @Test func aFailedBuildLeavesThePreviousOutputUntouched() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try Self.build(directory)
        let site = directory.appendingPathComponent("site")
        let before = try Self.files(below: site).map { ($0, try Data(contentsOf: site.appendingPathComponent($0))) }
        let templates = directory.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("{{#unclosed}}".utf8).write(to: templates.appendingPathComponent("image.mustache"))
        #expect(throws: BuildFailure.self) {
            try Self.build(directory) { $0.templatesDirectory = templates.path }
        }
        let after = try Self.files(below: site).map { ($0, try Data(contentsOf: site.appendingPathComponent($0))) }
        #expect(before.map(\.0) == after.map(\.0))
        #expect(before.map(\.1) == after.map(\.1))
    }

    @Test func strictModeFailsOnWarningsBeforeWriting() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("platform.sqlite").path
        try Self.writeGallery(to: database)
        let db = try SQLiteDatabase.create(path: database)
        try db.execute(#"INSERT INTO images VALUES ('bad','user_ann','https://x.example/a.jpg','d','["unclosed',NULL,1,'2024-01-01T00:00:00Z')"#)
        let lenient = try Self.build(directory)
        #expect(lenient.warningCount > 0)
        let strictOut = directory.appendingPathComponent("strict-site")
        do {
            _ = try Self.build(directory) { $0.strict = true; $0.outputDirectory = strictOut.path }
            Issue.record("a strict build with warnings succeeded")
        } catch let failure as BuildFailure {
            #expect(failure.kind == .buildFailed)
        }
        #expect(Self.files(below: strictOut).filter { !$0.hasPrefix(".") }.isEmpty)
    }

    @Test func aMissingColumnIsAnInputErrorNamingIt() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("platform.sqlite").path
        let db = try SQLiteDatabase.create(path: database)
        try db.execute(PlatformSchema.createStatements.replacingOccurrences(of: "theme TEXT,", with: ""))
        do {
            _ = try Self.build(directory)
            Issue.record("a database without images.theme built")
        } catch let failure as BuildFailure {
            #expect(failure.kind == .unusableInput)
            #expect(failure.message.contains("theme"))
            #expect(failure.message.contains("images"))
        }
    }
}
