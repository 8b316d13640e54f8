/// The URL layout of docs/urls.md: where every page and feed lives, as paths relative to the output
/// folder, as links relative to the current page, and as absolute URLs.
///
/// A *directory path* names a page by its folder, with a trailing slash and no leading slash:
/// `images/abc/`, `tags/cafe/page/3/`, or `""` for the home page. Its file is
/// `{directory path}index.html`.
public struct SiteLayout: Sendable {
    /// Absolute base URL with a trailing slash.
    public let baseURL: String
    /// Links end in `/` rather than `/index.html`.
    public let prettyURLs: Bool

    public init(baseURL: String, prettyURLs: Bool) {
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.prettyURLs = prettyURLs
    }

    public init(config: SiteConfig) {
        self.init(baseURL: config.baseURL, prettyURLs: config.prettyURLs)
    }

    // MARK: Directory paths of pages

    public static let home = ""
    public func image(_ image: PublishedImage) -> String { "images/\(image.pathSegment)/" }
    public func user(_ user: PublishedUser) -> String { "users/\(user.pathSegment)/" }
    public func collection(_ collection: PublishedCollection) -> String { "collections/\(collection.pathSegment)/" }
    public func tag(_ term: Term) -> String { "tags/\(term.slug)/" }
    public func theme(_ term: Term) -> String { "themes/\(term.slug)/" }
    public static let collectionIndex = "collections/"
    public static let tagIndex = "tags/"
    public static let themeIndex = "themes/"
    public static let search = "search/"

    /// Page `number` of a paginated list whose first page is `directory`: numbers ≥ 2 (or any
    /// archive number) live at `{directory}page/{number}/`.
    public func listPage(_ directory: String, number: Int) -> String { "\(directory)page/\(number)/" }

    // MARK: Turning paths into files and links

    /// The output file of a page: `images/abc/index.html`.
    public func file(_ directory: String) -> String { directory + "index.html" }

    /// How to get from a page at `directory` back to the site root: `""` or `"../../"`.
    public func root(from directory: String) -> String {
        var prefix = ""
        for byte in directory.utf8 where byte == UInt8(ascii: "/") { prefix += "../" }
        return prefix
    }

    /// A link to a page, relative to the site root (prefix it with ``root(from:)``):
    /// `images/abc/index.html`, or `images/abc/` with pretty URLs. The home page is `index.html` or `./`.
    public func link(_ directory: String) -> String {
        if prettyURLs { return directory.isEmpty ? "./" : directory }
        return directory + "index.html"
    }

    /// The absolute URL of a page or file: `https://example.org/gallery/images/abc/`.
    public func absolute(_ path: String) -> String { baseURL + path }
}
