import CSQLite
import Foundation

/// An error from SQLite, with the operation and the SQLite message that explain it.
package struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// SQLite's primary result code (`SQLITE_BUSY`, `SQLITE_NOTADB`, …).
    package var code: Int32
    /// SQLite's own message, e.g. "no such table: users".
    package var message: String
    /// What Exhibit was doing: "opening /path/db", "preparing SELECT …".
    package var operation: String
    /// SQLite's extended result code, when known (`SQLITE_READONLY_ROLLBACK`, …); 0 otherwise.
    package var extendedCode: Int32 = 0

    package var description: String { "\(operation): \(message)" }

    /// True when the file is not an SQLite database or is damaged.
    package var isCorruption: Bool { code == SQLITE_NOTADB || code == SQLITE_CORRUPT }
    /// True when the statement was stopped (see ``SQLiteDatabase/stopRunawayStatements(instructions:seconds:)``).
    package var isInterrupted: Bool { code == SQLITE_INTERRUPT }
    /// True when the database holds a hot rollback journal (a write interrupted by a crash) that
    /// a read-only connection cannot roll back.
    package var needsRollback: Bool { extendedCode == SQLITE_READONLY | (3 << 8) } // SQLITE_READONLY_ROLLBACK (a macro Swift does not import)
    /// True when another connection holds a lock that kept us out.
    package var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
}

/// The storage class of a column value, as SQLite reports it for one row.
package enum SQLiteType: Sendable, Equatable {
    case integer, real, text, blob, null
}

/// A thin, fast connection to one SQLite database.
///
/// Exhibit reads with ``SQLiteDatabase/openReadOnly(path:)`` and writes only the
/// databases it creates itself (`exhibit demo-db`, tests) with
/// ``SQLiteDatabase/create(path:)``. A connection is used from one thread at a time.
package final class SQLiteDatabase {
    let handle: OpaquePointer
    /// The path the connection was opened with, for error messages.
    package let path: String

    private init(handle: OpaquePointer, path: String) {
        self.handle = handle
        self.path = path
    }

    deinit { sqlite3_close_v2(handle) }

    /// Opens an existing database read-only. Never creates the file, never writes.
    ///
    /// The file is checked first (``DatabaseFile/check(_:)``): a missing file is reported before
    /// SQLite is asked, so that no empty database is ever created beside the user's path, and a
    /// FIFO, a device or a file without SQLite's header is never opened by SQLite.
    package static func openReadOnly(path: String) throws -> SQLiteDatabase {
        do {
            try DatabaseFile.check(path)
        } catch {
            switch error {
            case .missingDatabase: throw SQLiteError(code: SQLITE_CANTOPEN, message: "no such file", operation: "opening \(path)")
            case .notADatabase(_, let detail): throw SQLiteError(code: SQLITE_NOTADB, message: detail, operation: "opening \(path)")
            case .unreadable(_, let detail): throw SQLiteError(code: SQLITE_CANTOPEN, message: detail, operation: "opening \(path)")
            default: throw SQLiteError(code: SQLITE_CANTOPEN, message: "\(error)", operation: "opening \(path)")
            }
        }
        return try open(path: path, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX)
    }

    /// Opens an existing database read-only as *immutable* (SQLite's `immutable=1` URI parameter):
    /// no locks, no `-wal`/`-shm` files are created. Only correct while nobody writes the file;
    /// the caller must check that it did not change while reading.
    package static func openImmutable(path: String) throws -> SQLiteDatabase {
        var uri = "file:"
        for scalar in path.unicodeScalars {
            switch scalar {
            case "%": uri += "%25"
            case "?": uri += "%3f"
            case "#": uri += "%23"
            default: uri.unicodeScalars.append(scalar)
            }
        }
        uri += "?immutable=1"
        return try open(path: uri, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, displayPath: path)
    }

    /// Creates (or opens for writing) a database: only for files Exhibit makes itself.
    package static func create(path: String) throws -> SQLiteDatabase {
        try open(path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX)
    }

    private static func open(path: String, flags: Int32, displayPath: String? = nil) throws -> SQLiteDatabase {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc & 0xff, message: message, operation: "opening \(displayPath ?? path)")
        }
        sqlite3_extended_result_codes(db, 0)
        // Wait a little for a writer's lock instead of failing at once.
        sqlite3_busy_timeout(db, 5_000)
        return SQLiteDatabase(handle: db, path: displayPath ?? path)
    }

    /// How long a statement waits for another connection's lock before failing with SQLITE_BUSY.
    package func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// Runs one or more statements that return no rows.
    package func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw SQLiteError(code: rc & 0xff, message: message, operation: "executing \(sql.prefix(60))",
                              extendedCode: sqlite3_extended_errcode(handle))
        }
    }

    /// Compiles a statement. Reuse it for many rows with ``SQLiteStatement/reset()``.
    package func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw SQLiteError(code: rc & 0xff, message: lastErrorMessage, operation: "preparing \(sql.prefix(80))",
                              extendedCode: sqlite3_extended_errcode(handle))
        }
        return SQLiteStatement(handle: statement, database: self, sql: sql)
    }

    /// Runs `body` inside `BEGIN … COMMIT` (rolled back if it throws).
    package func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The names of the tables and views in the main schema.
    package func tableNames() throws -> Set<String> {
        let statement = try prepare("SELECT name FROM sqlite_master WHERE type IN ('table','view')")
        var names = Set<String>()
        while try statement.step() { names.insert(statement.text(0) ?? "") }
        return names
    }

    /// The column names of a table or view, lowercased, in declaration order: generated and
    /// hidden columns too (`table_xinfo`; `table_info` leaves them out), as all can be selected.
    package func columnNames(of table: String) throws -> [String] {
        let quoted = table.replacingOccurrences(of: "\"", with: "\"\"")
        let statement = try prepare("PRAGMA table_xinfo(\"\(quoted)\")")
        var names: [String] = []
        while try statement.step() { names.append((statement.text(1) ?? "").lowercased()) }
        return names
    }

    var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// The watch of ``stopRunawayStatements(instructions:seconds:)``, while set.
    private(set) var runawayWatch: RunawayWatch?

    /// Interrupts a statement (``SQLiteError/isInterrupted``) once it has run at least
    /// `instructions` VM instructions and `seconds` without yielding a row, as a view that never
    /// ends does. A plain table yields a row every few dozen instructions, and `count(*)` of a
    /// table is one instruction however long it takes, so no real table can trip it.
    package func stopRunawayStatements(instructions: Int, seconds: Double) {
        let watch = RunawayWatch(instructions: instructions, seconds: seconds)
        runawayWatch = watch
        sqlite3_progress_handler(handle, RunawayWatch.period, { context in
            Unmanaged<RunawayWatch>.fromOpaque(context!).takeUnretainedValue().tick() ? 1 : 0
        }, Unmanaged.passUnretained(watch).toOpaque())
    }
}

