/// The context of every page kind, built directly as template values.
extension SiteRenderer {
    /// Comments rendered on an image page at most, the oldest first; `commentsNotShown` says how
    /// many more there are (README "Template fields").
    static let maximumCommentsShown = 500

    // MARK: JSON-LD helpers


    func personLD(_ userIndex: Int) -> JSONLDWriter {
        var person = JSONLDWriter(type: "Person", context: false)
        person.string("name", gallery.users[userIndex].name)
        person.string("url", layout.baseURL, "users/", gallery.users[userIndex].pathSegment, "/")
        return person
    }

    func collectionPageLD(name: String, directory: String, description: String) -> String {
        var page = JSONLDWriter(type: "CollectionPage")
        page.string("name", name)
        page.string("url", layout.absolute(directory))
        if !description.isEmpty { page.string("description", description) }
        page.raw("isPartOf", cache.websiteJSON)
        return page.finished
    }

    /// The sentence saying which days the images at positions `range` of a newest-first list
    /// (`nil`: the whole gallery) come from: `Images by NAME from 1 May 2024 to 3 June 2024.`,
    /// or `two`'s one-day sibling `one` when they all come from one day.
    func dateSpan(_ list: [Int32]?, _ range: Range<Int>, _ two: TextKey, _ one: TextKey, name: String = "") -> String {
        guard !range.isEmpty else { return "" }
        let newestIndex = list.map { Int($0[range.lowerBound]) } ?? range.lowerBound
        let oldestIndex = list.map { Int($0[range.upperBound - 1]) } ?? range.upperBound - 1
        let newest = language.date(gallery.images.createdAt(newestIndex))
        let oldest = language.date(gallery.images.createdAt(oldestIndex))
        return newest == oldest ? language.text(one, ["name": name, "date": oldest])
            : language.text(two, ["name": name, "from": oldest, "to": newest])
    }

    func firstImageCard(_ list: [Int32], _ range: Range<Int>, into head: inout PageHead) {
        guard let first = range.first else { return }
        let image = Int(list[first])
        head.ogImage = .text(absoluteSocialImage(gallery.images.url(image).utf8String))
        head.ogImageAlt = .text(altText(image))
    }

    func render(_ template: String, _ object: TemplateObject, into buffer: inout [UInt8]) {
        theme.templates.render(template, object, into: &buffer)
    }

    // MARK: Image page

