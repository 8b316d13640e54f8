import ArgumentParser
import Exhibit
import Foundation

/// Shared options for reading the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp("Configuration file (TOML).", discussion: "Default: exhibit.toml in the current folder, when present.", valueName: "file"))
    var configFile: String?

    /// True when a configuration file is read (`--config`, or `exhibit.toml` here).
    var usesFile: Bool { configFile != nil || FileManager.default.fileExists(atPath: "exhibit.toml") }

    /// The configuration: defaults, then the file.
    func load() throws -> SiteConfig {
        if let configFile {
            return try loadFile(configFile)
        }
        if FileManager.default.fileExists(atPath: "exhibit.toml") {
            return try loadFile("exhibit.toml")
        }
        return SiteConfig()
    }

    private func loadFile(_ path: String) throws -> SiteConfig {
        do {
            return try SiteConfig.load(file: path)
        } catch {
            throw CommandFailure(kind: .unusableInput, message: "\(error)")
        }
    }
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the static site from the platform database.",
        discussion: "The database is opened read-only and read in one transaction. The output folder is updated only when the whole build succeeds; unchanged files are not rewritten."
    )

    @Option(name: .customLong("db"), help: ArgumentHelp("The platform's SQLite database.", valueName: "path"))
    var database: String?

    @Flag(help: "Build the bundled demo gallery (works offline).")
    var demo = false

    @Option(name: .customLong("out"), help: ArgumentHelp("Output folder.", valueName: "dir"))
    var output = "Output"

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Absolute URL the site is served from (overrides base_url).", valueName: "url"))
    var baseURL: String?

    @Option(name: .customLong("templates"), help: ArgumentHelp("Folder of templates overriding the default theme file by file.", valueName: "dir"))
    var templates: String?

    @OptionGroup var configOptions: ConfigOptions

    @Flag(help: "Treat warnings as errors: exit 1 before writing anything.")
    var strict = false

    @Option(help: ArgumentHelp("Render threads (default: all cores).", valueName: "n"))
    var jobs: Int?

    @Flag(name: .customLong("dry-run"), help: "Render everything but write nothing; report what would change.")
    var dryRun = false

    @Flag(help: "Replace files at the site's paths that Exhibit did not write (a first build into a folder that holds other files).")
    var force = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Option(help: ArgumentHelp("Write a JSON report of the build to this file.", valueName: "file"))
    var report: String?

    func validate() throws {
        if demo == (database != nil) {
            throw ValidationError("give either --db PATH or --demo")
        }
        if let jobs, jobs < 1 {
            throw ValidationError("--jobs must be at least 1")
        }
        if output.isEmpty {
            throw ValidationError("--out needs a folder name, e.g. --out Output (use --out . for the current folder)")
        }
    }

    func run() throws {
        var config = try configOptions.load()
        if let baseURL {
            do {
                config.baseURL = try SiteConfig.checkedBaseURL(baseURL)
            } catch {
                throw CommandFailure(kind: .unusableInput, message: "--base-url must be an absolute http(s) URL, e.g. https://example.org/gallery/")
            }
        }
        var databasePath = database ?? ""
        var temporaryDemo: String?
        if demo {
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("exhibit-demo-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
            try? FileManager.default.removeItem(atPath: path)
            _ = try DemoDatabase.generate(at: path, options: DemoDatabase.bundled)
            databasePath = path
            temporaryDemo = path
        }
        defer { if let temporaryDemo { try? FileManager.default.removeItem(atPath: temporaryDemo) } }

        var options = BuildOptions(database: databasePath, output: output, config: config, demo: demo,
                                   configFileGiven: configOptions.usesFile, templates: templates, strict: strict,
                                   jobs: jobs, force: force)
        options.dryRun = dryRun

        let progressBar = ProgressBar(enabled: !quiet)
        var observer = BuildObserver()
        observer.phase = { progressBar.phase($0) }
        observer.renderStarted = { progressBar.start(total: $0) }
        observer.progress = { progressBar.update(done: $0) }
        observer.renderFinished = { progressBar.finish() }

        let diagnostics = DiagnosticLog()
        let buildReport: BuildReport
        do {
            buildReport = try SiteBuilder.build(options, diagnostics: diagnostics, observer: observer)
            progressBar.finish()
        } catch let failure as BuildFailure {
            progressBar.finish()
            printWarnings(diagnostics.sorted.map(\.description), total: diagnostics.sorted.count)
            printNotes(failure.notes)
            throw failure
        }
        if !quiet {
            printWarnings(buildReport.warnings, total: buildReport.warningCount)
            printNotes(buildReport.notes)
            if dryRun {
                for path in buildReport.changedPaths.prefix(20) { Terminal.printLine("  would change \(path)") }
                let changes = buildReport.written + buildReport.removed
                if changes > 20 { print("  … and \(BuildReport.grouped(changes - 20)) more") }
            }
            print(buildReport.summaryLine)
        }
        if let report {
            try writeReport(buildReport, to: report)
        }
    }

    private func printWarnings(_ warnings: [String], total: Int) {
        guard !quiet else { return }
        let shown = 50
        for warning in warnings.prefix(shown) { Terminal.warning(warning) }
        if total > shown {
            Terminal.warning("… and \(total - shown) more; `exhibit check --db PATH` lists them all")
        }
    }

    private func printNotes(_ notes: [String]) {
        guard !quiet else { return }
        for note in notes { Terminal.note(note) }
    }

    private func writeReport(_ buildReport: BuildReport, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(buildReport).write(to: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure(kind: .buildFailed, message: "cannot write the report to \(path): \(error.localizedDescription)")
        }
    }
}
