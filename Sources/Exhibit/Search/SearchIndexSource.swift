/// The static search index (docs/search.md): the stand-in for the platform's Redis `search:{query}`.
///
/// Files, all under `search/` (format described in README "Search"):
/// - `index.json`: format version, tokenizer parameters, weights, the number of images, the
///   document chunk size, and the shard map: the first token of each term shard;
/// - `terms/N.json`: a flat JSON array `[token, postings, token, postings, …]` for a contiguous
///   range of tokens in UTF-16 order (so the tokens sharing a prefix sit in neighbouring shards);
/// - `docs/N.json`: for documents `N × chunk ..< (N + 1) × chunk`, `[id, thumbnail, alt]` (the
///   thumbnail with `{w}` for its width when it has several sizes; plus
///   the path segment when it differs from the id).
///
/// Documents are numbered from the oldest published image (0) to the newest, and term shards are
/// cut where a token's hash says so (content-defined), so publishing one new image rewrites
/// `index.json`, the last document chunk and the few term shards holding its words — not the
/// whole index.
///
/// Built from the published ``Gallery`` alone: nothing else can appear in it.
package struct SearchIndexSource: ArtifactSource {
    package let kind = "search"
    /// Folder of the index, relative to the output folder.
    package static let directory = "search/"
    /// Format version written to `index.json`; readers refuse other versions.
    package static let formatVersion = 2

    let gallery: Gallery
    let renditions: ImageRenditions
    let indexJSON: [UInt8]
    let entryBytes: [UInt8]
    let entryOffsets: [Int]
    /// First entry of each term shard, plus the entry count.
    let shardStarts: [Int]
    /// Images per document chunk.
    package let docChunkSize: Int

    /// Maps image URLs for the demo's offline media (a root-relative path); nil for real sites.
    let imageSource: (@Sendable (String) -> String)?

    /// - Parameter imageSource: as ``SiteRenderer``'s: maps an image URL to an absolute URL or a
    ///   path relative to the site root (the search page prefixes the latter with its root).
    package init(gallery: Gallery, config: SiteConfig, imageSource: (@Sendable (String) -> String)? = nil) {
        self.gallery = gallery
        self.renditions = ImageRenditions(config: config)
        self.imageSource = imageSource
        let builder = SearchIndexBuilder(gallery: gallery)
        entryBytes = builder.entryBytes
        entryOffsets = builder.entryOffsets
        let entryCount = entryOffsets.count - 1
        let target = Self.shardTargetBytes(totalBytes: entryBytes.count)
        var starts: [Int] = [0]
        var shardStart = 0
        for entry in 1 ..< max(1, entryCount) {
            let size = entryOffsets[entry] - entryOffsets[shardStart]
            let candidate = XXHash64.hash(builder.sortedTokens[entry]) % Self.shardCutModulus == 0
            if (candidate && size >= target) || size >= target * Self.shardHardLimitFactor {
                starts.append(entry)
                shardStart = entry
            }
        }
        if entryCount == 0 { starts = [0] }
        starts.append(entryCount)
        shardStarts = starts
        docChunkSize = Self.docChunkSize(imageCount: gallery.images.count)

        var json = "{\"format\":\(Self.formatVersion),\"documents\":\(gallery.images.count),\"docChunkSize\":\(docChunkSize)"
        json += ",\"maxTokenLength\":\(SearchTokenizer.maxTokenLength)"
        json += ",\"strip\":[" + SearchTokenizer.stripRanges.map { "[\($0.lowerBound),\($0.upperBound)]" }.joined(separator: ",") + "]"
        json += ",\"folds\":[" + SearchTokenizer.folds.map { "[" + Escape.jsonString(String($0.from)) + "," + Escape.jsonString($0.to) + "]" }.joined(separator: ",") + "]"
        json += ",\"cjk\":[" + SearchTokenizer.cjkRanges.map { "[\($0.lowerBound),\($0.upperBound)]" }.joined(separator: ",") + "]"
        json += ",\"weights\":{\"tag\":\(SearchWeights.tag),\"theme\":\(SearchWeights.theme),\"description\":\(SearchWeights.description)"
        json += ",\"owner\":\(SearchWeights.owner),\"termFrequencyCap\":\(SearchWeights.termFrequencyCap),\"exactPrefixBonus\":\(SearchWeights.exactPrefixBonus)}"
        let firstTokens = starts.dropLast().enumerated().map { $0.offset == 0 ? "" : builder.sortedTokens[$0.element] }
        json += ",\"shards\":[" + firstTokens.map { Escape.jsonString($0) }.joined(separator: ",") + "]}\n"
        indexJSON = Array(json.utf8)
    }

    /// Term shards are cut before a token whose hash is a multiple of this, once they hold at
    /// least the target size: boundaries depend on the tokens near them only, so a posting
    /// list growing in one shard does not move the boundaries of the shards after it.
    static let shardCutModulus: UInt64 = 4
    /// A shard reaching this many times the target is cut whatever the next token.
    static let shardHardLimitFactor = 4

    /// Term shards are cut once they reach this size (raw bytes, ≈ 5 KiB gzipped): small enough
    /// that a query downloads little; ~200 shards for 100,000 images, ≤ ~2,000 for a million.
    /// Rounded down to a multiple of 4 KiB so that it moves rarely as the gallery grows.
    static func shardTargetBytes(totalBytes: Int) -> Int { max(12 * 1024, totalBytes / 2000 / 4096 * 4096) }

    /// Images per document chunk: 64, so the first page of results (24) costs at most 24 small
    /// chunks (≈ 4 KiB gzipped each) while a 100,000-image gallery has ~1,600 chunk files.
    package static func docChunkSize(imageCount: Int) -> Int {
        64
    }

    /// Files of the term index (`search/terms/N.json`).
    package var termShardCount: Int { shardStarts.count - 1 }
    /// Files of the document store (`search/docs/N.json`).
    package var docChunkCount: Int { (gallery.images.count + docChunkSize - 1) / docChunkSize }

    package var count: Int { 1 + termShardCount + docChunkCount }

    package func path(_ index: Int) -> String {
        if index == 0 { return Self.directory + "index.json" }
        if index <= termShardCount { return Self.directory + "terms/\(index - 1).json" }
        return Self.directory + "docs/\(index - 1 - termShardCount).json"
    }

    package func render(_ index: Int, into buffer: inout [UInt8]) throws {
        if index == 0 {
            buffer.append(contentsOf: indexJSON)
        } else if index <= termShardCount {
            let shard = index - 1
            buffer.append(UInt8(ascii: "["))
            for entry in shardStarts[shard] ..< shardStarts[shard + 1] {
                if entry > shardStarts[shard] { buffer.append(UInt8(ascii: ",")) }
                buffer.append(contentsOf: entryBytes[entryOffsets[entry] ..< entryOffsets[entry + 1]])
            }
            JSONBytes.appendRaw("]\n", to: &buffer)
        } else {
            renderDocChunk(index - 1 - termShardCount, into: &buffer)
        }
    }

    private func renderDocChunk(_ chunk: Int, into buffer: inout [UInt8]) {
        let start = chunk * docChunkSize
        let end = min(gallery.images.count, start + docChunkSize)
        buffer.append(UInt8(ascii: "["))
        let newest = gallery.images.count - 1
        for i in start ..< end {
            let image = newest - i
            let url = gallery.images.url(image).utf8String
            buffer.append(UInt8(ascii: "["))
            JSONBytes.appendString(gallery.images.id(image), to: &buffer)
            buffer.append(UInt8(ascii: ","))
            // A resizable thumbnail is a template with `{w}` for its width (the script makes the
            // srcset of grid cells from it); otherwise the URL itself.
            JSONBytes.appendString(imageSource.map { $0(url) } ?? renditions.thumbnailTemplate(for: url) ?? renditions.thumbnailURL(for: url), to: &buffer)
            buffer.append(UInt8(ascii: ","))
            JSONBytes.appendString(gallery.shortAltText(image), to: &buffer)
            if gallery.images.hasOwnPathSegment(image) {
                buffer.append(UInt8(ascii: ","))
                JSONBytes.appendString(gallery.images.pathSegment(image), to: &buffer)
            }
            JSONBytes.appendRaw(i + 1 < end ? "],\n" : "]", to: &buffer)
        }
        JSONBytes.appendRaw("]\n", to: &buffer)
    }
}