    func renderImage(_ imageIndex: Int, scratch: RenderScratch, into buffer: inout [UInt8]) {
        // Fields read in place; texts borrowed from the gallery or made in the scratch space.
        let description = gallery.images.description(imageIndex), url = gallery.images.url(imageIndex)
        let ownerIndex = gallery.images.owner(imageIndex)
        let tagRange = gallery.images.tagRange(imageIndex)
        let theme = gallery.images.theme(imageIndex)
        let likeCount = gallery.images.likeCount(imageIndex)
        let createdAt = gallery.images.createdAt(imageIndex)
        let segment = gallery.images.pathSegment(imageIndex)
        let directory = String(joining: "images/", segment, "/")
        let root = self.root(of: directory)
        let context = PageContext(root: root, scratch: scratch)
        let ownerName = userTexts.name(ownerIndex)
        // Heading, alt text and caption each say something once (docs/publishing.md, "Image
        // pages"): the heading is the description's start, the alt text a short description, and
        // the caption the whole description only when the heading had to cut it.
        let byline = cache.photoBy(ownerName, in: scratch)
        let alt = description.isEmpty ? byline : shortAlt(description, scratch)
        let shortTitle = description.isEmpty ? byline : TextFormat.excerpt(description, limit: 80, in: scratch)
        let date = language.date(createdAt)
        let dateISO = createdAt.iso8601
        let fullSource: TemplateBytes = imageSource == nil ? TemplateBytes(url) : scratch.copy(absoluteSource(url.utf8String))

        var ld = JSONLDWriter(type: "ImageObject")
        ld.string("name", bytes: shortTitle.buffer)
        ld.string("url", layout.baseURL, "images/", segment, "/")
        ld.string("contentUrl", bytes: fullSource.buffer)
        if imageSource == nil {
            ld.string("thumbnailUrl", bytes: renditions.thumbnailURL(for: url, in: scratch).buffer)
        } else {
            ld.string("thumbnailUrl", absoluteThumbnail(url.utf8String))
        }
        if !description.isEmpty { ld.string("caption", bytes: description) }
        ld.beginObject("author", type: "Person") // as `personLD(ownerIndex)`, in place
        ld.string("name", bytes: ownerName)
        ld.string("url", layout.baseURL, "users/", userTexts.segment(ownerIndex), "/")
        ld.endObject()
        ld.string("datePublished", dateISO)
        if !tagRange.isEmpty {
            let keywords = scratch.join(tagRange.lazy.map { tagTexts.name(Int(gallery.images.tagList[$0])) }, separator: ", ")
            ld.string("keywords", bytes: keywords.buffer)
        }
        if let theme { ld.string("genre", bytes: themeTexts.name(theme)) }
        ld.beginObject("interactionStatistic", type: "InteractionCounter")
        ld.string("interactionType", "https://schema.org/LikeAction")
        ld.number("userInteractionCount", likeCount)
        ld.endObject()
        let comments = gallery.images.commentRange(imageIndex)
        ld.number("commentCount", comments.count)
        ld.raw("isPartOf", cache.websiteJSON)

        let summary: PageText = description.isEmpty
            ? .string(language.text(.imageSummary, ["name": ownerName.utf8String, "date": date])) : .bytes(TextFormat.excerpt(description, limit: 200, in: scratch))
        var head = PageHead(directory: directory, title: .bytes(shortTitle), heading: .bytes(shortTitle), description: summary)
        head.ogType = "article"
        head.ogImage = .bytes(scratch.copy(absoluteSocialImage(url.utf8String)))
        head.ogImageAlt = .bytes(alt)
        head.jsonld = .bytes(ld.finish(in: scratch))

        let slot = cache.slots.image
        var object = pageObject(PageSchemas.image, head, context)
        object[slot.imageSrc] = imageSource == nil ? .bytes(TemplateBytes(url)) : .text(source(url.utf8String, root: root))
        if imageSource == nil {
            object[slot.displaySrc] = .bytes(renditions.fallbackURL(for: url, ImageRenditions.display, in: scratch))
            if let srcset = renditions.srcset(for: url, ImageRenditions.display, in: scratch) { object[slot.displaySrcset] = .bytes(srcset) }
        } else {
            object[slot.displaySrc] = object[slot.imageSrc]
        }
        if let size = imageSize(imageIndex) {
            object[slot.imageWidth] = .number(size.width)
            object[slot.imageHeight] = .number(size.height)
        }
        object[slot.alt] = .bytes(alt)
        object[slot.caption] = shortTitle.count == description.count ? .null : .bytes(TemplateBytes(description))
        object[slot.author] = person(ownerIndex, context)
        object[slot.date] = .text(date)
        object[slot.dateISO] = .text(dateISO)
        object[slot.likeCount] = .number(likeCount)
        object[slot.likeLabel] = .text(language.counted(.likes, likeCount))
        var tags = [TemplateValue]()
        tags.reserveCapacity(tagRange.count)
        for position in tagRange {
            let tag = Int(gallery.images.tagList[position])
            tags.append(namedLink(tagTexts.name(tag), section: "tags/", segment: tagTexts.segment(tag), context))
        }
        object[slot.tags] = .list(tags)
        object[slot.hasTags] = .bool(!tagRange.isEmpty)
        object[slot.theme] = theme.map { namedLink(themeTexts.name($0), section: "themes/", segment: themeTexts.segment($0), context) } ?? .null
        // The oldest comments up to the cap: an image with 100,000 comments made a 37.6 MB page.
        let shownComments = comments.prefix(Self.maximumCommentsShown)
        var commentValues = [TemplateValue]()
        commentValues.reserveCapacity(shownComments.count)
        for comment in shownComments { commentValues.append(self.comment(comment, context)) }
        object[slot.comments] = .list(commentValues)
        object[slot.commentCount] = .number(comments.count)
        object[slot.commentLabel] = .text(language.counted(.comments, comments.count))
        let notShown = comments.count - shownComments.count
        object[slot.commentsNotShown] = .number(notShown)
        object[slot.commentsNotShownLabel] = notShown == 0 ? .null
            : .text(language.counted(.commentsNotShown, notShown))
        let collectionRange = gallery.images.collectionRange(imageIndex)
        var collections = [TemplateValue]()
        collections.reserveCapacity(collectionRange.count)
        for position in collectionRange {
            let collection = Int(gallery.images.collectionList[position])
            collections.append(namedLink(collectionTexts.name(collection), section: "collections/",
                                         segment: collectionTexts.segment(collection), context))
        }
        object[slot.collections] = .list(collections)
        object[slot.hasCollections] = .bool(!collectionRange.isEmpty)
        // Neighbours within the owner's images (ascending indices = newest first).
        gallery.users[ownerIndex].images.withUnsafeBufferPointer { own in
            let position = own.partitioningIndex { Int($0) >= imageIndex }
            guard position < own.count && Int(own[position]) == imageIndex else { return }
            if position > 0 { object[slot.newer] = .object(gridItem(Int(own[position - 1]), context, ladder: ImageRenditions.small)) }
            if position + 1 < own.count { object[slot.older] = .object(gridItem(Int(own[position + 1]), context, ladder: ImageRenditions.small)) }
        }
        let relatedIndices = relatedImages(of: imageIndex)
        var related = [TemplateValue]()
        related.reserveCapacity(relatedIndices.count)
        for index in relatedIndices { related.append(.object(gridItem(index, context))) }
        object[slot.related] = .list(related)
        object[slot.hasRelated] = .bool(!relatedIndices.isEmpty)
        render("image", object, into: &buffer)
    }

