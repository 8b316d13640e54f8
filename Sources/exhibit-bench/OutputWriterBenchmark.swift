import Exhibit
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `exhibit-bench writer`: the output writer on all cores. Writes `files` small HTML-like files (one
/// folder each, like image pages) fresh, rebuilds them unchanged, then with 1 % changed, and
/// reports wall and CPU time of each phase and the time to load the manifest.
enum OutputWriterBenchmark {
    static func run(files: Int, directory: String) -> String {
        try? FileManager.default.removeItem(atPath: directory)
        var lines = ["Output writer benchmark: \(files) files of 2–6 KiB, one folder each, \(ProcessInfo.processInfo.activeProcessorCount) threads, into \(directory)"]
        do {
            lines.append(try phase("render only (baseline, no writer)", files: files, directory: nil, version: { _ in 0 }))
            lines.append(try phase("fresh build", files: files, directory: directory, version: { _ in 0 }))
            lines.append(try phase("unchanged rebuild", files: files, directory: directory, version: { _ in 0 }))
            lines.append(try phase("1 % changed", files: files, directory: directory, version: { $0 % 100 == 0 ? 1 : 0 }))
            var info = stat()
            if stat(directory + "/" + OutputPath.manifestName, &info) == 0 {
                let clock = ContinuousClock()
                let start = clock.now
                let count = OutputManifest.read(AT_FDCWD, directory + "/" + OutputPath.manifestName)?.count ?? -1
                lines.append("manifest: \(info.st_size) bytes for \(count) files, loaded in \(milliseconds(clock.now - start)) ms")
            }
        } catch {
            lines.append("failed: \(error)")
        }
        return lines.joined(separator: "\n")
    }

    /// One build of all files; with `directory` nil, only the bytes are made (the baseline).
    private static func phase(_ name: String, files: Int, directory: String?,
                              version: @Sendable (Int) -> Int) throws -> String {
        let clock = ContinuousClock()
        let usageBefore = usage()
        let start = clock.now
        let writer = try directory.map { try OutputWriter(directory: $0, options: OutputOptions()) }
        let threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let failure = Failure()
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(8192)
            var index = thread
            while index < files {
                let path = "images/\(String(index, radix: 16))/index.html"
                fill(&buffer, index: index, version: version(index))
                do { try buffer.withUnsafeBytes { try writer?.write(path, $0) } } catch {
                    failure.set("\(error)")
                    return
                }
                index += threads
            }
        }
        if let message = failure.message {
            writer?.abort()
            throw OutputError(path: directory ?? "", operation: "benchmark", reason: message)
        }
        let written = clock.now
        let stats = try writer?.commit() ?? OutputStats()
        let end = clock.now
        let usageAfter = usage()
        let system = usageAfter.system - usageBefore.system, user = usageAfter.user - usageBefore.user
        let tenthsPerFile = files > 0 ? Int((system / Double(files) * 1e7).rounded()) : 0
        let perFile = "\(tenthsPerFile / 10).\(tenthsPerFile % 10)"
        return "\(name): \(milliseconds(end - start)) ms wall (writes \(milliseconds(written - start)) ms, commit \(milliseconds(end - written)) ms), "
            + "CPU system \(Int(system * 1000)) ms (\(perFile) µs/file), user \(Int(user * 1000)) ms; "
            + "\(stats.written) written, \(stats.unchanged) unchanged, \(stats.removed) removed, \(stats.bytesWritten / 1024) KiB"
    }

    /// Deterministic page-like bytes, 2–6 KiB.
    private static func fill(_ buffer: inout [UInt8], index: Int, version: Int) {
        buffer.removeAll(keepingCapacity: true)
        let header = "<!doctype html><title>Image \(index) v\(version)</title>\n"
        buffer.append(contentsOf: header.utf8)
        let size = 2048 + (index &* 2_654_435_761) % 4096
        var state = UInt64(truncatingIfNeeded: index) &+ 0x9E37_79B9_7F4A_7C15
        while buffer.count < size {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            buffer.append(UInt8(ascii: "a") + UInt8((state >> 59) % 26))
            if state & 0x3F == 0 { buffer.append(UInt8(ascii: "\n")) }
        }
    }

    private static func usage() -> (user: Double, system: Double) {
        var value = rusage()
        getrusage(0 /* RUSAGE_SELF */, &value)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return (seconds(value.ru_utime), seconds(value.ru_stime))
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let parts = duration.components
        return Int(parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000)
    }

    private final class Failure: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: String?
        func set(_ message: String) { lock.withLock { if stored == nil { stored = message } } }
        var message: String? { lock.withLock { stored } }
    }
}
