import Foundation
import Synchronization

/// Everything one build needs to know.
package struct BuildOptions: Sendable {
    /// The platform database (opened read-only).
    package var databasePath: String
    /// The output folder.
    package var outputDirectory: String = "Output"
    package var config = SiteConfig()
    /// A folder whose files override the default theme's, by relative path.
    package var templatesDirectory: String?
    /// Warnings fail the build before anything is written.
    package var strict = false
    /// Render threads.
    package var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// Render everything, write nothing, report what would change.
    package var dryRun = false
    /// Replace files at the site's paths that Exhibit did not write (`--force`).
    package var force = false
    /// Serve images and avatars from generated files in `media/` (the bundled demo, offline).
    package var offlineDemoMedia = false
    /// How long the loader waits for a writer's lock (tests shorten it).
    var busyTimeoutMilliseconds: Int32 = 5_000
    /// Bytes of texts past which they spill to a temporary file (tests lower it).
    var textSpillThreshold: Int? = LoadOptions().textSpillThreshold

    package init(databasePath: String) {
        self.databasePath = databasePath
    }
}

/// Why a build stopped: what kind of failure it is, in one line, and what the output writer
/// noticed. The command line alone turns the kind into an exit code (README.md "Exit codes").
package struct BuildFailure: Error, CustomStringConvertible {
    /// What went wrong, in the terms the caller acts on.
    package enum Kind: Sendable, Equatable {
        /// The input cannot be used: the database file, its contents, the configuration.
        case unusableInput
        /// The build itself failed: the theme's templates, writing the output, warnings with
        /// `--strict`, files Exhibit did not write in the way.
        case buildFailed
    }

    package var kind: Kind
    package var message: String
    /// What the output writer noticed before the failure (an interrupted build finished, …).
    package var notes: [String]

    package init(_ kind: Kind, message: String, notes: [String] = []) {
        self.kind = kind
        self.message = message
        self.notes = notes
    }

    package var description: String { message }
}

/// Hooks for a terminal front end: progress and warnings as they happen.
package struct BuildObserver: Sendable {
    /// Called when a phase without a file count starts: "Reading the database", "Indexing",
    /// "Committing".
    package var phase: @Sendable (String) -> Void = { _ in }
    /// Called when the render phase starts, with the number of files.
    package var renderStarted: @Sendable (Int) -> Void = { _ in }
    /// Called now and then from render threads with the number of files done.
    package var progress: @Sendable (Int) -> Void = { _ in }
    /// Called when rendering is done (before commit).
    package var renderFinished: @Sendable () -> Void = {}

    package init() {}
}