    /// "More like this": up to `relatedImages` older images scored by ``RelatedImages`` (rare shared
    /// tags, theme, author, co-likes). Older only, so a new image never rewrites an older page.
    func relatedImages(of imageIndex: Int) -> [Int] {
        relatedFinder.related(to: imageIndex)
    }

    /// Comment `commentIndex` as shown on its image's page.
    func comment(_ commentIndex: Int, _ page: PageContext) -> TemplateValue {
        let slot = cache.slots.comment
        let createdAt = gallery.comments.createdAt(commentIndex)
        var comment = TemplateObject(PageSchemas.comment)
        comment[slot.author] = person(gallery.comments.author(commentIndex), page)
        comment[slot.content] = .bytes(TemplateBytes(gallery.comments.content(commentIndex)))
        comment[slot.date] = createdAt.map { .text(language.date($0)) } ?? .null
        comment[slot.dateISO] = createdAt.map { .text($0.iso8601) } ?? .null
        return .object(comment)
    }

    // MARK: Home

    func renderHome(page: Int, scratch: RenderScratch, into buffer: inout [UInt8]) {
        let pagination = ChronologicalPagination(count: gallery.images.count, pageSize: pageSize)
        let range = pagination.range(ofPage: page)
        let directory = chronological(SiteLayout.home, page: page)
        let root = self.root(of: directory)
        let context = PageContext(root: root, scratch: scratch)
        var head: PageHead
        if page == 0 {
            head = PageHead(directory: directory, title: config.title, heading: config.title, description: config.description)
            var site = JSONLDWriter(type: "WebSite")
            site.string("name", config.title)
            site.string("url", layout.baseURL)
            site.string("description", config.description)
            var target = JSONLDWriter(type: "EntryPoint", context: false)
            target.string("urlTemplate", layout.absolute(SiteLayout.search) + "?q={search_term_string}")
            var action = JSONLDWriter(type: "SearchAction", context: false)
            action.object("target", target)
            action.string("query-input", "required name=search_term_string")
            site.object("potentialAction", action)
            head.jsonld = .text(site.finished)
        } else {
            let title = language.text(.homeArchiveTitle, ["page": language.number(page)])
            head = PageHead(directory: directory, title: title, heading: title, description: dateSpan(nil, range, .homeSpan, .homeSpanOneDay))
            head.jsonld = .text(collectionPageLD(name: title, directory: directory, description: head.description.string))
        }
        head.section = .home
        if let first = range.first {
            head.ogImage = .text(absoluteSocialImage(gallery.images.url(first).utf8String))
            head.ogImageAlt = .text(altText(first))
        }
        var object = pageObject(PageSchemas.home, head, context)
        object["items"] = gridItems(nil, range, context, loading: .mainGrid)
        object["isFirstPage"] = .bool(page == 0)
        object["pager"] = chronologicalPager(SiteLayout.home, pagination, page: page, root: root)
        object["archiveHref"] = .text(root + layout.link(SiteLayout.dateArchive))
        render("home", object, into: &buffer)
    }

