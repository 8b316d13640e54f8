import Foundation
import Synchronization

/// Keeps requests from opening files while a build commits (renames its files into place).
///
/// Readers hold the gate only to *open* a file: an open file keeps the bytes of the build it
/// came from even when the commit renames a new file over it. The writer (the build thread) waits
/// for readers to leave and keeps new readers out until the commit is done; rendering happens
/// before, so requests meanwhile get the previous build.
package final class SiteGate: Sendable {
    private struct State {
        var readers = 0
        var writing = false
    }
    private let state = Mutex(State())

    package init() {}

    /// Runs `body` with the gate held for reading; waits (without blocking a thread) while a
    /// commit is in progress.
    package func read<T>(_ body: () throws -> T) async rethrows -> T {
        while !state.withLock({ state in
            guard !state.writing else { return false }
            state.readers += 1
            return true
        }) {
            try? await Task.sleep(for: .milliseconds(1))
        }
        defer { state.withLock { $0.readers -= 1 } }
        return try body()
    }

    /// Closes the gate for a commit: new readers wait, and this returns when the last reader left.
    /// Called on the build thread (it blocks).
    package func beginWrite() {
        state.withLock { $0.writing = true }
        while state.withLock({ $0.readers > 0 }) {
            usleep(200)
        }
    }

    /// Opens the gate again (harmless when it is open).
    package func endWrite() {
        state.withLock { $0.writing = false }
    }

    /// True while a commit holds the gate.
    package var isWriting: Bool { state.withLock { $0.writing } }
}
