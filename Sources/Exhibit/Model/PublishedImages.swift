/// How one published image is kept: plain numbers (72 bytes), its texts in the gallery's
/// ``TextStore``s and its tags in ``PublishedImages/tagList``. Copying it retains nothing.
struct ImageRecord: Sendable {
    /// Upload time, milliseconds since 1970.
    var createdAt: Int64
    /// Where the id starts in the keys store; the path segment follows it when it differs.
    var keyStart: UInt64
    /// Where the URL starts in the texts store; the description follows it.
    var textStart: UInt64
    var idLength: UInt32
    /// 0 when the path segment is the id itself.
    var segmentLength: UInt32
    var urlLength: UInt32
    var descriptionLength: UInt32
    /// Index of the owner in ``Gallery/users``.
    var owner: Int32
    /// Index into ``Gallery/themes``; -1 when the image has no theme.
    var theme: Int32
    var likeCount: Int32
    var commentStart: Int32
    var commentCount: Int32
    /// The image's tags are `tagList[tagStart ..< tagStart + tagCount]`.
    var tagStart: UInt32
    var tagCount: UInt32
    /// The original's size in pixels from the optional `width`/`height` columns (scaled down
    /// together past 65,535, keeping the aspect ratio); 0 when unknown.
    var pixelWidth: UInt16 = 0
    var pixelHeight: UInt16 = 0

    var segmentStart: UInt64 { keyStart + UInt64(idLength) }
    var urlStart: UInt64 { textStart }
    var descriptionStart: UInt64 { textStart + UInt64(urlLength) }
}

