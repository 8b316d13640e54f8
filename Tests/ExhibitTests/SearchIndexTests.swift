import Foundation
import Testing
@testable import Exhibit

@Suite struct SearchIndexTests {
    typealias Image = SearchFixtures.Image

    @Test func diacriticsAndCaseDoNotMatter() throws {
        let search = try SearchFixtures.site([
            Image(id: "a", description: "Morning at the Café de Flore"),
            Image(id: "b", description: "Skyline of São Paulo"),
            Image(id: "c", description: "CAFE racer"),
        ])
        #expect(try search("cafe", 10) == ["a", "c"])
        #expect(try search("CAFÉ", 10) == ["a", "c"])
        #expect(try search("sao paulo", 10) == ["b"])
        #expect(try search("SÃO", 10) == ["b"])
    }

    @Test func onlyTheLastWordMatchesAsAPrefix() throws {
        let search = try SearchFixtures.site([
            Image(id: "a", description: "sunset over the city"),
            Image(id: "b", description: "sun and city"),
        ])
        #expect(try search("sun", 10) == ["b", "a"])          // exact whole word ranks first
        #expect(try search("city sun", 10) == ["b", "a"])     // last word: prefix
        #expect(try search("sun city", 10) == ["b"])          // first word: whole word only
        #expect(try search("sunsets", 10) == [])
    }

    @Test func everyQueryWordMustMatch() throws {
        let search = try SearchFixtures.site([
            Image(id: "a", description: "red bicycle"),
            Image(id: "b", description: "red car"),
            Image(id: "c", description: "blue bicycle"),
        ])
        #expect(try search("red bicycle", 10) == ["a"])
        #expect(try search("bicycle", 10) == ["a", "c"])
        #expect(try search("green bicycle", 10) == [])
    }

    @Test func tagsAndThemesOutrankDescriptionsAndOwners() throws {
        let search = try SearchFixtures.site([
            Image(id: "desc", description: "a lighthouse at dusk"),
            Image(id: "owner", owner: "Lighthouse Keeper"),
            Image(id: "theme", theme: "Lighthouse"),
            Image(id: "tag", tags: ["lighthouse"]),
        ])
        // Tags and themes weigh 3, descriptions and owner names 1; ties go to the newest.
        #expect(try search("lighthouse", 10) == ["theme", "tag", "desc", "owner"])
    }

    @Test func tiesAreNewestFirst() throws {
        let search = try SearchFixtures.site((0 ..< 5).map { Image(id: "img\($0)", description: "harbour boats") })
        #expect(try search("harbour", 10) == ["img0", "img1", "img2", "img3", "img4"])
        #expect(try search("harbour", 2) == ["img0", "img1"])
    }

    @Test func ownerNamesAreSearchable() throws {
        let search = try SearchFixtures.site([
            Image(id: "a", description: "boats", owner: "Zoë Saldaña"),
            Image(id: "b", description: "boats", owner: "Someone Else"),
        ])
        #expect(try search("zoe saldana", 10) == ["a"])
    }

    @Test func cjkTextIsFoundByBigramsAndSingleCharacters() throws {
        let search = try SearchFixtures.site([
            Image(id: "tower", description: "東京タワーの夜景"),
            Image(id: "kyoto", description: "京都の寺"),
            Image(id: "seoul", description: "서울의 밤"),
        ])
        #expect(try search("東京", 10) == ["tower"])
        #expect(try search("タワー", 10) == ["tower"])
        #expect(try search("京", 10) == ["tower", "kyoto"])
        #expect(try search("서울", 10) == ["seoul"])
        #expect(try search("東京 寺", 10) == [])
    }

    @Test func emptyPunctuationAndUnknownQueriesFindNothing() throws {
        let search = try SearchFixtures.site([Image(id: "a", description: "anything at all")])
        #expect(try search("", 10) == [])
        #expect(try search("   ", 10) == [])
        #expect(try search("?!… 😀", 10) == [])
        #expect(try search("zebra", 10) == [])
    }

    @Test func anEmptyGalleryGivesAWorkingIndex() throws {
        let search = try SearchFixtures.site([])
        #expect(try search("anything", 10) == [])
    }

    @Test func theDocumentStoreHoldsExactlyThePublishedImagesOldestFirst() throws {
        let gallery = SearchFixtures.syntheticGallery(images: 300, seed: 7)
        let source = SearchIndexSource(gallery: gallery, config: SiteConfig())
        let directory = try SearchFixtures.writeSite(source)
        var ids: [String] = []
        for i in 0 ..< source.count where source.path(i).hasPrefix("search/docs/") {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/search/docs/\(ids.count / source.docChunkSize).json"))
            let records = try JSONDecoder().decode([[String]].self, from: data)
            ids += records.map { $0[0] }
        }
        #expect(ids == gallery.images.reversed().map(\.id))
        // Nothing but these files, under search/.
        #expect((0 ..< source.count).allSatisfy { source.path($0).hasPrefix("search/") && !source.path($0).contains("..") })
    }

