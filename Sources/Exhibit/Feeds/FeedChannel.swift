/// What one feed says about itself and which images it lists: built on demand by
/// ``FeedSource/render(_:into:)``, the same for every format.
struct FeedChannel {
    var kind: FeedKind
    var format: FeedFormat
    /// The feed's folder, a ``SiteLayout`` directory path: `""`, `users/abc/`, …
    var directory: String
    var title: String
    /// Never empty.
    var description: String
    /// Absolute URL of the HTML page the feed follows.
    var pageURL: String
    /// Absolute URL of this feed file.
    var selfURL: String
    /// An image for the channel (a user's avatar), http(s) only.
    var imageURL: String?
    /// The user a user feed follows.
    var user: PublishedUser?
    /// Image indices, newest first, at most `feedItems`.
    var items: [Int32]
}

extension FeedSource {
    /// The channel of feed `entity` of `kind` in `format`.
    func channel(_ kind: FeedKind, _ entity: Int, _ format: FeedFormat) -> FeedChannel {
        let directory = self.directory(kind, entity)
        let site = config.title
        var title: String
        var description: String
        var imageURL: String? = nil
        var user: PublishedUser? = nil
        let items: [Int32]
        switch kind {
        case .site:
            title = site
            description = config.description
            items = (0 ..< Int32(min(itemLimit, gallery.images.count))).map { $0 }
        case .user:
            let owner = gallery.users[entity]
            title = language.text(.feedUserTitle, ["name": owner.name, "site": site])
            description = owner.bio.isEmpty ? language.text(.feedUserSummary, ["name": owner.name, "site": site]) : owner.bio
            imageURL = owner.avatarURL.flatMap { FeedItemText.isWebURL($0) ? $0 : nil }
            user = owner
            items = Array(owner.images.prefix(itemLimit))
        case .tag:
            let term = gallery.tags[entity]
            title = language.text(.feedTagTitle, ["name": term.name, "site": site])
            description = language.text(.feedTagSummary, ["name": term.name, "site": site])
            items = Array(term.images.prefix(itemLimit))
        case .theme:
            let term = gallery.themes[entity]
            title = language.text(.feedThemeTitle, ["name": term.name, "site": site])
            description = language.text(.feedThemeSummary, ["name": term.name, "site": site])
            items = Array(term.images.prefix(itemLimit))
        case .collection:
            let collection = gallery.collections[entity]
            let ownerName = gallery.users[Int(collection.owner)].name
            title = language.text(.feedCollectionTitle, ["name": collection.name, "owner": ownerName, "site": site])
            description = collection.description.isEmpty
                ? language.text(.feedCollectionSummary, ["owner": ownerName, "site": site]) : collection.description
            items = Self.newest(collection.images, limit: itemLimit)
        }
        if title.isEmpty { title = "Exhibit" }
        if !description.unicodeScalars.contains(where: { FeedItemText.isKept($0) && !$0.properties.isWhitespace }) {
            description = title
        }
        return FeedChannel(kind: kind, format: format, directory: directory, title: title, description: description,
                           pageURL: layout.absolute(directory), selfURL: layout.absolute(directory + format.fileName),
                           imageURL: imageURL, user: user, items: items)
    }

    /// The `limit` newest of `images` (indices in any order): the smallest indices, ascending.
    static func newest(_ images: [Int32], limit: Int) -> [Int32] {
        if images.count <= limit { return images.sorted() }
        // Keep a sorted window of the `limit` smallest: O(n log limit) for big collections.
        var window = Array(images.prefix(limit)).sorted()
        for index in images.dropFirst(limit) where index < window[limit - 1] {
            let position = window.partitioningIndex { $0 >= index }
            window.removeLast()
            window.insert(index, at: position)
        }
        return window
    }
}

