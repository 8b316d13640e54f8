import Foundation
import Testing
@testable import Exhibit

/// The `exhibit` binary as a user runs it: exit codes of README.md "Exit codes", one-line errors, the summary line.
@Suite struct CommandLineTests {
    @Test func badUsageExitsWithTwo() throws {
        #expect(try TestSupport.runExhibit(["build", "--no-such-option"]).status == 2)
        #expect(try TestSupport.runExhibit(["build"]).status == 2)
        #expect(try TestSupport.runExhibit(["build", "--demo", "--jobs", "0"]).status == 2)
        #expect(try TestSupport.runExhibit(["frobnicate"]).status == 2)
    }

    @Test func unusableDatabasesExitWithTwoAndOneLine() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try TestSupport.runExhibit(["build", "--db", directory.appendingPathComponent("nope.sqlite").path, "--out", directory.appendingPathComponent("o").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("error: "))
        #expect(missing.stderr.split(separator: "\n").count == 1)
        let text = directory.appendingPathComponent("text.sqlite")
        try Data("not a database".utf8).write(to: text)
        #expect(try TestSupport.runExhibit(["check", "--db", text.path]).status == 2)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("o").path))
    }

    @Test func aBuildEndsWithItsSummaryAndWritesTheReport() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("platform.sqlite").path
        try TestSupport.writeSmallGallery(to: database)
        let report = directory.appendingPathComponent("report.json")
        let run = try TestSupport.runExhibit(["build", "--db", database, "--out", directory.appendingPathComponent("site").path,
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
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("platform.sqlite").path
        try TestSupport.writeSmallGallery(to: database)
        try SQLiteDatabase.create(path: database).execute(
            #"INSERT INTO images VALUES ('bad','user_ann','https://x.example/a.jpg','d','["unclosed',NULL,1,'2024-01-01T00:00:00Z')"#)
        let out = directory.appendingPathComponent("site").path
        let lenient = try TestSupport.runExhibit(["build", "--db", database, "--out", out])
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("warning: images[bad].tags"))
        #expect(try TestSupport.runExhibit(["build", "--db", database, "--out", out, "--strict"]).status == 1)
    }

    @Test func aTemplateErrorExitsWithOneNamingFileAndLine() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let templates = directory.appendingPathComponent("theme")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("{{<layout}}{{$main}}\n<p>{{titel}}</p>{{/main}}{{/layout}}".utf8).write(to: templates.appendingPathComponent("image.mustache"))
        let run = try TestSupport.runExhibit(["build", "--demo", "--templates", templates.path, "--out", directory.appendingPathComponent("o").path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("image.mustache:2:"), "\(run.stderr)")
        #expect(run.stderr.contains("titel"))
    }

    @Test func templatesExportWritesTheDefaultThemeThatBuildsUnchanged() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let theme = directory.appendingPathComponent("theme")
        #expect(try TestSupport.runExhibit(["templates", "export", theme.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: theme.appendingPathComponent("image.mustache").path))
        #expect(try TestSupport.runExhibit(["templates", "export", theme.path]).status == 2)
        let plain = try TestSupport.runExhibit(["build", "--demo", "--quiet", "--out", directory.appendingPathComponent("a").path])
        let themed = try TestSupport.runExhibit(["build", "--demo", "--quiet", "--templates", theme.path, "--out", directory.appendingPathComponent("b").path])
        #expect(plain.status == 0 && themed.status == 0)
        #expect(plain.stdout.isEmpty)
        let a = try Data(contentsOf: directory.appendingPathComponent("a/index.html"))
        let b = try Data(contentsOf: directory.appendingPathComponent("b/index.html"))
        #expect(a == b)
    }

    @Test func searchAnswersFromTheBuiltFiles() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("platform.sqlite").path
        try TestSupport.writeSmallGallery(to: database)
        let site = directory.appendingPathComponent("site").path
        #expect(try TestSupport.runExhibit(["build", "--db", database, "--out", site, "--quiet"]).status == 0)
        try FileManager.default.removeItem(atPath: database)
        let cafe = try TestSupport.runExhibit(["search", "--site", site, "cafe"])
        #expect(cafe.status == 0)
        #expect(cafe.stdout.split(separator: "\n").sorted() == ["img1", "img2", "img7"])
        #expect(try TestSupport.runExhibit(["search", "--site", site, "sao pa"]).stdout == "img2\n")
        #expect(try TestSupport.runExhibit(["search", "--site", site, "secret"]).stdout.isEmpty)
        #expect(try TestSupport.runExhibit(["search", "--site", directory.appendingPathComponent("none").path, "x"]).status == 2)
    }

    @Test func demoDBWritesADatabaseThatBuilds() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("demo.sqlite").path
        let made = try TestSupport.runExhibit(["demo-db", database, "--images", "300", "--seed", "7"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try TestSupport.runExhibit(["demo-db", database, "--images", "300"]).status == 2)
        let check = try TestSupport.runExhibit(["check", "--db", database])
        #expect(check.status == 0)
        #expect(check.stdout.contains("withheld: images["))
        #expect(try TestSupport.runExhibit(["build", "--db", database, "--out", directory.appendingPathComponent("site").path, "--quiet"]).status == 0)
    }
}