    // MARK: User

    func renderUser(_ userIndex: Int, page: Int, scratch: RenderScratch, into buffer: inout [UInt8]) {
        let user = gallery.users[userIndex]
        let pagination = ChronologicalPagination(count: user.images.count, pageSize: pageSize)
        let range = pagination.range(ofPage: page)
        let base = layout.user(user)
        let directory = chronological(base, page: page)
        let root = self.root(of: directory)
        let context = PageContext(root: root, scratch: scratch)
        let title = page == 0 ? user.name : language.text(.userArchiveTitle, ["name": user.name, "page": language.number(page)])
        var head = PageHead(directory: directory, title: title, heading: user.name,
                            description: page == 0
                                ? (user.bio.isEmpty ? language.text(.userSummary, ["name": user.name]) : TextFormat.excerpt(user.bio, limit: 200))
                                : dateSpan(user.images, range, .userSpan, .userSpanOneDay, name: user.name))
        head.ogType = "profile"
        if let avatar = user.avatarURL {
            head.ogImage = .text(absoluteSocialImage(avatar))
            head.ogImageAlt = .text(user.name)
        } else {
            firstImageCard(user.images, range, into: &head)
        }
        var person = JSONLDWriter(type: "Person", context: false)
        person.string("name", user.name)
        person.string("url", layout.absolute(base))
        if let avatar = user.avatarURL { person.string("image", absoluteSource(avatar)) }
        if !user.bio.isEmpty { person.string("description", user.bio) }
        var ld = JSONLDWriter(type: "ProfilePage")
        ld.string("name", title)
        ld.string("url", layout.absolute(directory))
        if let created = user.createdAt { ld.string("dateCreated", created.iso8601) }
        ld.object("mainEntity", person)
        ld.raw("isPartOf", cache.websiteJSON)
        head.jsonld = .text(ld.finished)
        if !user.images.isEmpty { head.entityFeed = (base, language.text(.userFeed, ["name": user.name])) }

        var object = pageObject(PageSchemas.user, head, context)
        var profile = TemplateObject(PageSchemas.profile)
        profile["name"] = .text(user.name)
        profile["href"] = .text(root + layout.link(base))
        if let avatar = user.avatarURL {
            profile["avatar"] = .text(imageSource == nil ? renditions.fallbackURL(for: avatar, ImageRenditions.avatar) : source(avatar, root: root))
            if imageSource == nil, let srcset = renditions.srcset(for: avatar, ImageRenditions.avatar) { profile["avatarSrcset"] = .text(srcset) }
        }
        profile["initial"] = .text(TextFormat.initial(user.name))
        profile["bio"] = user.bio.isEmpty ? .null : .text(user.bio)
        profile["joined"] = user.createdAt.map { .text(language.date($0)) } ?? .null
        profile["joinedISO"] = user.createdAt.map { .text($0.iso8601) } ?? .null
        object["user"] = .object(profile)
        object["imageCount"] = .number(user.images.count)
        object["imageCountLabel"] = .text(language.counted(.images, user.images.count))
        object["collections"] = .list(page == 0 ? user.collections.map { collectionEntry(Int($0), context) } : [])
        object["hasCollections"] = .bool(page == 0 && !user.collections.isEmpty)
        object["items"] = gridItems(user.images, range, context, loading: .mainGrid)
        object["isFirstPage"] = .bool(page == 0)
        object["pager"] = chronologicalPager(base, pagination, page: page, root: root)
        render("user", object, into: &buffer)
    }

    // MARK: Collections

