import Foundation
import Testing
@testable import Exhibit

/// The `exhibit` binary as a user runs it: exit codes of README.md "Exit codes", one-line errors, the summary line.
@Suite struct CommandLineTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `exhibit` executable built beside the test bundle.
    static var binary: URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("exhibit").path) && url.path != "/" {
            url = url.deletingLastPathComponent()
        }
        return url.appendingPathComponent("exhibit")
    }

    /// Runs `exhibit` in `directory`, with `environment` added to (or replacing entries of) this process's.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = binary
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
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func badUsageExitsWithTwo() throws {
        #expect(try Self.run(["build", "--no-such-option"]).status == 2)
        #expect(try Self.run(["build"]).status == 2)
        #expect(try Self.run(["build", "--demo", "--jobs", "0"]).status == 2)
        #expect(try Self.run(["frobnicate"]).status == 2)
    }

    @Test func unusableDatabasesExitWithTwoAndOneLine() throws {
        let directory = try EndToEndBuildTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try Self.run(["build", "--db", directory.appendingPathComponent("nope.sqlite").path, "--out", directory.appendingPathComponent("o").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("error: "))
        #expect(missing.stderr.split(separator: "\n").count == 1)
        let text = directory.appendingPathComponent("text.sqlite")
        try Data("not a database".utf8).write(to: text)
        #expect(try Self.run(["check", "--db", text.path]).status == 2)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("o").path))
    }

    @Test func aBuildEndsWithItsSummaryAndWritesTheReport() throws {
        let directory = try EndToEndBuildTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("platform.sqlite").path
        try EndToEndBuildTests.writeGallery(to: database)
        let report = directory.appendingPathComponent("report.json")
        let run = try Self.run(["build", "--db", database, "--out", directory.appendingPathComponent("site").path,
                                "--report", report.path, "--base-url", "https://example.org/g"])
        #expect(run.status == 0, "\(run.stderr)")
        let last = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("Built ") && last.contains(" pages, ") && last.contains(" written"), "\(last)")
        let decoded = try JSONDecoder().decode(BuildReport.self, from: Data(contentsOf: report))
        #expect(decoded.images == 5)
        #expect(decoded.written == decoded.fileCount)
        let sitemap = try String(contentsOf: directory.appendingPathComponent("site/sitemap.xml"), encoding: .utf8)
        #expect(sitemap.contains("https://example.org/g/images/img1/"))
    }

    @Test func strictTurnsWarningsIntoExitOne() throws {
        let directory = try EndToEndBuildTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("platform.sqlite").path
        try EndToEndBuildTests.writeGallery(to: database)
        try SQLiteDatabase.create(path: database).execute(
            #"INSERT INTO images VALUES ('bad','user_ann','https://x.example/a.jpg','d','["unclosed',NULL,1,'2024-01-01T00:00:00Z')"#)
        let out = directory.appendingPathComponent("site").path
        let lenient = try Self.run(["build", "--db", database, "--out", out])
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("warning: images[bad].tags"))
        #expect(try Self.run(["build", "--db", database, "--out", out, "--strict"]).status == 1)
    }

    @Test func aTemplateErrorExitsWithOneNamingFileAndLine() throws {
        let directory = try EndToEndBuildTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let templates = directory.appendingPathComponent("theme")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("{{<layout}}{{$main}}\n<p>{{titel}}</p>{{/main}}{{/layout}}".utf8).write(to: templates.appendingPathComponent("image.mustache"))
        let run = try Self.run(["build", "--demo", "--templates", templates.path, "--out", directory.appendingPathComponent("o").path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("image.mustache:2:"), "\(run.stderr)")
        #expect(run.stderr.contains("titel"))
    }

    @Test func templatesExportWritesTheDefaultThemeThatBuildsUnchanged() throws {
        let directory = try EndToEndBuildTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let theme = directory.appendingPathComponent("theme")
        #expect(try Self.run(["templates", "export", theme.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: theme.appendingPathComponent("image.mustache").path))
        #expect(try Self.run(["templates", "export", theme.path]).status == 2)
        let plain = try Self.run(["build", "--demo", "--quiet", "--out", directory.appendingPathComponent("a").path])
        let themed = try Self.run(["build", "--demo", "--quiet", "--templates", theme.path, "--out", directory.appendingPathComponent("b").path])
        #expect(plain.status == 0 && themed.status == 0)
        #expect(plain.stdout.isEmpty)
        let a = try Data(contentsOf: directory.appendingPathComponent("a/index.html"))
        let b = try Data(contentsOf: directory.appendingPathComponent("b/index.html"))
        #expect(a == b)
    }

    @Test func searchAnswersFromTheBuiltFiles() throws {
        let directory = try EndToEndBuildTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("platform.sqlite").path
        try EndToEndBuildTests.writeGallery(to: database)
        let site = directory.appendingPathComponent("site").path
        #expect(try Self.run(["build", "--db", database, "--out", site, "--quiet"]).status == 0)
        try FileManager.default.removeItem(atPath: database)
        let cafe = try Self.run(["search", "--site", site, "cafe"])
        #expect(cafe.status == 0)
        #expect(cafe.stdout.split(separator: "\n").sorted() == ["img1", "img2", "img7"])
        #expect(try Self.run(["search", "--site", site, "sao pa"]).stdout == "img2\n")
        #expect(try Self.run(["search", "--site", site, "secret"]).stdout.isEmpty)
        #expect(try Self.run(["search", "--site", directory.appendingPathComponent("none").path, "x"]).status == 2)
    }

    @Test func demoDBWritesADatabaseThatBuilds() throws {
        let directory = try EndToEndBuildTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("demo.sqlite").path
        let made = try Self.run(["demo-db", database, "--images", "300", "--seed", "7"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try Self.run(["demo-db", database, "--images", "300"]).status == 2)
        let check = try Self.run(["check", "--db", database])
        #expect(check.status == 0)
        #expect(check.stdout.contains("withheld: images["))
        #expect(try Self.run(["build", "--db", database, "--out", directory.appendingPathComponent("site").path, "--quiet"]).status == 0)
    }
}