/// The published images of a ``Gallery``, newest first, stored compactly: a record of numbers per
/// image, ids and path segments in one ``TextStore`` (`keys`, always in memory), URLs and
/// descriptions in another (`texts`, which may spill to a temporary file), every tag list in
/// one array.
///
/// Reading an element (`images[i]`) makes a ``PublishedImage`` with its own strings: convenient,
/// and what tests and one-off code use. Code that reads every image, often (the renderers, the
/// feeds, the search index), reads fields in place instead — `images.url(i)`,
/// `images.owner(i)`, … — which makes no string and retains nothing.
package struct PublishedImages: RandomAccessCollection, Sendable {
    package typealias Element = PublishedImage
    package typealias Index = Int

    private(set) var records: [ImageRecord]
    /// Every image's tag indices, back to back (see ``ImageRecord/tagStart``).
    private(set) var tagList: [Int32]
    /// Image `i`'s collections are `collectionList[collectionStarts[i] ..< collectionStarts[i + 1]]`;
    /// both empty when no image is in a collection.
    private(set) var collectionStarts: [Int32]
    private(set) var collectionList: [Int32]
    /// Ids and path segments; URLs and descriptions (both shared with the gallery's comments).
    let keys: TextStore
    let texts: TextStore

    init(records: [ImageRecord], tagList: [Int32], collectionStarts: [Int32] = [], collectionList: [Int32] = [],
         keys: TextStore, texts: TextStore) {
        self.records = records
        self.tagList = tagList
        self.collectionStarts = collectionStarts
        self.collectionList = collectionList
        self.keys = keys
        self.texts = texts
    }

    /// Packs `images` and `comments` built by hand (the images' comment ranges refer to
    /// `comments`) over one text store: each image's id, path segment, URL and description, then
    /// each comment's id and content.
    static func packed(_ images: [PublishedImage], comments: [PublishedComment]) -> (PublishedImages, PublishedComments) {
        var text = TextStore.Builder()
        var records: [ImageRecord] = []
        records.reserveCapacity(images.count)
        var tagList: [Int32] = []
        var collectionStarts: [Int32] = [0]
        var collectionList: [Int32] = []
        for image in images {
            records.append(Self.record(image, text: &text, tagList: &tagList))
            collectionList.append(contentsOf: image.collections)
            collectionStarts.append(Int32(collectionList.count))
        }
        var commentRecords: [CommentRecord] = []
        commentRecords.reserveCapacity(comments.count)
        for comment in comments { commentRecords.append(CommentRecord(comment, text: &text)) }
        let store = text.finish()
        return (PublishedImages(records: records, tagList: tagList, collectionStarts: collectionList.isEmpty ? [] : collectionStarts,
                                collectionList: collectionList, keys: store, texts: store),
                PublishedComments(records: commentRecords, keys: store, texts: store))
    }

    /// The record of `image`, its texts appended to `text` and its tags to `tagList`.
    static func record(_ image: PublishedImage, text: inout TextStore.Builder, tagList: inout [Int32]) -> ImageRecord {
        let segment = image.pathSegment.utf8.elementsEqual(image.id.utf8) ? "" : image.pathSegment
        let keyStart = text.append(image.id)
        text.append(segment)
        let textStart = text.append(image.url)
        text.append(image.description)
        let tagStart = UInt32(tagList.count)
        tagList.append(contentsOf: image.tags)
        return ImageRecord(
            createdAt: image.createdAt.millisecondsSince1970, keyStart: keyStart, textStart: textStart,
            idLength: UInt32(image.id.utf8.count), segmentLength: UInt32(segment.utf8.count),
            urlLength: UInt32(image.url.utf8.count), descriptionLength: UInt32(image.description.utf8.count),
            owner: image.owner, theme: image.theme ?? -1, likeCount: image.likeCount,
            commentStart: image.commentStart, commentCount: image.commentCount,
            tagStart: tagStart, tagCount: UInt32(image.tags.count),
            pixelWidth: UInt16(image.pixelSize?.width ?? 0), pixelHeight: UInt16(image.pixelSize?.height ?? 0))
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { records.count }

    /// Image `index` with its own strings and arrays (a copy; see the type's documentation).
    package subscript(index: Int) -> PublishedImage {
        let record = records[index]
        return PublishedImage(
            id: id(index).utf8String, pathSegment: pathSegment(index).utf8String, owner: record.owner,
            url: url(index).utf8String, description: description(index).utf8String, tags: Array(tags(of: index)),
            theme: record.theme >= 0 ? record.theme : nil, createdAt: Timestamp(millisecondsSince1970: record.createdAt),
            likeCount: record.likeCount, commentStart: record.commentStart, commentCount: record.commentCount,
            collections: Array(collections(of: index)), pixelSize: pixelSize(index))
    }

    // MARK: Fields in place
    //
    // Texts are borrowed from the gallery's text store: valid while the gallery exists.

    /// The database id, exactly as stored.
    @inline(__always)
    func id(_ index: Int) -> UnsafeRawBufferPointer {
        let record = records[index]
        return keys.bytes(record.keyStart, record.idLength)
    }

    /// The id as one path-safe URL segment (see ``PathSegment``).
    @inline(__always)
    func pathSegment(_ index: Int) -> UnsafeRawBufferPointer {
        let record = records[index]
        return record.segmentLength == 0 ? keys.bytes(record.keyStart, record.idLength)
            : keys.bytes(record.segmentStart, record.segmentLength)
    }

    /// True when the path segment differs from the id.
    @inline(__always)
    func hasOwnPathSegment(_ index: Int) -> Bool { records[index].segmentLength != 0 }

    /// The image URL (`http` or `https`).
    @inline(__always)
    func url(_ index: Int) -> UnsafeRawBufferPointer {
        let record = records[index]
        return texts.bytes(record.urlStart, record.urlLength)
    }

    /// The description, trimmed; may be empty.
    @inline(__always)
    func description(_ index: Int) -> UnsafeRawBufferPointer {
        let record = records[index]
        return texts.bytes(record.descriptionStart, record.descriptionLength)
    }

    @inline(__always)
    func hasDescription(_ index: Int) -> Bool { records[index].descriptionLength > 0 }

    /// The owner's index in ``Gallery/users``.
    @inline(__always)
    package func owner(_ index: Int) -> Int { Int(records[index].owner) }

    /// The theme's index, or nil.
    @inline(__always)
    func theme(_ index: Int) -> Int? {
        let theme = records[index].theme
        return theme >= 0 ? Int(theme) : nil
    }

    /// The original's size in pixels, when the database gives it (see ``PixelSize``).
    @inline(__always)
    func pixelSize(_ index: Int) -> PixelSize? {
        let record = records[index]
        return record.pixelWidth == 0 ? nil : PixelSize(width: Int(record.pixelWidth), height: Int(record.pixelHeight))
    }

    @inline(__always)
    func createdAt(_ index: Int) -> Timestamp { Timestamp(millisecondsSince1970: records[index].createdAt) }

    @inline(__always)
    func likeCount(_ index: Int) -> Int { Int(records[index].likeCount) }

    /// Positions of the image's comments in ``Gallery/comments``.
    @inline(__always)
    func commentRange(_ index: Int) -> Range<Int> {
        let record = records[index]
        return Int(record.commentStart) ..< Int(record.commentStart) + Int(record.commentCount)
    }

    /// Positions of the image's tags in ``tagList``.
    @inline(__always)
    func tagRange(_ index: Int) -> Range<Int> {
        let record = records[index]
        return Int(record.tagStart) ..< Int(record.tagStart) + Int(record.tagCount)
    }

    /// The image's tag indices, in its own order.
    func tags(of index: Int) -> ArraySlice<Int32> { tagList[tagRange(index)] }

    /// Positions of the image's collections in ``collectionList``, ascending collection indices.
    @inline(__always)
    func collectionRange(_ index: Int) -> Range<Int> {
        guard !collectionStarts.isEmpty else { return 0 ..< 0 }
        return Int(collectionStarts[index]) ..< Int(collectionStarts[index + 1])
    }

    /// The image's collection indices, ascending.
    func collections(of index: Int) -> ArraySlice<Int32> { collectionList[collectionRange(index)] }

    /// True when image `a`'s id precedes image `b`'s in byte order.
    func idPrecedes(_ a: Int, _ b: Int) -> Bool { id(a).bytesPrecede(id(b)) }

    // MARK: Building (the loader)

    /// Sets each image's collections: `members[c]` are the images of collection `c`.
    mutating func setCollections(members: [[Int32]]) {
        var counts = [Int32](repeating: 0, count: records.count + 1)
        var total = 0
        for list in members {
            for image in list { counts[Int(image) + 1] += 1 }
            total += list.count
        }
        guard total > 0 else {
            collectionStarts = []
            collectionList = []
            return
        }
        for i in 0 ..< records.count { counts[i + 1] += counts[i] }
        var fill = counts
        var list = [Int32](repeating: 0, count: total)
        // Collections in ascending order, so each image's list comes out ascending.
        for (collection, images) in members.enumerated() {
            for image in images {
                list[Int(fill[Int(image)])] = Int32(collection)
                fill[Int(image)] += 1
            }
        }
        collectionStarts = counts
        collectionList = list
    }
}

/// A published image as a value with its own strings: what ``PublishedImages`` hands out, and
/// what code that builds a gallery by hand (tests, benchmarks) gives ``Gallery/init(images:users:collections:tags:themes:comments:)``.
package struct PublishedImage: Sendable, Equatable {
    /// The database id, exactly as stored.
    package var id: String
    /// The id as one path-safe URL segment (see ``PathSegment``): `images/{pathSegment}/`.
    package var pathSegment: String
    /// The image URL; always `http` or `https`.
    package var url: String
    /// The description, trimmed; may be empty.
    package var description: String
    /// True when the description is not empty.
    package var hasDescription: Bool { !description.isEmpty }
    /// Index of the owner in ``Gallery/users``.
    package var owner: Int32
    /// Indices into ``Gallery/tags``, in the image's own order, without duplicates.
    package var tags: [Int32]
    /// Index into ``Gallery/themes``, or nil when the image has no theme.
    package var theme: Int32?
    /// When the image was uploaded.
    package var createdAt: Timestamp
    /// Distinct users (existing ones) who liked it.
    package var likeCount: Int32
    /// First index of its comments in ``Gallery/comments``.
    package var commentStart: Int32
    /// How many published comments it has.
    package var commentCount: Int32
    /// Indices into ``Gallery/collections`` of the published collections that hold it, ascending.
    package var collections: [Int32]
    /// The original's size in pixels, when the database gives it.
    package var pixelSize: PixelSize?

    package init(id: String, pathSegment: String, owner: Int32, url: String, description: String, tags: [Int32],
                theme: Int32?, createdAt: Timestamp, likeCount: Int32 = 0, commentStart: Int32 = 0,
                commentCount: Int32 = 0, collections: [Int32] = [], pixelSize: PixelSize? = nil) {
        self.pixelSize = pixelSize
        self.id = id
        self.pathSegment = pathSegment
        self.url = url
        self.description = description
        self.owner = owner
        self.tags = tags
        self.theme = theme
        self.createdAt = createdAt
        self.likeCount = likeCount
        self.commentStart = commentStart
        self.commentCount = commentCount
        self.collections = collections
    }
}

/// The size of an original image in pixels, from the optional `width` and `height` columns of
/// `images` (docs/database.md): it lets a page reserve the image's box before it loads.
package struct PixelSize: Sendable, Equatable {
    package var width: Int
    package var height: Int

    /// Largest side kept; a larger size is scaled down with its aspect ratio (what the pages use).
    static let largestSide = 65_535

    /// A size as stored: both sides at most ``largestSide`` (scaled down together), each at least 1.
    package init(width: Int, height: Int) {
        let larger = max(width, height)
        if larger > Self.largestSide {
            self.width = max(1, Int((Double(width) * Double(Self.largestSide) / Double(larger)).rounded()))
            self.height = max(1, Int((Double(height) * Double(Self.largestSide) / Double(larger)).rounded()))
        } else {
            self.width = max(1, width)
            self.height = max(1, height)
        }
    }

    /// The height of a rendition `width` pixels wide that keeps this aspect ratio (at least 1).
    package func height(atWidth width: Int) -> Int {
        max(1, Int((Double(height) * Double(width) / Double(self.width)).rounded()))
    }
}
