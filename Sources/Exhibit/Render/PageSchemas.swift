/// The fields every page template may use: the contract between the renderer and a theme, and
/// the source of `exhibit templates fields` (see ``Theme/fieldReference()``).
///
/// Links (`…Href`, `href`) are complete and relative to the current page (they already start with
/// `root`), so the site works under a sub-path and opened from disk. Absolute URLs (`canonical`,
/// `ogImage`) use the configured base URL.
package enum PageSchemas {
    // MARK: Shared object schemas

    /// An entry of the main navigation.
    package static let navItem = TemplateSchema("navigation item", [
        TemplateField("label", .text, "The link text in the site's language: Home, Collections, Tags, Themes (`nav.*`)."),
        TemplateField("href", .text, "Relative link to the section."),
        TemplateField("current", .bool, "True when the current page belongs to this section (for `aria-current`)."),
    ])

    /// A feed autodiscovery link.
    package static let feedLink = TemplateSchema("feed link", [
        TemplateField("title", .text, "Human title of the feed, e.g. `Exhibit Gallery (RSS)`."),
        TemplateField("type", .text, "MIME type: `application/rss+xml`, `application/atom+xml` or `application/feed+json`."),
        TemplateField("href", .text, "Relative link to the feed file."),
    ])

    /// One thumbnail of an image grid (also the newer/older links and collection covers). The
    /// markup contract (shared with the search page's script):
    /// `<li class="grid-item"><a href><img src srcset sizes alt loading decoding width height></a></li>`.
    package static let gridItem = TemplateSchema("grid item", [
        TemplateField("href", .text, "Relative link to the image page."),
        TemplateField("src", .text, "A square thumbnail URL for `src` (Cloudinary, the configured pattern, or the original when neither applies)."),
        TemplateField("srcset", .optionalText, "The same thumbnail at several widths (`URL 320w, …`), for `srcset` with a `sizes` that matches the theme's layout; absent when only the original exists."),
        TemplateField("alt", .text, "Alternative text: the description (cut at 100 characters), or `Photo by NAME` (`grid.photo_by`)."),
        TemplateField("width", .number, "Thumbnail width in CSS pixels (`thumbnail_width`), for the `width` attribute."),
        TemplateField("height", .number, "Thumbnail height in CSS pixels (square cells: same as width)."),
        TemplateField("author", .text, "The author's display name (stable, safe to show as a caption)."),
        TemplateField("eager", .bool, "True for the first row of a page's main grid: load it at once (no `loading=\"lazy\"`)."),
        TemplateField("priority", .bool, "True for the first image of a page's main grid, the largest paint: `fetchpriority=\"high\"`."),
    ])

    /// Links between the pages of a list.
    package static let pager = TemplateSchema("pager", [
        TemplateField("prevHref", .optionalText, "Link to the page before (newer images on chronological lists); absent on the first page."),
        TemplateField("prevLabel", .text, "Text of that link in the site's language: `Newer` or `Previous` (`pager.newer`, `pager.previous`)."),
        TemplateField("nextHref", .optionalText, "Link to the page after (older images on chronological lists); absent on the last page."),
        TemplateField("nextLabel", .text, "Text of that link in the site's language: `Older` or `Next` (`pager.older`, `pager.next`)."),
        TemplateField("position", .optionalText, "`Page 2 of 5` (`pager.position`) on forward-numbered lists; absent on chronological lists (their archive pages never change)."),
    ])

    /// A user shown as an author: name, link and avatar.
    package static let person = TemplateSchema("person", [
        TemplateField("name", .text, "Display name."),
        TemplateField("href", .text, "Relative link to the profile page."),
        TemplateField("avatar", .optionalText, "Avatar image URL; absent when the user has none (show `initial`)."),
        TemplateField("avatarSrcset", .optionalText, "The avatar at several widths (`URL 48w, …`), for `srcset`; absent when only the original exists."),
        TemplateField("initial", .text, "First character of the name, for a placeholder avatar."),
    ])

    /// A named link: a tag, a theme or a collection.
    package static let namedLink = TemplateSchema("named link", [
        TemplateField("name", .text, "Displayed name."),
        TemplateField("href", .text, "Relative link to its page."),
    ])

    /// A tag or theme on an index page.
    package static let termEntry = TemplateSchema("term entry", [
        TemplateField("name", .text, "Displayed spelling of the tag or theme."),
        TemplateField("href", .text, "Relative link to its page."),
        TemplateField("count", .number, "Published images that carry it."),
        TemplateField("countText", .text, "The same number as the site's language writes numbers: `1,234`, `1 234`, `١٬٢٣٤`."),
        TemplateField("countLabel", .text, "`1 image`, `1,234 images`."),
    ])

    /// A collection in a list (collection index, profile).
    package static let collectionEntry = TemplateSchema("collection entry", [
        TemplateField("name", .text, "Collection name."),
        TemplateField("href", .text, "Relative link to the collection page."),
        TemplateField("description", .optionalText, "Collection description; absent when empty."),
        TemplateField("owner", .object(person), "Who made the collection."),
        TemplateField("count", .number, "Published images in the collection."),
        TemplateField("countLabel", .text, "`1 image`, `12 images`."),
        TemplateField("cover", .object(gridItem), "Its first image, as a grid item (for a cover thumbnail)."),
    ])

    /// A comment on an image page.
    package static let comment = TemplateSchema("comment", [
        TemplateField("author", .object(person), "Who wrote it."),
        TemplateField("content", .text, "The comment text (plain text; line breaks kept by CSS)."),
        TemplateField("date", .optionalText, "When it was written, e.g. `1 May 2024`, in the language's format (`format.date`); absent when unknown."),
        TemplateField("dateISO", .optionalText, "The same as RFC 3339, for `<time datetime>`."),
    ])

    /// The visible feed link of a user, tag, theme or collection page.
    package static let entityFeed = TemplateSchema("entity feed", [
        TemplateField("title", .text, "What the feed follows, e.g. `Images tagged cats`."),
        TemplateField("href", .text, "Relative link to its RSS feed."),
    ])

    /// The user on a profile page.
    package static let profile = TemplateSchema("profile", [
        TemplateField("name", .text, "Display name."),
        TemplateField("href", .text, "Relative link to the profile's first page."),
        TemplateField("avatar", .optionalText, "Avatar image URL; absent when the user has none."),
        TemplateField("avatarSrcset", .optionalText, "The avatar at several widths (`URL 48w, …`), for `srcset`; absent when only the original exists."),
        TemplateField("initial", .text, "First character of the name, for a placeholder avatar."),
        TemplateField("bio", .optionalText, "The bio; absent when empty."),
        TemplateField("joined", .optionalText, "When the account was created, e.g. `1 May 2024`, in the language's format (`format.date`); absent when unknown."),
        TemplateField("joinedISO", .optionalText, "The same as RFC 3339."),
    ])

    // MARK: Fields common to every page

    /// Fields present on every page schema (the layout and its partials use them).
    package static let commonFields: [TemplateField] = [
        TemplateField("lang", .text, "Language of the site (BCP 47), for `<html lang>`."),
        TemplateField("dir", .text, "Direction of the site's language, `ltr` or `rtl` (`language.direction` in its catalog), for `<html dir>`."),
        TemplateField("siteTitle", .text, "The site title (`title` in the configuration)."),
        TemplateField("siteDescription", .text, "The site description (`description` in the configuration)."),
        TemplateField("root", .text, "Relative path from this page to the site root (`\"\"`, `../../`), for links to the theme's own assets: `{{root}}assets/logo.svg`."),
        TemplateField("styleHref", .text, "Relative link to the theme's stylesheet, under its fingerprinted name (`assets/style.3f2a9c1b7e.css`)."),
        TemplateField("scriptHref", .text, "Relative link to the search script, under its fingerprinted name."),
        TemplateField("faviconHref", .optionalText, "Relative link to the favicon (the theme's, or `favicon` in the configuration), fingerprinted; absent when there is none."),
        TemplateField("faviconType", .optionalText, "Its MIME type: `image/svg+xml`, `image/png` or `image/x-icon`."),
        TemplateField("title", .text, "The document title for `<title>` (page title and site title)."),
        TemplateField("heading", .text, "The page's main heading, for `<h1>`."),
        TemplateField("description", .text, "A one-sentence summary for `<meta name=description>` and social cards."),
        TemplateField("canonical", .optionalText, "Absolute canonical URL of this page; absent on the 404 page."),
        TemplateField("noindex", .bool, "True on pages search engines should not index (404, search)."),
        TemplateField("ogType", .text, "Open Graph type: `website`, `article` (image pages) or `profile`."),
        TemplateField("ogImage", .optionalText, "Absolute URL of the image for social cards; absent when the page has none."),
        TemplateField("ogImageAlt", .optionalText, "Alternative text of `ogImage`."),
        TemplateField("twitterCard", .text, "`summary_large_image` when there is an image, else `summary`."),
        TemplateField("jsonld", .optionalText, "schema.org JSON-LD, already escaped for `<script>`: emit raw with `{{{jsonld}}}`."),
        TemplateField("homeHref", .text, "Relative link to the home page."),
        TemplateField("searchHref", .text, "Relative link to the search page (a GET form with `name=\"q\"` may target it)."),
        TemplateField("nav", .list(navItem), "The main navigation."),
        TemplateField("feeds", .list(feedLink), "Feeds for `<link rel=\"alternate\">`: the site feeds, then this page's own feeds."),
        TemplateField("entityFeed", .object(entityFeed), "The RSS feed of the user, tag, theme or collection this page shows; absent elsewhere."),
        TemplateField("pager", .object(pager), "Links between the pages of this list; absent on pages that are not lists or have one page."),
    ]

    private static func page(_ name: String, _ fields: [TemplateField]) -> TemplateSchema {
        TemplateSchema(name, commonFields + fields)
    }

    private static let itemsField = TemplateField("items", .list(gridItem), "The images of this page, as grid items.")
    private static let firstPageField = TemplateField("isFirstPage", .bool, "True on the list's first page (`{dir}index.html`), false on archive pages.")

    // MARK: Page schemas

    package static let home = page("home page", [
        itemsField, firstPageField,
        TemplateField("archiveHref", .text, "Relative link to the date archive (`archive/`): every image by year and month."),
    ])

    package static let image = page("image page", [
        TemplateField("imageSrc", .text, "URL of the original image, for the \"View full size\" link."),
        TemplateField("displaySrc", .text, "URL of the rendition shown on the page (1200 px wide at most), for `<img src>`; the original when no rendition exists."),
        TemplateField("displaySrcset", .optionalText, "The displayed image at several widths (`URL 480w, …`), for `srcset`; absent when only the original exists."),
        TemplateField("imageWidth", .optionalNumber, "The original's width in pixels, from the database's optional `width` column; absent when unknown (reserve a fixed stage instead)."),
        TemplateField("imageHeight", .optionalNumber, "The original's height in pixels; present exactly when `imageWidth` is."),
        TemplateField("alt", .text, "Alternative text: the description (cut at 100 characters), or `Photo by NAME` when it is empty (`grid.photo_by`)."),
        TemplateField("caption", .optionalText, "The whole description, for `<figcaption>`, when the heading had to cut it; absent when the heading shows all of it."),
        TemplateField("author", .object(person), "Who posted it."),
        TemplateField("date", .text, "When it was posted, e.g. `1 May 2024`, in the language's format (`format.date`)."),
        TemplateField("dateISO", .text, "The same as RFC 3339, for `<time datetime>`."),
        TemplateField("likeCount", .number, "Distinct users who liked it."),
        TemplateField("likeLabel", .text, "`1 like`, `12 likes`, in the plural form of the site's language (`count.likes`)."),
        TemplateField("tags", .list(namedLink), "Its tags, in the image's own order."),
        TemplateField("hasTags", .bool, "True when it has at least one tag."),
        TemplateField("theme", .object(namedLink), "Its theme; absent when it has none."),
        TemplateField("comments", .list(comment), "Its published comments, oldest first: the first 500 (a page stays small however many there are)."),
        TemplateField("commentCount", .number, "How many comments (all of them, shown or not)."),
        TemplateField("commentLabel", .text, "`1 comment`, `12 comments` (`count.comments`)."),
        TemplateField("commentsNotShown", .number, "How many comments are not in `comments` (0 when all are)."),
        TemplateField("commentsNotShownLabel", .optionalText, "`1,500 more comments are not shown.`; absent when all are shown."),
        TemplateField("collections", .list(namedLink), "The published collections that hold it."),
        TemplateField("hasCollections", .bool, "True when at least one collection holds it."),
        TemplateField("newer", .object(gridItem), "The author's next newer image; absent for their newest."),
        TemplateField("older", .object(gridItem), "The author's next older image; absent for their oldest."),
        TemplateField("related", .list(gridItem), "More like this (`relatedImages` in the configuration): older images that share its rarer tags, its theme, its author or its likers, best first."),
        TemplateField("hasRelated", .bool, "True when `related` is not empty."),
    ])

    package static let user = page("user page", [
        TemplateField("user", .object(profile), "The user."),
        TemplateField("imageCount", .number, "How many published images the user has."),
        TemplateField("imageCountLabel", .text, "`1 image`, `12 images`."),
        TemplateField("collections", .list(collectionEntry), "The user's collections (on the first page only; empty on archive pages)."),
        TemplateField("hasCollections", .bool, "True when `collections` is not empty."),
        itemsField, firstPageField,
    ])

    package static let collection = page("collection page", [
        TemplateField("collection", .object(namedLink), "The collection (name and link to its first page)."),
        TemplateField("collectionDescription", .optionalText, "Its description; absent when empty."),
        TemplateField("owner", .object(person), "Who made it."),
        TemplateField("imageCount", .number, "Published images in it."),
        TemplateField("imageCountLabel", .text, "`1 image`, `12 images`."),
        TemplateField("updated", .optionalText, "When it was last updated, e.g. `1 May 2024`, in the language's format (`format.date`); absent when unknown."),
        TemplateField("updatedISO", .optionalText, "The same as RFC 3339."),
        itemsField,
        TemplateField("isFirstPage", .bool, "True on the collection's first page."),
    ])

    package static let collections = page("collection index", [
        TemplateField("collections", .list(collectionEntry), "The collections of this page, by name."),
        TemplateField("collectionCount", .number, "Published collections in all."),
        TemplateField("collectionCountLabel", .text, "`1 collection`, `12 collections`."),
    ])

    /// Shared by `tag.mustache` and `theme.mustache`.
    package static let term = page("tag or theme page", [
        TemplateField("term", .object(namedLink), "The tag or theme (its displayed spelling and first page)."),
        TemplateField("termKind", .text, "`Tag` or `Theme` in the site's language (`tag.kind`, `theme.kind`)."),
        TemplateField("indexHref", .text, "Relative link to the index of all tags (or themes)."),
        TemplateField("imageCount", .number, "Published images that carry it."),
        TemplateField("imageCountLabel", .text, "`1 image`, `12 images`."),
        itemsField, firstPageField,
    ])

    /// Shared by `tags.mustache` and `themes.mustache`.
    package static let terms = page("tag or theme index", [
        TemplateField("terms", .list(termEntry), "The tags (or themes) of this page: most used first, then by name."),
        TemplateField("termCount", .number, "How many tags (or themes) in all."),
        TemplateField("termKind", .text, "`Tag` or `Theme` in the site's language (`tag.kind`, `theme.kind`)."),
    ])

    /// A month of the date archive.
    package static let archiveMonth = TemplateSchema("archive month", [
        TemplateField("name", .text, "The month's name on its own in the site's language, e.g. `May`, `mai`."),
        TemplateField("label", .text, "The month and its year as the language writes them: `May 2024`, `mai 2024`, `2024年5月`."),
        TemplateField("href", .text, "Relative link to the page of the home list that holds the month's newest image."),
        TemplateField("count", .number, "Published images posted that month."),
        TemplateField("countLabel", .text, "`1 image`, `12 images` (`count.images` in the catalog)."),
    ])

    /// A year of the date archive.
    package static let archiveYear = TemplateSchema("archive year", [
        TemplateField("year", .text, "The year in ASCII digits, e.g. `2024` (for ids and links)."),
        TemplateField("label", .text, "The year in the language's digits, for reading: `2024`, `٢٠٢٤`."),
        TemplateField("count", .number, "Published images posted that year."),
        TemplateField("countLabel", .text, "`1 image`, `12 images` (`count.images` in the catalog)."),
        TemplateField("months", .list(archiveMonth), "Its months that have images, newest first."),
    ])

    /// `archive/`: every image by year and month, newest first.
    package static let dateArchive = page("date archive", [
        TemplateField("years", .list(archiveYear), "The years that have images, newest first."),
    ])

    package static let search = page("search page", [
        TemplateField("linkSuffix", .text, "What the search script appends to a directory link: `index.html`, or empty with pretty URLs."),
        TemplateField("thumbnailWidth", .number, "Width of grid thumbnails in CSS pixels."),
        TemplateField("gridWidths", .text, "The widths grid renditions come in, space-separated (`320 640`): the script makes a result's `srcset` from its thumbnail template (`{w}` where the width goes)."),
        TemplateField("resultCounts", .text, "JSON for the script's result count: `forms`, the plural forms of `count.search_results` by CLDR category, and the language's `digits`, `group` and `minGrouping`."),
    ])

    package static let notFound = page("404 page", [])

    /// Every page template and its schema, by template name.
    package static let pages: [String: TemplateSchema] = [
        "home": home, "image": image, "user": user, "collection": collection, "collections": collections,
        "tag": term, "theme": term, "tags": terms, "themes": terms, "search": search, "archive": dateArchive, "404": notFound,
    ]

    /// The order of templates in the field reference.
    static let documentationOrder = ["home", "image", "user", "collection", "collections", "tag", "theme", "tags", "themes", "search", "archive", "404"]
}
