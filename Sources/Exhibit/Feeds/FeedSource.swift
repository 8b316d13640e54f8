/// The list a feed follows (docs/urls.md).
package enum FeedKind: Sendable, Equatable, CaseIterable {
    /// The whole gallery: `feed.xml`, `feed.atom`, `feed.json` at the site root.
    case site
    /// One user's images: `users/{id}/feed.xml`.
    case user
    /// One tag's images: `tags/{slug}/feed.xml`.
    case tag
    /// One theme's images: `themes/{slug}/feed.xml`.
    case theme
    /// One collection's images, newest first: `collections/{id}/feed.xml`.
    case collection
}

/// One feed file a page announces with `<link rel="alternate" type="{mediaType}" href="…">`.
package struct FeedLink: Sendable, Equatable {
    package var format: FeedFormat
    /// The feed's path relative to the site root, e.g. `users/abc/feed.xml` or `feed.atom`.
    package var path: String
    /// `application/rss+xml`, `application/atom+xml` or `application/feed+json`.
    package var mediaType: String { format.mediaType }

    package init(format: FeedFormat, path: String) {
        self.format = format
        self.path = path
    }
}

/// Every feed of the site (docs/urls.md) as an ``ArtifactSource``: the site feed in
/// `SiteConfig.siteFeedFormats`, and one feed per user (with at least one published image), tag,
/// theme and collection in `SiteConfig.listFeedFormats`.
///
/// Files are numbered arithmetically — site feeds first, then users, tags, themes and
/// collections in gallery order, the formats of one list side by side — so nothing per feed is
/// built until ``render(_:into:)`` asks for it. Each feed holds the newest `feedItems` published
/// images, newest first (ties by id); its dates all come from the images, so the same gallery
/// always gives the same bytes.
package struct FeedSource: ArtifactSource {
    package var kind: String { "feeds" }
    package let count: Int

    let gallery: Gallery
    let config: SiteConfig
    /// The site's language: feed titles and descriptions, the words around an item's details.
    let language: SiteLanguage
    let detailTexts: FeedDetailTexts
    let layout: SiteLayout
    let renditions: ImageRenditions
    let mediaSource: (@Sendable (String) -> String)?
    /// Items per feed (at least 1).
    let itemLimit: Int
    let siteFormats: [FeedFormat]
    let listFormats: [FeedFormat]
    let users: FeedEntities
    let tags: FeedEntities
    let themes: FeedEntities
    let collections: FeedEntities
    /// Names and segments as bytes: owners, tags, themes (for every item of every feed).
    let userTexts: NameTexts
    let tagTexts: NameTexts
    let themeTexts: NameTexts
    /// Tag names with commas removed, for `media:keywords` (comma-separated).
    let keywordTexts: NameTexts
    /// First file index of each kind after the site feeds: users, tags, themes, collections, end.
    private let starts: [Int]

    /// - Parameters:
    ///   - language: the site's language (the theme's catalogs); dates keep the formats the feed
    ///     standards require.
    ///   - mediaSource: maps an image URL to the absolute URL feeds show instead (the demo's own
    ///     raster media); nil for the platform's URLs and their renditions.
    package init(gallery: Gallery, config: SiteConfig, language: SiteLanguage, mediaSource: (@Sendable (String) -> String)? = nil) {
        self.mediaSource = mediaSource
        self.language = language
        self.detailTexts = FeedDetailTexts(language)
        self.gallery = gallery
        self.config = config
        self.layout = SiteLayout(config: config)
        self.renditions = ImageRenditions(config: config)
        self.itemLimit = max(1, config.feedItems)
        self.siteFormats = Self.normalized(config.siteFeedFormats)
        self.listFormats = Self.normalized(config.listFeedFormats)
        self.users = FeedEntities(gallery.users.lazy.map { !$0.images.isEmpty })
        self.tags = FeedEntities(gallery.tags.lazy.map { !$0.images.isEmpty })
        self.themes = FeedEntities(gallery.themes.lazy.map { !$0.images.isEmpty })
        self.collections = FeedEntities(gallery.collections.lazy.map { !$0.images.isEmpty })
        self.userTexts = NameTexts(users: gallery.users)
        self.tagTexts = NameTexts(terms: gallery.tags)
        self.themeTexts = NameTexts(terms: gallery.themes)
        self.keywordTexts = NameTexts(gallery.tags.map { ($0.name.replacingCommas, $0.slug) })
        let perList = listFormats.count
        var starts = [siteFormats.count]
        for entities in [users, tags, themes, collections] {
            starts.append(starts[starts.count - 1] + entities.count * perList)
        }
        self.starts = starts
        self.count = starts[starts.count - 1]
    }

    /// The feeds a page at `directory` (a ``SiteLayout`` directory path such as `""`,
    /// `users/abc/` or `tags/cafe/`) announces, in the formats configured for `kind`.
    ///
    /// Every tag, theme and collection has its feeds; a user has them only when they own a
    /// published image (use ``feeds(forUser:config:)``, which checks).
    package static func feeds(forDirectory directory: String, kind: FeedKind, config: SiteConfig) -> [FeedLink] {
        let formats = normalized(kind == .site ? config.siteFeedFormats : config.listFeedFormats)
        return formats.map { FeedLink(format: $0, path: directory + $0.fileName) }
    }

    /// The feeds of a user's profile page: none when the user has no published image.
    package static func feeds(forUser user: PublishedUser, config: SiteConfig) -> [FeedLink] {
        guard !user.images.isEmpty else { return [] }
        return feeds(forDirectory: "users/\(user.pathSegment)/", kind: .user, config: config)
    }

    /// Formats without duplicates, in the order RSS, Atom, JSON Feed.
    static func normalized(_ formats: [FeedFormat]) -> [FeedFormat] {
        FeedFormat.allCases.filter(formats.contains)
    }

    // MARK: Index space

    /// What file `index` is: which list, which entity in the gallery's array, which format.
    func address(_ index: Int) -> (kind: FeedKind, entity: Int, format: FeedFormat) {
        precondition(index >= 0 && index < count, "feed index \(index) out of range 0..<\(count)")
        if index < starts[0] { return (.site, 0, siteFormats[index]) }
        var segment = 0
        while index >= starts[segment + 1] { segment += 1 }
        let offset = index - starts[segment]
        let perList = listFormats.count
        let format = listFormats[offset % perList]
        switch segment {
        case 0: return (.user, users[offset / perList], format)
        case 1: return (.tag, tags[offset / perList], format)
        case 2: return (.theme, themes[offset / perList], format)
        default: return (.collection, collections[offset / perList], format)
        }
    }

    /// The folder of a feed: `""`, `users/{id}/`, `tags/{slug}/`, …
    func directory(_ kind: FeedKind, _ entity: Int) -> String {
        switch kind {
        case .site: return SiteLayout.home
        case .user: return layout.user(gallery.users[entity])
        case .tag: return layout.tag(gallery.tags[entity])
        case .theme: return layout.theme(gallery.themes[entity])
        case .collection: return layout.collection(gallery.collections[entity])
        }
    }

    package func path(_ index: Int) -> String {
        let (kind, entity, format) = address(index)
        return directory(kind, entity) + format.fileName
    }

    package func render(_ index: Int, into buffer: inout [UInt8]) throws {
        let (kind, entity, format) = address(index)
        let channel = self.channel(kind, entity, format)
        switch format {
        case .rss: renderRSS(channel, into: &buffer)
        case .atom: renderAtom(channel, into: &buffer)
        case .json: renderJSON(channel, into: &buffer)
        }
    }
}

