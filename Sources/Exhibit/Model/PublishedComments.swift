/// How one published comment is kept: plain numbers (40 bytes), its id in the gallery's keys
/// store and its content in its texts store (see ``PublishedImages``).
struct CommentRecord: Sendable {
    var keyStart: UInt64
    var textStart: UInt64
    var idLength: UInt32
    var contentLength: UInt32
    /// Milliseconds since 1970; meaningless when `hasDate` is false.
    var createdAt: Int64
    /// Index of the author in ``Gallery/users``.
    var author: Int32
    var hasDate: Bool

    var contentStart: UInt64 { textStart }
    var date: Timestamp? { hasDate ? Timestamp(millisecondsSince1970: createdAt) : nil }
}

extension CommentRecord {
    /// The record of `comment`, its id and content appended to `text`.
    init(_ comment: PublishedComment, text: inout TextStore.Builder) {
        let keyStart = text.append(comment.id)
        let textStart = text.append(comment.content)
        self.init(keyStart: keyStart, textStart: textStart, idLength: UInt32(comment.id.utf8.count),
                  contentLength: UInt32(comment.content.utf8.count), createdAt: comment.createdAt?.millisecondsSince1970 ?? 0,
                  author: comment.author, hasDate: comment.createdAt != nil)
    }
}

/// The published comments of a ``Gallery``, grouped by image (each image names its range) and
/// within an image oldest first; stored like ``PublishedImages``.
package struct PublishedComments: RandomAccessCollection, Sendable {
    package typealias Element = PublishedComment
    package typealias Index = Int

    private(set) var records: [CommentRecord]
    let keys: TextStore
    let texts: TextStore

    init(records: [CommentRecord], keys: TextStore, texts: TextStore) {
        self.records = records
        self.keys = keys
        self.texts = texts
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { records.count }

    /// Comment `index` with its own strings (a copy).
    package subscript(index: Int) -> PublishedComment {
        let record = records[index]
        return PublishedComment(id: keys.string(record.keyStart, record.idLength), author: record.author,
                                content: texts.string(record.contentStart, record.contentLength), createdAt: record.date)
    }

    /// The comment text, in place (valid while the gallery exists).
    @inline(__always)
    func content(_ index: Int) -> UnsafeRawBufferPointer {
        let record = records[index]
        return texts.bytes(record.contentStart, record.contentLength)
    }

    @inline(__always)
    func author(_ index: Int) -> Int { Int(records[index].author) }

    @inline(__always)
    func createdAt(_ index: Int) -> Timestamp? { records[index].date }
}

/// A published comment on a published image, by an existing user, as a value with its own strings.
package struct PublishedComment: Sendable, Equatable {
    /// The interaction id.
    package var id: String
    /// Index of the author in ``Gallery/users``.
    package var author: Int32
    /// The comment text, trimmed, never empty.
    package var content: String
    package var createdAt: Timestamp?

    package init(id: String, author: Int32, content: String, createdAt: Timestamp?) {
        self.id = id
        self.author = author
        self.content = content
        self.createdAt = createdAt
    }
}
