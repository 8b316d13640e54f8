/// The fields the renderer fills on its hot paths, resolved once per renderer from the schemas in
/// ``PageSchemas`` to ``TemplateSlot``s: the image page, the fields common to every page and the
/// objects pages are made of by the dozen. Other fields are set by name.
struct PageSlots: Sendable {
    /// ``PageSchemas/commonFields``: the same slots in every page schema (they come first).
    struct Common: Sendable {
        let lang, dir, siteTitle, siteDescription, root, styleHref, scriptHref, faviconHref, faviconType, title, heading, description, canonical, noindex, ogType: TemplateSlot
        let ogImage, ogImageAlt, twitterCard, jsonld, homeHref, searchHref, nav, feeds, entityFeed, pager: TemplateSlot

        init(_ schema: TemplateSchema) {
            lang = schema.slot("lang")
            dir = schema.slot("dir")
            siteTitle = schema.slot("siteTitle")
            siteDescription = schema.slot("siteDescription")
            root = schema.slot("root")
            styleHref = schema.slot("styleHref")
            scriptHref = schema.slot("scriptHref")
            faviconHref = schema.slot("faviconHref")
            faviconType = schema.slot("faviconType")
            title = schema.slot("title")
            heading = schema.slot("heading")
            description = schema.slot("description")
            canonical = schema.slot("canonical")
            noindex = schema.slot("noindex")
            ogType = schema.slot("ogType")
            ogImage = schema.slot("ogImage")
            ogImageAlt = schema.slot("ogImageAlt")
            twitterCard = schema.slot("twitterCard")
            jsonld = schema.slot("jsonld")
            homeHref = schema.slot("homeHref")
            searchHref = schema.slot("searchHref")
            nav = schema.slot("nav")
            feeds = schema.slot("feeds")
            entityFeed = schema.slot("entityFeed")
            pager = schema.slot("pager")
        }
    }

    /// ``PageSchemas/image``'s own fields.
    struct ImagePage: Sendable {
        let imageSrc, displaySrc, displaySrcset, imageWidth, imageHeight, alt, caption, author, date, dateISO, likeCount, likeLabel, tags, hasTags, theme: TemplateSlot
        let comments, commentCount, commentLabel, commentsNotShown, commentsNotShownLabel: TemplateSlot
        let collections, hasCollections, newer, older, related, hasRelated: TemplateSlot

        init(_ schema: TemplateSchema) {
            imageSrc = schema.slot("imageSrc")
            displaySrc = schema.slot("displaySrc")
            displaySrcset = schema.slot("displaySrcset")
            imageWidth = schema.slot("imageWidth")
            imageHeight = schema.slot("imageHeight")
            alt = schema.slot("alt")
            caption = schema.slot("caption")
            author = schema.slot("author")
            date = schema.slot("date")
            dateISO = schema.slot("dateISO")
            likeCount = schema.slot("likeCount")
            likeLabel = schema.slot("likeLabel")
            tags = schema.slot("tags")
            hasTags = schema.slot("hasTags")
            theme = schema.slot("theme")
            comments = schema.slot("comments")
            commentCount = schema.slot("commentCount")
            commentLabel = schema.slot("commentLabel")
            commentsNotShown = schema.slot("commentsNotShown")
            commentsNotShownLabel = schema.slot("commentsNotShownLabel")
            collections = schema.slot("collections")
            hasCollections = schema.slot("hasCollections")
            newer = schema.slot("newer")
            older = schema.slot("older")
            related = schema.slot("related")
            hasRelated = schema.slot("hasRelated")
        }
    }

    /// ``PageSchemas/gridItem``.
    struct GridItem: Sendable {
        let href, src, srcset, alt, width, height, author, eager, priority: TemplateSlot

        init(_ schema: TemplateSchema) {
            href = schema.slot("href")
            src = schema.slot("src")
            srcset = schema.slot("srcset")
            eager = schema.slot("eager")
            priority = schema.slot("priority")
            alt = schema.slot("alt")
            width = schema.slot("width")
            height = schema.slot("height")
            author = schema.slot("author")
        }
    }

    /// ``PageSchemas/person``.
    struct Person: Sendable {
        let name, href, avatar, avatarSrcset, initial: TemplateSlot

        init(_ schema: TemplateSchema) {
            name = schema.slot("name")
            href = schema.slot("href")
            avatar = schema.slot("avatar")
            avatarSrcset = schema.slot("avatarSrcset")
            initial = schema.slot("initial")
        }
    }

    /// ``PageSchemas/namedLink``.
    struct NamedLink: Sendable {
        let name, href: TemplateSlot

        init(_ schema: TemplateSchema) {
            name = schema.slot("name")
            href = schema.slot("href")
        }
    }

    /// ``PageSchemas/comment``.
    struct Comment: Sendable {
        let author, content, date, dateISO: TemplateSlot

        init(_ schema: TemplateSchema) {
            author = schema.slot("author")
            content = schema.slot("content")
            date = schema.slot("date")
            dateISO = schema.slot("dateISO")
        }
    }

    let common = Common(PageSchemas.home)
    let image = ImagePage(PageSchemas.image)
    let gridItem = GridItem(PageSchemas.gridItem)
    let person = Person(PageSchemas.person)
    let namedLink = NamedLink(PageSchemas.namedLink)
    let comment = Comment(PageSchemas.comment)
}
