import Foundation
import Testing
@testable import Exhibit

/// A small hostile gallery built in code: HTML and `]]>` in every text field, NUL, U+FFFE and other
/// characters XML forbids, `&` in URLs, emoji and right-to-left text.
enum FeedFixture {
    static let hostileDescription = "</description>]]><script>alert(1)</script> Sunset \u{0}over\u{FFFE} the bay & \"more\"\nSecond line"

    static func gallery() -> Gallery {
        func day(_ d: Int) -> Timestamp { Timestamp(secondsSince1970: 1_700_000_000 + Int64(d) * 86_400) }
        let users = [
            PublishedUser(id: "user_a", pathSegment: "user_a", name: "Ana <b>&</b> ]]> \u{1}",
                          avatarURL: "https://img.example/avatar.png?size=64&v=2",
                          bio: "Bio with ]]> and <em>markup</em>", createdAt: nil, images: [0, 1, 3]),
            PublishedUser(id: "user_b", pathSegment: "user_b", name: "بشير 📷", avatarURL: nil, bio: "",
                          createdAt: nil, images: [2, 4]),
            // Wrote a comment only: a profile page, but no images and so no feed.
            PublishedUser(id: "user_c", pathSegment: "user_c", name: "Commenter", avatarURL: nil, bio: "",
                          createdAt: nil, images: []),
        ]
        let tags = [
            Term(name: "</category>]]><script>", slug: "category-script", images: [0, 2]),
            Term(name: "Café, au lait", slug: "cafe-au-lait", images: [0, 1, 2, 3]),
            Term(name: "🌅", slug: "u1f305", images: [4]),
        ]
        let themes = [Term(name: "Travel & <Trips>", slug: "travel-trips", images: [0, 2, 4])]
        let images = [
            PublishedImage(id: "img-e", pathSegment: "img-e", owner: 0, url: "https://cdn.example/e.JPG?w=1&h=2",
                           description: hostileDescription, tags: [0, 1], theme: 0, createdAt: day(5), collections: [0]),
            // Same moment as img-c: ties are broken by id, so img-b comes first.
            PublishedImage(id: "img-b", pathSegment: "img-b", owner: 0,
                           url: "https://res.cloudinary.com/demo/image/upload/v1/b.png", description: "",
                           tags: [1], theme: nil, createdAt: day(4)),
            PublishedImage(id: "img-c", pathSegment: "img-c", owner: 1, url: "https://cdn.example/c.webp",
                           description: "🌅 غروب الشمس فوق النيل", tags: [1, 0], theme: 0, createdAt: day(4), collections: [0]),
            PublishedImage(id: "img-d", pathSegment: "img-d", owner: 0, url: "https://cdn.example/photos/d",
                           description: "A very long description of a quiet morning market where the vendors arrange their fruit in careful pyramids before dawn",
                           tags: [1], theme: nil, createdAt: day(3)),
            PublishedImage(id: "img-a", pathSegment: "img-a", owner: 1, url: "http://cdn.example/a.gif",
                           description: "\n\n  Oldest one  \nmore", tags: [2], theme: 0, createdAt: day(1), collections: [0]),
        ]
        // Stored order is not date order.
        let collections = [PublishedCollection(id: "col-1", pathSegment: "col-1", owner: 1, name: "Best <of> ]]>",
                                               description: "", createdAt: nil, updatedAt: nil, images: [4, 0, 2])]
        return Gallery(images: images, users: users, collections: collections, tags: tags, themes: themes)
    }

    static func config(_ change: (inout SiteConfig) -> Void = { _ in }) -> SiteConfig {
        var config = SiteConfig()
        config.baseURL = "https://example.org/gallery/"
        config.title = "Hostile <Gallery> & ]]>"
        change(&config)
        return config
    }

    /// Every file of `source` by path.
    static func render(_ source: FeedSource) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for index in 0 ..< source.count {
            var buffer: [UInt8] = []
            try source.render(index, into: &buffer)
            files[source.path(index)] = buffer
        }
        return files
    }

    static func render(_ source: FeedSource, path: String) throws -> [UInt8] {
        let index = try #require((0 ..< source.count).first { source.path($0) == path }, "no feed at \(path)")
        var buffer: [UInt8] = []
        try source.render(index, into: &buffer)
        return buffer
    }

    /// Parses an XML feed with libxml2, failing the test on any message.
    static func parse(_ bytes: [UInt8], _ path: String = "feed") throws -> XMLTree {
        let (document, errors) = XMLWellFormedness.parse(bytes)
        #expect(errors.isEmpty, "\(path): \(errors)")
        return try #require(document)
    }
}

