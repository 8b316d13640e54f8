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
}