    func renderCollectionIndex(page: Int, scratch: RenderScratch, into buffer: inout [UInt8]) {
        let pagination = ForwardPagination(count: gallery.collections.count, pageSize: pageSize)
        let range = pagination.range(ofPage: page)
        let directory = forward(SiteLayout.collectionIndex, page: page)
        let root = self.root(of: directory)
        let context = PageContext(root: root, scratch: scratch)
        let title = page <= 1 ? language.text(.collectionsTitle) : language.text(.collectionsPageTitle, ["page": language.number(page)])
        var head = PageHead(directory: directory, title: title, heading: language.text(.collectionsTitle),
                            description: language.text(.collectionsSummary, ["site": config.title]))
        head.section = .collections
        head.jsonld = .text(collectionPageLD(name: title, directory: directory, description: head.description.string))
        if let first = range.first, let cover = gallery.collections[Int(collectionOrder[first])].images.first {
            head.ogImage = .text(absoluteSocialImage(gallery.images.url(Int(cover)).utf8String))
            head.ogImageAlt = .text(altText(Int(cover)))
        }
        var object = pageObject(PageSchemas.collections, head, context)
        object["collections"] = .list(range.map { collectionEntry(Int(collectionOrder[$0]), context) })
        object["collectionCount"] = .number(gallery.collections.count)
        object["collectionCountLabel"] = .text(language.counted(.collections, gallery.collections.count))
        object["pager"] = forwardPager(SiteLayout.collectionIndex, pagination, page: page, root: root)
        render("collections", object, into: &buffer)
    }

    func renderCollection(_ collectionIndex: Int, page: Int, scratch: RenderScratch, into buffer: inout [UInt8]) {
        let collection = gallery.collections[collectionIndex]
        let owner = gallery.users[Int(collection.owner)]
        let pagination = ForwardPagination(count: collection.images.count, pageSize: pageSize)
        let range = pagination.range(ofPage: page)
        let base = layout.collection(collection)
        let directory = forward(base, page: page)
        let root = self.root(of: directory)
        let context = PageContext(root: root, scratch: scratch)
        let title = page <= 1 ? collection.name : language.text(.collectionPageTitle, ["name": collection.name, "page": language.number(page)])
        var head = PageHead(directory: directory, title: title, heading: collection.name,
                            description: collection.description.isEmpty ? language.text(.collectionSummary, ["name": owner.name])
                                : TextFormat.excerpt(collection.description, limit: 200))
        head.section = .collections
        firstImageCard(collection.images, range, into: &head)
        var ld = JSONLDWriter(type: "CollectionPage")
        ld.string("name", title)
        ld.string("url", layout.absolute(directory))
        if !collection.description.isEmpty { ld.string("description", collection.description) }
        ld.object("author", personLD(Int(collection.owner)))
        if let updated = collection.updatedAt { ld.string("dateModified", updated.iso8601) }
        ld.raw("isPartOf", cache.websiteJSON)
        head.jsonld = .text(ld.finished)
        head.entityFeed = (base, language.text(.collectionFeed, ["name": collection.name]))

        var object = pageObject(PageSchemas.collection, head, context)
        object["collection"] = namedLink(collection.name, base, root: root)
        object["collectionDescription"] = collection.description.isEmpty ? .null : .text(collection.description)
        object["owner"] = person(Int(collection.owner), context)
        object["imageCount"] = .number(collection.images.count)
        object["imageCountLabel"] = .text(language.counted(.images, collection.images.count))
        object["updated"] = collection.updatedAt.map { .text(language.date($0)) } ?? .null
        object["updatedISO"] = collection.updatedAt.map { .text($0.iso8601) } ?? .null
        object["items"] = gridItems(collection.images, range, context, loading: .mainGrid)
        object["isFirstPage"] = .bool(page <= 1)
        object["pager"] = forwardPager(base, pagination, page: page, root: root)
        render("collection", object, into: &buffer)
    }

    // MARK: Tags and themes