/// The entities of one kind that have a feed: usually all of them (stored as a count only),
/// otherwise the indices of those with at least one image.
struct FeedEntities: Sendable {
    private let all: Int
    private let some: [Int32]?

    init<S: Collection>(_ hasItems: S) where S.Element == Bool {
        if hasItems.allSatisfy({ $0 }) {
            all = hasItems.count
            some = nil
        } else {
            var indices: [Int32] = []
            for (index, has) in hasItems.enumerated() where has { indices.append(Int32(index)) }
            all = indices.count
            some = indices
        }
    }

    var count: Int { all }

    subscript(position: Int) -> Int {
        if let some { return Int(some[position]) }
        return position
    }
}

/// The catalog's words around an item's details in its HTML content (`<p>By NAME</p>`,
/// `<p>Theme: NAME</p>`, `<p>Tags: A, B</p>`), as escaped bytes made once per feed source.
struct FeedDetailTexts: Sendable {
    let byBefore: [UInt8], byAfter: [UInt8]
    let themeBefore: [UInt8], themeAfter: [UInt8]
    let tagsBefore: [UInt8], tagsAfter: [UInt8]
    let listSeparator: [UInt8]

    init(_ language: SiteLanguage) {
        func markup(_ text: String) -> [UInt8] {
            var out: [UInt8] = []
            FeedBytes.append(text, to: &out, as: .markup)
            return out
        }
        func around(_ key: TextKey) -> ([UInt8], [UInt8]) {
            let parts = language.around(key)
            return (Array("<p>".utf8) + markup(parts.before), markup(parts.after) + Array("</p>".utf8))
        }
        (byBefore, byAfter) = around(.feedBy)
        (themeBefore, themeAfter) = around(.feedTheme)
        (tagsBefore, tagsAfter) = around(.feedTags)
        listSeparator = markup(language.listSeparator)
    }
}
