import Foundation
import Testing
@testable import Exhibit

/// `exhibit search` reads files anyone could have edited: any damage is one clear error
/// (`SiteSearchError.damaged`, exit 2), never a trap, for every kind of tampering.
@Suite struct HostileSearchIndexTests {
    /// A site with a real index of a few images; returns its folder.
    static func site() throws -> String {
        let images = (0..<12).map { i in
            SearchFixtures.Image(id: "img\(i)", description: "sunset over the sea \(i)", tags: ["beach", "t\(i % 3)"])
        }
        return try SearchFixtures.writeSite(SearchIndexSource(gallery: SearchFixtures.gallery(images), config: SiteConfig()))
    }

    static func write(_ text: String, _ file: String, in site: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: site + "/search/" + file))
    }

    /// The error of a query, which must be a `damaged` one naming `file`, in one line.
    static func expectDamaged(_ site: String, _ file: String, query: String = "sunset",
                              sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let ids = try SiteSearch.query(siteDirectory: site, query: query, limit: 100)
            Issue.record("no error; found \(ids)", sourceLocation: sourceLocation)
        } catch let error as SiteSearchError {
            guard case .damaged(let errorSite, let errorFile, let reason) = error else {
                Issue.record("not a damaged-index error: \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(errorSite == site && errorFile == "search/" + file, "\(error)", sourceLocation: sourceLocation)
            #expect(!reason.isEmpty && !error.description.contains("\n"), "\(error)", sourceLocation: sourceLocation)
            #expect(error.description == "the search index in \(site) is damaged (search/\(file): \(reason)); rebuild the site",
                    sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    /// A posting number of 12 base-32 digits: 2^60 − 1, the largest a list can hold.
    static let huge = String(repeating: "_", count: 11) + "V"

    @Test func postingGapsThatOverflowAreDamageNotATrap() throws {
        let site = try Self.site()
        // Weight 1, ten images, every gap 2^60 − 1: the image numbers overflow Int.
        try Self.write(#"["sunset","1A\#(String(repeating: Self.huge, count: 10))"]"#, "terms/0.json", in: site)
        Self.expectDamaged(site, "terms/0.json")
    }

    @Test func hugeWeightsAndOutOfRangeImagesAreDamage() throws {
        let site = try Self.site()
        try Self.write(#"["sunset","\#(Self.huge)10"]"#, "terms/0.json", in: site)
        Self.expectDamaged(site, "terms/0.json")
        try Self.write(#"["sunset","11Z"]"#, "terms/0.json", in: site)
        Self.expectDamaged(site, "terms/0.json")
    }

    @Test func badShardShapesAreDamage() throws {
        let site = try Self.site()
        let cases = [
            #"["sunset"]"#, #"["sunset",12]"#, #"{"sunset":"1"}"#, #"["sunset","1"#, "",
            #"["sunset","!!"]"#, #"["sunset","1"#.replacingOccurrences(of: "1", with: "\u{0}"),
            String(repeating: "[", count: 100_000),
        ]
        for text in cases {
            try Self.write(text, "terms/0.json", in: site)
            Self.expectDamaged(site, "terms/0.json")
        }
        try Data([0x5B, 0x22, 0xFF, 0xFE, 0x22, 0x5D]).write(to: URL(fileURLWithPath: site + "/search/terms/0.json"))
        Self.expectDamaged(site, "terms/0.json")
    }

    @Test func badManifestsAreDamage() throws {
        let site = try Self.site()
        let original = try String(contentsOfFile: site + "/search/index.json", encoding: .utf8)
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(original.utf8)) as? [String: Any])
        func with(_ key: String, _ value: Any) throws -> String {
            var copy = manifest
            copy[key] = value
            return String(decoding: try JSONSerialization.data(withJSONObject: copy), as: UTF8.self)
        }
        let cases = [
            try with("documents", "many"), try with("documents", -5), try with("docChunkSize", 0),
            try with("docChunkSize", -1), try with("shards", 3), try with("shards", [1, 2]),
            String(original.prefix(original.count / 2)),
            original.replacingOccurrences(of: "\"documents\"", with: "\"documents\":1e400,\"x\""),
        ]
        for text in cases {
            try Self.write(text, "index.json", in: site)
            Self.expectDamaged(site, "index.json")
        }
    }

    @Test func badDocumentChunksAreDamage() throws {
        let site = try Self.site()
        for text in [#"{"a":1}"#, "[[1]]", "[[]]", "[", "[]"] {
            try Self.write(text, "docs/0.json", in: site)
            Self.expectDamaged(site, "docs/0.json")
        }
    }

    @Test func mutatedShardBytesNeverTrap() throws {
        let site = try Self.site()
        let path = site + "/search/terms/0.json"
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(try SiteSearch.query(siteDirectory: site, query: "sunset", limit: 100).count == 12)
        var random = SplitMix(seed: 0x5EA2C4)
        let alphabet = Array("0123456789AZaz_-\"[],:\\ \u{7F}".utf8) + [0x00, 0xFF, 0xC3]
        var damaged = 0
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<(1 + random.next(4)) {
                let at = random.next(bytes.count)
                switch random.next(4) {
                case 0: bytes[at] = alphabet[random.next(alphabet.count)]
                case 1: bytes.insert(contentsOf: Array(repeating: UInt8(ascii: "_"), count: random.next(40)), at: at)
                case 2: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.next(8)))
                default: bytes = Array(bytes.prefix(at))
                }
                if bytes.isEmpty { bytes = [UInt8(ascii: "[")] }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            for query in ["sunset", "s", "beach t1"] {
                do {
                    _ = try SiteSearch.query(siteDirectory: site, query: query, limit: 100)
                } catch let error as SiteSearchError {
                    damaged += 1
                    #expect(!error.description.contains("\n"))
                }
            }
        }
        #expect(damaged > 0)
    }

    @Test func theCommandSaysTheIndexIsDamagedInOneLineAndExitsWithTwo() throws {
        let site = try Self.site()
        try Self.write(#"["sunset","1A\#(String(repeating: Self.huge, count: 10))"]"#, "terms/0.json", in: site)
        let run = try TestSupport.runExhibit(["search", "--site", site, "sunset"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("error: the search index in \(site) is damaged (search/terms/0.json: "), "\(run.stderr)")
        #expect(run.stderr.hasSuffix("); rebuild the site\n"))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }
}

/// A small deterministic generator for the mutation loop.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return bound <= 1 ? 0 : Int(z % UInt64(bound))
    }
}