    @Test func unpublishedTextNeverReachesTheIndex() throws {
        // The gallery holds only published data; whatever else the database had cannot leak in.
        let gallery = SearchFixtures.gallery([Image(id: "pub", description: "public words")])
        let source = SearchIndexSource(gallery: gallery, config: SiteConfig())
        var everything = ""
        for i in 0 ..< source.count {
            var buffer: [UInt8] = []
            try source.render(i, into: &buffer)
            everything += String(decoding: buffer, as: UTF8.self)
        }
        #expect(everything.contains("\"pub\""))
        #expect(!everything.contains("user_0"))  // owner ids are not needed, so not written
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let gallery = SearchFixtures.syntheticGallery(images: 2000, seed: 3)
        let first = SearchIndexSource(gallery: gallery, config: SiteConfig())
        let second = SearchIndexSource(gallery: gallery, config: SiteConfig())
        #expect(first.count == second.count)
        for i in 0 ..< first.count {
            var a: [UInt8] = [], b: [UInt8] = []
            try first.render(i, into: &a)
            try second.render(i, into: &b)
            #expect(first.path(i) == second.path(i))
            #expect(a == b, "file \(first.path(i)) differs")
        }
    }

    @Test func shardedFilesAnswerLikeABruteForceScanOfTheGallery() throws {
        let gallery = SearchFixtures.syntheticGallery(images: 4000, seed: 11)
        let source = SearchIndexSource(gallery: gallery, config: SiteConfig())
        #expect(source.termShardCount > 4)
        let directory = try SearchFixtures.writeSite(source)
        let reference = BruteForceSearch(gallery)
        let queries = ["light", "li", "l", "sunset city", "café", "cafe s", "nature", "東京", "京", "the a",
                       "kalo", "zzzz", "Black and white", "富士山"]
        for query in queries {
            let expected = reference.query(query)
            let actual = try SiteSearch.query(siteDirectory: directory, query: query, limit: 100_000)
            #expect(actual == expected, "query \(query)")
        }
    }

    @Test func aMissingIndexIsAClearError() {
        #expect(throws: SiteSearchError.self) {
            try SiteSearch.query(siteDirectory: "/nonexistent-exhibit-site", query: "x", limit: 1)
        }
    }
}

/// The ranking of README "Search", computed naively from the gallery itself.
struct BruteForceSearch {
    let gallery: Gallery
    let weights: [[String: Int]]
    let frequency: [String: Int]

    init(_ gallery: Gallery) {
        self.gallery = gallery
        var weights: [[String: Int]] = []
        var frequency: [String: Int] = [:]
        for image in gallery.images {
            var w: [String: Int] = [:]
            func add(_ text: String, _ weight: Int) {
                for token in Set(SearchTokenizer.indexTokens(text)) { w[token, default: 0] += weight }
            }
            add(image.tags.map { gallery.tags[Int($0)].name }.joined(separator: " "), SearchWeights.tag)
            if let theme = image.theme { add(gallery.themes[Int(theme)].name, SearchWeights.theme) }
            add(image.description, SearchWeights.description)
            add(gallery.users[Int(image.owner)].name, SearchWeights.owner)
            for token in w.keys { frequency[token, default: 0] += 1 }
            weights.append(w)
        }
        self.weights = weights
        self.frequency = frequency
    }

    func query(_ query: String) -> [String] {
        let terms = SearchTokenizer.queryTerms(query)
        guard !terms.isEmpty else { return [] }
        let n = gallery.images.count
        var results: [(doc: Int, score: Int)] = []
        for (doc, w) in weights.enumerated() {
            var total = 0
            var matchesAll = true
            for term in terms {
                var best = 0
                for (token, weight) in w {
                    let exact = token == term.token
                    guard exact || (term.isPrefix && Array(token.utf16).starts(with: Array(term.token.utf16))) else { continue }
                    let idf = SiteSearch.inverseDocumentFrequency(documents: n, frequency: frequency[token]!)
                    best = max(best, weight * idf * (exact && term.isPrefix ? SearchWeights.exactPrefixBonus : 1))
                }
                if best == 0 { matchesAll = false; break }
                total += best
            }
            if matchesAll { results.append((doc, total)) }
        }
        results.sort { $0.score != $1.score ? $0.score > $1.score : $0.doc < $1.doc }
        return results.map { gallery.images[$0.doc].id }
    }
}
