import CSQLite

/// One prepared INSERT, reused for every row of a table: binds values straight to sqlite3
/// (no per-row arrays of existentials) and steps once.
struct DemoInserter {
    private let statement: SQLiteStatement

    init(_ database: SQLiteDatabase, _ sql: String) throws {
        statement = try database.prepare(sql)
    }

    /// Inserts one row: `values` bind to parameters 1…n in order.
    func insert(_ values: DemoValue...) throws {
        let handle = statement.handle
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .integer(let number): rc = sqlite3_bind_int64(handle, index, number)
            case .text(var text):
                rc = text.withUTF8 { bytes -> Int32 in
                    guard let base = bytes.baseAddress, bytes.count > 0 else {
                        return sqlite3_bind_text(handle, index, "", 0, SQLITE_TRANSIENT_SWIFT)
                    }
                    return sqlite3_bind_text(handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                                             Int32(bytes.count), SQLITE_TRANSIENT_SWIFT)
                }
            }
            if rc != SQLITE_OK {
                throw SQLiteError(code: rc, message: statement.database.lastErrorMessage, operation: "binding parameter \(index) of \(statement.sql)")
            }
        }
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        if rc != SQLITE_DONE {
            throw SQLiteError(code: rc & 0xff, message: statement.database.lastErrorMessage, operation: "inserting with \(statement.sql)")
        }
    }
}