/// One image as a feed item: everything the three formats share. Its texts are borrowed from the
/// gallery (valid while it exists).
struct FeedEntry {
    /// The image's index.
    let index: Int
    let url: UnsafeRawBufferPointer
    let description: UnsafeRawBufferPointer
    let pathSegment: UnsafeRawBufferPointer
    /// Positions of its tags in ``PublishedImages/tagList``.
    let tags: Range<Int>
    let theme: Int?
    /// The owner's index in ``Gallery/users``.
    let owner: Int
    let title: String
    let thumbnailURL: String
    /// The rendition feeds show and enclose (1200 pixels wide at most, in the original's
    /// format), or the original when there is none.
    let displayURL: String
    /// Its size in pixels, when the database gives the original's.
    let displaySize: PixelSize?
    /// `image/jpeg`, … from the URL's extension; nil when unknown.
    let mediaType: String?
    let date: Timestamp
}

extension FeedSource {
    func entry(_ index: Int32) -> FeedEntry {
        let image = Int(index)
        let owner = gallery.images.owner(image)
        let url = gallery.images.url(image), description = gallery.images.description(image)
        let urlString = url.utf8String
        let thumbnail = mediaSource.map { $0(urlString) } ?? renditions.thumbnailURL(for: urlString)
        let display = mediaSource.map { $0(urlString) } ?? renditions.url(for: urlString, width: ImageRenditions.feedWidth, shape: .fitKeepingFormat)
        var displaySize = gallery.images.pixelSize(image)
        if mediaSource == nil, let size = displaySize, size.width > ImageRenditions.feedWidth, renditions.isResizable(urlString) {
            displaySize = PixelSize(width: ImageRenditions.feedWidth, height: size.height(atWidth: ImageRenditions.feedWidth))
        }
        return FeedEntry(index: image, url: url, description: description, pathSegment: gallery.images.pathSegment(image),
                         tags: gallery.images.tagRange(image), theme: gallery.images.theme(image), owner: owner,
                         title: FeedItemText.title(description: description, untitled: language.text(.photoBy, ["name": gallery.users[owner].name])),
                         thumbnailURL: FeedItemText.isWebURL(thumbnail) ? thumbnail : urlString,
                         displayURL: FeedItemText.isWebURL(display) ? display : urlString,
                         displaySize: mediaSource == nil ? displaySize : nil,
                         mediaType: FeedItemText.mediaType(ofURL: FeedItemText.isWebURL(display) ? display : urlString),
                         date: gallery.images.createdAt(image))
    }

    /// The tag index at position `position` of an entry's ``FeedEntry/tags``.
    @inline(__always)
    func tag(at position: Int) -> Int { Int(gallery.images.tagList[position]) }

    /// Appends, escaped for `context`, the absolute URL of a page whose ``SiteLayout`` directory
    /// is `prefix` + `segment` + `/` (``SiteLayout/image(_:)``, ``SiteLayout/user(_:)``,
    /// ``SiteLayout/tag(_:)``, ``SiteLayout/theme(_:)``): the bytes of escaping
    /// `layout.absolute(…)`, written piece by piece without building the URL.
    @inline(__always)
    func appendPageURL(_ prefix: StaticString, _ segment: String, to out: inout [UInt8], as context: FeedBytes.Context) {
        var segment = segment
        segment.withUTF8 { appendPageURL(prefix, UnsafeRawBufferPointer($0), to: &out, as: context) }
    }

    @inline(__always)
    func appendPageURL(_ prefix: StaticString, _ segment: UnsafeRawBufferPointer, to out: inout [UInt8], as context: FeedBytes.Context) {
        FeedBytes.append(layout.baseURL, to: &out, as: context)
        FeedBytes.raw(prefix, to: &out) // plain ASCII: escaping leaves it as it is
        FeedBytes.append(segment, to: &out, as: context)
        out.append(UInt8(ascii: "/"))
    }

