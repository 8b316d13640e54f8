import CSQLite
import Foundation

/// Reads the platform database (docs/database.md) and makes the published ``Gallery`` (docs/publishing.md), with a
/// ``GalleryAudit`` of what was left out and a warning for every row skipped or repaired.
package enum GalleryLoader {
    /// Opens `databasePath` read-only, checks the schema, reads every table inside one read
    /// transaction and assembles the published gallery.
    ///
    /// - Throws: ``InputError`` when the database cannot be used at all.
    package static func load(databasePath: String, options: LoadOptions, diagnostics: DiagnosticLog) throws -> (Gallery, GalleryAudit) {
        let assembler = GalleryAssembler(
            tables: try read(databasePath: databasePath, busyTimeoutMilliseconds: options.busyTimeoutMilliseconds,
                             textSpillThreshold: options.textSpillThreshold,
                             endless: (options.endlessInstructions, options.endlessSeconds), diagnostics: diagnostics),
            options: options, diagnostics: diagnostics)
        // Moved, not copied (the assembler cannot be copied): it rewrites the raw arrays in place,
        // which needs them uniquely referenced.
        let loaded = assembler.assemble()
        #if os(Linux)
        // The raw rows are gone; hand their freed pages back to the system instead of keeping
        // them as the peak of the whole build.
        _ = exhibitMallocTrim(0)
        #endif
        return loaded
    }

    /// The raw tables, read in one transaction.
    ///
    /// A WAL database with no `-wal` and no `-shm` file beside it has no open writer. SQLite would
    /// create both files even for a read-only connection, so it is read as immutable instead
    /// (no locks, no files) and its size and modification time are compared before and after:
    /// if a writer appeared and changed the file meanwhile, it is read again the ordinary way.
    /// One with a `-wal` but no `-shm` is read from a private copy (``readPrivateCopy(of:busyTimeoutMilliseconds:textSpillThreshold:endless:diagnostics:)``).
    static func read(databasePath path: String, busyTimeoutMilliseconds: Int32 = 5_000, textSpillThreshold: Int? = nil,
                     endless: (instructions: Int, seconds: Double) = (100_000_000, 30), diagnostics: DiagnosticLog) throws -> RawTables {
        // A missing, empty, unreadable or special file is reported before SQLite sees it (SQLite
        // would treat an empty file as an empty database, and a FIFO or device could hang it).
        try DatabaseFile.check(path)
        if isWALWithoutWriter(path) {
            let before = FileStamp.of(path)
            let attempt = DiagnosticLog()
            let tables: RawTables?
            do {
                tables = try readOnce(path: path, immutable: true, textSpillThreshold: textSpillThreshold, endless: endless, diagnostics: attempt)
            } catch let error as InputError where error.isEndless {
                throw error
            } catch {
                // A writer changing the file under an immutable read can look like damage.
                if FileStamp.of(path) == before && !FileManager.default.fileExists(atPath: path + "-wal") { throw error }
                tables = nil
            }
            if let tables, before != nil, FileStamp.of(path) == before, !FileManager.default.fileExists(atPath: path + "-wal") {
                for diagnostic in attempt.sorted { diagnostics.append(diagnostic) }
                return tables
            }
        }
        if isWALWithOrphanLog(path), let tables = try readPrivateCopy(of: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds,
                                                                      textSpillThreshold: textSpillThreshold, endless: endless,
                                                                      diagnostics: diagnostics) {
            return tables
        }
        return try readOnce(path: path, immutable: false, busyTimeoutMilliseconds: busyTimeoutMilliseconds,
                            textSpillThreshold: textSpillThreshold, endless: endless, diagnostics: diagnostics)
    }

    /// True when the header says WAL and a `-wal` file is beside the database but no `-shm`: no
    /// process has it open (each one that has keeps the `-shm`), and the `-wal` may hold
    /// committed rows. SQLite would create the `-shm` beside it even for a read-only connection
    /// (and its heap-memory alternative, exclusive locking, needs a write lock a read-only file
    /// cannot take).
    static func isWALWithOrphanLog(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 20), header.count == 20, header[18] == 2, header[19] == 2 else { return false }
        return FileManager.default.fileExists(atPath: path + "-wal") && !FileManager.default.fileExists(atPath: path + "-shm")
    }

    /// Reads a copy of the database and its `-wal`, made in a private temporary folder (removed
    /// afterwards), so that SQLite's `-shm` is made there. Nil when the files changed while they
    /// were copied or a `-shm` appeared (a writer opened it: read it the ordinary way).
    static func readPrivateCopy(of path: String, busyTimeoutMilliseconds: Int32, textSpillThreshold: Int?,
                                endless: (instructions: Int, seconds: Double), diagnostics: DiagnosticLog) throws -> RawTables? {
        let manager = FileManager.default
        let before = (FileStamp.of(path), FileStamp.of(path + "-wal"))
        let folder = manager.temporaryDirectory.appendingPathComponent("exhibit-db-\(UUID().uuidString)")
        guard (try? manager.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])) != nil else {
            return nil
        }
        defer { try? manager.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("platform.sqlite").path
        guard (try? manager.copyItem(atPath: path, toPath: copy)) != nil, (try? manager.copyItem(atPath: path + "-wal", toPath: copy + "-wal")) != nil,
              before.0 != nil, before.1 != nil, (FileStamp.of(path), FileStamp.of(path + "-wal")) == before,
              !manager.fileExists(atPath: path + "-shm") else { return nil }
        return try readOnce(path: copy, immutable: false, busyTimeoutMilliseconds: busyTimeoutMilliseconds,
                            textSpillThreshold: textSpillThreshold, endless: endless, diagnostics: diagnostics, displayPath: path)
    }

    /// True when the header says WAL mode and neither `-wal` nor `-shm` exists.
    static func isWALWithoutWriter(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 20), header.count == 20 else { return false }
        let magic = Array("SQLite format 3".utf8) + [0]
        guard Array(header.prefix(16)) == magic, header[18] == 2, header[19] == 2 else { return false }
        return !FileManager.default.fileExists(atPath: path + "-wal") && !FileManager.default.fileExists(atPath: path + "-shm")
    }

    static func readOnce(path: String, immutable: Bool, busyTimeoutMilliseconds: Int32 = 5_000, textSpillThreshold: Int? = nil,
                         endless: (instructions: Int, seconds: Double) = (100_000_000, 30), diagnostics: DiagnosticLog,
                         displayPath: String? = nil) throws -> RawTables {
        let shownPath = displayPath ?? path
        let database: SQLiteDatabase
        do {
            database = immutable ? try SQLiteDatabase.openImmutable(path: path) : try SQLiteDatabase.openReadOnly(path: path)
        } catch let error as SQLiteError {
            throw inputError(error, path: shownPath)
        }
        database.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)
        database.stopRunawayStatements(instructions: endless.instructions, seconds: endless.seconds)
        do {
            try database.execute("BEGIN")
            let tables: RawTables
            do {
                try checkSchema(database)
                let reader = TableReader(database: database, diagnostics: diagnostics, textSpillThreshold: textSpillThreshold)
                tables = try reader.readAll()
            } catch {
                try? database.execute("ROLLBACK")
                throw error
            }
            try database.execute("COMMIT")
            return tables
        } catch let error as SQLiteError {
            throw inputError(error, path: shownPath)
        }
    }

    /// Checks every required table and column (names compared case-insensitively); the first
    /// one missing is the error.
    static func checkSchema(_ database: SQLiteDatabase) throws {
        var tables: [String: String] = [:]
        for name in try database.tableNames() { tables[name.lowercased()] = name }
        for (table, columns) in PlatformSchema.requiredColumns {
            guard let actual = tables[table] else { throw InputError.missingTable(table) }
            let present = Set(try database.columnNames(of: actual))
            for column in columns where !present.contains(column) {
                throw InputError.missingColumn(table: table, column: column)
            }
        }
    }

    static func inputError(_ error: SQLiteError, path: String) -> InputError {
        if error.isCorruption { return .notADatabase(path: path, detail: error.message) }
        if error.isBusy { return .locked(path: path) }
        if error.needsRollback { return .interruptedWrite(path: path) }
        if error.code == SQLITE_CANTOPEN && !FileManager.default.fileExists(atPath: path) { return .missingDatabase(path: path) }
        return .unreadable(path: path, detail: error.message)
    }
}

#if os(Linux)
/// glibc's `malloc_trim` (declared in `<malloc.h>`, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func exhibitMallocTrim(_ pad: Int) -> Int32
#endif
