/// Relevance weights of the fields of an image (README "Search"): a token's weight in an image is
/// `Σ field weight × min(occurrences in that field, termFrequencyCap)`. The cap is 1: a field
/// counts once however often it repeats a word, which keeps repetition from gaming the ranking
/// and keeps few distinct weights, so ties go to the newest images (and their records sit
/// together in the document chunks).
package enum SearchWeights {
    package static let tag = 3
    package static let theme = 3
    package static let description = 1
    package static let owner = 1
    /// Occurrences of a token in one field counted at most this many times.
    package static let termFrequencyCap = 1
    /// The last query word scores double on images where it is a whole token, not only a prefix.
    package static let exactPrefixBonus = 2
}

/// The inverted index of a gallery, in memory: sorted tokens and their posting lists, already
/// encoded (``SearchPostings``) and laid out as JSON entries, ready to be cut into shards.
struct SearchIndexBuilder {
    /// `"token","postings"` of every token, in token order (UTF-16 code unit order), back to back.
    var entryBytes: [UInt8] = []
    /// Start of each entry in `entryBytes`, plus the end.
    var entryOffsets: [Int] = [0]
    /// The tokens, sorted.
    var sortedTokens: [String] = []

    init(gallery: Gallery) {
        var ids = SearchTokenIDs()
        func counted(_ text: String) -> [(token: Int32, count: Int)] {
            var result: [(token: Int32, count: Int)] = []
            var tokenIDs: [Int32] = []
            ids.appendIDs(of: text, to: &tokenIDs)
            for tokenID in tokenIDs {
                if let i = result.firstIndex(where: { $0.token == tokenID }) { result[i].count += 1 } else { result.append((tokenID, 1)) }
            }
            return result
        }
        // Tags, themes and names are tokenized once each, not once per image.
        let tagTokens = gallery.tags.map { counted($0.name) }
        let themeTokens = gallery.themes.map { counted($0.name) }
        let ownerTokens = gallery.users.map { counted($0.name) }

        // Per image: (token << 5 | weight), in image order; `imageEnds` closes each image.
        var pairs: [UInt32] = []
        pairs.reserveCapacity(gallery.images.count * 16)
        var slotOfToken: [Int32] = []            // token → slot in `fields` for the current image
        var imageOfSlot: [Int32] = []            // token → image that last used its slot
        var fields: [(token: Int32, tag: Int, theme: Int, description: Int, owner: Int)] = []
        let cap = SearchWeights.termFrequencyCap
        var descriptionTokens: [Int32] = []

        // Documents are numbered from the oldest image (0) to the newest, so publishing a new
        // image appends to the index: no other document number, posting gap or chunk changes.
        let images = gallery.images
        for imageIndex in 0 ..< images.count {
            let image = images.count - 1 - imageIndex
            fields.removeAll(keepingCapacity: true)
            func slot(_ token: Int32) -> Int {
                let t = Int(token)
                if t >= slotOfToken.count {
                    slotOfToken.append(contentsOf: repeatElement(0, count: t + 1 - slotOfToken.count))
                    imageOfSlot.append(contentsOf: repeatElement(-1, count: t + 1 - imageOfSlot.count))
                }
                if imageOfSlot[t] == Int32(imageIndex) { return Int(slotOfToken[t]) }
                imageOfSlot[t] = Int32(imageIndex)
                slotOfToken[t] = Int32(fields.count)
                fields.append((token, 0, 0, 0, 0))
                return fields.count - 1
            }
            for position in images.tagRange(image) {
                for (token, count) in tagTokens[Int(images.tagList[position])] { fields[slot(token)].tag += count }
            }
            if let theme = images.theme(image) { for (token, count) in themeTokens[theme] { fields[slot(token)].theme += count } }
            if images.hasDescription(image) {
                descriptionTokens.removeAll(keepingCapacity: true)
                ids.appendIDs(of: images.description(image).utf8String, to: &descriptionTokens)
                for token in descriptionTokens { fields[slot(token)].description += 1 }
            }
            if images.owner(image) < ownerTokens.count {
                for (token, count) in ownerTokens[images.owner(image)] { fields[slot(token)].owner += count }
            }
            for field in fields {
                let weight = SearchWeights.tag * min(field.tag, cap) + SearchWeights.theme * min(field.theme, cap)
                    + SearchWeights.description * min(field.description, cap) + SearchWeights.owner * min(field.owner, cap)
                pairs.append(UInt32(field.token) << 5 | UInt32(weight))
            }
            pairs.append(UInt32.max)
        }
        slotOfToken = []
        imageOfSlot = []
        let tokens = ids.tokens
        ids = SearchTokenIDs()

        // Counting sort into per-token posting lists (document << 5 | weight), documents ascending.
        var starts = [Int](repeating: 0, count: tokens.count + 1)
        for pair in pairs where pair != UInt32.max { starts[Int(pair >> 5) + 1] += 1 }
        for i in 0 ..< tokens.count { starts[i + 1] += starts[i] }
        var fill = starts
        var postings = [UInt32](repeating: 0, count: starts[tokens.count])
        var imageIndex: UInt32 = 0
        for pair in pairs {
            if pair == UInt32.max { imageIndex += 1; continue }
            let token = Int(pair >> 5)
            postings[fill[token]] = imageIndex << 5 | (pair & 31)
            fill[token] += 1
        }
        pairs = []
        fill = []

        // Tokens in UTF-16 code unit order: the order of JavaScript's `<`.
        let utf16 = tokens.map { Array($0.utf16) }
        let order = tokens.indices.sorted { utf16[$0].lexicographicallyPrecedes(utf16[$1]) }
        sortedTokens = order.map { tokens[$0] }

        entryBytes.reserveCapacity(postings.count * 2 + tokens.count * 16)
        entryOffsets.reserveCapacity(tokens.count + 1)
        var groupCounts = [Int](repeating: 0, count: 32)
        for token in order {
            entryBytes.append(contentsOf: Escape.jsonString(tokens[token]).utf8)
            entryBytes.append(contentsOf: Array(",\"".utf8))
            let list = postings[starts[token] ..< starts[token + 1]]
            for i in groupCounts.indices { groupCounts[i] = 0 }
            for entry in list { groupCounts[Int(entry & 31)] += 1 }
            for weight in stride(from: 31, through: 1, by: -1) where groupCounts[weight] > 0 {
                SearchPostings.appendNumber(weight, to: &entryBytes)
                SearchPostings.appendNumber(groupCounts[weight], to: &entryBytes)
                var previous = -1
                for entry in list where Int(entry & 31) == weight {
                    let doc = Int(entry >> 5)
                    SearchPostings.appendNumber(doc - previous - 1, to: &entryBytes)
                    previous = doc
                }
            }
            entryBytes.append(UInt8(ascii: "\""))
            entryOffsets.append(entryBytes.count)
        }
    }
}

