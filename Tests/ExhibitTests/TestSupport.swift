import Foundation
@testable import Exhibit

/// What the suites share, in one place, so that no suite reaches into another: temporary folders
/// and the files in them, the small gallery and the builds of test databases, the `exhibit`
/// binary, the repository's files, the shell. (A small tmpfs and Python follow below.)
enum TestSupport {
    // MARK: Folders and files

    /// A new empty folder under the temporary directory (the caller removes it).
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
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

    /// Every file below `root` (relative path → bytes), without the writer's bookkeeping.
    static func tree(_ root: String) throws -> [String: Data] {
        var contents: [String: Data] = [:]
        let base = URL(fileURLWithPath: root)
        for path in files(below: base) where !path.hasPrefix(".exhibit-") {
            contents[path] = try Data(contentsOf: base.appendingPathComponent(path))
        }
        return contents
    }

    // MARK: Galleries and builds

    /// A small gallery with every kind of page: 3 users, 7 images (one private, one reported),
    /// tags in several spellings, two themes, a collection, likes and comments.
    static func writeSmallGallery(to path: String) throws {
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

    /// Builds `directory/platform.sqlite` (the small gallery of ``writeSmallGallery(to:)``, written
    /// first unless a database is there) into `directory/site`, two images a page.
    static func buildSite(in directory: URL, configure: (inout BuildOptions) -> Void = { _ in }, memo: GalleryMemo? = nil) throws -> BuildReport {
        let database = directory.appendingPathComponent("platform.sqlite").path
        if !FileManager.default.fileExists(atPath: database) { try writeSmallGallery(to: database) }
        var options = BuildOptions(databasePath: database)
        options.outputDirectory = directory.appendingPathComponent("site").path
        options.config.pageSize = 2
        configure(&options)
        return try SiteBuilder.build(options, diagnostics: DiagnosticLog(), memo: memo)
    }

    /// Builds `db` into `folder/site` as the hostile-input suites do: a small page size, so every
    /// list paginates, every feed format, a base URL below a folder. Returns the report and the warnings.
    static func buildSite(of db: TestDatabase, into folder: URL, strict: Bool = false, jobs: Int = 2,
                          configure: (inout BuildOptions) -> Void = { _ in }) throws -> (BuildReport, [Diagnostic]) {
        var options = BuildOptions(databasePath: db.path)
        options.outputDirectory = folder.appendingPathComponent("site").path
        options.config.pageSize = 3
        options.config.feedItems = 5
        options.config.baseURL = try SiteConfig.checkedBaseURL("https://example.org/gallery/")
        options.config.listFeedFormats = [.rss, .atom, .json]
        options.strict = strict
        options.jobs = jobs
        configure(&options)
        let diagnostics = DiagnosticLog()
        let report = try SiteBuilder.build(options, diagnostics: diagnostics)
        return (report, diagnostics.sorted)
    }

    /// A gallery where private and withheld images are the most liked and share every tag:
    /// 8 users, public images p0…p11 (p0 oldest), private x0…x2, one withheld w0.
    static func likedGallery() throws -> TestDatabase {
        try TestDatabase { db in
            for u in 0 ..< 8 { db.user(.text("u\(u)"), name: .text("User \(u)")) }
            db.user("lurker", name: "Lurker")
            for i in 0 ..< 12 {
                let tags: [String] = i % 2 == 0 ? ["common", "even"] : ["common", "odd"]
                db.image(.text("p\(i)"), owner: .text("u\(i % 4)"), description: .text("Public \(i)"), tags: .json(tags),
                         theme: i % 3 == 0 ? "Nature" : "City", createdAt: .text("2024-01-\(String(format: "%02d", i + 1))T00:00:00Z"))
            }
            for i in 0 ..< 3 {
                db.image(.text("x\(i)"), owner: "u0", description: "PRIVATE-MARKER", tags: .json(["common", "even", "odd", "secret"]),
                         theme: "Nature", isPublic: 0, createdAt: .text("2024-01-0\(i + 1)T12:00:00Z"))
            }
            db.image("w0", owner: "u1", description: "WITHHELD-MARKER", tags: .json(["common", "even", "odd"]), theme: "Nature",
                     createdAt: "2024-01-05T12:00:00Z")
            db.report("r0", image: "w0")
            var n = 0
            for u in 0 ..< 8 {
                for target in ["x0", "x1", "x2", "w0"] { db.like(.text("l\(n)"), user: .text("u\(u)"), image: .text(target)); n += 1 }
                // Even users like even images, odd users odd ones (their own excepted by the data's nature: mixed).
                for i in stride(from: u % 2, to: 12, by: 2) where i % 4 != u % 4 {
                    db.like(.text("l\(n)"), user: .text("u\(u)"), image: .text("p\(i)")); n += 1
                }
            }
            db.like("dup", user: "u0", image: "p2")
            db.like("ghost", user: "nobody", image: "p2")
            db.like("lurk", user: "lurker", image: "p3")
        }
    }

    // MARK: The exhibit binary

    /// What one run of the `exhibit` binary did.
    struct ExhibitRun {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `exhibit` executable built beside the test bundle.
    static var exhibitBinary: URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("exhibit").path) && url.path != "/" {
            url = url.deletingLastPathComponent()
        }
        return url.appendingPathComponent("exhibit")
    }

    /// Runs `exhibit` in `directory`, with `environment` added to (or replacing entries of) this process's.
    static func runExhibit(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> ExhibitRun {
        let process = Process()
        process.executableURL = exhibitBinary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ExhibitRun(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
    }

    // MARK: The repository and the shell

    /// The repository's folder (the one with Package.swift).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A file of the repository, by relative path.
    static func readRepositoryFile(_ path: String) throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// Runs `command` with `/bin/sh` (stdout and stderr discarded); its exit status, -1 when it
    /// cannot start. The one way tests ask whether a tool is there.
    @discardableResult
    static func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// A small tmpfs mounted in a temporary folder, for tests of a full disk. Needs root (CI and
/// the development machines run as root); tests that use it are skipped visibly elsewhere with
/// `.enabled(if: TemporaryDisk.canMount)`.
struct TemporaryDisk {
    /// The mount point.
    let path: String
    private let parent: String

    /// Whether a tmpfs can be mounted here (tried once, with a real mount).
    static let canMount: Bool = {
        guard let disk = try? TemporaryDisk(megabytes: 1) else { return false }
        disk.remove()
        return true
    }()

    struct MountFailed: Error {}

    init(megabytes: Int) throws {
        parent = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-disk-\(UUID().uuidString)").path
        path = parent + "/disk"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard TestSupport.shell("mount -t tmpfs -o size=\(megabytes)m tmpfs '\(path)'") == 0 else {
            try? FileManager.default.removeItem(atPath: parent)
            throw MountFailed()
        }
    }

    func remove() {
        _ = TestSupport.shell("umount '\(path)'")
        try? FileManager.default.removeItem(atPath: parent)
    }
}

/// Python 3 with its `sqlite3` module, for tests that need a second, independent SQLite client.
enum Python {
    static let isAvailable = TestSupport.shell("python3 -c 'import sqlite3'") == 0
}

extension TestSupport {
    /// The default theme's English, as builds without a `language` setting use it.
    static let english: SiteLanguage = try! Theme.load(overridesDirectory: nil).language
}

extension FeedSource {
    /// Feeds in the default theme's English.
    init(gallery: Gallery, config: SiteConfig) {
        self.init(gallery: gallery, config: config, language: TestSupport.english)
    }
}
