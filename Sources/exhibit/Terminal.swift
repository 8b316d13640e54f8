import Exhibit
import Foundation
import Synchronization

/// Writing to the terminal: errors and warnings to stderr, a progress bar only on a terminal.
enum Terminal {
    static let stderrIsTerminal = isatty(STDERR_FILENO) == 1

    /// Messages quote input (ids, file names, values): they are escaped (``TerminalText``), so
    /// each is one line that cannot drive the terminal.
    static func error(_ message: String) {
        writeError("error: \(TerminalText.escaped(message))\n")
    }

    static func warning(_ message: String) {
        writeError("warning: \(TerminalText.escaped(message))\n")
    }

    /// Prints one line of output that may hold database text, escaped.
    static func printLine(_ line: String) {
        print(TerminalText.escaped(line))
    }

    static func note(_ message: String) {
        writeError("note: \(TerminalText.escaped(message))\n")
    }

    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// A one-line progress bar on stderr, redrawn at most ten times a second; silent when stderr is
/// not a terminal (CI logs stay clean).
final class ProgressBar: Sendable {
    private struct State {
        var total = 0
        var lastDraw: ContinuousClock.Instant?
        var started: ContinuousClock.Instant = .now
        var visible = false
    }

    private let state = Mutex(State())
    private let enabled: Bool

    init(enabled: Bool) {
        self.enabled = enabled && Terminal.stderrIsTerminal
    }

    func start(total: Int) {
        guard enabled else { return }
        state.withLock {
            $0.total = total
            $0.started = .now
        }
    }

    /// Shows the name of a phase that has no file count (reading the database, indexing).
    func phase(_ name: String) {
        guard enabled else { return }
        state.withLock { $0.visible = true }
        Terminal.writeError("\r\u{1B}[2K\(name)…")
    }

    func update(done: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let line: String? = state.withLock { state -> String? in
            if let last = state.lastDraw, now - last < .milliseconds(100) { return nil }
            state.lastDraw = now
            state.visible = true
            let total = max(state.total, 1)
            let fraction = min(1, Double(done) / Double(total))
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let elapsed = (now - state.started).components.seconds
            return "\r\(bar) \(Int(fraction * 100))% \(BuildReport.grouped(done))/\(BuildReport.grouped(state.total)) files \(elapsed)s "
        }
        if let line { Terminal.writeError(line) }
    }

    func finish() {
        guard enabled else { return }
        let wasVisible = state.withLock { state in
            defer { state.visible = false }
            return state.visible
        }
        if wasVisible { Terminal.writeError("\r\u{1B}[2K") }
    }
}
