/// One `users` row Exhibit can use.
struct UserRow {
    var id: String
    var name: String
    var avatarURL: String?
    var bio: String
    var createdAt: Timestamp?
}

/// What the loader knows of an `images` row besides its draft record (see ``RawTables/images``).
struct ImageRowFacts: OptionSet {
    let rawValue: UInt8
    static let isPublic = ImageRowFacts(rawValue: 1)
    /// The URL is a valid http(s) URL.
    static let hasURL = ImageRowFacts(rawValue: 2)
    /// `created_at` is a usable date.
    static let hasDate = ImageRowFacts(rawValue: 4)
}

struct CollectionRow {
    var id: String
    var ownerRow: Int32
    var name: String
    var description: String
    /// Rows in ``RawTables/images`` of its members, stored order (unknown ids already dropped).
    var members: [Int32]
    var createdAt: Timestamp?
    var updatedAt: Timestamp?
}

struct CommentRow {
    /// Where the id starts in ``RawTables/keys``, and the content in ``RawTables/texts``.
    var keyStart: UInt64
    var textStart: UInt64
    var idLength: UInt32
    var contentLength: UInt32
    var authorRow: Int32
    var imageRow: Int32
    var createdAt: Timestamp?
}

/// Everything read from the database, ids resolved to row indices. Not copyable: its texts are
/// still being appended to (they become ``TextStore``s when the gallery is assembled).
struct RawTables: ~Copyable {
    var users: [UserRow] = []
    /// Every `images` row in database order, already shaped as its published record so the
    /// published ones become ``Gallery/images`` in place (no second copy of a million records):
    /// `owner` is the owner's row in ``users`` (-1: none), the tags (in ``imageTags``) and `theme`
    /// are spelling indices of ``tagGroups`` and ``themeGroups``, and `createdAt` counts only with
    /// `.hasDate`. Comment fields are filled in later.
    var images: [ImageRecord] = []
    /// The images' tag spellings, back to back (see ``ImageRecord/tagStart``).
    var imageTags: [Int32] = []
    /// Ids and path segments of images and comments (looked up while reading: in memory).
    var keys = TextStore.Builder()
    /// URLs, descriptions and comment texts (only written while reading: may spill to a file).
    var texts = TextStore.Builder()
    /// Per image row: public, usable URL, usable date.
    var imageFacts: [ImageRowFacts] = []
    /// Rows that cannot be used whatever their other fields say (bad or duplicate id), and why.
    var imageProblems: [Int32: String] = [:]
    /// The owner id as stored ("" when NULL) of rows whose owner matches no user, for the audit.
    var unknownImageOwners: [Int32: String] = [:]
    var collections: [CollectionRow] = []
    var comments: [CommentRow] = []
    /// `(image row << 32) | user row` per like.
    var likes: [UInt64] = []
    /// Pending reports per image row.
    var pendingReports: [Int32] = []
    var tagGroups = TermGrouper()
    var themeGroups = TermGrouper()
    var unknownInteractionTypes: [String: Int] = [:]
    var rowsRead: [String: Int] = [:]

    /// The id of image row `row`, as stored in ``keys``.
    func imageID(_ row: Int) -> UnsafeRawBufferPointer {
        keys.bytes(images[row].keyStart, images[row].idLength)
    }
}

/// Streams each table with one prepared statement, reading columns by index.
struct TableReader: ~Copyable {
    let database: SQLiteDatabase
    let diagnostics: DiagnosticLog
    var tables = RawTables()
    /// Usable user rows by id (duplicated ids are found nowhere), over their ids in `userIDs`.
    private var userRowOfID = RowIDIndex(expected: 0)
    private var userIDs = TextStore.Builder()
    /// Where each user row's id is in `userIDs`.
    private var userIDPlaces: [(start: UInt64, length: UInt32)] = []
    /// Usable image rows by id (rows with a problem are never found).
    private var imageRowOfID = RowIDIndex(expected: 0)

