import Foundation
import Synchronization

/// Whether the last build's output still stands, so this build has nothing to do: same
/// fingerprint (database bytes, configuration, templates, executable; see ``BuildFingerprint``),
/// no warnings last time, and every file of the output as that build left it.
///
/// The fingerprint reads the database and the executable, the check of the output reads the
/// manifest and every file's status: both wait on the disk, so they run side by side (the check
/// stops as soon as the fingerprint differs).
struct UpToDateCheck {
    /// This build's fingerprint, to store after it; nil when it cannot be trusted.
    let fingerprint: BuildFingerprint?
    /// What the output writer noticed while checking (an interrupted build it finished or discarded).
    let notes: [String]
    /// The last build's report, when its output still stands.
    private let standingReport: BuildReport?

    /// Hashes the fingerprint of `options` and, meanwhile, checks the output folder against the
    /// report stored there.
    init(options: BuildOptions, outputOptions: OutputOptions) {
        let stored = BuildFingerprint.stored(in: options.outputDirectory)
        let computed = Mutex<(done: Bool, value: BuildFingerprint?)>((false, nil))
        let hashing = DispatchGroup()
        hashing.enter()
        Thread.detachNewThread {
            let value = BuildFingerprint(options: options)
            computed.withLock { $0 = (true, value) }
            hashing.leave()
        }
        var intact = false
        var notes: [String] = []
        if let stored, stored.report.warningCount == 0,
           let writer = try? OutputWriter(directory: options.outputDirectory, options: outputOptions) {
            intact = writer.previousOutputIntact(expectedCount: stored.report.fileCount) {
                computed.withLock { $0.done && $0.value?.value != stored.value }
            }
            notes = writer.notes
            writer.abort()
        }
        hashing.wait()
        let fingerprint = computed.withLock { $0.value }
        self.fingerprint = fingerprint
        self.notes = notes
        if intact, let fingerprint, let stored, stored.value == fingerprint.value {
            standingReport = stored.report
        } else {
            standingReport = nil
        }
    }

    /// The report of a build with nothing to do (the last build's, nothing written, `seconds`
    /// long), or nil when this build must run.
    func upToDateReport(seconds: Double) -> BuildReport? {
        guard var report = standingReport else { return nil }
        report.upToDate = true
        report.written = 0
        report.removed = 0
        report.unchanged = report.fileCount
        report.bytesWritten = 0
        report.changedPaths = []
        report.notes = notes
        report.secondsLoading = 0
        report.secondsPreparing = 0
        report.secondsRendering = 0
        report.secondsCommitting = 0
        report.seconds = seconds
        return report
    }
}