    /// The image page's absolute pretty URL: `https://example.org/images/abc/` (also the guid/id).
    func appendPermalink(_ entry: FeedEntry, to out: inout [UInt8], as context: FeedBytes.Context) {
        appendPageURL("images/", entry.pathSegment, to: &out, as: context)
    }

    /// The owner's profile page, absolute.
    func appendOwnerURL(_ entry: FeedEntry, to out: inout [UInt8], as context: FeedBytes.Context) {
        appendPageURL("users/", userTexts.segment(entry.owner), to: &out, as: context)
    }

    /// The short HTML of an item (RSS `description`): the linked image, then the description.
    func summaryHTML(_ entry: FeedEntry, into html: inout [UInt8]) {
        appendFigure(entry, into: &html)
        appendCaption(entry.description, into: &html)
    }

    /// The full HTML of an item (`content:encoded`, Atom `content`, JSON `content_html`): the
    /// summary, then the author, the theme and the tags.
    func contentHTML(_ entry: FeedEntry, into html: inout [UInt8]) {
        summaryHTML(entry, into: &html)
        appendDetails(entry, into: &html)
    }

    /// What the full content adds to the summary: author, theme and tags, linked.
    func appendDetails(_ entry: FeedEntry, into html: inout [UInt8]) {
        // The catalog's words around each link (`By {name}`), escaped once per feed source.
        html.append(contentsOf: detailTexts.byBefore)
        FeedBytes.raw("<a href=\"", to: &html)
        appendOwnerURL(entry, to: &html, as: .markup)
        FeedBytes.raw("\">", to: &html)
        FeedBytes.append(userTexts.name(entry.owner), to: &html, as: .markup)
        FeedBytes.raw("</a>", to: &html)
        html.append(contentsOf: detailTexts.byAfter)
        if let theme = entry.theme {
            html.append(contentsOf: detailTexts.themeBefore)
            FeedBytes.raw("<a href=\"", to: &html)
            appendPageURL("themes/", themeTexts.segment(theme), to: &html, as: .markup)
            FeedBytes.raw("\">", to: &html)
            FeedBytes.append(themeTexts.name(theme), to: &html, as: .markup)
            FeedBytes.raw("</a>", to: &html)
            html.append(contentsOf: detailTexts.themeAfter)
        }
        if !entry.tags.isEmpty {
            html.append(contentsOf: detailTexts.tagsBefore)
            for position in entry.tags {
                let tag = tag(at: position)
                if position > entry.tags.lowerBound { html.append(contentsOf: detailTexts.listSeparator) }
                FeedBytes.raw("<a rel=\"tag\" href=\"", to: &html)
                appendPageURL("tags/", tagTexts.segment(tag), to: &html, as: .markup)
                FeedBytes.raw("\">", to: &html)
                FeedBytes.append(tagTexts.name(tag), to: &html, as: .markup)
                FeedBytes.raw("</a>", to: &html)
            }
            html.append(contentsOf: detailTexts.tagsAfter)
        }
    }

    private func appendFigure(_ entry: FeedEntry, into html: inout [UInt8]) {
        FeedBytes.raw("<p><a href=\"", to: &html)
        appendPermalink(entry, to: &html, as: .markup)
        FeedBytes.raw("\"><img src=\"", to: &html)
        FeedBytes.append(entry.url, to: &html, as: .markup)
        FeedBytes.raw("\" alt=\"", to: &html)
        FeedBytes.append(entry.title, to: &html, as: .markup)
        FeedBytes.raw("\"></a></p>", to: &html)
    }

    /// The description as a paragraph, line breaks kept as `<br>`; nothing when empty.
    private func appendCaption(_ description: UnsafeRawBufferPointer, into html: inout [UInt8]) {
        guard !description.isEmpty else { return }
        FeedBytes.raw("<p>", to: &html)
        FeedBytes.append(description, to: &html, as: .markup, lineBreaks: true)
        FeedBytes.raw("</p>", to: &html)
    }
}