    init(database: SQLiteDatabase, diagnostics: DiagnosticLog, textSpillThreshold: Int? = nil) {
        self.database = database
        self.diagnostics = diagnostics
        tables.texts = TextStore.Builder(spillThreshold: textSpillThreshold)
        // Ids are looked up while reading: they move to their file, if at all, once read.
        tables.keys = TextStore.Builder(finishedSpillThreshold: textSpillThreshold.map { $0 / 4 })
    }

    /// Reads every table; the tables are handed over with the reader (the assembler rewrites
    /// their arrays in place).
    consuming func readAll() throws -> RawTables {
        // `width` and `height` are optional (docs/database.md): read when the table has both (asked
        // first: the runaway watch counts the schema's rows against the table being read).
        let imageColumns = Set(try database.columnNames(of: "images"))
        let hasPixelSize = imageColumns.contains("width") && imageColumns.contains("height")
        try reading("users") { try $0.readUsers(expected: $1) }
        try reading("images") { try $0.readImages(expected: $1, hasPixelSize: hasPixelSize) }
        try reading("collections") { reader, _ in try reader.readCollections() }
        try reading("interactions") { try $0.readInteractions(expected: $1) }
        try reading("reports") { reader, _ in try reader.readReports() }
        return tables
    }

    /// Reads one table (`body` gets its row count); a statement stopped for running without rows
    /// is ``InputError/endless(table:)``. Every table is counted first (`count(*)`): a view
    /// yielding rows for ever never finishes counting, so it is stopped there, before any of its
    /// rows is kept; and reading it may not yield more rows than counted (the same snapshot: a
    /// table always yields exactly its count).
    private mutating func reading(_ table: String, _ body: (inout TableReader, Int) throws -> Void) throws {
        do {
            database.runawayWatch?.allowRows(1)
            let count = try rowCount(table)
            database.runawayWatch?.allowRows(count)
            try body(&self, count)
        } catch let error as SQLiteError where error.isInterrupted {
            throw InputError.endless(table: table)
        }
    }

    /// Row count of a table, to size arrays and dictionaries once.
    private func rowCount(_ table: String) throws -> Int {
        let statement = try database.prepare("SELECT count(*) FROM \"\(table)\"")
        return try statement.step() ? Int(statement.int64(0)) : 0
    }

    // MARK: Column helpers

    /// Reads the row's id; nil (with a warning) when it is NULL, empty or not valid UTF-8.
    /// `id` is set to the text to name the row with in warnings either way.
    private func rowID(_ statement: SQLiteStatement, _ table: String, _ column: String, skipped: String, id: inout String) -> String? {
        guard let checked = statement.checkedText(0) else {
            id = ""
            diagnostics.warn(table, "", column, "missing \(column); \(skipped)")
            return nil
        }
        id = checked.text
        if !checked.validUTF8 {
            diagnostics.warn(table, id, column, "\(column) is not valid UTF-8; \(skipped)")
            return nil
        }
        if checked.text.isEmpty {
            diagnostics.warn(table, "", column, "empty \(column); \(skipped)")
            return nil
        }
        return checked.text
    }

    /// A reference to another row: nil when NULL or not valid UTF-8 (it then matches nothing).
    private func reference(_ statement: SQLiteStatement, _ index: Int32) -> (text: String, valid: Bool)? {
        guard let checked = statement.checkedText(index) else { return nil }
        return (checked.text, checked.validUTF8)
    }

    /// A text column, repaired (invalid UTF-8 → U+FFFD), cleaned and cut to `limit` characters
    /// (see ``StoreConventions/maxTextCharacters``), with warnings.
    private func text(_ statement: SQLiteStatement, _ index: Int32, _ table: String, _ id: String, _ column: String, singleLine: Bool,
                      limit: Int) -> String {
        guard let checked = statement.checkedText(index) else { return "" }
        if !checked.validUTF8 {
            diagnostics.warn(table, id, column, "invalid UTF-8 repaired with U+FFFD")
        }
        let cleaned = singleLine ? TextCleaner.singleLine(checked.text) : TextCleaner.multiLine(checked.text)
        if cleaned.removedControls {
            diagnostics.warn(table, id, column, "control characters or noncharacters removed")
        }
        if let cut = TextCleaner.cut(cleaned.text, maxCharacters: limit) {
            diagnostics.warn(table, id, column, "\(cut.characters) characters; cut to \(limit)")
            return cut.text
        }
        return cleaned.text
    }

