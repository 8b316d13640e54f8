/// Everything a build can be configured with: `exhibit.toml`, overridden by command-line flags.
package struct SiteConfig: Sendable, Equatable {
    /// The site's title, shown in every page header and in the site feeds.
    package var title: String = "Exhibit Gallery"
    /// A one-line description of the site (home page, feeds, Open Graph).
    package var description: String = "A gallery of images shared by the community."
    /// Absolute base URL the site is deployed at, with a trailing slash,
    /// e.g. `https://example.org/gallery/`. Used for canonical links, feeds and the sitemap.
    package var baseURL: String = "https://example.org/"
    /// The language of the pages and feeds (BCP 47).
    package var language: String = "en"
    /// Images per list page.
    package var pageSize: Int = 48
    /// Pending reports that withhold an image; 0 turns moderation off.
    package var withholdPendingReports: Int = 1
    /// URL pattern for thumbnails of images not on Cloudinary, with `{url}` (percent-encoded
    /// original URL), `{raw_url}` and `{width}`; empty: the original URL is used as it is.
    package var thumbnailPattern: String = ""
    /// Width in CSS pixels of grid thumbnails (the Cloudinary transformation asks for twice this).
    package var thumbnailWidth: Int = 400
    /// A favicon file (`.svg`, `.png` or `.ico`) that replaces the theme's; a relative path is
    /// relative to the configuration file. Empty: the theme's `assets/favicon.svg`.
    package var favicon: String = ""
    /// Items per feed.
    package var feedItems: Int = 50
    /// Feed formats written for the site feed.
    package var siteFeedFormats: [FeedFormat] = [.rss, .atom, .json]
    /// Feed formats written for each user, tag, theme and collection feed.
    package var listFeedFormats: [FeedFormat] = [.rss]
    /// Links between pages end in `/` (for a web server) instead of `/index.html` (works from disk too).
    package var prettyURLs: Bool = false

    /// "More like this" images on each image page; 0 turns them off.
    package var relatedImages: Int = 12
    /// Write `recommendations/{user_id}.json` (picks derived from each user's likes); off by default.
    package var recommendations: Bool = false

    package init() {}
}

/// A feed format.
package enum FeedFormat: String, Sendable, Equatable, CaseIterable {
    /// RSS 2.0 with Media RSS: `feed.xml`.
    case rss
    /// Atom 1.0: `feed.atom`.
    case atom
    /// JSON Feed 1.1: `feed.json`.
    case json

    /// The file name of this format's feed in its folder.
    package var fileName: String {
        switch self {
        case .rss: return "feed.xml"
        case .atom: return "feed.atom"
        case .json: return "feed.json"
        }
    }

    /// The MIME type for autodiscovery links.
    package var mediaType: String {
        switch self {
        case .rss: return "application/rss+xml"
        case .atom: return "application/atom+xml"
        case .json: return "application/feed+json"
        }
    }
}
