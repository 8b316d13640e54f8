#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file or folder of the output that could not be written, read, moved or removed.
///
/// Its description is one line a user can act on:
/// `cannot write Output/images/x/index.html: No space left on device`.
package struct OutputError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path as the user knows it: the output folder joined with the relative path.
    package var path: String
    /// What Exhibit was doing: `write`, `create folder`, `move into place`, `remove`, …
    package var operation: String
    /// Why it failed: the system's message for `errno`, or Exhibit's own reason.
    package var reason: String
    /// The `errno` value, when the failure came from the system.
    package var code: Int32?

    package init(path: String, operation: String, reason: String, code: Int32? = nil) {
        self.path = path
        self.operation = operation
        self.reason = reason
        self.code = code
    }

    /// An error for a failed system call, with `errno`'s message.
    static func system(_ operation: String, _ path: String, errno code: Int32) -> OutputError {
        OutputError(path: path, operation: operation, reason: String(cString: strerror(code)), code: code)
    }

    package var description: String {
        "cannot \(operation) \(Diagnostic.printable(path)): \(reason)"
    }
}
