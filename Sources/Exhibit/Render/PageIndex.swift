/// The files of ``SiteRenderer``, enumerated arithmetically: a file index maps to (kind, entity,
/// page) by a binary search over a few sections and, inside paginated entities, over a prefix sum
/// of their page counts. Nothing per page is materialised; memory is one `Int` per user, tag,
/// theme and collection.
struct PageIndex: Sendable {
    enum Kind: Sendable, Equatable {
        case image, home, user, collectionIndex, collection, tagIndex, tag, themeIndex, theme
        case search, dateArchive, notFound, robots, sitemap, sitemapChunk, asset
    }

    /// A run of files of one kind. `pageStarts` (entities + 1 prefix sums) when entities have
    /// several pages each; empty otherwise (one file per entity, or one entity with `count` pages).
    struct Section: Sendable {
        let kind: Kind
        let start: Int
        let count: Int
        let pageStarts: [Int]
    }

    /// A located file. `page`: for chronological lists 0 = first page, k = archive page k; for
    /// forward lists the 1-based page number; for sitemap chunks the 0-based chunk; else 0.
    struct Address: Sendable, Equatable {
        let kind: Kind
        let entity: Int
        let page: Int
    }

    private(set) var sections: [Section] = []
    private(set) var count = 0

    /// Appends a section of `count` single files (one per entity, or one per page of one entity).
    mutating func add(_ kind: Kind, count: Int) {
        sections.append(Section(kind: kind, start: self.count, count: count, pageStarts: []))
        self.count += count
    }

    /// Appends a section of entities with `pages(entity)` pages each.
    mutating func add(_ kind: Kind, entities: Int, pages: (Int) -> Int) {
        var starts = [Int]()
        starts.reserveCapacity(entities + 1)
        var total = 0
        for entity in 0 ..< entities {
            starts.append(total)
            total += pages(entity)
        }
        starts.append(total)
        sections.append(Section(kind: kind, start: count, count: total, pageStarts: starts))
        count += total
    }

    func section(_ kind: Kind) -> Section? { sections.first { $0.kind == kind } }

    /// The section holding file `index` (0 ≤ index < count).
    func locate(_ index: Int) -> Address {
        precondition(index >= 0 && index < count, "file index \(index) out of range")
        // The last section that starts at or before `index` (the first starts at 0).
        var low = sections.partitioningIndex { $0.start > index } - 1
        // Empty sections share a start with the next one: skip forward to the one that holds it.
        while sections[low].count == 0 || index >= sections[low].start + sections[low].count { low += 1 }
        let section = sections[low]
        let offset = index - section.start
        guard !section.pageStarts.isEmpty else {
            switch section.kind {
            case .home, .sitemapChunk: return Address(kind: section.kind, entity: 0, page: offset)
            case .collectionIndex, .tagIndex, .themeIndex: return Address(kind: section.kind, entity: 0, page: offset + 1)
            default: return Address(kind: section.kind, entity: offset, page: 0)
            }
        }
        let starts = section.pageStarts
        // The last entity whose pages start at or before `offset` (the final start is the total).
        let entity = starts.partitioningIndex { $0 > offset } - 1
        let page = offset - starts[entity]
        if section.kind == .collection { return Address(kind: .collection, entity: entity, page: page + 1) }
        return Address(kind: section.kind, entity: entity, page: page)
    }
}
