#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pause point for the interruption tests, compiled into debug builds only (`swift test`
/// builds debug; release binaries carry none of it).
///
/// With `EXHIBIT_TEST_PAUSE=PHASE:N` in the environment, a build that reaches the `N`th event of
/// `PHASE` prints `exhibit-test-paused PHASE N` on stderr and stops itself (`SIGSTOP`), so a test
/// can kill it (`SIGKILL`) at exactly that point. Phases: `loaded` (the database was read,
/// nothing staged yet), `render` (N files rendered and handed to the writer), `commit` (N steps
/// of the commit journal carried out, i.e. after the commit point).
enum TestPausePoint {
    /// The configured pause point, read once.
    static let pausePoint: (phase: String, count: Int)? = {
        guard let raw = getenv("EXHIBIT_TEST_PAUSE") else { return nil }
        let text = String(cString: raw)
        let parts = text.split(separator: ":")
        guard parts.count == 2, let count = Int(parts[1]), count >= 0 else { return nil }
        return (String(parts[0]), count)
    }()

    /// Called at each event of `phase`, with the events so far; stops the process at the pause point.
    @inline(__always)
    static func reached(_ phase: String, _ count: Int) {
        #if DEBUG
        guard let point = pausePoint, point.count == count, point.phase == phase else { return }
        let message = "exhibit-test-paused \(phase) \(count)\n"
        var bytes = Array(message.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress!, $0.count) }
        raise(SIGSTOP)
        #endif
    }
}
