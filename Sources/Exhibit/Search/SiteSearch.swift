import Foundation

/// Why a search over a generated site failed.
package enum SiteSearchError: Error, CustomStringConvertible, Equatable {
    /// A file of the index is missing or unreadable.
    case missing(String)
    /// Part of a file of the index is not what this version writes (which file is not known yet).
    case corrupt(String)
    /// A file of the index is not what this version writes: the site folder, the file below it
    /// (`search/terms/3.json`) and what is wrong, in one line.
    case damaged(site: String, file: String, reason: String)
    /// The index was written by a version with another format.
    case unsupportedFormat(Int)

    package var description: String {
        switch self {
        case .missing(let path): return "search index file \(path) is missing or unreadable (build the site first)"
        case .corrupt(let detail): return "search index is damaged: \(detail)"
        case .damaged(let site, let file, let reason):
            return "the search index in \(site) is damaged (\(file): \(reason)); rebuild the site"
        case .unsupportedFormat(let format): return "search index format \(format) is not supported (expected \(SearchIndexSource.formatVersion)); rebuild the site"
        }
    }
}

/// `exhibit search`: answers a query from the generated files alone, with the algorithm of the
/// search page (`search.js`), so both give the same image ids in the same order.
package enum SiteSearch {
    /// The ids of the images matching `query`, best first, at most `limit` of them.
    ///
    /// Every file of the index is untrusted: anything this version would not have written is a
    /// ``SiteSearchError/damaged(site:file:reason:)``, never a trap.
    package static func query(siteDirectory: String, query: String, limit: Int) throws -> [String] {
        do {
            let reader = try SiteIndexReader(siteDirectory: siteDirectory)
            let ranked = try rank(query: query, documents: reader.manifest.documents, shardKeys: reader.manifest.shards,
                                  loadShard: reader.shard)
            var ids: [String] = []
            for doc in ranked.prefix(max(0, limit)) { ids.append(try reader.documentID(doc)) }
            return ids
        } catch SiteSearchError.damaged(_, let file, let reason) {
            throw SiteSearchError.damaged(site: siteDirectory, file: file, reason: reason)
        }
    }

    /// Image indices matching `query`, best first (README "Search", "Ranking").
    ///
    /// - Parameters:
    ///   - documents: the number of images in the index.
    ///   - shardKeys: the first token of each term shard (`""` first), in UTF-16 order.
    ///   - loadShard: the `[token, postings, …]` array of a shard.
    package static func rank(query: String, documents: Int, shardKeys: [String],
                             loadShard: (Int) throws -> [String]) throws -> [Int] {
        let terms = SearchTokenizer.queryTerms(query)
        guard !terms.isEmpty, !shardKeys.isEmpty else { return [] }
        var total: [Int: Int]? = nil
        for term in terms {
            let key = Array(term.token.utf16)
            var scores: [Int: Int] = [:]
            var shard = shardIndex(of: key, in: shardKeys)
            while true {
                do {
                    try score(term: term, key: key, entries: loadShard(shard), documents: documents, into: &scores)
                } catch SiteSearchError.corrupt(let reason) {
                    throw SiteSearchError.damaged(site: "", file: "search/terms/\(shard).json", reason: reason)
                }
                shard += 1
                guard term.isPrefix, shard < shardKeys.count, Array(shardKeys[shard].utf16).starts(with: key) else { break }
            }
            if let sums = total {
                var next: [Int: Int] = [:]
                for (doc, score) in sums {
                    // Both at most Int.max / 2 (see `score`): the sum cannot overflow.
                    if let more = scores[doc] { next[doc] = min(score + more, Int.max / 2) }
                }
                total = next
            } else {
                total = scores
            }
            if total!.isEmpty { return [] }
        }
        // Ties: the newest first, i.e. the highest document number (documents count from the oldest).
        return (total ?? [:]).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key > $1.key }.map(\.key)
    }

    /// Adds the scores of one shard's entries that match `term`; a score is at most Int.max / 2.
    private static func score(term: SearchTokenizer.QueryTerm, key: [UInt16], entries: [String], documents: Int,
                              into scores: inout [Int: Int]) throws {
        guard entries.count % 2 == 0 else { throw SiteSearchError.corrupt("odd number of entries") }
        for i in stride(from: 0, to: entries.count, by: 2) {
            let token = Array(entries[i].utf16)
            let exact = token == key
            guard exact || (term.isPrefix && token.starts(with: key)) else { continue }
            let postings = try SearchPostings.decode(entries[i + 1])
            let idf = inverseDocumentFrequency(documents: documents, frequency: postings.count)
            let factor = idf * (exact && term.isPrefix ? SearchWeights.exactPrefixBonus : 1)
            for (doc, weight) in postings {
                guard doc < documents else {
                    throw SiteSearchError.corrupt("image number \(doc) is out of range (the index has \(documents))")
                }
                guard weight <= Int.max / 2 / factor else { throw SiteSearchError.corrupt("weight \(weight) is out of range") }
                let score = weight * factor
                if score > scores[doc, default: 0] { scores[doc] = score }
            }
        }
    }

    /// `1 + ⌊log₂(documents / frequency)⌋` with integer division: rarer tokens weigh more.
    static func inverseDocumentFrequency(documents: Int, frequency: Int) -> Int {
        let ratio = frequency > 0 ? documents / frequency : 0
        return ratio <= 1 ? 1 : Int.bitWidth - ratio.leadingZeroBitCount
    }

    /// The shard that holds `token`: the last whose first token is ≤ it (UTF-16 order).
    static func shardIndex(of token: [UInt16], in keys: [String]) -> Int {
        max(0, keys.partitioningIndex { token.lexicographicallyPrecedes($0.utf16) } - 1)
    }
}