    /// An http(s) URL no longer than ``StoreConventions/maxURLBytes``; otherwise nil, with the
    /// warning `notURL`, or one saying it is too long and then `unusable`.
    private func url(_ raw: (text: String, validUTF8: Bool)?, _ table: String, _ id: String, _ column: String,
                     notURL: String, unusable: String) -> String? {
        guard let raw, raw.validUTF8, let url = WebURL.validated(raw.text) else {
            diagnostics.warn(table, id, column, notURL)
            return nil
        }
        if url.utf8.count > StoreConventions.maxURLBytes {
            diagnostics.warn(table, id, column, "\(url.utf8.count) bytes, longer than \(StoreConventions.maxURLBytes); \(unusable)")
            return nil
        }
        return url
    }

    /// A date column: nil when NULL or unusable (with a warning saying what `unusable` means).
    private func date(_ statement: SQLiteStatement, _ index: Int32, _ table: String, _ id: String, _ column: String, unusable: String) -> Timestamp? {
        let value = StoreConventions.value(statement, index)
        if value == .null { return nil }
        if let timestamp = StoreConventions.timestamp(value) { return timestamp }
        diagnostics.warn(table, id, column, "not a recognised date; \(unusable)")
        return nil
    }

    /// The `width` and `height` of an image row (columns 8 and 9): both whole numbers of pixels,
    /// or no size (with a warning unless both are NULL).
    private func pixelSize(_ statement: SQLiteStatement, _ id: String) -> PixelSize? {
        let width = StoreConventions.value(statement, 8), height = StoreConventions.value(statement, 9)
        if width == .null && height == .null { return nil }
        guard let pixelWidth = StoreConventions.pixelSide(width) else {
            diagnostics.warn("images", id, "width", "not a whole number of pixels from 1 to \(StoreConventions.maxPixelSide); size not used")
            return nil
        }
        guard let pixelHeight = StoreConventions.pixelSide(height) else {
            diagnostics.warn("images", id, "height", "not a whole number of pixels from 1 to \(StoreConventions.maxPixelSide); size not used")
            return nil
        }
        return PixelSize(width: pixelWidth, height: pixelHeight)
    }

    /// A JSON array of strings, with a warning naming what was done when it is not clean.
    private func stringArray(_ statement: SQLiteStatement, _ index: Int32, _ table: String, _ id: String, _ column: String, what: String) -> [String] {
        guard let checked = statement.checkedText(index) else { return [] }
        if !checked.validUTF8 {
            diagnostics.warn(table, id, column, "invalid UTF-8 repaired with U+FFFD")
        }
        let result = JSONStringArray.parse(checked.text)
        switch result.problem {
        case nil: break
        case .malformed: diagnostics.warn(table, id, column, "malformed JSON array; no \(what) used")
        case .notAnArray: diagnostics.warn(table, id, column, "not a JSON array; no \(what) used")
        case .nonStringElements(let count):
            diagnostics.warn(table, id, column, "\(count) element\(count == 1 ? " is" : "s are") not a string; ignored")
        case .loneSurrogate: diagnostics.warn(table, id, column, "lone UTF-16 surrogate escape repaired with U+FFFD")
        }
        return result.strings
    }

    // MARK: Tables