/// Builds the site: read the database, render every file in parallel, commit the output.
package enum SiteBuilder {
    /// Runs one build. Throws ``BuildFailure`` (saying what kind it is); the previous output is
    /// untouched unless the build succeeds.
    /// With a `memo` (a preview), the gallery read is kept there and reused by the next build
    /// while the database's files have not changed.
    package static func build(_ options: BuildOptions, diagnostics: DiagnosticLog,
                             observer: BuildObserver = BuildObserver(), memo: GalleryMemo? = nil) throws -> BuildReport {
        let clock = ContinuousClock()
        let start = clock.now
        var report = BuildReport()
        report.dryRun = options.dryRun

        // 0. Configuration is input: one made in code is checked as a file's would be.
        do {
            try options.config.validate()
        } catch {
            throw BuildFailure(.unusableInput, message: "configuration: \(error.message)")
        }

        // 1. The theme first: a template error should not wait for a big database.
        let theme: Theme
        let favicon = try Self.favicon(options.config.favicon)
        do {
            theme = try Theme.load(overridesDirectory: options.templatesDirectory, favicon: favicon, language: options.config.language)
        } catch {
            throw BuildFailure(.buildFailed, message: "\(error)")
        }
        // Keys a catalog lacks are warnings like a bad row's: the page shows English there, and
        // `--strict` refuses it.
        for warning in theme.languageWarnings { diagnostics.append(warning) }

        // The database file before anything reads it: the fingerprint would hash a FIFO, a device
        // or a huge file of zeros for ever.
        do { try DatabaseFile.check(options.databasePath) } catch { throw BuildFailure(.unusableInput, message: "\(error)") }

        // Nothing changed since the last build (same database bytes, configuration, templates
        // and executable; output as that build left it): nothing to do.
        var fingerprint: BuildFingerprint?
        if !options.dryRun {
            let check = UpToDateCheck(options: options, outputOptions: outputOptions(options))
            if let upToDate = check.upToDateReport(seconds: (clock.now - start).seconds) { return upToDate }
            fingerprint = check.fingerprint
            report.notes = check.notes
        }

        // 2. Read the database in one transaction.
        observer.phase("Reading the database")
        let gallery: Gallery
        let audit: GalleryAudit
        var loadOptions = LoadOptions()
        loadOptions.withholdPendingReports = options.config.withholdPendingReports
        loadOptions.busyTimeoutMilliseconds = options.busyTimeoutMilliseconds
        loadOptions.textSpillThreshold = options.textSpillThreshold
        let memoKey = memo.map { _ in GalleryMemo.Key(databasePath: options.databasePath, options: loadOptions) }
        var galleryReused = false
        if let memo, let memoKey, let kept = memo.reuse(memoKey) {
            (gallery, audit) = (kept.gallery, kept.audit)
            for warning in kept.warnings { diagnostics.append(warning) }
            galleryReused = true
        } else {
            // The read's own warnings, kept apart to replay them when the read is reused.
            let loadLog = DiagnosticLog()
            defer { for warning in loadLog.sorted { diagnostics.append(warning) } }
            do {
                (gallery, audit) = try GalleryLoader.load(databasePath: options.databasePath, options: loadOptions, diagnostics: loadLog)
            } catch let error as InputError {
                throw BuildFailure(.unusableInput, message: "\(error)")
            }
            if let memo, let memoKey {
                memo.keep(GalleryMemo.Entry(key: memoKey, gallery: gallery, audit: audit, warnings: loadLog.sorted))
            }
        }
        report.secondsLoading = (clock.now - start).seconds
        TestPausePoint.reached("loaded", 1)
        report.record(gallery: gallery, audit: audit)
        // About the configuration, not a row: a note (`--strict` is about the data, and a build
        // with notes may still be found up to date next time); `check` lists it as a warning.
        if !options.offlineDemoMedia, let warning = ImageRenditions(config: options.config).originalsWarning(gallery) {
            report.notes.append(warning.description)
        }
        for failure in [gallery.images.texts.spillFailure, gallery.images.keys.spillFailure].compactMap({ $0 }) {
            report.notes.append("kept the gallery's texts in memory: \(failure)")
        }
        let warnings = diagnostics.sorted
        report.warningCount = warnings.count
        report.warnings = warnings.prefix(1000).map(\.description)
        if options.strict && !warnings.isEmpty {
            throw BuildFailure(.buildFailed, message: "build failed: \(warnings.count) warning\(warnings.count == 1 ? "" : "s") with --strict; nothing was written")
        }

        // 3. Prepare the renderers (indexes are built here).
        let prepareStart = clock.now
        observer.phase("Indexing")
        let sources = try makeSources(gallery: gallery, options: options, theme: theme)
        report.secondsPreparing = (clock.now - prepareStart).seconds

        // 4. Render and write in parallel; commit only when everything succeeded.
        let writer: OutputWriter
        do {
            writer = try OutputWriter(directory: options.outputDirectory, options: outputOptions(options))
        } catch {
            throw BuildFailure(.buildFailed, message: "\(error)")
        }
        let renderStart = clock.now
        let renderer = ParallelRenderer(sources: sources, jobs: options.jobs)
        // A preview keeps what its last build wrote and cannot have changed (``GalleryMemo``).
        let thisRender = memo.map { _ in Self.rendered(options, theme: theme) }
        var keep: (@Sendable (Int, Int, String) throws -> Bool)?
        let kept = Atomic<Int>(0)
        var imagePages: PreviewKeep.ImagePages?
        if let memo, let memoKey, let thisRender, !options.dryRun,
           let site = sources.first as? SiteRenderer {
            let previous = memo.lastOutput
            let stale = previous.flatMap {
                thisRender.stalePages(since: $0.rendered, manifestNow: OutputWriter.manifestStamp(in: options.outputDirectory))
            }
            let plan = PreviewKeep(site: site, writer: writer, previous: previous, stalePages: stale,
                                   sameGallery: galleryReused && previous?.gallery == memoKey)
            imagePages = plan.imagePages
            keep = { source, index, path in
                guard try plan.keeps(source: source, index: index, path: path) else { return false }
                kept.add(1, ordering: .relaxed)
                return true
            }
        }
        observer.renderStarted(renderer.fileCount)
        do {
            let handed = Atomic<Int>(0)
            report.files = try renderer.run(sink: { path, bytes in
                try writer.write(path, bytes)
                if TestPausePoint.pausePoint != nil {
                    TestPausePoint.reached("render", handed.add(1, ordering: .relaxed).newValue)
                }
            }, keep: keep, progress: observer.progress)
        } catch {
            writer.abort()
            observer.renderFinished()
            throw BuildFailure(.buildFailed, message: "build failed: \(error); the previous output is untouched", notes: writer.notes)
        }
        observer.renderFinished()
        report.kept = kept.load(ordering: .relaxed)
        report.secondsRendering = (clock.now - renderStart).seconds
        if let site = sources.first(where: { $0 is SiteRenderer }) as? SiteRenderer {
            report.pages = site.pageCounts
        }

        let commitStart = clock.now
        if !options.dryRun { observer.phase("Committing") }
        if !options.dryRun { BuildFingerprint.remove(in: options.outputDirectory) }
        if !options.dryRun { memo?.noteOutput(nil) }
        do {
            let stats = try writer.commit()
            report.written = stats.written
            report.unchanged = stats.unchanged
            report.removed = stats.removed
            report.bytesWritten = Int64(stats.bytesWritten)
            report.changedPaths = Array(stats.changedPaths.prefix(1000))
        } catch let error as OutputError where error.operation == "replace" {
            throw BuildFailure(.buildFailed, message: "build failed: \(error); nothing was written", notes: writer.notes)
        } catch {
            throw BuildFailure(.buildFailed, message: "build failed while committing the output: \(error)", notes: writer.notes)
        }
        report.notes.append(contentsOf: writer.notes)
        if let memo, let memoKey, var thisRender, let imagePages {
            thisRender.manifest = OutputWriter.manifestStamp(in: options.outputDirectory)
            memo.noteOutput(GalleryMemo.Output(rendered: thisRender, gallery: memoKey, imagePages: imagePages.digests))
        }
        report.secondsCommitting = (clock.now - commitStart).seconds
        report.seconds = (clock.now - start).seconds
        // Stored only when the database still has the bytes fingerprinted before it was read.
        if let fingerprint, report.warningCount == 0, BuildFingerprint(options: options) == fingerprint {
            fingerprint.store(report, in: options.outputDirectory)
        }
        return report
    }

    /// What this build renders from besides the gallery (for ``GalleryMemo``).
    static func rendered(_ options: BuildOptions, theme: Theme) -> GalleryMemo.Rendered {
        var pages: [String: UInt64] = [:]
        for name in PageSchemas.pages.keys { pages[name] = theme.templates.sourceDigest(ofPage: name) }
        return GalleryMemo.Rendered(outputDirectory: options.outputDirectory,
                                    settings: String(reflecting: options.config) + " offline=\(options.offlineDemoMedia)",
                                    assetsAndTexts: theme.assetsAndTextsDigest, pages: pages, manifest: nil)
    }

    /// The site's top-level names (files and folders) in the output folder: the writer writes
    /// only there, and takes them as its own when the manifest is gone (see ``OutputNamespace``).
    static let namespace = OutputNamespace(
        rootFiles: ["index.html", "404.html", "robots.txt", "sitemap.xml", "feed.xml", "feed.atom", "feed.json"],
        folders: ["page", "images", "users", "collections", "tags", "themes", "search", "sitemaps",
                  "recommendations", "assets", "media", "archive"],
        // Written by Exhibit's own code, never by a template: `{"format":2,"documents":…,"docChunkSize":…`.
        marker: .init(path: "search/index.json", prefix: #"{"format":"#, contains: #""docChunkSize":"#))

    static func outputOptions(_ options: BuildOptions) -> OutputOptions {
        OutputOptions(dryRun: options.dryRun, namespace: namespace, replaceForeignFiles: options.force)
    }

    /// The configured favicon's name and bytes (at most 1 MiB), or nil for the theme's.
    static func favicon(_ path: String) throws -> (name: String, bytes: [UInt8])? {
        guard !path.isEmpty else { return nil }
        guard let handle = FileHandle(forReadingAtPath: path),
              let data = try? handle.read(upToCount: (1 << 20) + 1), data.count <= 1 << 20, !data.isEmpty else {
            throw BuildFailure(.unusableInput, message: "configuration: favicon \(TerminalText.escaped(path)) cannot be read, is empty or is larger than 1 MiB")
        }
        return ((path as NSString).lastPathComponent, Array(data))
    }

    /// Every family of files the site consists of.
    static func makeSources(gallery: Gallery, options: BuildOptions, theme: Theme) throws -> [any ArtifactSource] {
        let media = options.offlineDemoMedia ? DemoMediaSource(gallery: gallery) : nil
        let site = SiteRenderer(gallery: gallery, config: options.config, theme: theme,
                                imageSource: media?.imageSource, socialImageSource: media?.rasterSource)
        let layout = SiteLayout(config: options.config)
        var feedMedia: (@Sendable (String) -> String)?
        if let raster = media?.rasterSource { feedMedia = { layout.absolute(raster($0)) } }
        var sources: [any ArtifactSource] = [site, FeedSource(gallery: gallery, config: options.config, language: theme.language, mediaSource: feedMedia)]
        sources.append(SearchIndexSource(gallery: gallery, config: options.config, imageSource: media?.imageSource))
        if options.config.recommendations {
            sources.append(RecommendationSource(gallery: gallery, config: options.config, imageSource: media?.imageSource))
        }
        if let media { sources.append(media) }
        return sources
    }
}

extension BuildReport {
    mutating func record(gallery: Gallery, audit: GalleryAudit) {
        images = gallery.images.count
        users = gallery.users.count
        collections = gallery.collections.count
        tags = gallery.tags.count
        themes = gallery.themes.count
        comments = gallery.comments.count
        privateImages = audit.privateCount
        moderatedImages = audit.moderatedCount
        unusableImages = audit.withheld.count - audit.privateCount - audit.moderatedCount
            - audit.withheld.filter { if case .missingOwner = $0.reason { return true } else { return false } }.count
        unknownInteractionTypes = audit.unknownInteractionTypes
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
