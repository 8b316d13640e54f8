/// The database cannot be used at all (docs/database.md, exit code 2). Each description is one line a
/// user can act on.
package enum InputError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No file at the path.
    case missingDatabase(path: String)
    /// The file is not an SQLite database, or is damaged or empty.
    case notADatabase(path: String, detail: String)
    /// A table the platform schema requires is missing.
    case missingTable(String)
    /// A column the platform schema requires is missing.
    case missingColumn(table: String, column: String)
    /// Another process holds a lock that kept Exhibit out.
    case locked(path: String)
    /// The file exists but cannot be read (permissions, a directory, I/O error…).
    case unreadable(path: String, detail: String)
    /// A writer crashed in the middle of a write: its rollback journal (`-journal`) is beside the
    /// database, and only a connection that can write may roll it back.
    case interruptedWrite(path: String)
    /// Reading a table ran on without yielding a row (a view that never ends).
    case endless(table: String)

    /// True for ``endless(table:)``.
    package var isEndless: Bool {
        if case .endless = self { return true }
        return false
    }

    package var description: String {
        switch self {
        case .missingDatabase(let path):
            return "no database at \(path): check the --db path (exhibit demo-db PATH makes a sample)"
        case .notADatabase(let path, let detail):
            return "\(path) is not a usable SQLite database (\(detail)): point --db at the platform's export"
        case .missingTable(let table):
            return "the database has no table \"\(table)\", which Exhibit needs: is this the platform's database?"
        case .missingColumn(let table, let column):
            return "table \"\(table)\" has no column \"\(column)\", which Exhibit needs: is this the platform's database?"
        case .locked(let path):
            return "\(path) is locked by another process: try again when it has finished writing"
        case .unreadable(let path, let detail):
            return "cannot read \(path) (\(detail)): check the path and its permissions"
        case .interruptedWrite(let path):
            return "\(path) holds a write that was interrupted (\(path)-journal beside it): open it once with the sqlite3 tool as a user who can write it (sqlite3 \(path) 'PRAGMA quick_check'), which rolls the write back, then try again"
        case .endless(let table):
            return "reading \"\(table)\" never ends (a view that runs for ever?): make \"\(table)\" a table of the platform's data"
        }
    }
}

/// How the loader decides what is published.
package struct LoadOptions: Sendable, Equatable {
    /// Pending reports that withhold an image (docs/publishing.md); 0 (or less) turns moderation off.
    package var withholdPendingReports: Int = 1
    /// How long to wait for a writer's lock before giving up with ``InputError/locked(path:)``.
    package var busyTimeoutMilliseconds: Int32 = 5_000
    /// Bytes of URLs, descriptions and comment texts past which they move to a temporary file
    /// (see ``TextStore``); nil keeps them in memory.
    package var textSpillThreshold: Int? = 64 << 20
    /// Reading a table stops as endless (``InputError/endless(table:)``) after this many VM
    /// instructions and seconds without a row (see ``SQLiteDatabase/stopRunawayStatements(instructions:seconds:)``).
    package var endlessInstructions = 100_000_000
    package var endlessSeconds = 30.0

    package init(withholdPendingReports: Int = 1) {
        self.withholdPendingReports = withholdPendingReports
    }
}
