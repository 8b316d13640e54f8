import Foundation
import Synchronization

/// A problem with one row of the input, reported as a warning: the build goes on
/// (docs/database.md), unless `--strict` is given.
package struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The table the row is in (`images`, `users`, …), or a file such as a template.
    package var table: String
    /// The row's id as stored (or a line number for files); may be empty when the id itself is missing.
    package var id: String
    /// The column concerned, when one is.
    package var column: String?
    /// What is wrong and what Exhibit did about it: "not an http(s) URL; image skipped".
    package var message: String

    package init(table: String, id: String, column: String? = nil, message: String) {
        self.table = table
        self.id = id
        self.column = column
        self.message = message
    }

    /// `warning: images[abc].url: not an http(s) URL; image skipped`
    package var description: String {
        let shownID = id.count > 80 ? String(id.prefix(77)) + "…" : id
        var place = "\(table)[\(Diagnostic.printable(shownID))]"
        if let column { place += ".\(column)" }
        return "\(place): \(message)"
    }

    package static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.table, lhs.id, lhs.column ?? "", lhs.message) < (rhs.table, rhs.id, rhs.column ?? "", rhs.message)
    }

    /// Makes an id safe to print on a terminal: control, bidi and invisible format characters
    /// become `\u{…}` escapes (``TerminalText``).
    package static func printable(_ text: String) -> String {
        TerminalText.escaped(text)
    }
}

/// Collects diagnostics from any thread; ``sorted`` gives them in a deterministic order.
package final class DiagnosticLog: Sendable {
    private let items = Mutex<[Diagnostic]>([])

    package init() {}

    /// Records one warning.
    package func warn(_ table: String, _ id: String, _ column: String?, _ message: String) {
        append(Diagnostic(table: table, id: id, column: column, message: message))
    }

    package func append(_ diagnostic: Diagnostic) {
        items.withLock { $0.append(diagnostic) }
    }

    /// Every diagnostic so far, sorted, without duplicates.
    package var sorted: [Diagnostic] {
        Array(Set(items.withLock { $0 })).sorted()
    }

    package var count: Int {
        items.withLock { $0.count }
    }
}
