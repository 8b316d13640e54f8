/// Values shared by many pages, computed once per renderer: navigation and site feed links for
/// every page depth.
final class RenderCache: Sendable {
    /// Which navigation entry the current page belongs to.
    enum Section: Int, CaseIterable { case none, home, collections, tags, themes }

    static let maxCachedDepth = 8
    /// `nav[depth][section]`.
    let nav: [[TemplateValue]]
    /// `siteFeeds[depth]`: the site feed links (list elements) for a page at that depth.
    let siteFeeds: [[TemplateValue]]
    let roots: [String]
    /// `homeHrefs[depth]`, `searchHrefs[depth]`: the home and search links of a page at that depth.
    let homeHrefs: [String]
    let searchHrefs: [String]
    /// `{"@type":"WebSite","name":…,"url":…}`, the `isPartOf` of every JSON-LD object.
    let websiteJSON: String
    /// The fields filled on hot paths, resolved to slots.
    let slots = PageSlots()

    /// The texts of ``photoBy`` around the name, as bytes: alternative text without a string.
    let photoByBefore: [UInt8], photoByAfter: [UInt8]
    /// Between the page title and the site title in `<title>`: ` · ` (`site.separator`).
    let separator: String, separatorBytes: [UInt8]

    init(config: SiteConfig, layout: SiteLayout, language: SiteLanguage) {
        let photoBy = language.around(.photoBy)
        photoByBefore = Array(photoBy.before.utf8)
        photoByAfter = Array(photoBy.after.utf8)
        separator = language.text(.separator)
        separatorBytes = Array(separator.utf8)
        var site = JSONLDWriter(type: "WebSite", context: false)
        site.string("name", config.title)
        site.string("url", layout.baseURL)
        websiteJSON = site.finished
        var roots = [String]()
        var root = ""
        for _ in 0 ..< Self.maxCachedDepth {
            roots.append(root)
            root += "../"
        }
        self.roots = roots
        homeHrefs = roots.map { Self.href(root: $0, SiteLayout.home, layout: layout) }
        searchHrefs = roots.map { $0 + layout.link(SiteLayout.search) }
        nav = roots.map { root in Section.allCases.map { Self.navigation(root: root, current: $0, layout: layout, language: language) } }
        siteFeeds = roots.map { Self.siteFeedLinks(root: $0, config: config, language: language) }
    }

    static func navigation(root: String, current: Section, layout: SiteLayout, language: SiteLanguage) -> TemplateValue {
        let entries: [(TextKey, String, Section)] = [
            (.navHome, SiteLayout.home, .home), (.navCollections, SiteLayout.collectionIndex, .collections),
            (.navTags, SiteLayout.tagIndex, .tags), (.navThemes, SiteLayout.themeIndex, .themes),
        ]
        return .list(entries.map { label, directory, section in
            var item = TemplateObject(PageSchemas.navItem)
            item["label"] = .text(language.text(label))
            item["href"] = .text(href(root: root, directory, layout: layout))
            item["current"] = .bool(section == current)
            return .object(item)
        })
    }

    /// A link from a page at `root` to the page at `directory`. With pretty URLs the home page is
    /// the root itself (`../../` rather than `../.././`).
    static func href(root: String, _ directory: String, layout: SiteLayout) -> String {
        if layout.prettyURLs && directory.isEmpty && !root.isEmpty { return root }
        return root + layout.link(directory)
    }

    static func feedTitle(_ format: FeedFormat) -> String {
        switch format {
        case .rss: return "RSS"
        case .atom: return "Atom"
        case .json: return "JSON Feed"
        }
    }

    static func feedLink(title: String, format: FeedFormat, href: String, language: SiteLanguage) -> TemplateValue {
        var link = TemplateObject(PageSchemas.feedLink)
        link["title"] = .text(language.text(.feedLink, ["title": title, "format": feedTitle(format)]))
        link["type"] = .text(format.mediaType)
        link["href"] = .text(href)
        return .object(link)
    }

    /// `Photo by NAME` in the site's language, made in `scratch`.
    func photoBy(_ name: UnsafeRawBufferPointer, in scratch: RenderScratch) -> TemplateBytes {
        photoByBefore.withUnsafeBytes { before in photoByAfter.withUnsafeBytes { after in scratch.join(before, name, after) } }
    }