    private mutating func readUsers(expected: Int) throws {
        let statement = try database.prepare(#"SELECT "user_id", "name", "avatar_url", "bio", "created_at" FROM "users""#)
        tables.users.reserveCapacity(expected)
        var index = RowIDIndex(expected: expected)
        var duplicated = Set<Int32>()
        var count = 0
        var id = ""
        while try statement.step() {
            count += 1
            guard var userID = rowID(statement, "users", "user_id", skipped: "user skipped", id: &id) else { continue }
            if let first = userID.withUTF8({ index.find(UnsafeRawBufferPointer($0), id: { self.userID($0) }) }) {
                if duplicated.insert(first).inserted {
                    diagnostics.warn("users", userID, "user_id", "duplicate user_id; every row with it skipped")
                }
                continue
            }
            let name = text(statement, 1, "users", userID, "name", singleLine: true, limit: StoreConventions.maxNameCharacters)
            var avatar: String?
            if let raw = statement.checkedText(2), !raw.text.utf8.allSatisfy(\.isASCIIWhitespace) {
                avatar = url(raw, "users", userID, "avatar_url", notURL: "not an http(s) URL; no avatar shown", unusable: "no avatar shown")
            }
            let bio = text(statement, 3, "users", userID, "bio", singleLine: false, limit: StoreConventions.maxTextCharacters)
            let createdAt = date(statement, 4, "users", userID, "created_at", unusable: "left empty")
            let row = Int32(tables.users.count)
            tables.users.append(UserRow(id: userID, name: name.isEmpty ? "Anonymous" : name, avatarURL: avatar, bio: bio, createdAt: createdAt))
            userIDPlaces.append((userIDs.append(userID), UInt32(userID.utf8.count)))
            _ = index.insert(row, key: self.userID(row), id: { self.userID($0) })
        }
        tables.rowsRead["users"] = count
        if !duplicated.isEmpty {
            // Every row of a duplicated id is skipped: the first one, found so far, goes too.
            index = RowIDIndex(expected: tables.users.count)
            for row in tables.users.indices where !duplicated.contains(Int32(row)) {
                _ = index.insert(Int32(row), key: userID(Int32(row)), id: { self.userID($0) })
            }
        }
        userRowOfID = index
    }

    /// The id of user row `row`, as stored in `userIDs`.
    private func userID(_ row: Int32) -> UnsafeRawBufferPointer {
        let place = userIDPlaces[Int(row)]
        return userIDs.bytes(place.start, place.length)
    }

    /// The usable user row whose id has exactly these bytes, or -1 (bytes that are not valid
    /// UTF-8 match nothing: every stored id is valid UTF-8).
    private func userRow(_ key: UnsafeRawBufferPointer?) -> Int32 {
        guard let key else { return -1 }
        return userRowOfID.find(key, id: { self.userID($0) }) ?? -1
    }

    private func userRow(_ reference: (text: String, valid: Bool)?) -> Int32 {
        guard let reference, reference.valid else { return -1 }
        var text = reference.text
        return text.withUTF8 { userRow(UnsafeRawBufferPointer($0)) }
    }

    /// The usable image row whose id has exactly these bytes, or -1. Bytes that are not valid
    /// UTF-8 match nothing: every stored id is valid UTF-8.
    private func imageRow(_ key: UnsafeRawBufferPointer?) -> Int32 {
        guard let key else { return -1 }
        guard let row = imageRowOfID.find(key, id: { self.tables.imageID(Int($0)) }) else { return -1 }
        return tables.imageProblems.isEmpty || tables.imageProblems[row] == nil ? row : -1
    }

    private mutating func readImages(expected: Int, hasPixelSize: Bool) throws {
        let statement = try database.prepare(#"SELECT "image_id", "user_id", "url", "description", "tags", "theme", "is_public", "created_at""#
            + (hasPixelSize ? #", "width", "height""# : "") + #" FROM "images""#)
        var seen = RowIDIndex(expected: expected)
        tables.images.reserveCapacity(expected)
        tables.imageFacts.reserveCapacity(expected)
        tables.imageTags.reserveCapacity(expected * 4)
        var count = 0
        var id = ""
        var groups: [Int32] = []
        while try statement.step() {
            count += 1
            var problem: String?
            let imageID = rowID(statement, "images", "image_id", skipped: "image not published", id: &id)
            if imageID == nil { problem = id.isEmpty ? "missing image_id" : "image_id is not valid UTF-8" }
            // The owner by its bytes; the text only when it matches no user (a stored id is valid
            // UTF-8, so bytes that match one are too).
            let ownerRow = userRow(statement.borrowedBytes(1))
            let owner = ownerRow >= 0 ? nil : reference(statement, 1)
            if let owner, !owner.valid {
                diagnostics.warn("images", id, "user_id", "user_id is not valid UTF-8; matches no user")
            }
            let url = url(statement.checkedText(2), "images", id, "url", notURL: "missing or not an http(s) URL; image not published",
                          unusable: "image not published")
            let description = text(statement, 3, "images", id, "description", singleLine: false, limit: StoreConventions.maxTextCharacters)
            let tagStart = tables.imageTags.count
            groups.removeAll(keepingCapacity: true)
            let rawTags = stringArray(statement, 4, "images", id, "tags", what: "tags")
            for (position, raw) in rawTags.enumerated() {
                // A hostile tag list would make output quadratic: every tag's page and feeds list the
                // image with all its tags. Past the limit, the rest is dropped.
                if groups.count == StoreConventions.maxTagsPerImage {
                    diagnostics.warn("images", id, "tags", "more than \(StoreConventions.maxTagsPerImage) tags; \(rawTags.count - position) dropped")
                    break
                }
                let resolution = tables.tagGroups.resolve(raw)
                if resolution.removedControls { diagnostics.warn("images", id, "tags", "control characters or noncharacters removed from a tag") }
                if resolution.cutFrom > 0 {
                    diagnostics.warn("images", id, "tags", "a tag of \(resolution.cutFrom) characters; cut to \(StoreConventions.maxTermCharacters)")
                }
                guard resolution.spelling >= 0 else {
                    diagnostics.warn("images", id, "tags", "empty tag dropped")
                    continue
                }
                let group = tables.tagGroups.group(of: resolution.spelling)
                if !groups.contains(group) {
                    groups.append(group)
                    tables.imageTags.append(resolution.spelling)
                }
            }
            var theme: Int32 = -1
            if let raw = statement.checkedText(5) {
                if !raw.validUTF8 { diagnostics.warn("images", id, "theme", "invalid UTF-8 repaired with U+FFFD") }
                let resolution = tables.themeGroups.resolve(raw.text)
                if resolution.removedControls { diagnostics.warn("images", id, "theme", "control characters or noncharacters removed") }
                if resolution.cutFrom > 0 {
                    diagnostics.warn("images", id, "theme", "\(resolution.cutFrom) characters; cut to \(StoreConventions.maxTermCharacters)")
                }
                theme = resolution.spelling
                if theme < 0 && !raw.text.isEmpty { diagnostics.warn("images", id, "theme", "blank theme; no theme used") }
            }
            let publicValue = StoreConventions.value(statement, 6)
            let isPublic = StoreConventions.isPublic(publicValue)
            if !isPublic && !StoreConventions.isPlainlyPrivate(publicValue) {
                diagnostics.warn("images", id, "is_public", "not 1, '1' or 'true'; image treated as private")
            }
            let createdAt = date(statement, 7, "images", id, "created_at", unusable: "image not published")
            if createdAt == nil && statement.isNull(7) {
                diagnostics.warn("images", id, "created_at", "missing date; image not published")
            }
            var pixelSize: PixelSize?
            if hasPixelSize { pixelSize = self.pixelSize(statement, id) }
            let row = Int32(tables.images.count)
            // The texts go straight into the store: id, path segment (when it differs), URL, description.
            let storedID = imageID ?? id
            let segment = PathSegment.encode(storedID)
            let ownSegment = !segment.exactlyEquals(storedID)
            let storedURL = url ?? ""
            let keyStart = tables.keys.append(storedID)
            if ownSegment { tables.keys.append(segment) }
            let textStart = tables.texts.append(storedURL)
            tables.texts.append(description)
            // The owner's id text is kept only when it matches no user (for the audit): at a
            // million images, a copy per image is tens of MiB.
            if ownerRow < 0 { tables.unknownImageOwners[row] = owner?.text ?? "" }
            tables.images.append(ImageRecord(
                createdAt: createdAt?.millisecondsSince1970 ?? 0, keyStart: keyStart, textStart: textStart,
                idLength: UInt32(storedID.utf8.count), segmentLength: ownSegment ? UInt32(segment.utf8.count) : 0,
                urlLength: UInt32(storedURL.utf8.count), descriptionLength: UInt32(description.utf8.count),
                owner: ownerRow, theme: theme, likeCount: 0, commentStart: 0, commentCount: 0,
                tagStart: UInt32(tagStart), tagCount: UInt32(tables.imageTags.count - tagStart),
                pixelWidth: UInt16(pixelSize?.width ?? 0), pixelHeight: UInt16(pixelSize?.height ?? 0)))
            if imageID != nil {
                let existing = seen.insert(row, key: tables.imageID(Int(row)), id: { self.tables.imageID(Int($0)) })
                if let first = existing {
                    if tables.imageProblems[first] == nil {
                        diagnostics.warn("images", storedID, "image_id", "duplicate image_id; no row with it is published")
                        tables.imageProblems[first] = "duplicate image_id"
                    }
                    problem = "duplicate image_id"
                }
            }
            if let problem { tables.imageProblems[row] = problem }
            var facts: ImageRowFacts = []
            if isPublic { facts.insert(.isPublic) }
            if url != nil { facts.insert(.hasURL) }
            if createdAt != nil { facts.insert(.hasDate) }
            tables.imageFacts.append(facts)
        }
        tables.rowsRead["images"] = count
        // Rows with a problem stay in the index; lookups skip them (see `imageRow`).
        imageRowOfID = seen
        tables.pendingReports = [Int32](repeating: 0, count: tables.images.count)
    }

    private mutating func readCollections() throws {
        let statement = try database.prepare(#"SELECT "collection_id", "user_id", "name", "description", "image_ids", "created_at", "updated_at" FROM "collections""#)
        var seen: [ExactKey: Int32] = [:]
        var duplicated = Set<Int32>()
        var count = 0
        var id = ""
        while try statement.step() {
            count += 1
            guard let collectionID = rowID(statement, "collections", "collection_id", skipped: "collection skipped", id: &id) else { continue }
            let key = ExactKey(collectionID)
            if let first = seen[key] {
                if duplicated.insert(first).inserted {
                    diagnostics.warn("collections", collectionID, "collection_id", "duplicate collection_id; every row with it skipped")
                }
                continue
            }
            let owner = reference(statement, 1)
            let ownerRow = userRow(owner)
            if ownerRow < 0 {
                diagnostics.warn("collections", collectionID, "user_id", "owner matches no user; collection skipped")
            }
            let name = text(statement, 2, "collections", collectionID, "name", singleLine: true, limit: StoreConventions.maxNameCharacters)
            let description = text(statement, 3, "collections", collectionID, "description", singleLine: false, limit: StoreConventions.maxTextCharacters)
            var members: [Int32] = []
            for member in stringArray(statement, 4, "collections", collectionID, "image_ids", what: "images") {
                var member = member
                let row = member.withUTF8 { imageRow(UnsafeRawBufferPointer($0)) }
                if row >= 0 { members.append(row) }
            }
            let createdAt = date(statement, 5, "collections", collectionID, "created_at", unusable: "left empty")
            let updatedAt = date(statement, 6, "collections", collectionID, "updated_at", unusable: "left empty")
            seen[key] = Int32(tables.collections.count)
            tables.collections.append(CollectionRow(id: collectionID, ownerRow: ownerRow, name: name.isEmpty ? "Untitled collection" : name,
                                                    description: description, members: members, createdAt: createdAt, updatedAt: updatedAt))
        }
        tables.rowsRead["collections"] = count
        if !duplicated.isEmpty {
            var index = 0
            tables.collections.removeAll { _ in defer { index += 1 }; return duplicated.contains(Int32(index)) }
        }
    }

    private mutating func readInteractions(expected: Int) throws {
        let statement = try database.prepare(#"SELECT "interaction_id", "user_id", "image_id", "type", "content", "created_at" FROM "interactions""#)
        tables.likes.reserveCapacity(expected)
        var count = 0
        var interned: [ExactKey: String] = [:]
        while try statement.step() {
            count += 1
            let idText = statement.checkedText(0)
            let id = idText?.text ?? ""
            let kind = Self.interactionKind(statement.borrowedBytes(3))
            let isLike = kind == .like
            guard kind != .other else {
                let rawType = statement.checkedText(3)?.text ?? ""
                let name = interned[ExactKey(rawType)] ?? rawType
                interned[ExactKey(rawType)] = name
                tables.unknownInteractionTypes[name, default: 0] += 1
                continue
            }
            let what = isLike ? "like" : "comment"
            let imageRow = imageRow(statement.borrowedBytes(2))
            if imageRow < 0 {
                // Private and withheld images exist: only ids matching no image row are reported.
                diagnostics.warn("interactions", id, "image_id", "matches no usable image; \(what) ignored")
                continue
            }
            let userRow = userRow(statement.borrowedBytes(1))
            if userRow < 0 {
                diagnostics.warn("interactions", id, "user_id", "matches no user; \(what) ignored")
                continue
            }
            if isLike {
                tables.likes.append(UInt64(UInt32(imageRow)) << 32 | UInt64(UInt32(userRow)))
                continue
            }
            guard let idText, idText.validUTF8, !id.isEmpty else {
                diagnostics.warn("interactions", id, "interaction_id", "missing or invalid interaction_id; comment skipped")
                continue
            }
            let content = text(statement, 4, "interactions", id, "content", singleLine: false, limit: StoreConventions.maxTextCharacters)
            // docs/publishing.md: only comments with content are published; an empty one is no error.
            if content.isEmpty { continue }
            let createdAt = date(statement, 5, "interactions", id, "created_at", unusable: "left empty")
            let keyStart = tables.keys.append(id)
            let textStart = tables.texts.append(content)
            tables.comments.append(CommentRow(keyStart: keyStart, textStart: textStart, idLength: UInt32(id.utf8.count),
                                              contentLength: UInt32(content.utf8.count), authorRow: userRow,
                                              imageRow: imageRow, createdAt: createdAt))
        }
        tables.rowsRead["interactions"] = count
    }

    private mutating func readReports() throws {
        let statement = try database.prepare(#"SELECT "image_id", "status" FROM "reports""#)
        var count = 0
        while try statement.step() {
            count += 1
            guard let status = statement.checkedText(1)?.text,
                  status.trimmingASCIIWhitespace().lowercased() == "pending" else { continue }
            let row = imageRow(statement.borrowedBytes(0))
            if row >= 0 { tables.pendingReports[Int(row)] += 1 }
        }
        tables.rowsRead["reports"] = count
    }
}

extension TableReader {
    enum InteractionKind { case like, comment, other }

    /// What `interactions.type` says: `like` or `comment` after trimming ASCII whitespace and
    /// lowercasing (the Unicode way: `LIKE`, ` Like `); anything else is another type. Read from
    /// the bytes; text that is not plain ASCII takes the `String` way.
    static func interactionKind(_ bytes: UnsafeRawBufferPointer?) -> InteractionKind {
        guard let bytes else { return .other }
        var start = 0, end = bytes.count
        while start < end && bytes[start].isASCIIWhitespace { start += 1 }
        while end > start && bytes[end - 1].isASCIIWhitespace { end -= 1 }
        let word = UnsafeRawBufferPointer(rebasing: bytes[start ..< end])
        if word.allSatisfy({ $0 < 0x80 }) {
            func equals(_ expected: StaticString) -> Bool {
                guard word.count == expected.utf8CodeUnitCount else { return false }
                for (index, byte) in word.enumerated() where (byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte) != expected.utf8Start[index] {
                    return false
                }
                return true
            }
            return equals("like") ? .like : equals("comment") ? .comment : .other
        }
        let type = String(decoding: bytes, as: UTF8.self).trimmingASCIIWhitespace().lowercased()
        return type == "like" ? .like : type == "comment" ? .comment : .other
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces, tabs and line breaks.
    package func trimmingASCIIWhitespace() -> String {
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { !$0.isASCIIWhitespace }) else { return "" }
        let last = utf8.lastIndex(where: { !$0.isASCIIWhitespace })!
        if first == utf8.startIndex && last == utf8.index(before: utf8.endIndex) { return self }
        return String(self[first...last])
    }
}

extension UInt8 {
    /// A space, tab or line break (`\r`, `\n`): what the database's texts are trimmed of.
    var isASCIIWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0a || self == 0x0d }
}
