import ArgumentParser
import Exhibit
import Foundation

/// `exhibit serve`: build, serve over HTTP, rebuild when the database, templates or
/// configuration change, and reload the open pages that changed.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build the site, serve it on this machine and rebuild it as the database or templates change.",
        discussion: """
        The site is served at the base URL's path (https://example.org/gallery/ is previewed at \
        http://127.0.0.1:PORT/gallery/). Open pages reload when a file they show changes; a failed \
        build keeps the last good site and shows the error over every open page. The live-reload \
        script is added as pages are served, never written to the output. Ctrl-C stops.
        """
    )

    @Option(name: .customLong("db"), help: ArgumentHelp("The platform's SQLite database (opened read-only, watched).", valueName: "path"))
    var database: String?

    @Flag(help: "Serve the bundled demo gallery (works offline).")
    var demo = false

    @Option(help: ArgumentHelp("Port to listen on (0: any free port).", valueName: "n"))
    var port = 8000

    @Option(help: ArgumentHelp("Address to listen on. Anything but loopback lets other machines read the preview.", valueName: "addr"))
    var bind = "127.0.0.1"

    @Flag(help: "Open the preview in the default browser.")
    var open = false

    @Option(name: .customLong("out"), help: ArgumentHelp("Build into this folder and keep it (default: a temporary folder, removed on exit).", valueName: "dir"))
    var output: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Absolute URL the site will be served from (overrides base_url); its path is the preview's.", valueName: "url"))
    var baseURL: String?

    @Option(name: .customLong("templates"), help: ArgumentHelp("Folder of templates overriding the default theme file by file (watched).", valueName: "dir"))
    var templates: String?

    @OptionGroup var configOptions: ConfigOptions

    @Flag(help: "Treat warnings as errors: a build with warnings fails and keeps the last good site.")
    var strict = false

    @Option(help: ArgumentHelp("Render threads (default: all cores).", valueName: "n"))
    var jobs: Int?

    @Flag(help: "Replace files at the site's paths in --out that Exhibit did not write.")
    var force = false

    @Flag(help: "No request log; only errors and build results.")
    var quiet = false

    func validate() throws {
        if demo == (database != nil) {
            throw ValidationError("give either --db PATH or --demo")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if !(0...65_535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if output?.isEmpty == true { throw ValidationError("--out needs a folder name") }
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
        let mount = URLComponents(string: config.baseURL)?.percentEncodedPath ?? "/"

        // A folder of our own for the demo database and the default output.
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("exhibit-serve-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))").path
        do {
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw CommandFailure(kind: .buildFailed, message: "cannot create a temporary folder at \(scratch): \(error.localizedDescription)")
        }
        let cleanup: @Sendable () -> Void = { try? FileManager.default.removeItem(atPath: scratch) }

        var databasePath = database ?? ""
        if demo {
            databasePath = scratch + "/demo.sqlite"
            do {
                _ = try DemoDatabase.generate(at: databasePath, options: DemoDatabase.bundled)
            } catch {
                cleanup()
                throw CommandFailure(kind: .buildFailed, message: "cannot generate the demo database: \(error)")
            }
        }
        let outputDirectory = output ?? scratch + "/site"
        let databaseFile = databasePath
        let configFile = configOptions.configFile ?? (FileManager.default.fileExists(atPath: "exhibit.toml") ? "exhibit.toml" : nil)

        // Re-read on every build, so an edit of the configuration file applies.
        let makeOptions: @Sendable () throws -> BuildOptions = { [baseURL, demo, templates, strict, jobs, force] in
            var config = SiteConfig()
            if let configFile { config = try SiteConfig.load(file: configFile) }
            if let baseURL { config.baseURL = try SiteConfig.checkedBaseURL(baseURL) }
            return BuildOptions(database: databaseFile, output: outputDirectory, config: config, demo: demo,
                                configFileGiven: configFile != nil, templates: templates, strict: strict,
                                jobs: jobs, force: force)
        }

        var log = PreviewLog()
        log.info = { ServeCommand.say($0) }
        log.warning = { Terminal.warning($0) }
        log.error = { Terminal.error($0) }
        let watcher = SourceWatcher(databasePath: databasePath, configFile: configFile, templatesDirectory: templates)
        let session = PreviewSession(settings: PreviewSettings(outputDirectory: outputDirectory, watcher: watcher,
                                                               makeOptions: makeOptions), log: log)

        // Ctrl-C / SIGTERM: stop watching, let a running build finish, remove what is ours.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        var sources: [DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler {
                ServeCommand.say("\nstopping")
                session.stop()
                cleanup()
                Foundation.exit(0)
            }
            source.resume()
            sources.append(source)
        }

        ServeCommand.say("building \(demo ? "the demo gallery" : databasePath) into \(outputDirectory)")
        session.start()

        var endpoint = ServeEndpoint()
        endpoint.host = bind
        endpoint.port = port
        let files = SiteFiles(root: outputDirectory, mount: mount)
        let requestLog: (@Sendable (String) -> Void)? = quiet ? nil : { @Sendable line in ServeCommand.say(line) }
        let (host, shouldOpen, loopback) = (bind, open, ["127.0.0.1", "::1", "localhost"].contains(bind))
        Task {
            do {
                try await PreviewServer.run(session: session, files: files, endpoint: endpoint, requestLog: requestLog) { port in
                    let shownHost = host.contains(":") ? "[\(host)]" : (host == "0.0.0.0" ? "127.0.0.1" : host)
                    let url = "http://\(shownHost):\(port)\(files.mount)"
                    ServeCommand.say("serving \(url)  (Ctrl-C to stop)")
                    if !loopback { Terminal.warning("listening on \(host): other machines can read this preview") }
                    if shouldOpen { ServeCommand.openBrowser(url) }
                }
                session.stop()
                cleanup()
                Foundation.exit(0)
            } catch {
                Terminal.error("cannot serve on \(host):\(endpoint.port): \(error)")
                session.stop()
                cleanup()
                Foundation.exit(2)
            }
        }
        withExtendedLifetime(sources) { dispatchMain() }
    }

    /// One line on stdout, unbuffered (the log of a long-running command).
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func openBrowser(_ url: String) {
        let process = Process()
        #if os(macOS)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/open")
        process.arguments = [url]
        #else
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", url]
        #endif
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { Terminal.warning("could not open a browser: open \(url) yourself") }
    }
}
