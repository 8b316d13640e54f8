import CSQLite
import Foundation
@testable import Exhibit

/// A raw SQLite value for test fixtures, so hostile values (NULL, blobs, wrong types, invalid
/// UTF-8) can be inserted: `nil`, `1`, `1.0`, `"text"`, `.blob([0xff])`, `.textBytes([0xc3, 0x28])`.
enum SQLValue: ExpressibleByNilLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// A BLOB.
    case blob([UInt8])
    /// TEXT whose bytes are given as they are (may be invalid UTF-8).
    case textBytes([UInt8])

    init(nilLiteral: ()) { self = .null }
    init(integerLiteral value: Int64) { self = .integer(value) }
    init(floatLiteral value: Double) { self = .real(value) }
    init(stringLiteral value: String) { self = .text(value) }

    /// A JSON array of strings, properly escaped: `.json(["a", "b"])`.
    static func json(_ strings: [String]) -> SQLValue {
        .text("[" + strings.map { Escape.jsonString($0) }.joined(separator: ",") + "]")
    }
}

/// A platform database in a fresh temporary directory, built in code:
///
/// ```swift
/// let db = try TestDatabase { db in
///     db.user("u1", name: "Ann")
///     db.image("i1", owner: "u1", tags: #"["a"]"#)
/// }
/// let loaded = try db.load()
/// ```
///
/// Every helper takes ``SQLValue``s, so any column can hold NULL, a blob or invalid UTF-8.
/// Images default to public, with a valid URL and date, so a test only states what matters.
final class TestDatabase {
    let directory: URL
    let path: String