@Suite struct FeedSourceTests {
    static let media = "http://search.yahoo.com/mrss/"
    static let dc = "http://purl.org/dc/elements/1.1/"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let atom = "http://www.w3.org/2005/Atom"

    @Test func enumeratesSiteFeedsThenOneFeedPerListInTheConfiguredFormats() {
        let source = FeedSource(gallery: FeedFixture.gallery(), config: FeedFixture.config {
            $0.listFeedFormats = [.json, .rss, .json]
        })
        let paths = (0 ..< source.count).map(source.path)
        #expect(paths == [
            "feed.xml", "feed.atom", "feed.json",
            "users/user_a/feed.xml", "users/user_a/feed.json",
            "users/user_b/feed.xml", "users/user_b/feed.json",
            "tags/category-script/feed.xml", "tags/category-script/feed.json",
            "tags/cafe-au-lait/feed.xml", "tags/cafe-au-lait/feed.json",
            "tags/u1f305/feed.xml", "tags/u1f305/feed.json",
            "themes/travel-trips/feed.xml", "themes/travel-trips/feed.json",
            "collections/col-1/feed.xml", "collections/col-1/feed.json",
        ])
    }

    @Test func defaultsAreRSSEverywhereAndAllThreeFormatsForTheSite() {
        let source = FeedSource(gallery: FeedFixture.gallery(), config: FeedFixture.config())
        let paths = (0 ..< source.count).map(source.path)
        #expect(paths.filter { !$0.hasSuffix("feed.xml") } == ["feed.atom", "feed.json"])
        #expect(paths.count == 3 + 2 + 3 + 1 + 1)
        #expect(!paths.contains("users/user_c/feed.xml"), "a user without images has no feed")
    }

    @Test func usersWithoutImagesAreSkippedWhereverTheyAre() throws {
        var gallery = FeedFixture.gallery()
        let commenter = PublishedUser(id: "c", pathSegment: "c", name: "C", avatarURL: nil, bio: "", createdAt: nil)
        gallery.users = [commenter, gallery.users[0], commenter, commenter, gallery.users[1]]
        gallery.replaceImages(gallery.images.map { image in
            var image = image
            image.owner = image.owner == 0 ? 1 : 4
            return image
        })
        gallery.collections[0].owner = 4
        let source = FeedSource(gallery: gallery, config: FeedFixture.config { $0.listFeedFormats = [.rss, .json] })
        let paths = (0 ..< source.count).map(source.path)
        #expect(paths.filter { $0.hasPrefix("users/") } == [
            "users/user_a/feed.xml", "users/user_a/feed.json", "users/user_b/feed.xml", "users/user_b/feed.json",
        ])
        let channel = try #require(try FeedFixture.parse(try FeedFixture.render(source, path: "users/user_b/feed.xml")).root.child("channel"))
        #expect(channel.children("item").count == 2)
    }

    @Test func everyFeedIsWellFormedForLibxml2() throws {
        let source = FeedSource(gallery: FeedFixture.gallery(), config: FeedFixture.config {
            $0.listFeedFormats = [.rss, .atom, .json]
        })
        let files = try FeedFixture.render(source)
        #expect(files.count == 3 + 7 * 3)
        for (path, bytes) in files where !path.hasSuffix(".json") {
            #expect(XMLWellFormedness.errors(in: bytes).isEmpty, "\(path): \(XMLWellFormedness.errors(in: bytes))")
        }
    }

    @Test func wellFormednessHelperReportsMalformedXML() {
        #expect(!XMLWellFormedness.errors(in: Array("<a><b></a>".utf8)).isEmpty)
        #expect(!XMLWellFormedness.errors(in: Array("<a>\u{FFFE}</a>".utf8)).isEmpty)
        #expect(!XMLWellFormedness.errors(in: Array("<a><x:b/></a>".utf8)).isEmpty, "undeclared prefix")
        #expect(XMLWellFormedness.errors(in: Array("<a>&amp;</a>".utf8)).isEmpty)
    }

    @Test func hostileTextIsEscapedNeverBreaksOutAndForbiddenCharactersAreDropped() throws {
        let source = FeedSource(gallery: FeedFixture.gallery(), config: FeedFixture.config {
            $0.listFeedFormats = [.rss, .atom]
        })
        for (path, bytes) in try FeedFixture.render(source) where !path.hasSuffix(".json") {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("]]>"), "\(path)")
            #expect(!text.contains("<script"), "\(path)")
            #expect(!text.contains("<![CDATA["), "\(path)")
            #expect(!text.contains("\u{0}") && !text.contains("\u{FFFE}") && !text.contains("\u{1}"), "\(path)")
            #expect(!text.contains("&v=2") && !text.contains("&h=2"), "unescaped & in a URL in \(path)")
        }
        let tree = try FeedFixture.parse(try FeedFixture.render(source, path: "feed.xml"))
        let item = try #require(tree.root.child("channel")?.children("item").first)
        let mediaDescription = try #require(item.child("description", namespace: Self.media))
        #expect(mediaDescription.text == "</description>]]><script>alert(1)</script> Sunset over the bay & \"more\"\nSecond line")
        // The HTML is escaped text: parsed once, it is still escaped HTML, never markup.
        let description = try #require(item.child("description"))
        #expect(description.children.isEmpty)
        #expect(description.text.contains("&lt;/description&gt;]]&gt;&lt;script&gt;"))
        #expect(description.text.contains("<img src=\"https://cdn.example/e.JPG?w=1&amp;h=2\""))
        #expect(item.child("content", namespace: Self.media)?.attribute("url") == "https://cdn.example/e.JPG?w=1&h=2")
    }

    @Test func rssItemsCarryEveryRequiredElementInTheRightNamespaces() throws {
        let source = FeedSource(gallery: FeedFixture.gallery(), config: FeedFixture.config())
        let tree = try FeedFixture.parse(try FeedFixture.render(source, path: "feed.xml"))
        let rss = tree.root
        #expect(rss.name == "rss" && rss.namespaceURI == nil && rss.attribute("version") == "2.0")
        #expect(rss.namespaceDeclarations == ["atom": Self.atom, "content": Self.content, "dc": Self.dc, "media": Self.media])
        let channel = try #require(rss.child("channel"))
        #expect(channel.child("title")?.text == "Hostile <Gallery> & ]]>")
        #expect(channel.child("link")?.text == "https://example.org/gallery/")
        #expect(channel.child("language")?.text == "en")
        #expect(channel.child("description")?.text == SiteConfig().description)
        let selfLink = try #require(channel.child("link", namespace: Self.atom))
        #expect(selfLink.attribute("rel") == "self")
        #expect(selfLink.attribute("href") == "https://example.org/gallery/feed.xml")
        #expect(selfLink.attribute("type") == "application/rss+xml")
        #expect(channel.child("image") == nil, "the site feed has no channel image")

        let items = channel.children("item")
        #expect(items.count == 5)
        let first = items[0]
        #expect(first.child("title")?.text == "</description>]]><script>alert(1)</script> Sunset over the bay & \"more\"")
        #expect(first.child("link")?.text == "https://example.org/gallery/images/img-e/")
        #expect(first.child("guid")?.text == "https://example.org/gallery/images/img-e/")
        #expect(first.child("guid")?.attribute("isPermaLink") == "true")
        #expect(first.child("pubDate")?.text == Timestamp(secondsSince1970: 1_700_000_000 + 5 * 86_400).rfc822)
        #expect(first.child("pubDate")?.text.hasSuffix(" +0000") == true)
        #expect(first.child("creator", namespace: Self.dc)?.text == "Ana <b>&</b> ]]> ")
        #expect(first.child("author") == nil, "RSS author must be an email: never used")
        #expect(first.children("category").map(\.text) == ["</category>]]><script>", "Café, au lait"])
        let content = try #require(first.child("encoded", namespace: Self.content)?.text)
        #expect(content.contains("<img src=\"https://cdn.example/e.JPG?w=1&amp;h=2\""))
        #expect(content.contains("https://example.org/gallery/users/user_a/"), "author in the content")
        #expect(content.contains("https://example.org/gallery/tags/cafe-au-lait/"), "tags in the content")
        #expect(content.contains("https://example.org/gallery/themes/travel-trips/"), "theme in the content")
        #expect(content.contains("Second line"), "full description in the content")

        let media = try #require(first.child("content", namespace: Self.media))
        #expect(media.attribute("medium") == "image")
        #expect(media.attribute("type") == "image/jpeg")
        #expect(first.child("thumbnail", namespace: Self.media)?.attribute("url") == "https://cdn.example/e.JPG?w=1&h=2")
        #expect(first.child("title", namespace: Self.media)?.text == first.child("title")?.text)
        #expect(first.child("keywords", namespace: Self.media)?.text == "</category>]]><script>, Café au lait")
        let credit = try #require(first.child("credit", namespace: Self.media))
        #expect(credit.attribute("role") == "photographer")
        #expect(credit.text == "Ana <b>&</b> ]]> ")

        // Every item has its image, thumbnail, title and credit.
        for item in items {
            #expect(item.child("content", namespace: Self.media)?.attribute("url")?.hasPrefix("http") == true)
            #expect(item.child("thumbnail", namespace: Self.media) != nil)
            #expect(item.child("title", namespace: Self.media) != nil)
            #expect(item.child("credit", namespace: Self.media) != nil)
        }
        // Cloudinary thumbnails get a transformation; unknown extensions get no type.
        #expect(items[1].child("thumbnail", namespace: Self.media)?.attribute("url")?.contains("/image/upload/c_fill,") == true)
        #expect(items[1].child("content", namespace: Self.media)?.attribute("type") == "image/png")
        #expect(items[3].child("content", namespace: Self.media)?.attribute("type") == nil)
        #expect(items[1].child("keywords", namespace: Self.media)?.text == "Café au lait")
        #expect(items[1].child("description", namespace: Self.media) == nil, "no empty media:description")
    }

    @Test func itemsAreNewestFirstWithTiesByIdAndCappedAtFeedItems() throws {
        let all = FeedSource(gallery: FeedFixture.gallery(), config: FeedFixture.config())
        func guids(_ source: FeedSource, _ path: String) throws -> [String] {
            let tree = try FeedFixture.parse(try FeedFixture.render(source, path: path))
            return try #require(tree.root.child("channel")).children("item").compactMap { $0.child("guid")?.text }
                .map { String($0.dropFirst("https://example.org/gallery/images/".count).dropLast()) }
        }
        #expect(try guids(all, "feed.xml") == ["img-e", "img-b", "img-c", "img-d", "img-a"])
        #expect(try guids(all, "users/user_a/feed.xml") == ["img-e", "img-b", "img-d"])
        #expect(try guids(all, "tags/cafe-au-lait/feed.xml") == ["img-e", "img-b", "img-c", "img-d"])
        #expect(try guids(all, "themes/travel-trips/feed.xml") == ["img-e", "img-c", "img-a"])
        #expect(try guids(all, "collections/col-1/feed.xml") == ["img-e", "img-c", "img-a"], "stored order re-sorted newest first")

        let capped = FeedSource(gallery: FeedFixture.gallery(), config: FeedFixture.config { $0.feedItems = 2 })
        #expect(try guids(capped, "feed.xml") == ["img-e", "img-b"])
        #expect(try guids(capped, "collections/col-1/feed.xml") == ["img-e", "img-c"])
        #expect(try guids(capped, "users/user_b/feed.xml") == ["img-c", "img-a"])
    }

    @Test func lastBuildDateIsTheNewestItemsDateNeverTheClock() throws {
        let source = FeedSource(gallery: FeedFixture.gallery(), config: FeedFixture.config())
        for path in ["feed.xml", "users/user_b/feed.xml", "collections/col-1/feed.xml", "tags/u1f305/feed.xml"] {
            let channel = try #require(try FeedFixture.parse(try FeedFixture.render(source, path: path)).root.child("channel"))
            let dates = channel.children("item").compactMap { $0.child("pubDate")?.text }
            #expect(channel.child("lastBuildDate")?.text == dates.first, "\(path)")
        }
        let userB = try #require(try FeedFixture.parse(try FeedFixture.render(source, path: "users/user_b/feed.xml")).root.child("channel"))
        #expect(userB.child("lastBuildDate")?.text == Timestamp(secondsSince1970: 1_700_000_000 + 4 * 86_400).rfc822)
    }

    @Test func userFeedHasTheAvatarAsChannelImage() throws {
        let source = FeedSource(gallery: FeedFixture.gallery(), config: FeedFixture.config())
        let channel = try #require(try FeedFixture.parse(try FeedFixture.render(source, path: "users/user_a/feed.xml")).root.child("channel"))
        let image = try #require(channel.child("image"))
        #expect(image.child("url")?.text == "https://img.example/avatar.png?size=64&v=2")
        #expect(image.child("title")?.text == channel.child("title")?.text)
        #expect(image.child("link")?.text == channel.child("link")?.text)
        #expect(channel.child("link")?.text == "https://example.org/gallery/users/user_a/")
        #expect(channel.child("description")?.text == "Bio with ]]> and <em>markup</em>")
        // No avatar, no image.
        let other = try #require(try FeedFixture.parse(try FeedFixture.render(source, path: "users/user_b/feed.xml")).root.child("channel"))
        #expect(other.child("image") == nil)
        #expect(other.child("description")?.text.isEmpty == false)
    }

    @Test func sameGalleryGivesByteIdenticalFeeds() throws {
        let config = FeedFixture.config { $0.listFeedFormats = [.rss, .atom, .json] }
        let first = try FeedFixture.render(FeedSource(gallery: FeedFixture.gallery(), config: config))
        let second = try FeedFixture.render(FeedSource(gallery: FeedFixture.gallery(), config: config))
        #expect(first == second)
        // Rendering out of order, into a reused buffer, gives the same bytes too.
        let source = FeedSource(gallery: FeedFixture.gallery(), config: config)
        var buffer: [UInt8] = []
        for index in (0 ..< source.count).reversed() {
            buffer.removeAll(keepingCapacity: true)
            try source.render(index, into: &buffer)
            #expect(buffer == first[source.path(index)])
        }
    }

    @Test func emptyGalleryGivesValidSiteFeedsWithoutABuildDate() throws {
        let source = FeedSource(gallery: Gallery(), config: FeedFixture.config())
        #expect(source.count == 3)
        let rss = try FeedFixture.parse(try FeedFixture.render(source, path: "feed.xml"))
        let channel = try #require(rss.root.child("channel"))
        #expect(channel.children("item").isEmpty)
        #expect(channel.child("lastBuildDate") == nil)
        let atom = try FeedFixture.parse(try FeedFixture.render(source, path: "feed.atom"))
        #expect(atom.root.child("updated", namespace: Self.atom)?.text == "1970-01-01T00:00:00Z")
        let json = try JSONSerialization.jsonObject(with: Data(try FeedFixture.render(source, path: "feed.json"))) as? [String: Any]
        #expect((json?["items"] as? [Any])?.isEmpty == true)
    }

    @Test func unsafeThumbnailPatternsFallBackToTheImageURL() throws {
        let source = FeedSource(gallery: FeedFixture.gallery(), config: FeedFixture.config {
            $0.thumbnailPattern = "javascript:alert('{url}')"
        })
        let channel = try #require(try FeedFixture.parse(try FeedFixture.render(source, path: "feed.xml")).root.child("channel"))
        for item in channel.children("item") {
            let thumbnail = try #require(item.child("thumbnail", namespace: Self.media)?.attribute("url"))
            #expect(thumbnail.hasPrefix("https://") || thumbnail.hasPrefix("http://"))
        }
    }

    @Test func autodiscoveryLinksFollowTheConfiguredFormats() {
        let config = FeedFixture.config { $0.listFeedFormats = [.atom, .rss] }
        #expect(FeedSource.feeds(forDirectory: "", kind: .site, config: config).map(\.path) == ["feed.xml", "feed.atom", "feed.json"])
        let tagLinks = FeedSource.feeds(forDirectory: "tags/cafe-au-lait/", kind: .tag, config: config)
        #expect(tagLinks.map(\.path) == ["tags/cafe-au-lait/feed.xml", "tags/cafe-au-lait/feed.atom"])
        #expect(tagLinks.map(\.mediaType) == ["application/rss+xml", "application/atom+xml"])
        let gallery = FeedFixture.gallery()
        #expect(FeedSource.feeds(forUser: gallery.users[0], config: config).map(\.path) == ["users/user_a/feed.xml", "users/user_a/feed.atom"])
        #expect(FeedSource.feeds(forUser: gallery.users[2], config: config).isEmpty)
        // Every announced feed is a file the source writes.
        let source = FeedSource(gallery: gallery, config: config)
        let written = Set((0 ..< source.count).map(source.path))
        let siteLinks = FeedSource.feeds(forDirectory: "", kind: .site, config: config)
        for link in FeedSource.feeds(forUser: gallery.users[0], config: config) + tagLinks + siteLinks {
            #expect(written.contains(link.path))
        }
    }

    @Test func collectionFeedsTakeTheNewestOfAnyStoredOrder() {
        let stored: [Int32] = [90, 3, 57, 12, 8, 100, 1, 44, 2, 70]
        #expect(FeedSource.newest(stored, limit: 4) == [1, 2, 3, 8])
        #expect(FeedSource.newest(stored, limit: 50) == stored.sorted())
        var generator = SystemRandomNumberGenerator()
        let big = (0 ..< 5_000).map { _ in Int32.random(in: 0 ..< 1_000_000, using: &generator) }
        #expect(FeedSource.newest(big, limit: 50) == Array(big.sorted().prefix(50)))
    }
}
