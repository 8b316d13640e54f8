/// What a published gallery holds in memory, part by part (for `exhibit-bench memory`).
package struct GalleryFootprint: Sendable {
    /// (part, bytes), largest first.
    package var parts: [(name: String, bytes: Int)]
    package var total: Int { parts.reduce(0) { $0 + $1.bytes } }
}

extension Gallery {
    /// The bytes of the gallery's large parts: arrays by their element counts, texts by their
    /// length (texts spilled to a file count as 0: they are in the page cache, not the process).
    package var footprint: GalleryFootprint {
        func array<T>(_ values: [T]) -> Int { values.capacity * MemoryLayout<T>.stride }
        var parts: [(String, Int)] = [
            ("image records", array(images.records)),
            ("image tag lists", array(images.tagList)),
            ("image collection lists", array(images.collectionStarts) + array(images.collectionList)),
            ("ids and path segments (\(images.keys.isSpilled ? "spilled to a file" : "in memory"))",
             images.keys.isSpilled ? 0 : images.keys.count),
            ("URLs, descriptions, comments (\(images.texts.isSpilled ? "spilled to a file" : "in memory"))",
             images.texts.isSpilled ? 0 : images.texts.count),
            ("comment records", array(comments.records)),
            ("likes", likes.footprint),
            ("users", users.reduce(array(users)) { $0 + array($1.images) + array($1.collections) + $1.id.utf8.count * 2 + $1.name.utf8.count + $1.bio.utf8.count + ($1.avatarURL?.utf8.count ?? 0) }),
            ("collections", collections.reduce(array(collections)) { $0 + array($1.images) + $1.id.utf8.count * 2 + $1.name.utf8.count + $1.description.utf8.count }),
            ("tags and themes", (tags + themes).reduce(array(tags) + array(themes)) { $0 + array($1.images) }),
        ]
        parts.sort { $0.1 > $1.1 }
        return GalleryFootprint(parts: parts.map { (name: $0.0, bytes: $0.1) })
    }
}