/// The bookkeeping of ``SQLiteDatabase/stopRunawayStatements(instructions:seconds:)``: rows are
/// counted as they come (one addition), time is read only every ``period`` instructions.
final class RunawayWatch {
    /// VM instructions between two calls of the progress handler.
    static let period: Int32 = 1_000_000
    let instructions: Int
    let seconds: Double
    /// Rows yielded by the connection's statements so far.
    var rows = 0
    /// The count ``rows`` may not pass (see ``allowRows(_:)``).
    private(set) var rowLimit = Int.max
    private var rowsSeen = 0
    private var instructionsWithoutRow = 0
    private var since = ContinuousClock.now

    init(instructions: Int, seconds: Double) {
        self.instructions = instructions
        self.seconds = seconds
    }

    /// The statements that follow may yield `count` rows in all: more is interrupted, as a view
    /// yielding rows for ever.
    func allowRows(_ count: Int) {
        rowLimit = rows &+ max(count, 0)
    }

    /// Called every ``period`` instructions: true to interrupt.
    func tick() -> Bool {
        if rows != rowsSeen {
            rowsSeen = rows
            instructionsWithoutRow = 0
            since = ContinuousClock.now
            return false
        }
        instructionsWithoutRow += Int(Self.period)
        guard instructionsWithoutRow >= instructions else { return false }
        let elapsed = ContinuousClock.now - since
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18 >= seconds
    }
}