    static func siteFeedLinks(root: String, config: SiteConfig, language: SiteLanguage) -> [TemplateValue] {
        config.siteFeedFormats.map { feedLink(title: config.title, format: $0, href: root + $0.fileName, language: language) }
    }
}

/// How a grid's first cells load: a page's main grid loads its first row at once and asks for
/// its first image first (the largest paint); other grids load lazily.
struct GridLoading {
    /// Cells loaded at once: a first row is at most 4 cells in the default theme.
    var eagerCount: Int
    var priority: Bool

    static let lazy = GridLoading(eagerCount: 0, priority: false)
    static let mainGrid = GridLoading(eagerCount: 4, priority: true)
}

/// One page being rendered: the relative path to the site root (as a string and as bytes) and the
/// scratch space its borrowed values live in.
struct PageContext {
    let root: String
    let rootBytes: UnsafeRawBufferPointer
    let scratch: RenderScratch

    init(root: String, scratch: RenderScratch) {
        self.root = root
        self.scratch = scratch
        rootBytes = scratch.copy(root).buffer
    }
}

/// A text of a page's head: a string, or bytes borrowed for the render (the gallery's texts, the
/// page's scratch space).
enum PageText {
    case string(String)
    case bytes(TemplateBytes)

    var value: TemplateValue {
        switch self {
        case .string(let text): return .text(text)
        case .bytes(let bytes): return .bytes(bytes)
        }
    }

    /// The text as a string (a copy for bytes).
    var string: String {
        switch self {
        case .string(let text): return text
        case .bytes(let bytes): return bytes.string
        }
    }
}

/// What differs in the common fields from page to page.
struct PageHead {
    var directory: String
    /// The page's own title (without the site title); equal to the site title on the home page.
    var title: PageText
    var heading: PageText
    var description: PageText
    var section: RenderCache.Section = .none
    var ogType = "website"
    var ogImage: TemplateValue = .null
    var ogImageAlt: TemplateValue = .null
    var jsonld: TemplateValue = .null
    /// The user, tag, theme or collection whose feeds this page links: its directory and a title.
    var entityFeed: (directory: String, title: String)?
    var noindex = false
    var canonical = true
    /// The page's `root` is not the relative path from its directory (the 404 page).
    var customRoot = false

    init(directory: String, title: PageText, heading: PageText, description: PageText) {
        self.directory = directory
        self.title = title
        self.heading = heading
        self.description = description
    }

    init(directory: String, title: String, heading: String, description: String) {
        self.init(directory: directory, title: .string(title), heading: .string(heading), description: .string(description))
    }
}

extension SiteRenderer {
    /// Relative path from `directory` to the site root.
    func root(of directory: String) -> String {
        var depth = 0
        for byte in directory.utf8 where byte == UInt8(ascii: "/") { depth += 1 }
        return depth < RenderCache.maxCachedDepth ? cache.roots[depth] : layout.root(from: directory)
    }

