import Foundation
@testable import Exhibit

/// Small published galleries for the search tests, built in code.
enum SearchFixtures {
    struct Image {
        var id: String
        var description: String = ""
        var tags: [String] = []
        var theme: String? = nil
        var owner: String = "Ann Owner"
    }

    /// A gallery whose images are `images` in the given order (so the first is the newest).
    static func gallery(_ images: [Image]) -> Gallery {
        var users: [PublishedUser] = []
        var tags: [Term] = []
        var themes: [Term] = []
        var published: [PublishedImage] = []
        func index(of name: String, in terms: inout [Term]) -> Int32 {
            if let i = terms.firstIndex(where: { $0.name == name }) { return Int32(i) }
            terms.append(Term(name: name, slug: "s\(terms.count)", images: []))
            return Int32(terms.count - 1)
        }
        for (i, image) in images.enumerated() {
            var owner = users.firstIndex(where: { $0.name == image.owner })
            if owner == nil {
                users.append(PublishedUser(id: "user_\(users.count)", pathSegment: "user_\(users.count)", name: image.owner,
                                           avatarURL: nil, bio: "", createdAt: nil))
                owner = users.count - 1
            }
            users[owner!].images.append(Int32(i))
            let tagIndices = image.tags.map { index(of: $0, in: &tags) }
            for t in tagIndices { tags[Int(t)].images.append(Int32(i)) }
            let theme = image.theme.map { index(of: $0, in: &themes) }
            if let theme { themes[Int(theme)].images.append(Int32(i)) }
            published.append(PublishedImage(
                id: image.id, pathSegment: image.id, owner: Int32(owner!),
                url: "https://res.cloudinary.com/demo/image/upload/v1/\(image.id).jpg",
                description: image.description, tags: tagIndices, theme: theme,
                createdAt: Timestamp(millisecondsSince1970: 1_700_000_000_000 - Int64(i) * 1000)))
        }
        return Gallery(images: published, users: users, tags: tags, themes: themes)
    }

    /// One folder per test process for every site written here, removed when the process exits
    /// (the search functions returned by ``site(_:)`` read their files after the test returns).
    static let sitesFolder: String = {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("exhibit-search-\(UUID().uuidString)").path
        atexit { try? FileManager.default.removeItem(atPath: SearchFixtures.sitesFolder) }
        return folder
    }()

    /// Renders every file of `source` under a fresh temporary folder and returns the folder.
    static func writeSite(_ source: SearchIndexSource) throws -> String {
        let directory = sitesFolder + "/" + UUID().uuidString
        for i in 0 ..< source.count {
            var buffer: [UInt8] = []
            try source.render(i, into: &buffer)
            let path = directory + "/" + source.path(i)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data(buffer).write(to: URL(fileURLWithPath: path))
        }
        return directory
    }

    /// Builds the index of `images`, writes it, and returns a search function over the files.
    static func site(_ images: [Image]) throws -> (String, Int) throws -> [String] {
        let directory = try writeSite(SearchIndexSource(gallery: gallery(images), config: SiteConfig()))
        return { query, limit in try SiteSearch.query(siteDirectory: directory, query: query, limit: limit) }
    }

