/// A request to the object store that failed for good (after its retries), with what it was.
package struct S3Error: Error, Sendable, CustomStringConvertible {
    package var method: String
    /// The object key, or "" for a bucket request.
    package var key: String
    /// The HTTP status, nil when no response came (connection refused, timeout, …).
    package var status: Int?
    /// The store's error code (`NoSuchBucket`, `AccessDenied`, `SlowDown`…), when it sent one.
    package var code: String?
    package var message: String
    package var attempts: Int = 1

    package var description: String {
        var text = "\(method) \(key.isEmpty ? "(bucket)" : DeployError.shown(key))"
        if let status { text += ": HTTP \(status)" }
        if let code { text += " \(DeployError.shown(code))" }
        if !message.isEmpty { text += ": \(DeployError.shown(message))" }
        if attempts > 1 { text += " (after \(attempts) attempts)" }
        return text
    }

    /// Worth trying again: no response, a 5xx, throttling, or a request timeout.
    var isTransient: Bool {
        guard let status else { return true }
        if status >= 500 || status == 429 { return true }
        return ["SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling", "RequestTimeTooSkewed"].contains(code ?? "")
    }
}

/// Why a deploy did not start or did not finish.
package enum DeployError: Error, Sendable, CustomStringConvertible {
    /// Bad arguments (exit 2).
    case usage(String)
    /// The output folder cannot be deployed as it is (exit 2).
    case output(String)
    /// No credentials (exit 2).
    case credentials(String)
    /// More deletions than allowed; nothing was changed remotely (exit 1).
    case tooManyDeletes(count: Int, limit: Int)
    /// The store refused or failed a request (exit 1).
    case remote(S3Error)
    /// A CDN invalidation failed after the deploy itself succeeded (exit 1).
    case invalidation(String)

    package var description: String {
        switch self {
        case .usage(let text), .output(let text), .credentials(let text), .invalidation(let text): text
        case .tooManyDeletes(let count, let limit):
            "the deploy would delete \(count) objects, more than --max-deletes \(limit); nothing was changed. Check --out and --to, then run again with --max-deletes \(count) to go on"
        case .remote(let error): "object store: \(error)"
        }
    }

    /// What kind of failure this is; the command line turns it into an exit code (unusable input
    /// or usage: 2; a failed deploy: 1).
    package var kind: BuildFailure.Kind {
        switch self {
        case .usage, .output, .credentials: .unusableInput
        case .tooManyDeletes, .remote, .invalidation: .buildFailed
        }
    }

    /// Untrusted text (a store's answer, a key) for one line of a message: at most 200
    /// characters, escaped by the one terminal escaper (``TerminalText``).
    static func shown(_ text: some StringProtocol) -> String {
        let cut = String(String.UnicodeScalarView(text.unicodeScalars.prefix(200)))
        return TerminalText.escaped(cut) + (text.unicodeScalars.count > 200 ? "…" : "")
    }
}
