/// Groups raw tag (or theme) strings per docs/publishing.md and, once the published images are known,
/// makes the ``Term`` list: displayed spelling, slug, images.
///
/// Raw strings repeat a lot (a million images share a few thousand tags), so each distinct raw
/// string is cleaned and normalised once.
struct TermGrouper {
    /// What a raw string resolved to.
    struct Resolution {
        /// Index of its spelling, or -1 when nothing is left (an empty or blank tag).
        var spelling: Int32
        /// Control characters or noncharacters were removed.
        var removedControls: Bool
        /// The characters of a cleaned spelling longer than ``StoreConventions/maxTermCharacters``,
        /// cut to that; 0 when it was not cut.
        var cutFrom: Int = 0
    }

    private var cache: [ExactKey: Resolution] = [:]
    private var spellingIndex: [ExactKey: Int32] = [:]
    private var groupIndex: [ExactKey: Int32] = [:]
    /// Distinct cleaned spellings and the group each belongs to.
    private(set) var spellings: [String] = []
    private(set) var groupOfSpelling: [Int32] = []
    /// Distinct group keys.
    private(set) var keys: [String] = []

    mutating func resolve(_ raw: String) -> Resolution {
        let rawKey = ExactKey(raw)
        if let known = cache[rawKey] { return known }
        var cleaned = TextCleaner.singleLine(raw)
        var resolution = Resolution(spelling: -1, removedControls: cleaned.removedControls)
        if let cut = TextCleaner.cut(cleaned.text, maxCharacters: StoreConventions.maxTermCharacters) {
            cleaned.text = cut.text
            resolution.cutFrom = cut.characters
        }
        if !cleaned.text.isEmpty {
            let spellingKey = ExactKey(cleaned.text)
            if let known = spellingIndex[spellingKey] {
                resolution.spelling = known
            } else {
                let key = ExactKey(Slug.groupKey(cleaned.text))
                let group: Int32
                if let known = groupIndex[key] {
                    group = known
                } else {
                    group = Int32(keys.count)
                    keys.append(key.text)
                    groupIndex[key] = group
                }
                let index = Int32(spellings.count)
                spellings.append(cleaned.text)
                groupOfSpelling.append(group)
                spellingIndex[spellingKey] = index
                resolution.spelling = index
            }
        }
        cache[rawKey] = resolution
        return resolution
    }

    /// The group of a spelling.
    func group(of spelling: Int32) -> Int32 { groupOfSpelling[Int(spelling)] }

    /// Builds the terms from the spellings each published image carries: `spellings(i, visit)`
    /// calls `visit` with each spelling of image index `i` (already one spelling per group), so no
    /// list per image is needed. Returns the terms sorted by slug and, per group, its term index
    /// (-1 for groups no published image uses).
    func makeTerms(imageCount: Int, spellings spellingsOfImage: (Int, (Int32) -> Void) -> Void) -> (terms: [Term], termOfGroup: [Int32]) {
        var spellingCounts = [Int32](repeating: 0, count: spellings.count)
        var imagesOfGroup = [[Int32]](repeating: [], count: keys.count)
        for imageIndex in 0 ..< imageCount {
            spellingsOfImage(imageIndex) { spelling in
                spellingCounts[Int(spelling)] += 1
                imagesOfGroup[Int(groupOfSpelling[Int(spelling)])].append(Int32(imageIndex))
            }
        }
        var best = [Int32](repeating: -1, count: keys.count)
        for spelling in spellings.indices where spellingCounts[spelling] > 0 {
            let group = Int(groupOfSpelling[spelling])
            let current = best[group]
            if current < 0 {
                best[group] = Int32(spelling)
            } else {
                let currentCount = spellingCounts[Int(current)]
                let count = spellingCounts[spelling]
                if count > currentCount || (count == currentCount && spellings[spelling].utf8Precedes(spellings[Int(current)])) {
                    best[group] = Int32(spelling)
                }
            }
        }
        let usedGroups = keys.indices.filter { best[$0] >= 0 }
        let slugs = Slug.assign(keys: usedGroups.map { keys[$0] })
        var terms: [(group: Int, term: Term)] = []
        terms.reserveCapacity(usedGroups.count)
        for (offset, group) in usedGroups.enumerated() {
            terms.append((group, Term(name: spellings[Int(best[group])], slug: slugs[offset], images: imagesOfGroup[group])))
        }
        terms.sort { $0.term.slug.utf8Precedes($1.term.slug) }
        var termOfGroup = [Int32](repeating: -1, count: keys.count)
        for (index, entry) in terms.enumerated() { termOfGroup[entry.group] = Int32(index) }
        return (terms.map(\.term), termOfGroup)
    }
}