    /// A page object of `schema` with the common fields filled in (by their slots: the page's
    /// own fields are `.null` until the page kind sets them).
    func pageObject(_ schema: TemplateSchema, _ head: PageHead, _ page: PageContext) -> TemplateObject {
        let slot = cache.slots.common
        let root = page.root
        var depth = 0
        for byte in head.directory.utf8 where byte == UInt8(ascii: "/") { depth += 1 }
        if head.customRoot || depth >= RenderCache.maxCachedDepth { depth = -1 }
        var object = TemplateObject(schema)
        object[slot.lang] = .text(config.language)
        object[slot.dir] = .text(language.isRightToLeft ? "rtl" : "ltr")
        object[slot.siteTitle] = .text(config.title)
        object[slot.siteDescription] = .text(config.description)
        object[slot.root] = .text(root)
        object[slot.styleHref] = .text(root + (theme.stylePath ?? "assets/style.css"))
        object[slot.scriptHref] = .text(root + (theme.scriptPath ?? "assets/search.js"))
        if let favicon = theme.faviconPath {
            object[slot.faviconHref] = .text(root + favicon)
            object[slot.faviconType] = .text(favicon.hasSuffix(".svg") ? "image/svg+xml" : favicon.hasSuffix(".png") ? "image/png" : "image/x-icon")
        }
        switch head.title {
        case .string(let title):
            object[slot.title] = .text(title == config.title ? config.title : String.joined(title, cache.separator, config.title))
        case .bytes(let title):
            // Equal to the site title as strings are (canonical equivalence): compared as bytes
            // when both are ASCII, the common case.
            let ascii = config.title.utf8.allSatisfy { $0 < 0x80 } && title.buffer.allSatisfy { $0 < 0x80 }
            let equal = ascii ? config.title.utf8.elementsEqual(title.buffer) : title.string == config.title
            if equal {
                object[slot.title] = .text(config.title)
            } else {
                object[slot.title] = .bytes(config.title.utf8.withContiguousStorageIfAvailable { siteTitle in
                    cache.separatorBytes.withUnsafeBytes { page.scratch.join(title.buffer, $0, UnsafeRawBufferPointer(siteTitle)) }
                } ?? page.scratch.copy(String.joined(title.string, cache.separator, config.title)))
            }
        }
        object[slot.heading] = head.heading.value
        object[slot.description] = head.description.value
        object[slot.canonical] = head.canonical ? .text(String.joined(layout.baseURL, head.directory)) : .null
        object[slot.noindex] = .bool(head.noindex)
        object[slot.ogType] = .text(head.ogType)
        object[slot.ogImage] = head.ogImage
        object[slot.ogImageAlt] = head.ogImageAlt
        if case .null = head.ogImage { object[slot.twitterCard] = .text("summary") } else { object[slot.twitterCard] = .text("summary_large_image") }
        object[slot.jsonld] = head.jsonld
        if depth >= 0 {
            object[slot.homeHref] = .text(cache.homeHrefs[depth])
            object[slot.searchHref] = .text(cache.searchHrefs[depth])
            object[slot.nav] = cache.nav[depth][head.section.rawValue]
        } else {
            object[slot.homeHref] = .text(RenderCache.href(root: root, SiteLayout.home, layout: layout))
            object[slot.searchHref] = .text(root + layout.link(SiteLayout.search))
            object[slot.nav] = RenderCache.navigation(root: root, current: head.section, layout: layout, language: language)
        }
        var feeds = depth >= 0 ? cache.siteFeeds[depth] : RenderCache.siteFeedLinks(root: root, config: config, language: language)
        if let entity = head.entityFeed {
            for format in entityFeedFormats {
                feeds.append(RenderCache.feedLink(title: entity.title, format: format, href: root + entity.directory + format.fileName,
                                                  language: language))
            }
            var entityFeed = TemplateObject(PageSchemas.entityFeed)
            entityFeed["title"] = .text(entity.title)
            entityFeed["href"] = .text(root + entity.directory + FeedFormat.rss.fileName)
            object[slot.entityFeed] = .object(entityFeed)
        }
        object[slot.feeds] = .list(feeds)
        return object
    }

    /// The feeds every user, tag, theme and collection has: RSS, then the configured others.
    var entityFeedFormats: [FeedFormat] {
        [.rss] + config.listFeedFormats.filter { $0 != .rss }
    }

    // MARK: Image sources

    @inline(__always)
    func isAbsolute(_ url: String) -> Bool { url.hasPrefix("https://") || url.hasPrefix("http://") }

    /// What `src` shows for a full image or avatar URL on a page at `root`.
    func source(_ url: String, root: String) -> String {
        guard let imageSource else { return url }
        let mapped = imageSource(url)
        return isAbsolute(mapped) ? mapped : root + mapped
    }

    /// What a grid shows for an image URL: the mapped source when the mapping changes it, else
    /// the thumbnail (Cloudinary transformation, configured pattern, or the original).
    func thumbnailSource(_ url: String, root: String) -> String {
        if let imageSource {
            let mapped = imageSource(url)
            if mapped != url { return isAbsolute(mapped) ? mapped : root + mapped }
        }
        return renditions.thumbnailURL(for: url)
    }

    /// An absolute URL for social cards and JSON-LD.
    func absoluteSource(_ url: String) -> String {
        guard let imageSource else { return url }
        let mapped = imageSource(url)
        return isAbsolute(mapped) ? mapped : layout.absolute(mapped)
    }

    /// An absolute URL for social cards: the feed-sized rendition, or the raster file the
    /// mapping gives (the demo's PNGs).
    func absoluteSocialImage(_ url: String) -> String {
        if let socialImageSource {
            let mapped = socialImageSource(url)
            return isAbsolute(mapped) ? mapped : layout.absolute(mapped)
        }
        return imageSource == nil ? renditions.url(for: url, width: ImageRenditions.feedWidth, shape: .fitKeepingFormat) : absoluteSource(url)
    }