/// `search/index.json`, as far as a reader needs it.
package struct SearchManifest: Decodable {
    /// The format version.
    package var format: Int
    /// Images in the index.
    package var documents: Int
    /// Images per document chunk.
    package var docChunkSize: Int
    /// The first token of each term shard.
    package var shards: [String]
}

/// Reads the files of a generated index, each at most once.
final class SiteIndexReader {
    let directory: URL
    let manifest: SearchManifest
    private var shards: [Int: [String]] = [:]
    private var chunks: [Int: [[String]]] = [:]

    init(siteDirectory: String) throws {
        directory = URL(fileURLWithPath: siteDirectory).appendingPathComponent("search")
        let probe = try Self.decode(SearchFormatProbe.self, "index.json", in: directory)
        guard probe.format == SearchIndexSource.formatVersion else { throw SiteSearchError.unsupportedFormat(probe.format) }
        manifest = try Self.decode(SearchManifest.self, "index.json", in: directory)
        guard manifest.docChunkSize > 0 else { throw Self.damaged("index.json", "docChunkSize \(manifest.docChunkSize) is not positive") }
        guard manifest.documents >= 0 else { throw Self.damaged("index.json", "documents \(manifest.documents) is negative") }
    }

    func shard(_ index: Int) throws -> [String] {
        if let cached = shards[index] { return cached }
        let entries = try Self.decode([String].self, "terms/\(index).json", in: directory)
        shards[index] = entries
        return entries
    }

    func documentID(_ doc: Int) throws -> String {
        let chunk = doc / manifest.docChunkSize
        let records: [[String]]
        if let cached = chunks[chunk] {
            records = cached
        } else {
            records = try Self.decode([[String]].self, "docs/\(chunk).json", in: directory)
            chunks[chunk] = records
        }
        let offset = doc % manifest.docChunkSize
        guard offset < records.count, let id = records[offset].first else {
            throw Self.damaged("docs/\(chunk).json", "no record for image \(doc)")
        }
        return id
    }

    static func damaged(_ file: String, _ reason: String) -> SiteSearchError {
        .damaged(site: "", file: "search/" + file, reason: reason)
    }

    /// Decodes `file` (below `search/`); what is wrong with it is told in one short line.
    private static func decode<T: Decodable>(_ type: T.Type, _ file: String, in directory: URL) throws -> T {
        let url = directory.appendingPathComponent(file)
        guard let data = try? Data(contentsOf: url) else { throw SiteSearchError.missing(url.path) }
        do { return try JSONDecoder().decode(type, from: data) } catch let error as DecodingError {
            throw damaged(file, reason(error))
        } catch {
            throw damaged(file, "not valid JSON")
        }
    }

    /// A one-line reason for a decoding error (the decoder's own texts span lines and quote input).
    static func reason(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let parts = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }
            let joined = parts.joined()
            return joined.isEmpty ? "the top level" : (joined.hasPrefix(".") ? String(joined.dropFirst()) : joined)
        }
        switch error {
        case .typeMismatch(let type, let context): return "expected \(describe(type)) at \(path(context))"
        case .valueNotFound(let type, let context): return "expected \(describe(type)) at \(path(context)), found null"
        case .keyNotFound(let key, _): return "no \"\(key.stringValue)\""
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON (truncated or damaged)" : "bad value at \(path(context))"
        @unknown default: return "not valid"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        if type == Int.self { return "a whole number" }
        if type == String.self { return "a text" }
        return type is any Collection.Type ? "an array" : "a value of another type"
    }
}

private struct SearchFormatProbe: Decodable { var format: Int }