    func renderTermIndex(isTag: Bool, page: Int, scratch: RenderScratch, into buffer: inout [UInt8]) {
        let terms = isTag ? gallery.tags : gallery.themes
        let order = isTag ? tagOrder : themeOrder
        let pagination = ForwardPagination(count: terms.count, pageSize: Self.termIndexPageSize)
        let range = pagination.range(ofPage: page)
        let base = isTag ? SiteLayout.tagIndex : SiteLayout.themeIndex
        let directory = forward(base, page: page)
        let root = self.root(of: directory)
        let context = PageContext(root: root, scratch: scratch)
        let plural = language.text(isTag ? .tagsTitle : .themesTitle)
        let title = page <= 1 ? plural : language.text(isTag ? .tagsPageTitle : .themesPageTitle, ["page": language.number(page)])
        var head = PageHead(directory: directory, title: title, heading: plural,
                            description: language.text(isTag ? .tagsSummary : .themesSummary, ["site": config.title]))
        head.section = isTag ? .tags : .themes
        head.jsonld = .text(collectionPageLD(name: title, directory: directory, description: head.description.string))
        var object = pageObject(PageSchemas.terms, head, context)
        var entries = [TemplateValue]()
        entries.reserveCapacity(range.count)
        for position in range {
            let term = terms[Int(order[position])]
            var entry = TemplateObject(PageSchemas.termEntry)
            entry["name"] = .text(term.name)
            entry["href"] = .text(root + layout.link(isTag ? layout.tag(term) : layout.theme(term)))
            entry["count"] = .number(term.images.count)
            entry["countText"] = .text(language.number(term.images.count))
            entry["countLabel"] = .text(language.counted(.images, term.images.count))
            entries.append(.object(entry))
        }
        object["terms"] = .list(entries)
        object["termCount"] = .number(terms.count)
        object["termKind"] = .text(language.text(isTag ? .tagKind : .themeKind))
        object["pager"] = forwardPager(base, pagination, page: page, root: root)
        render(isTag ? "tags" : "themes", object, into: &buffer)
    }

    func renderTerm(isTag: Bool, _ termIndex: Int, page: Int, scratch: RenderScratch, into buffer: inout [UInt8]) {
        let term = isTag ? gallery.tags[termIndex] : gallery.themes[termIndex]
        let pagination = ChronologicalPagination(count: term.images.count, pageSize: pageSize)
        let range = pagination.range(ofPage: page)
        let base = isTag ? layout.tag(term) : layout.theme(term)
        let directory = chronological(base, page: page)
        let root = self.root(of: directory)
        let context = PageContext(root: root, scratch: scratch)
        let kind = language.text(isTag ? .tagKind : .themeKind)
        let title = page == 0 ? language.text(isTag ? .tagTitle : .themeTitle, ["name": term.name])
            : language.text(isTag ? .tagArchiveTitle : .themeArchiveTitle, ["name": term.name, "page": language.number(page)])
        let feedTitle = language.text(isTag ? .tagFeed : .themeFeed, ["name": term.name])
        var head = PageHead(directory: directory, title: title, heading: term.name,
                            description: page == 0 ? language.text(isTag ? .tagSummary : .themeSummary, ["name": term.name])
                                : dateSpan(term.images, range, isTag ? .tagSpan : .themeSpan, isTag ? .tagSpanOneDay : .themeSpanOneDay,
                                           name: term.name))
        head.section = isTag ? .tags : .themes
        firstImageCard(term.images, range, into: &head)
        head.jsonld = .text(collectionPageLD(name: title, directory: directory, description: head.description.string))
        head.entityFeed = (base, feedTitle)
        var object = pageObject(PageSchemas.term, head, context)
        object["term"] = namedLink(term.name, base, root: root)
        object["termKind"] = .text(kind)
        object["indexHref"] = .text(root + layout.link(isTag ? SiteLayout.tagIndex : SiteLayout.themeIndex))
        object["imageCount"] = .number(term.images.count)
        object["imageCountLabel"] = .text(language.counted(.images, term.images.count))
        object["items"] = gridItems(term.images, range, context, loading: .mainGrid)
        object["isFirstPage"] = .bool(page == 0)
        object["pager"] = chronologicalPager(base, pagination, page: page, root: root)
        render(isTag ? "tag" : "theme", object, into: &buffer)
    }

    // MARK: Date archive