    /// The original's size, for the `width`/`height` of the displayed image.
    func imageSize(_ imageIndex: Int) -> PixelSize? { gallery.images.pixelSize(imageIndex) }

    func absoluteThumbnail(_ url: String) -> String {
        if let imageSource {
            let mapped = imageSource(url)
            if mapped != url { return isAbsolute(mapped) ? mapped : layout.absolute(mapped) }
        }
        return renditions.thumbnailURL(for: url)
    }

    // MARK: Objects

    /// Alternative text of image `imageIndex`: its description, or `Photo by NAME`.
    func altText(_ imageIndex: Int) -> String {
        gallery.images.hasDescription(imageIndex) ? gallery.images.description(imageIndex).utf8String
            : language.text(.photoBy, ["name": gallery.users[gallery.images.owner(imageIndex)].name])
    }

    /// The link suffix of a page directory below its segment: `/` or `/index.html`.
    var directorySuffix: String { layout.prettyURLs ? "/" : "/index.html" }

    /// The same, as bytes.
    var directorySuffixBytes: UnsafeRawBufferPointer {
        layout.prettyURLs ? StaticString("/").rawBytes : StaticString("/index.html").rawBytes
    }

    /// A grid cell. Its texts are borrowed from the gallery or made in `page`'s scratch space:
    /// no string, no reference counting. `eager` and `priority` mark the first row of a page's
    /// main grid (see ``GridLoading``).
    func gridItem(_ imageIndex: Int, _ page: PageContext, ladder: ImageRenditions.Ladder = ImageRenditions.grid,
                  eager: Bool = false, priority: Bool = false) -> TemplateObject {
        let owner = gallery.images.owner(imageIndex)
        let ownerName = userTexts.name(owner)
        let href = page.scratch.join(page.rootBytes, StaticString("images/").rawBytes, gallery.images.pathSegment(imageIndex),
                                     directorySuffixBytes)
        let url = gallery.images.url(imageIndex)
        let slot = cache.slots.gridItem
        var item = TemplateObject(PageSchemas.gridItem)
        if imageSource == nil {
            item[slot.src] = .bytes(renditions.fallbackURL(for: url, ladder, in: page.scratch))
            if let srcset = renditions.srcset(for: url, ladder, in: page.scratch) { item[slot.srcset] = .bytes(srcset) }
        } else {
            item[slot.src] = .bytes(page.scratch.copy(thumbnailSource(url.utf8String, root: page.root)))
        }
        let alt = gallery.images.hasDescription(imageIndex) ? shortAlt(gallery.images.description(imageIndex), page.scratch)
            : cache.photoBy(ownerName, in: page.scratch)
        item[slot.href] = .bytes(href)
        item[slot.alt] = .bytes(alt)
        item[slot.width] = .number(renditions.thumbnailWidth)
        item[slot.height] = .number(renditions.thumbnailWidth)
        item[slot.author] = .bytes(TemplateBytes(ownerName))
        item[slot.eager] = .bool(eager)
        item[slot.priority] = .bool(priority)
        return item
    }

    /// A description as alternative text: itself (borrowed) up to ``Gallery/shortAltLength``
    /// bytes, else cut at a word boundary.
    @inline(__always)
    func shortAlt(_ description: UnsafeRawBufferPointer, _ scratch: RenderScratch) -> TemplateBytes {
        description.count <= Gallery.shortAltLength ? TemplateBytes(description)
            : TextFormat.excerpt(description, limit: Gallery.shortAltLength, in: scratch)
    }

    /// Grid cells of the images at `range` of `list` (or of the gallery's newest-first order).
    func gridItems(_ list: [Int32]? = nil, _ range: Range<Int>, _ page: PageContext, loading: GridLoading = .lazy) -> TemplateValue {
        var items = [TemplateValue]()
        items.reserveCapacity(range.count)
        for (offset, position) in range.enumerated() {
            let image = list.map { Int($0[position]) } ?? position
            items.append(.object(gridItem(image, page, eager: offset < loading.eagerCount, priority: offset == 0 && loading.priority)))
        }
        return .list(items)
    }

