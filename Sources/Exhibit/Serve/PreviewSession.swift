import Foundation
import Synchronization

/// How a preview builds and what it watches.
package struct PreviewSettings: Sendable {
    /// The folder the site is built into and served from.
    package var outputDirectory: String
    /// What is watched for changes.
    package var watcher: SourceWatcher
    /// How often the watched files are `stat`ed.
    package var pollInterval: Duration = .milliseconds(100)
    /// Makes the options of each build (re-reads the configuration file, so an edit applies).
    package var makeOptions: @Sendable () throws -> BuildOptions

    package init(outputDirectory: String, watcher: SourceWatcher, makeOptions: @escaping @Sendable () throws -> BuildOptions) {
        self.outputDirectory = outputDirectory
        self.watcher = watcher
        self.makeOptions = makeOptions
    }
}

/// What the terminal is told about builds.
package struct PreviewLog: Sendable {
    package var info: @Sendable (String) -> Void = { _ in }
    package var warning: @Sendable (String) -> Void = { _ in }
    package var error: @Sendable (String) -> Void = { _ in }
    package init() {}
}

/// Builds the site, rebuilds it when a watched file changes (changes during a build are
/// coalesced into one more build), and tells the open pages what changed.
///
/// Builds run on one thread of their own with ``SiteBuilder/build(_:diagnostics:observer:)``
/// (atomic, write-if-changed); the ``SiteGate`` is closed only while a build commits.
package final class PreviewSession: Sendable {
    package let gate = SiteGate()
    package let hub = ReloadHub()
    /// Identifies this process to the pages' clients (they reload when it changes).
    package let instance: String
    package let settings: PreviewSettings
    private let log: PreviewLog
    /// The gallery of the last build, reused while the database's files are unchanged.
    private let memo = GalleryMemo()

    private struct Build: Sendable {
        var generation: Int
        /// nil: everything may have changed.
        var paths: [String]?
    }

    private struct State {
        var generation = 0
        var history: [Build] = []
        var error: String?
        var pending = false
        var building = false
        var stopping = false
        var builds = 0
    }
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private static let historyLimit = 64

    package init(settings: PreviewSettings, log: PreviewLog = PreviewLog()) {
        self.settings = settings
        self.log = log
        self.instance = String(UInt64.random(in: 1...UInt64.max), radix: 36)
    }

    /// Runs the first build on the calling thread, then starts the builder and watcher threads.
    /// Returns false when the first build failed (the error is what ``currentError`` says).
    @discardableResult
    package func start() -> Bool {
        let initial = settings.watcher.snapshot()
        state.withLock { $0.building = true }
        runBuild()
        let ok = state.withLock { $0.building = false; return $0.error == nil }
        Thread.detachNewThread { [self] in builderLoop() }
        Thread.detachNewThread { [self] in
            var snapshot = initial
            let interval = settings.pollInterval
            let micro = UInt32(max(1, interval.components.attoseconds / 1_000_000_000_000 + interval.components.seconds * 1_000_000))
            while !state.withLock({ $0.stopping }) {
                usleep(micro)
                let next = settings.watcher.snapshot()
                let changed = SourceWatcher.changes(from: snapshot, to: next)
                snapshot = next
                if !changed.isEmpty { requestBuild() }
            }
        }
        return ok
    }

    /// Asks for one more build (coalesced with any already asked for).
    package func requestBuild() {
        state.withLock { $0.pending = true }
        wake.signal()
    }

    /// Stops watching; waits (up to `timeout`) for a running build to finish.
    package func stop(timeout: Duration = .seconds(10)) {
        let building = state.withLock { state -> Bool in
            state.stopping = true
            return state.building
        }
        wake.signal()
        hub.close()
        if building {
            _ = finished.wait(timeout: .now() + .milliseconds(Int(timeout.components.seconds * 1000)))
        }
    }

    /// The current build error, if the last build failed.
    package var currentError: String? { state.withLock { $0.error } }
    /// The number of the last successful build that changed something.
    package var generation: Int { state.withLock { $0.generation } }
    /// Builds run so far (successful or not).
    package var buildCount: Int { state.withLock { $0.builds } }

    /// The event a client connecting now gets: what changed since the build its page came from.
    package func hello(since: Int?, instance clientInstance: String?) -> ReloadEvent {
        state.withLock { state in
            var event = ReloadEvent(kind: "hello", instance: instance, generation: state.generation,
                                    all: false, paths: [], error: state.error)
            guard let since, clientInstance == instance, since <= state.generation else {
                event.all = true
                return event
            }
            if since == state.generation { return event }
            let newer = state.history.filter { $0.generation > since }
            if newer.count < state.generation - since || newer.contains(where: { $0.paths == nil }) {
                event.all = true
            } else {
                event.paths = Array(Set(newer.flatMap { $0.paths ?? [] })).sorted()
            }
            return event
        }
    }

    private func builderLoop() {
        while true {
            wake.wait()
            let go = state.withLock { state -> Bool? in
                if state.stopping { return nil }
                guard state.pending else { return false }
                state.pending = false
                state.building = true
                return true
            }
            guard let go else { break }
            guard go else { continue }
            runBuild()
            let stopping = state.withLock { state -> Bool in
                state.building = false
                return state.stopping
            }
            if stopping { finished.signal(); break }
        }
    }

    /// One build; updates the state and tells the pages.
    private func runBuild() {
        let clock = ContinuousClock()
        let start = clock.now
        let options: BuildOptions
        do {
            options = try settings.makeOptions()
        } catch {
            failed("\(error)")
            return
        }
        let diagnostics = DiagnosticLog()
        var observer = BuildObserver()
        let gate = self.gate
        observer.phase = { phase in
            if phase == "Committing" { gate.beginWrite() }
        }
        do {
            let report = try SiteBuilder.build(options, diagnostics: diagnostics, observer: observer, memo: memo)
            gate.endWrite()
            succeeded(report, seconds: (clock.now - start).seconds)
        } catch let failure as BuildFailure {
            gate.endWrite()
            var message = failure.message
            let warnings = diagnostics.sorted
            if options.strict && !warnings.isEmpty {
                message += "\n" + warnings.prefix(20).map { "warning: \($0.description)" }.joined(separator: "\n")
                if warnings.count > 20 { message += "\n… and \(warnings.count - 20) more" }
            }
            for note in failure.notes { log.info("note: \(note)") }
            failed(message)
        } catch {
            gate.endWrite()
            failed("build failed: \(error)")
        }
    }

    private func succeeded(_ report: BuildReport, seconds: Double) {
        let changes = report.written + report.removed
        let event: ReloadEvent? = state.withLock { state in
            state.builds += 1
            let hadError = state.error != nil
            state.error = nil
            guard changes > 0 || state.builds == 1 || hadError else { return nil }
            if changes > 0 {
                state.generation += 1
                let all = changes > report.changedPaths.count
                state.history.append(Build(generation: state.generation, paths: all ? nil : report.changedPaths))
                if state.history.count > Self.historyLimit { state.history.removeFirst(state.history.count - Self.historyLimit) }
            }
            return ReloadEvent(kind: "build", instance: instance, generation: state.generation,
                               all: changes > report.changedPaths.count,
                               paths: changes > 0 ? report.changedPaths : [], error: nil)
        }
        if report.warningCount > 0 {
            for warning in report.warnings.prefix(10) { log.warning(warning) }
            if report.warningCount > 10 { log.warning("… and \(report.warningCount - 10) more warnings") }
        }
        for note in report.notes { log.info("note: \(note)") }
        if report.upToDate {
            log.info("up to date (\(String(format: "%.2f", seconds)) s)")
        } else {
            let shown = report.changedPaths.prefix(3).joined(separator: ", ")
            let more = changes > 3 ? ", …" : ""
            log.info("built in \(String(format: "%.2f", seconds)) s: \(changes) file\(changes == 1 ? "" : "s") changed\(changes > 0 ? " (\(shown)\(more))" : "")")
        }
        if let event { hub.broadcast(event.serverSentEvent) }
    }

    private func failed(_ message: String) {
        let event = state.withLock { state -> ReloadEvent in
            state.builds += 1
            state.error = message
            return ReloadEvent(kind: "build", instance: instance, generation: state.generation, all: false, paths: [], error: message)
        }
        log.error(message)
        log.info("the last good site is still served; fix the error and save to rebuild")
        hub.broadcast(event.serverSentEvent)
    }
}
