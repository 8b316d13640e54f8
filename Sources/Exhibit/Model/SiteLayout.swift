/// The URL layout of docs/urls.md: where every page and feed lives, as paths relative to the output
/// folder, as links relative to the current page, and as absolute URLs.
///
/// A *directory path* names a page by its folder, with a trailing slash and no leading slash:
/// `images/abc/`, `tags/cafe/page/3/`, or `""` for the home page. Its file is
/// `{directory path}index.html`.
package struct SiteLayout: Sendable {
    /// Absolute base URL with a trailing slash.
    package let baseURL: String
    /// Links end in `/` rather than `/index.html`.
    package let prettyURLs: Bool

    package init(baseURL: String, prettyURLs: Bool) {
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.prettyURLs = prettyURLs
    }

    package init(config: SiteConfig) {
        self.init(baseURL: config.baseURL, prettyURLs: config.prettyURLs)
    }

    // MARK: Directory paths of pages

    package static let home = ""
    package func image(_ image: PublishedImage) -> String { "images/\(image.pathSegment)/" }
    package func user(_ user: PublishedUser) -> String { "users/\(user.pathSegment)/" }
    package func collection(_ collection: PublishedCollection) -> String { "collections/\(collection.pathSegment)/" }
    package func tag(_ term: Term) -> String { "tags/\(term.slug)/" }
    package func theme(_ term: Term) -> String { "themes/\(term.slug)/" }
    package static let collectionIndex = "collections/"
    package static let tagIndex = "tags/"
    package static let themeIndex = "themes/"
    package static let search = "search/"
    /// The index of every image by year and month, linking into the home page's list.
    package static let dateArchive = "archive/"

    /// Page `number` of a paginated list whose first page is `directory`: numbers ≥ 2 (or any
    /// archive number) live at `{directory}page/{number}/`.
    package func listPage(_ directory: String, number: Int) -> String { "\(directory)page/\(number)/" }

    // MARK: Turning paths into files and links

    /// The output file of a page: `images/abc/index.html`.
    package func file(_ directory: String) -> String { directory + "index.html" }

    /// How to get from a page at `directory` back to the site root: `""` or `"../../"`.
    package func root(from directory: String) -> String {
        var prefix = ""
        for byte in directory.utf8 where byte == UInt8(ascii: "/") { prefix += "../" }
        return prefix
    }

    /// A link to a page, relative to the site root (prefix it with ``root(from:)``):
    /// `images/abc/index.html`, or `images/abc/` with pretty URLs. The home page is `index.html` or `./`.
    package func link(_ directory: String) -> String {
        if prettyURLs { return directory.isEmpty ? "./" : directory }
        return directory + "index.html"
    }

    /// The absolute URL of a page or file: `https://example.org/gallery/images/abc/`.
    package func absolute(_ path: String) -> String { baseURL + path }
}
