/// Everything a build can be configured with: `exhibit.toml`, overridden by command-line flags.
public struct SiteConfig: Sendable, Equatable {
    /// The site's title, shown in every page header and in the site feeds.
    public var title: String = "Exhibit Gallery"
    /// A one-line description of the site (home page, feeds, Open Graph).
    public var description: String = "A gallery of images shared by the community."
    /// Absolute base URL the site is deployed at, with a trailing slash,
    /// e.g. `https://example.org/gallery/`. Used for canonical links, feeds and the sitemap.
    public var baseURL: String = "https://example.org/"
    /// The language of the pages and feeds (BCP 47).
    public var language: String = "en"
    /// Images per list page.
    public var pageSize: Int = 48
    /// Pending reports that withhold an image; 0 turns moderation off.
    public var withholdPendingReports: Int = 1
    /// URL pattern for thumbnails of images not on Cloudinary, with `{url}` (percent-encoded
    /// original URL), `{raw_url}` and `{width}`; empty: the original URL is used as it is.
    public var thumbnailPattern: String = ""
    /// Width in CSS pixels of grid thumbnails (the Cloudinary transformation asks for twice this).
    public var thumbnailWidth: Int = 400
    /// Items per feed.
    public var feedItems: Int = 50
    /// Feed formats written for the site feed.
    public var siteFeedFormats: [FeedFormat] = [.rss, .atom, .json]
    /// Feed formats written for each user, tag, theme and collection feed.
    public var listFeedFormats: [FeedFormat] = [.rss]
    /// Links between pages end in `/` (for a web server) instead of `/index.html` (works from disk too).
    public var prettyURLs: Bool = false

    /// "More like this" images on each image page; 0 turns them off.
    public var relatedImages: Int = 12
    /// Write `recommendations/{user_id}.json` (picks derived from each user's likes); off by default.
    public var recommendations: Bool = false

    public init() {}
}

/// A feed format.
public enum FeedFormat: String, Sendable, Equatable, CaseIterable {
    /// RSS 2.0 with Media RSS: `feed.xml`.
    case rss
    /// Atom 1.0: `feed.atom`.
    case atom
    /// JSON Feed 1.1: `feed.json`.
    case json

    /// The file name of this format's feed in its folder.
    public var fileName: String {
        switch self {
        case .rss: return "feed.xml"
        case .atom: return "feed.atom"
        case .json: return "feed.json"
        }
    }

    /// The MIME type for autodiscovery links.
    public var mediaType: String {
        switch self {
        case .rss: return "application/rss+xml"
        case .atom: return "application/atom+xml"
        case .json: return "application/feed+json"
        }
    }
}