    /// `archive/`: years and months, newest first, each month linking to the page of the home
    /// list that holds its newest image (the list's pages keep their images, docs/urls.md).
    func renderDateArchive(scratch: RenderScratch, into buffer: inout [UInt8]) {
        let directory = SiteLayout.dateArchive
        let root = self.root(of: directory)
        let context = PageContext(root: root, scratch: scratch)
        let pagination = ChronologicalPagination(count: gallery.images.count, pageSize: pageSize)
        let firstPageCount = pagination.firstPageRange.count
        // Runs of one month in the newest-first list: (year, month, first position, count).
        var months: [(year: Int, month: Int, first: Int, count: Int)] = []
        for position in 0 ..< gallery.images.count {
            let date = gallery.images.createdAt(position).components
            if let last = months.last, last.year == date.year, last.month == date.month {
                months[months.count - 1].count += 1
            } else {
                months.append((date.year, date.month, position, 1))
            }
        }
        var years = [TemplateValue]()
        var start = 0
        while start < months.count {
            var end = start
            while end < months.count && months[end].year == months[start].year { end += 1 }
            let total = months[start ..< end].reduce(0) { $0 + $1.count }
            var year = TemplateObject(PageSchemas.archiveYear)
            year["year"] = .text(String(months[start].year))
            year["label"] = .text(language.digits(String(months[start].year)))
            year["count"] = .number(total)
            year["countLabel"] = .text(language.counted(.images, total))
            year["months"] = .list(months[start ..< end].map { entry in
                // Archive page k holds the positions count − kP ..< count − (k−1)P.
                let page = entry.first < firstPageCount ? 0 : (gallery.images.count - entry.first - 1) / pageSize + 1
                var month = TemplateObject(PageSchemas.archiveMonth)
                month["name"] = .text(language.monthName(entry.month))
                month["label"] = .text(language.monthYear(year: entry.year, month: entry.month))
                month["href"] = .text(RenderCache.href(root: root, chronological(SiteLayout.home, page: page), layout: layout))
                month["count"] = .number(entry.count)
                month["countLabel"] = .text(language.counted(.images, entry.count))
                return .object(month)
            })
            years.append(.object(year))
            start = end
        }
        let title = language.text(.archiveTitle)
        var head = PageHead(directory: directory, title: title, heading: title,
                            description: language.text(.archiveSummary, ["site": config.title]))
        head.section = .home
        head.jsonld = .text(collectionPageLD(name: title, directory: directory, description: head.description.string))
        var object = pageObject(PageSchemas.dateArchive, head, context)
        object["years"] = .list(years)
        render("archive", object, into: &buffer)
    }

    // MARK: Search and 404

    func renderSearch(scratch: RenderScratch, into buffer: inout [UInt8]) {
        let directory = SiteLayout.search
        let root = self.root(of: directory)
        let context = PageContext(root: root, scratch: scratch)
        var head = PageHead(directory: directory, title: language.text(.searchTitle), heading: language.text(.searchTitle),
                            description: language.text(.searchSummary, ["site": config.title]))
        head.noindex = true
        var object = pageObject(PageSchemas.search, head, context)
        object["linkSuffix"] = .text(layout.prettyURLs ? "" : "index.html")
        object["thumbnailWidth"] = .number(renditions.thumbnailWidth)
        object["gridWidths"] = .text(ImageRenditions.grid.widths.map(String.init).joined(separator: " "))
        object["resultCounts"] = .text(searchResultCounts)
        render("search", object, into: &buffer)
    }

    /// The search page's counted result texts for its script: a JSON object of the language's
    /// plural forms (`{"one":"{count} image","other":"{count} images"}`) and its digits and
    /// grouping (a sample number), so the browser counts as the build does.
    var searchResultCounts: String {
        var forms = JSONLDWriter.plainObject()
        for form in language.forms(.searchResults) { forms.string(form.category, form.text) }
        var counts = JSONLDWriter.plainObject()
        counts.object("forms", forms)
        counts.string("digits", language.digits("0123456789"))
        counts.string("group", language.groupSeparator)
        counts.number("minGrouping", language.minimumGrouping)
        return counts.finished
    }

    /// The path part of the base URL (`/` or `/gallery/`): the 404 page is served for any
    /// missing URL at any depth, so its links are root-relative rather than relative.
    var basePath: String {
        let base = layout.baseURL
        guard let scheme = base.range(of: "://") else { return "/" }
        let rest = base[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        return String(rest[slash...])
    }

    func renderNotFound(scratch: RenderScratch, into buffer: inout [UInt8]) {
        var head = PageHead(directory: "", title: language.text(.notFoundTitle), heading: language.text(.notFoundTitle),
                            description: language.text(.notFoundSummary))
        head.noindex = true
        head.canonical = false
        head.customRoot = true
        let object = pageObject(PageSchemas.notFound, head, PageContext(root: basePath, scratch: scratch))
        render("404", object, into: &buffer)
    }
}
