import Foundation
import Synchronization

/// What a page's live-reload client is told: the builds since its own, and the current error.
package struct ReloadEvent: Sendable, Equatable {
    /// "hello" (on connect) or "build" (after a build finished or failed).
    package var kind: String
    /// Identifies this server process: a client that saw another one reloads.
    package var instance: String
    /// The number of the last successful build.
    package var generation: Int
    /// Everything may have changed (more than the report lists, or a build the server forgot).
    package var all: Bool
    /// Paths below the site root that changed (written or removed).
    package var paths: [String]
    /// The current build error, nil when the last build succeeded.
    package var error: String?

    /// The event in Server-Sent Events framing.
    package var serverSentEvent: String {
        var json = #"{"instance":"# + Self.quoted(instance) + #","generation":\#(generation),"all":\#(all),"paths":["#
        json += paths.map(Self.quoted).joined(separator: ",")
        json += #"],"error":"# + (error.map(Self.quoted) ?? "null") + "}"
        return "event: \(kind)\ndata: \(json)\n\n"
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Fans build events out to the open pages' event streams; bounded in number.
package final class ReloadHub: Sendable {
    private struct State {
        var next = 0
        var streams: [Int: AsyncStream<String>.Continuation] = [:]
        var closed = false
    }
    private let state = Mutex(State())
    /// Most streams open at once (each is one open tab).
    package let limit: Int

    package init(limit: Int = 128) {
        self.limit = limit
    }

    /// A new stream, or nil when `limit` streams are open or the hub is closed.
    package func subscribe() -> (id: Int, stream: AsyncStream<String>)? {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(32))
        let id: Int? = state.withLock { state in
            guard !state.closed, state.streams.count < limit else { return nil }
            state.next += 1
            state.streams[state.next] = continuation
            return state.next
        }
        guard let id else { continuation.finish(); return nil }
        return (id, stream)
    }

    package func unsubscribe(_ id: Int) {
        let continuation = state.withLock { $0.streams.removeValue(forKey: id) }
        continuation?.finish()
    }

    /// Sends `text` (already framed) to every stream.
    package func broadcast(_ text: String) {
        let continuations = state.withLock { Array($0.streams.values) }
        for continuation in continuations { continuation.yield(text) }
    }

    /// Number of open streams.
    package var count: Int { state.withLock { $0.streams.count } }

    /// Ends every stream and refuses new ones (shutdown).
    package func close() {
        let continuations = state.withLock { state in
            state.closed = true
            defer { state.streams = [:] }
            return Array(state.streams.values)
        }
        for continuation in continuations { continuation.finish() }
    }
}
