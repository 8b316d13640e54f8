/// Every HTML page of the site, plus `sitemap.xml` (and its chunks), `robots.txt`, `404.html`
/// and the theme's assets: the "pages" family of build outputs.
///
/// Files are enumerated arithmetically (see ``PageIndex``); `render` builds one page's context
/// directly as ``TemplateObject`` values and renders it with the theme. Safe to call from many
/// threads at once; output depends only on the gallery, the configuration and the theme.
package struct SiteRenderer: ArtifactSource {
    /// Maps an image or avatar URL (always http/https) to what `src` shows: an absolute URL, or a
    /// path relative to the site root (e.g. `media/3.svg`, which pages prefix with their `root`).
    package typealias ImageSource = @Sendable (String) -> String

    /// Tags (or themes) per page of the tag (theme) index.
    package static let termIndexPageSize = 1000
    /// URLs per sitemap file; past this, `sitemap.xml` becomes a sitemap index.
    package static let sitemapURLLimit = 50_000

    package var kind: String { "pages" }
    package var count: Int { index.count }

    let gallery: Gallery
    let config: SiteConfig
    let layout: SiteLayout
    let renditions: ImageRenditions
    let theme: Theme
    /// The site's language (the theme's catalogs): every text this renderer computes.
    let language: SiteLanguage
    let imageSource: ImageSource?
    /// The raster image social cards show instead, relative to the site root (the demo's PNGs).
    let socialImageSource: ImageSource?
    let sitemapLimit: Int
    let pageSize: Int
    let index: PageIndex
    /// Collections by name (case-insensitive, then id), for the collection index.
    let collectionOrder: [Int32]
    /// Tags and themes by image count (descending), then name, for their indexes.
    let tagOrder: [Int32]
    let themeOrder: [Int32]
    /// Sitemap chunks of image URLs (chronological) and of the other pages.
    let sitemapImageChunks: Int
    let sitemapOtherChunks: Int
    /// Pages other than image pages that the sitemap lists (home to the last theme page).
    let sitemapOtherCount: Int
    let assetPaths: [String]
    let cache: RenderCache
    /// Made once: making one per page would copy the gallery, retaining every one of its arrays
    /// from all render threads at once.
    let relatedFinder: RelatedImages
    /// Users' names, segments, avatars and initials as bytes.
    let userTexts: UserTexts
    /// Names and slugs (segments) of tags, themes and collections as bytes.
    let tagTexts: NameTexts
    let themeTexts: NameTexts
    let collectionTexts: NameTexts

    /// - Parameters:
    ///   - imageSource: optional mapping of image and avatar URLs (the demo serves local files);
    ///     when it changes a URL, the mapped value is used for thumbnails too.
    ///   - socialImageSource: optional mapping of image and avatar URLs to the raster file social
    ///     cards show (the demo's PNGs); without it cards use the feed-sized rendition.
    ///   - sitemapLimit: URLs per sitemap file (tests use a small one).
    package init(gallery: Gallery, config: SiteConfig, theme: Theme, imageSource: ImageSource? = nil,
                socialImageSource: ImageSource? = nil, sitemapLimit: Int = SiteRenderer.sitemapURLLimit) {
        self.socialImageSource = socialImageSource
        self.gallery = gallery
        self.config = config
        self.layout = SiteLayout(config: config)
        self.renditions = ImageRenditions(config: config)
        self.theme = theme
        self.imageSource = imageSource
        self.sitemapLimit = max(1, sitemapLimit)
        let pageSize = max(1, config.pageSize)
        self.pageSize = pageSize

        collectionOrder = Self.sortedByName(gallery.collections.map(\.name), ids: gallery.collections.map(\.id))
        tagOrder = Self.sortedByCount(gallery.tags)
        themeOrder = Self.sortedByCount(gallery.themes)

        var index = PageIndex()
        index.add(.image, count: gallery.images.count)
        index.add(.home, count: ChronologicalPagination(count: gallery.images.count, pageSize: pageSize).pageCount)
        index.add(.user, entities: gallery.users.count) {
            ChronologicalPagination(count: gallery.users[$0].images.count, pageSize: pageSize).pageCount
        }
        index.add(.collectionIndex, count: ForwardPagination(count: gallery.collections.count, pageSize: pageSize).pageCount)
        index.add(.collection, entities: gallery.collections.count) {
            ForwardPagination(count: gallery.collections[$0].images.count, pageSize: pageSize).pageCount
        }
        index.add(.tagIndex, count: ForwardPagination(count: gallery.tags.count, pageSize: Self.termIndexPageSize).pageCount)
        index.add(.tag, entities: gallery.tags.count) {
            ChronologicalPagination(count: gallery.tags[$0].images.count, pageSize: pageSize).pageCount
        }
        index.add(.themeIndex, count: ForwardPagination(count: gallery.themes.count, pageSize: Self.termIndexPageSize).pageCount)
        index.add(.theme, entities: gallery.themes.count) {
            ChronologicalPagination(count: gallery.themes[$0].images.count, pageSize: pageSize).pageCount
        }
        index.add(.dateArchive, count: 1)
        let others = index.count - gallery.images.count
        sitemapOtherCount = others
        index.add(.search, count: 1)
        index.add(.notFound, count: 1)
        index.add(.robots, count: 1)
        index.add(.sitemap, count: 1)
        let limit = self.sitemapLimit
        if gallery.images.count + others > limit {
            sitemapImageChunks = (gallery.images.count + limit - 1) / limit
            sitemapOtherChunks = (others + limit - 1) / limit
        } else {
            sitemapImageChunks = 0
            sitemapOtherChunks = 0
        }
        index.add(.sitemapChunk, count: sitemapImageChunks + sitemapOtherChunks)
        assetPaths = theme.assets.map(\.path)
        index.add(.asset, count: assetPaths.count)
        self.index = index
        self.language = theme.language
        self.cache = RenderCache(config: config, layout: layout, language: theme.language)
        self.relatedFinder = RelatedImages(gallery: gallery, limit: config.relatedImages)
        self.userTexts = UserTexts(users: gallery.users, renditions: renditions)
        self.tagTexts = NameTexts(terms: gallery.tags)
        self.themeTexts = NameTexts(terms: gallery.themes)
        self.collectionTexts = NameTexts(collections: gallery.collections)
    }

    private static func sortedByName(_ names: [String], ids: [String]) -> [Int32] {
        let keys = names.map { $0.lowercased() }
        return (0 ..< names.count).map(Int32.init).sorted { a, b in
            let (ka, kb) = (keys[Int(a)], keys[Int(b)])
            if ka != kb { return ka.utf8.lexicographicallyPrecedes(kb.utf8) }
            return ids[Int(a)].utf8.lexicographicallyPrecedes(ids[Int(b)].utf8)
        }
    }

    private static func sortedByCount(_ terms: [Term]) -> [Int32] {
        let keys = terms.map { $0.name.lowercased() }
        return (0 ..< terms.count).map(Int32.init).sorted { a, b in
            let (ca, cb) = (terms[Int(a)].images.count, terms[Int(b)].images.count)
            if ca != cb { return ca > cb }
            let (ka, kb) = (keys[Int(a)], keys[Int(b)])
            if ka != kb { return ka.utf8.lexicographicallyPrecedes(kb.utf8) }
            return terms[Int(a)].slug.utf8.lexicographicallyPrecedes(terms[Int(b)].slug.utf8)
        }
    }

    // MARK: ArtifactSource

    package func path(_ index: Int) -> String {
        let address = self.index.locate(index)
        switch address.kind {
        case .robots: return "robots.txt"
        case .sitemap: return "sitemap.xml"
        case .sitemapChunk: return "sitemaps/\(address.page + 1).xml"
        case .notFound: return "404.html"
        case .asset: return assetPaths[address.entity]
        // `layout.file(layout.image(…))` in one allocation, without copying the image.
        case .image: return String(joining: "images/", gallery.images.pathSegment(address.entity), "/index.html")
        default: return layout.file(directory(address))
        }
    }

    /// The page template file `index` is rendered with; nil for files no template makes
    /// (robots.txt, sitemaps, assets).
    package func templateName(of index: Int) -> String? {
        switch self.index.locate(index).kind {
        case .image: "image"
        case .home: "home"
        case .user: "user"
        case .collectionIndex: "collections"
        case .collection: "collection"
        case .tagIndex: "tags"
        case .tag: "tag"
        case .themeIndex: "themes"
        case .theme: "theme"
        case .search: "search"
        case .dateArchive: "archive"
        case .notFound: "404"
        case .robots, .sitemap, .sitemapChunk, .asset: nil
        }
    }

    package func render(_ index: Int, into buffer: inout [UInt8]) throws {
        let address = self.index.locate(index)
        // Values borrowed from the scratch space are written before it goes.
        RenderScratch.with { scratch in
            switch address.kind {
            case .image: renderImage(address.entity, scratch: scratch, into: &buffer)
            case .home: renderHome(page: address.page, scratch: scratch, into: &buffer)
            case .user: renderUser(address.entity, page: address.page, scratch: scratch, into: &buffer)
            case .collectionIndex: renderCollectionIndex(page: address.page, scratch: scratch, into: &buffer)
            case .collection: renderCollection(address.entity, page: address.page, scratch: scratch, into: &buffer)
            case .tag: renderTerm(isTag: true, address.entity, page: address.page, scratch: scratch, into: &buffer)
            case .theme: renderTerm(isTag: false, address.entity, page: address.page, scratch: scratch, into: &buffer)
            case .tagIndex: renderTermIndex(isTag: true, page: address.page, scratch: scratch, into: &buffer)
            case .themeIndex: renderTermIndex(isTag: false, page: address.page, scratch: scratch, into: &buffer)
            case .search: renderSearch(scratch: scratch, into: &buffer)
            case .dateArchive: renderDateArchive(scratch: scratch, into: &buffer)
            case .notFound: renderNotFound(scratch: scratch, into: &buffer)
            default: break
            }
        }
        switch address.kind {
        case .image, .home, .user, .collectionIndex, .collection, .tag, .theme, .tagIndex, .themeIndex, .search, .dateArchive, .notFound: break
        case .robots: renderRobots(into: &buffer)
        case .sitemap: renderSitemap(into: &buffer)
        case .sitemapChunk: renderSitemapChunk(address.page, into: &buffer)
        case .asset: buffer.append(contentsOf: theme.assets[address.entity].bytes)
        }
    }

    // MARK: Directories

    /// The directory path of an HTML page (see ``SiteLayout``).
    func directory(_ address: PageIndex.Address) -> String {
        switch address.kind {
        case .image: return String(joining: "images/", gallery.images.pathSegment(address.entity), "/")
        case .home: return chronological(SiteLayout.home, page: address.page)
        case .user: return chronological(layout.user(gallery.users[address.entity]), page: address.page)
        case .collectionIndex: return forward(SiteLayout.collectionIndex, page: address.page)
        case .collection: return forward(layout.collection(gallery.collections[address.entity]), page: address.page)
        case .tagIndex: return forward(SiteLayout.tagIndex, page: address.page)
        case .tag: return chronological(layout.tag(gallery.tags[address.entity]), page: address.page)
        case .themeIndex: return forward(SiteLayout.themeIndex, page: address.page)
        case .theme: return chronological(layout.theme(gallery.themes[address.entity]), page: address.page)
        case .search: return SiteLayout.search
        case .dateArchive: return SiteLayout.dateArchive
        case .notFound, .robots, .sitemap, .sitemapChunk, .asset: return ""
        }
    }

    /// Page `page` of a chronological list (0 = first page, k = archive page k).
    func chronological(_ directory: String, page: Int) -> String {
        page == 0 ? directory : layout.listPage(directory, number: page)
    }

    /// Page `page` (1-based) of a forward-numbered list.
    func forward(_ directory: String, page: Int) -> String {
        page <= 1 ? directory : layout.listPage(directory, number: page)
    }
}

extension SiteRenderer {
    /// Files per kind of page, for the build report: `image`, `home`, `user`, `tag`, `sitemap`, …
    package var pageCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for section in index.sections where section.count > 0 {
            counts[String(describing: section.kind), default: 0] += section.count
        }
        return counts
    }
}