    /// A deterministic gallery of `count` images, like a real one to the index: Zipf-like word, tag
    /// and theme frequencies, 24-hex ids, Cloudinary URLs, some accented and some Japanese descriptions.
    static func syntheticGallery(images count: Int, seed: UInt64 = 1) -> Gallery {
        var random = SyntheticRandom(state: seed)
        let syllables = ["ka", "lo", "mi", "ra", "te", "su", "no", "vi", "da", "pe", "qu", "zo", "bel", "mar",
                         "ton", "sil", "ver", "an", "or", "el", "us", "ix", "gra", "fen", "hol", "wi", "jo", "cy"]
        var vocabulary: [String] = ["the", "a", "of", "and", "in", "with", "at", "on", "light", "sunset", "city",
                                    "street", "night", "portrait", "forest", "river", "mountain", "beach", "café",
                                    "são", "paulo", "zürich", "crème", "brûlée", "fiancée", "naïve", "møller"]
        while vocabulary.count < 20_000 {
            var word = ""
            for _ in 0 ..< 2 + Int(random.next() % 3) { word += syllables[Int(random.next() % UInt64(syllables.count))] }
            vocabulary.append(word)
        }
        let japanese = ["東京タワー", "富士山の夕日", "京都の寺", "大阪の街", "桜の花"]
        func zipf(_ n: Int) -> Int {
            // Log-uniform rank: P(rank k) ∝ 1/k.
            let u = Double(random.next() >> 11) / Double(1 << 53)
            return min(n - 1, Int(pow(2.0, u * log2(Double(n)))) - 1)
        }
        var tagNames: [String] = []
        for i in 0 ..< 400 {
            let base: String = i < 40 ? vocabulary[8 + i % 19] : vocabulary[200 + i]
            tagNames.append(i >= 19 && i < 40 ? base + " " + vocabulary[100 + i] : base)
        }
        let themeNames = ["Nature", "Urban", "Portrait", "Travel", "Food", "Architecture", "Abstract", "Animals",
                          "Night", "Black and White", "Street", "Sport", "Fashion", "Macro", "Landscape"]
        let userCount = max(1, count / 20)
        var users = (0 ..< userCount).map { i in
            PublishedUser(id: "user_\(String(i, radix: 36))", pathSegment: "user_\(String(i, radix: 36))",
                          name: vocabulary[300 + i % 5000].capitalized + " " + vocabulary[5300 + (i * 7) % 9000].capitalized,
                          avatarURL: nil, bio: "", createdAt: nil)
        }
        var tags = tagNames.enumerated().map { Term(name: $0.element, slug: "t\($0.offset)", images: []) }
        var themes = themeNames.enumerated().map { Term(name: $0.element, slug: "h\($0.offset)", images: []) }
        var images: [PublishedImage] = []
        images.reserveCapacity(count)
        for i in 0 ..< count {
            let hex = String(random.next() & 0xFFFF_FFFF_FFFF, radix: 16)
            let id = String(repeating: "0", count: 12 - hex.count) + hex + String(format24(i))
            var words: [String] = []
            for _ in 0 ..< 6 + Int(random.next() % 15) { words.append(vocabulary[zipf(vocabulary.count)]) }
            if random.next() % 50 == 0 { words.append(japanese[Int(random.next() % 5)]) }
            var description = words.joined(separator: " ")
            if let first = description.first { description = first.uppercased() + description.dropFirst() }
            var imageTags: [Int32] = []
            for _ in 0 ..< 1 + Int(random.next() % 4) {
                let tag = Int32(zipf(tags.count))
                if !imageTags.contains(tag) { imageTags.append(tag) }
            }
            let theme: Int32? = random.next() % 5 == 0 ? nil : Int32(zipf(themes.count))
            let owner = Int32(zipf(userCount))
            for tag in imageTags { tags[Int(tag)].images.append(Int32(i)) }
            if let theme { themes[Int(theme)].images.append(Int32(i)) }
            users[Int(owner)].images.append(Int32(i))
            images.append(PublishedImage(
                id: id, pathSegment: id, owner: owner,
                url: "https://res.cloudinary.com/demo/image/upload/v17\(String(i % 100_000_000))/gallery/\(id).jpg",
                description: description, tags: imageTags, theme: theme,
                createdAt: Timestamp(millisecondsSince1970: 1_760_000_000_000 - Int64(i) * 60_000)))
        }
        return Gallery(images: images, users: users, tags: tags, themes: themes)
    }

    private static func format24(_ i: Int) -> String {
        let hex = String(i, radix: 16)
        return String(repeating: "0", count: max(0, 12 - hex.count)) + hex
    }
}

/// A tiny deterministic generator for ``SearchFixtures/syntheticGallery(images:seed:)``: SplitMix64
/// steps, with one multiplier that differs from the published constant (kept: the galleries
/// the tests were written against come from it).
private struct SyntheticRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