    /// Creates the schema (`PlatformSchema.createStatements`), or `schema` when given, then runs `build`.
    init(schema: String = PlatformSchema.createStatements, _ build: (Builder) throws -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("platform.sqlite").path
        let database = try SQLiteDatabase.create(path: path)
        try database.execute(schema)
        let builder = Builder(database: database)
        try database.execute("BEGIN")
        try build(builder)
        try database.execute("COMMIT")
        if let error = builder.firstError { throw error }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Adds rows after creation (e.g. between two loads).
    func add(_ build: (Builder) throws -> Void) throws {
        let database = try SQLiteDatabase.create(path: path)
        let builder = Builder(database: database)
        try build(builder)
        if let error = builder.firstError { throw error }
    }

    /// Loads the gallery with `withholdPendingReports` as the moderation threshold.
    func load(withholdPendingReports: Int = 1) throws -> Loaded {
        let diagnostics = DiagnosticLog()
        let (gallery, audit) = try GalleryLoader.load(databasePath: path, options: LoadOptions(withholdPendingReports: withholdPendingReports),
                                                      diagnostics: diagnostics)
        return Loaded(gallery: gallery, audit: audit, diagnostics: diagnostics.sorted)
    }

    /// A loaded gallery with lookups for assertions.
    struct Loaded {
        var gallery: Gallery
        var audit: GalleryAudit
        var diagnostics: [Diagnostic]

        /// Ids of the published images, in gallery order.
        var imageIDs: [String] { gallery.images.map(\.id) }
        var userIDs: [String] { gallery.users.map(\.id) }
        var collectionIDs: [String] { gallery.collections.map(\.id) }
        func image(_ id: String) -> PublishedImage? { gallery.images.first { $0.id == id } }
        func user(_ id: String) -> PublishedUser? { gallery.users.first { $0.id == id } }
        func collection(_ id: String) -> PublishedCollection? { gallery.collections.first { $0.id == id } }
        func tag(_ slug: String) -> Term? { gallery.tags.first { $0.slug == slug } }
        /// The reason an image was withheld, or nil when it was not.
        func withheld(_ id: String) -> GalleryAudit.Reason? { audit.withheld.first { $0.id == id }?.reason }
        /// Warnings about one row (and column, when given).
        func warnings(_ table: String, _ id: String, _ column: String? = nil) -> [Diagnostic] {
            diagnostics.filter { $0.table == table && $0.id == id && (column == nil || $0.column == column) }
        }
        /// Names of the tags of a published image, in its order.
        func tagNames(of id: String) -> [String] { image(id)?.tags.map { gallery.tags[Int($0)].name } ?? [] }
    }

    /// Inserts rows; errors are kept and thrown by ``TestDatabase/init(schema:_:)``.
    final class Builder {
        let database: SQLiteDatabase
        var firstError: Error?

        init(database: SQLiteDatabase) { self.database = database }

        func user(_ id: SQLValue, name: SQLValue = "User", email: SQLValue = "secret@example.com", avatar: SQLValue = nil,
                  bio: SQLValue = nil, createdAt: SQLValue = "2023-01-01T00:00:00Z", updatedAt: SQLValue = nil) {
            insert("users", ["user_id": id, "email": email, "name": name, "avatar_url": avatar, "bio": bio,
                             "created_at": createdAt, "updated_at": updatedAt])
        }

        func image(_ id: SQLValue, owner: SQLValue, url: SQLValue = "https://img.example/image.jpg", description: SQLValue = nil, tags: SQLValue = nil,
                   theme: SQLValue = nil, isPublic: SQLValue = 1, createdAt: SQLValue = "2024-01-01T00:00:00Z") {
            insert("images", ["image_id": id, "user_id": owner, "url": url, "description": description,
                              "tags": tags, "theme": theme, "is_public": isPublic, "created_at": createdAt])
        }

        func collection(_ id: SQLValue, owner: SQLValue, name: SQLValue = "Collection", description: SQLValue = nil,
                        imageIDs: SQLValue, createdAt: SQLValue = "2024-02-01T00:00:00Z", updatedAt: SQLValue = nil) {
            insert("collections", ["collection_id": id, "user_id": owner, "name": name, "description": description,
                                   "image_ids": imageIDs, "created_at": createdAt, "updated_at": updatedAt])
        }

        func interaction(_ id: SQLValue, user: SQLValue, image: SQLValue, type: SQLValue, content: SQLValue = nil,
                         createdAt: SQLValue = "2024-03-01T00:00:00Z") {
            insert("interactions", ["interaction_id": id, "user_id": user, "image_id": image, "type": type,
                                    "content": content, "created_at": createdAt])
        }

        func like(_ id: SQLValue, user: SQLValue, image: SQLValue) {
            interaction(id, user: user, image: image, type: "like")
        }

        func comment(_ id: SQLValue, user: SQLValue, image: SQLValue, _ content: SQLValue, createdAt: SQLValue = "2024-03-01T00:00:00Z") {
            interaction(id, user: user, image: image, type: "comment", content: content, createdAt: createdAt)
        }

        func report(_ id: SQLValue, image: SQLValue, user: SQLValue = "reporter", reason: SQLValue = "spam", status: SQLValue = "pending") {
            insert("reports", ["report_id": id, "user_id": user, "image_id": image, "reason": reason, "status": status,
                               "created_at": "2024-04-01T00:00:00Z"])
        }

        /// Inserts one row with the given column values (any table, any columns).
        func insert(_ table: String, _ values: KeyValuePairs<String, SQLValue>) {
            guard firstError == nil else { return }
            let columns = values.map { "\"\($0.key)\"" }.joined(separator: ", ")
            let placeholders = values.map { _ in "?" }.joined(separator: ", ")
            do {
                let statement = try database.prepare("INSERT INTO \"\(table)\" (\(columns)) VALUES (\(placeholders))")
                for (offset, entry) in values.enumerated() {
                    let index = Int32(offset + 1)
                    let rc: Int32
                    switch entry.value {
                    case .null: rc = sqlite3_bind_null(statement.handle, index)
                    case .integer(let value): rc = sqlite3_bind_int64(statement.handle, index, value)
                    case .real(let value): rc = sqlite3_bind_double(statement.handle, index, value)
                    case .text(let value): rc = sqlite3_bind_text(statement.handle, index, value, Int32(value.utf8.count), SQLITE_TRANSIENT_SWIFT)
                    case .blob(let bytes):
                        rc = bytes.withUnsafeBytes { sqlite3_bind_blob(statement.handle, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), SQLITE_TRANSIENT_SWIFT) }
                    case .textBytes(let bytes):
                        let padded = bytes + [0]
                        rc = padded.withUnsafeBytes {
                            sqlite3_bind_text(statement.handle, index, $0.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count), SQLITE_TRANSIENT_SWIFT)
                        }
                    }
                    if rc != SQLITE_OK { throw SQLiteError(code: rc, message: "bind failed", operation: "binding \(entry.key)") }
                }
                try statement.step()
            } catch {
                firstError = error
            }
        }

        /// Runs raw SQL.
        func execute(_ sql: String) {
            guard firstError == nil else { return }
            do { try database.execute(sql) } catch { firstError = error }
        }
    }
}