/// A compiled statement; step through its rows and read columns by index.
package final class SQLiteStatement {
    let handle: OpaquePointer
    let database: SQLiteDatabase
    /// The SQL text, for error messages.
    package let sql: String

    init(handle: OpaquePointer, database: SQLiteDatabase, sql: String) {
        self.handle = handle
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Advances to the next row. Returns false when the statement is done.
    @discardableResult
    package func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW:
            if let watch = database.runawayWatch {
                watch.rows &+= 1
                if watch.rows > watch.rowLimit {
                    throw SQLiteError(code: SQLITE_INTERRUPT, message: "more rows than counted", operation: "reading \(sql.prefix(80))")
                }
            }
            return true
        case SQLITE_DONE: return false
        default:
            throw SQLiteError(code: rc & 0xff, message: database.lastErrorMessage, operation: "reading \(sql.prefix(80))",
                              extendedCode: sqlite3_extended_errcode(database.handle))
        }
    }

    /// Rewinds the statement and clears its bindings, to run it again.
    package func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// The storage class of column `index` in the current row.
    package func type(_ index: Int32) -> SQLiteType {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer
        case SQLITE_FLOAT: return .real
        case SQLITE_TEXT: return .text
        case SQLITE_BLOB: return .blob
        default: return .null
        }
    }

    /// Column `index` as text, or nil when NULL. Invalid UTF-8 is repaired with U+FFFD;
    /// use ``bytes(_:)`` and ``isValidUTF8(_:)`` to detect it.
    package func text(_ index: Int32) -> String? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL,
              let pointer = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Column `index` as raw bytes (text or blob), or nil when NULL.
    package func bytes(_ index: Int32) -> [UInt8]? {
        borrowedBytes(index).map { Array($0) }
    }

    /// Column `index`'s bytes (text or blob) in place, or nil when NULL: valid until the next
    /// `step` or `reset`, and read without making a string.
    func borrowedBytes(_ index: Int32) -> UnsafeRawBufferPointer? {
        let type = sqlite3_column_type(handle, index)
        if type == SQLITE_NULL { return nil }
        let pointer: UnsafeRawPointer? = type == SQLITE_BLOB
            ? sqlite3_column_blob(handle, index)
            : UnsafeRawPointer(sqlite3_column_text(handle, index))
        let count = Int(sqlite3_column_bytes(handle, index))
        guard let pointer, count > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: count)
    }

    /// Column `index` as text, plus whether its bytes were valid UTF-8 (nil when NULL).
    package func checkedText(_ index: Int32) -> (text: String, validUTF8: Bool)? {
        let type = sqlite3_column_type(handle, index)
        if type == SQLITE_NULL { return nil }
        let pointer: UnsafeRawPointer? = type == SQLITE_BLOB
            ? sqlite3_column_blob(handle, index)
            : UnsafeRawPointer(sqlite3_column_text(handle, index))
        let count = Int(sqlite3_column_bytes(handle, index))
        guard let pointer, count > 0 else { return ("", true) }
        let buffer = UnsafeRawBufferPointer(start: pointer, count: count).bindMemory(to: UInt8.self)
        // ASCII (most text) is valid as it is; String(validating:) is slower.
        var ascii = true
        for byte in buffer where byte >= 0x80 { ascii = false; break }
        if ascii { return (String(decoding: buffer, as: UTF8.self), true) }
        if let valid = String(validating: buffer, as: UTF8.self) { return (valid, true) }
        return (String(decoding: buffer, as: UTF8.self), false)
    }

    /// Column `index` as a 64-bit integer (SQLite's conversion rules apply).
    package func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// Column `index` as a double (SQLite's conversion rules apply).
    package func double(_ index: Int32) -> Double { sqlite3_column_double(handle, index) }

    /// True when column `index` is NULL in the current row.
    package func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    /// Binds text to parameter `index` (1-based).
    package func bind(_ value: String?, at index: Int32) throws {
        let rc: Int32
        if let value {
            rc = sqlite3_bind_text(handle, index, value, -1, SQLITE_TRANSIENT_SWIFT)
        } else {
            rc = sqlite3_bind_null(handle, index)
        }
        try check(rc, "binding parameter \(index)")
    }

    /// Binds an integer to parameter `index` (1-based).
    package func bind(_ value: Int64?, at index: Int32) throws {
        let rc = value.map { sqlite3_bind_int64(handle, index, $0) } ?? sqlite3_bind_null(handle, index)
        try check(rc, "binding parameter \(index)")
    }

    /// Binds raw bytes as TEXT (they may be invalid UTF-8: for tests of hostile input).
    package func bindTextBytes(_ value: [UInt8], at index: Int32) throws {
        let rc = value.withUnsafeBufferPointer { buffer in
            sqlite3_bind_text(handle, index, UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self),
                              Int32(buffer.count), SQLITE_TRANSIENT_SWIFT)
        }
        try check(rc, "binding parameter \(index)")
    }

    /// Binds each value in order to parameters 1…n, steps once, and resets: one INSERT.
    package func run(_ values: [SQLiteBindable?]) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case nil: try check(sqlite3_bind_null(handle, index), "binding parameter \(index)")
            case let text as String: try bind(text, at: index)
            case let int as Int: try bind(Int64(int), at: index)
            case let int as Int64: try bind(int, at: index)
            case let double as Double: try check(sqlite3_bind_double(handle, index, double), "binding parameter \(index)")
            case let bool as Bool: try bind(Int64(bool ? 1 : 0), at: index)
            case let bytes as [UInt8]: try bindTextBytes(bytes, at: index)
            default: throw SQLiteError(code: SQLITE_MISUSE, message: "unsupported value \(String(describing: value))", operation: "binding parameter \(index)")
            }
        }
        try step()
        reset()
    }

    private func check(_ rc: Int32, _ operation: String) throws {
        if rc != SQLITE_OK {
            throw SQLiteError(code: rc & 0xff, message: database.lastErrorMessage, operation: operation)
        }
    }
}

/// Values ``SQLiteStatement/run(_:)`` can bind: String, Int, Int64, Double, Bool, [UInt8].
package protocol SQLiteBindable {}
extension String: SQLiteBindable {}
extension Int: SQLiteBindable {}
extension Int64: SQLiteBindable {}
extension Double: SQLiteBindable {}
extension Bool: SQLiteBindable {}
extension Array: SQLiteBindable where Element == UInt8 {}

/// SQLite's SQLITE_TRANSIENT, which the C macro does not import.
let SQLITE_TRANSIENT_SWIFT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