    func person(_ userIndex: Int, _ page: PageContext) -> TemplateValue {
        let slot = cache.slots.person
        var person = TemplateObject(PageSchemas.person)
        if let url = userTexts.avatar(userIndex) {
            if imageSource == nil, let source = userTexts.avatarSource(userIndex) {
                person[slot.avatar] = .bytes(TemplateBytes(source))
                if let srcset = userTexts.avatarSrcset(userIndex) { person[slot.avatarSrcset] = .bytes(TemplateBytes(srcset)) }
            } else {
                person[slot.avatar] = .bytes(page.scratch.copy(source(url.utf8String, root: page.root)))
            }
        }
        person[slot.name] = .bytes(TemplateBytes(userTexts.name(userIndex)))
        person[slot.href] = .bytes(page.scratch.join(page.rootBytes, StaticString("users/").rawBytes, userTexts.segment(userIndex),
                                                     directorySuffixBytes))
        person[slot.initial] = .bytes(TemplateBytes(userTexts.initial(userIndex)))
        return .object(person)
    }

    func namedLink(_ name: String, _ directory: String, root: String) -> TemplateValue {
        var object = TemplateObject(PageSchemas.namedLink)
        object["name"] = .text(name)
        object["href"] = .text(root + layout.link(directory))
        return .object(object)
    }

    /// A named link to the page `{section}{segment}/` (a tag, theme or collection) from `page`,
    /// its texts borrowed.
    func namedLink(_ name: UnsafeRawBufferPointer, section: StaticString, segment: UnsafeRawBufferPointer,
                   _ page: PageContext) -> TemplateValue {
        let slot = cache.slots.namedLink
        var link = TemplateObject(PageSchemas.namedLink)
        link[slot.name] = .bytes(TemplateBytes(name))
        link[slot.href] = .bytes(page.scratch.join(page.rootBytes, section.rawBytes, segment, directorySuffixBytes))
        return .object(link)
    }

    func collectionEntry(_ collectionIndex: Int, _ page: PageContext) -> TemplateValue {
        let collection = gallery.collections[collectionIndex]
        var object = TemplateObject(PageSchemas.collectionEntry)
        object["name"] = .text(collection.name)
        object["href"] = .text(page.root + layout.link(layout.collection(collection)))
        object["description"] = collection.description.isEmpty ? .null : .text(collection.description)
        object["owner"] = person(Int(collection.owner), page)
        object["count"] = .number(collection.images.count)
        object["countLabel"] = .text(language.counted(.images, collection.images.count))
        object["cover"] = collection.images.first.map { .object(gridItem(Int($0), page)) } ?? .null
        return .object(object)
    }

    // MARK: Pagers

    /// The pager of a chronological list, or `.null` when it has one page.
    func chronologicalPager(_ directory: String, _ pagination: ChronologicalPagination, page: Int, root: String) -> TemplateValue {
        guard pagination.pageCount > 1 else { return .null }
        var pager = TemplateObject(PageSchemas.pager)
        pager["prevHref"] = pagination.newer(than: page).map {
            .text(RenderCache.href(root: root, chronological(directory, page: $0), layout: layout))
        } ?? .null
        pager["prevLabel"] = .text(language.text(.pagerNewer))
        pager["nextHref"] = pagination.older(than: page).map {
            .text(RenderCache.href(root: root, chronological(directory, page: $0), layout: layout))
        } ?? .null
        pager["nextLabel"] = .text(language.text(.pagerOlder))
        return .object(pager)
    }

    /// The pager of a forward-numbered list, or `.null` when it has one page.
    func forwardPager(_ directory: String, _ pagination: ForwardPagination, page: Int, root: String) -> TemplateValue {
        guard pagination.pageCount > 1 else { return .null }
        var pager = TemplateObject(PageSchemas.pager)
        pager["prevHref"] = pagination.previous(of: page).map { .text(root + layout.link(forward(directory, page: $0))) } ?? .null
        pager["prevLabel"] = .text(language.text(.pagerPrevious))
        pager["nextHref"] = pagination.next(of: page).map { .text(root + layout.link(forward(directory, page: $0))) } ?? .null
        pager["nextLabel"] = .text(language.text(.pagerNext))
        pager["position"] = .text(language.text(.pagerPosition, ["page": language.number(page), "pages": language.number(pagination.pageCount)]))
        return .object(pager)
    }
}
