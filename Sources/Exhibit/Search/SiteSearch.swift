import Foundation

/// Why a search over a generated site failed.
public enum SiteSearchError: Error, CustomStringConvertible, Equatable {
    /// A file of the index is missing or unreadable.
    case missing(String)
    /// A file of the index is not what this version writes.
    case corrupt(String)
    /// The index was written by a version with another format.
    case unsupportedFormat(Int)

    public var description: String {
        switch self {
        case .missing(let path): return "search index file \(path) is missing or unreadable (build the site first)"
        case .corrupt(let detail): return "search index is damaged: \(detail)"
        case .unsupportedFormat(let format): return "search index format \(format) is not supported (expected \(SearchIndexSource.formatVersion)); rebuild the site"
        }
    }
}

/// `exhibit search`: answers a query from the generated files alone, with the algorithm of the
/// search page (`search.js`), so both give the same image ids in the same order.
public enum SiteSearch {
    /// The ids of the images matching `query`, best first, at most `limit` of them.
    public static func query(siteDirectory: String, query: String, limit: Int) throws -> [String] {
        let reader = try SiteIndexReader(siteDirectory: siteDirectory)
        let ranked = try rank(query: query, documents: reader.manifest.documents, shardKeys: reader.manifest.shards,
                              loadShard: reader.shard)
        var ids: [String] = []
        for doc in ranked.prefix(max(0, limit)) { ids.append(try reader.documentID(doc)) }
        return ids
    }

    /// Image indices matching `query`, best first (README "Search", "Ranking").
    ///
    /// - Parameters:
    ///   - documents: the number of images in the index.
    ///   - shardKeys: the first token of each term shard (`""` first), in UTF-16 order.
    ///   - loadShard: the `[token, postings, …]` array of a shard.
    static func rank(query: String, documents: Int, shardKeys: [String],
                     loadShard: (Int) throws -> [String]) throws -> [Int] {
        let terms = SearchTokenizer.queryTerms(query)
        guard !terms.isEmpty, !shardKeys.isEmpty else { return [] }
        var total: [Int: Int]? = nil
        for term in terms {
            let key = Array(term.token.utf16)
            var scores: [Int: Int] = [:]
            var shard = shardIndex(of: key, in: shardKeys)
            while true {
                let entries = try loadShard(shard)
                guard entries.count % 2 == 0 else { throw SiteSearchError.corrupt("term shard \(shard) has an odd length") }
                for i in stride(from: 0, to: entries.count, by: 2) {
                    let token = Array(entries[i].utf16)
                    let exact = token == key
                    guard exact || (term.isPrefix && token.starts(with: key)) else { continue }
                    let postings = try SearchPostings.decode(entries[i + 1])
                    let idf = inverseDocumentFrequency(documents: documents, frequency: postings.count)
                    let factor = idf * (exact && term.isPrefix ? SearchWeights.exactPrefixBonus : 1)
                    for (doc, weight) in postings {
                        let score = weight * factor
                        if score > scores[doc, default: 0] { scores[doc] = score }
                    }
                }
                shard += 1
                guard term.isPrefix, shard < shardKeys.count, Array(shardKeys[shard].utf16).starts(with: key) else { break }
            }
            if let sums = total {
                var next: [Int: Int] = [:]
                for (doc, score) in sums { if let more = scores[doc] { next[doc] = score + more } }
                total = next
            } else {
                total = scores
            }
            if total!.isEmpty { return [] }
        }
        // Ties: the newest first, i.e. the highest document number (documents count from the oldest).
        return (total ?? [:]).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key > $1.key }.map(\.key)
    }

    /// `1 + ⌊log₂(documents / frequency)⌋` with integer division: rarer tokens weigh more.
    static func inverseDocumentFrequency(documents: Int, frequency: Int) -> Int {
        let ratio = frequency > 0 ? documents / frequency : 0
        return ratio <= 1 ? 1 : Int.bitWidth - ratio.leadingZeroBitCount
    }

    /// The shard that holds `token`: the last whose first token is ≤ it (UTF-16 order).
    static func shardIndex(of token: [UInt16], in keys: [String]) -> Int {
        var low = 0, high = keys.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if Array(keys[mid].utf16).lexicographicallyPrecedes(token) || Array(keys[mid].utf16) == token { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

/// `search/index.json`, as far as a reader needs it.
struct SearchManifest: Decodable {
    var format: Int
    var documents: Int
    var docChunkSize: Int
    var shards: [String]
}

/// Reads the files of a generated index, each at most once.
final class SiteIndexReader {
    let directory: URL
    let manifest: SearchManifest
    private var shards: [Int: [String]] = [:]
    private var chunks: [Int: [[String]]] = [:]

    init(siteDirectory: String) throws {
        directory = URL(fileURLWithPath: siteDirectory).appendingPathComponent("search")
        let probe = try Self.decode(SearchFormatProbe.self, directory.appendingPathComponent("index.json"))
        guard probe.format == SearchIndexSource.formatVersion else { throw SiteSearchError.unsupportedFormat(probe.format) }
        manifest = try Self.decode(SearchManifest.self, directory.appendingPathComponent("index.json"))
        guard manifest.docChunkSize > 0, manifest.documents >= 0 else { throw SiteSearchError.corrupt("index.json has a bad chunk size") }
    }

    func shard(_ index: Int) throws -> [String] {
        if let cached = shards[index] { return cached }
        let entries = try Self.decode([String].self, directory.appendingPathComponent("terms/\(index).json"))
        shards[index] = entries
        return entries
    }

    func documentID(_ doc: Int) throws -> String {
        let chunk = doc / manifest.docChunkSize
        let records: [[String]]
        if let cached = chunks[chunk] {
            records = cached
        } else {
            records = try Self.decode([[String]].self, directory.appendingPathComponent("docs/\(chunk).json"))
            chunks[chunk] = records
        }
        let offset = doc % manifest.docChunkSize
        guard offset < records.count, let id = records[offset].first else {
            throw SiteSearchError.corrupt("docs/\(chunk).json has no image \(doc)")
        }
        return id
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ url: URL) throws -> T {
        guard let data = try? Data(contentsOf: url) else { throw SiteSearchError.missing(url.path) }
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw SiteSearchError.corrupt("\(url.lastPathComponent) is not valid (\(error))")
        }
    }
}

private struct SearchFormatProbe: Decodable { var format: Int }