/// Numbers distinct tokens in order of first appearance. ASCII tokens (nearly all) are looked
/// up by their bytes in an open-addressing table over one byte blob — a hash and a compare, no
/// `String` and no dictionary probe; others in a dictionary, whose `String` equality (canonical
/// equivalence) is the rule the index always used. An ASCII string equals no non-ASCII token,
/// so the two never disagree. (Sizes follow the gallery's vocabulary, not its images.)
struct SearchTokenIDs {
    /// The tokens, by id.
    private(set) var tokens: [String] = []
    private var others: [String: Int32] = [:]
    private var blob: [UInt8] = []
    /// ASCII token `id` is `blob[starts[id] ..< starts[id] + lengths[id]]` (0 ..< 0 for others).
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var hashes: [UInt64] = []
    /// Ids of ASCII tokens (−1: empty), indexed by hash.
    private var table = [Int32](repeating: -1, count: 1024)
    private var asciiCount = 0

    /// The id of a token of ASCII bytes, a new one the first time it is seen.
    mutating func id(_ token: UnsafeBufferPointer<UInt8>) -> Int32 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 // FNV-1a
        for byte in token { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        hash ^= hash >> 29
        let mask = table.count - 1
        var position = Int(truncatingIfNeeded: hash) & mask
        while true {
            let existing = table[position]
            if existing < 0 { break }
            let id = Int(existing)
            if hashes[id] == hash && lengths[id] == token.count && equal(id, token) { return existing }
            position = (position + 1) & mask
        }
        let new = Int32(tokens.count)
        tokens.append(String(decoding: token, as: UTF8.self))
        starts.append(blob.count)
        lengths.append(token.count)
        blob.append(contentsOf: token)
        hashes.append(hash)
        table[position] = new
        asciiCount += 1
        if asciiCount * 2 > table.count { grow() }
        return new
    }

    /// Appends the id of each token of `text` (``SearchTokenizer/indexTokens(_:)``, in order).
    mutating func appendIDs(of text: String, to out: inout [Int32]) {
        SearchTokenizer.forEachIndexToken(text, ascii: { out.append(id($0)) }, other: { out.append(id($0)) })
    }

    /// The id of a token given as a string, a new one the first time it is seen.
    mutating func id(_ token: String) -> Int32 {
        var token = token
        if token.utf8.allSatisfy({ $0 < 0x80 }) { return token.withUTF8 { id($0) } }
        if let existing = others[token] { return existing }
        let new = Int32(tokens.count)
        others[token] = new
        tokens.append(token)
        starts.append(0)
        lengths.append(0)
        hashes.append(0)
        return new
    }

    private func equal(_ id: Int, _ token: UnsafeBufferPointer<UInt8>) -> Bool {
        blob.withUnsafeBufferPointer { blob in
            let start = starts[id]
            for offset in 0 ..< token.count where blob[start + offset] != token[offset] { return false }
            return true
        }
    }

    private mutating func grow() {
        table = [Int32](repeating: -1, count: table.count * 2)
        let mask = table.count - 1
        for id in hashes.indices where lengths[id] > 0 {
            var position = Int(truncatingIfNeeded: hashes[id]) & mask
            while table[position] >= 0 { position = (position + 1) & mask }
            table[position] = Int32(id)
        }
    }
}
