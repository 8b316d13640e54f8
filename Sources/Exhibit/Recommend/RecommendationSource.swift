/// `recommendations/{user}.json`, one file per user with a profile (when `recommendations = true`):
///
/// ```json
/// {"user":"user_2Nf…","images":[{"id":"65f…","path":"images/65f…/","thumbnail":"https://…","alt":"…"}]}
/// ```
///
/// `images` is the ordered list of ``UserRecommendations`` picks; `path` is the image page relative
/// to the site root, `thumbnail` the grid thumbnail URL, `alt` its alternative text. Built from the
/// published ``Gallery`` alone.
public struct RecommendationSource: ArtifactSource {
    public let kind = "recommendations"
    /// Folder of the files, relative to the output folder.
    public static let directory = "recommendations/"
    /// Picks per user.
    public static let picksPerUser = 24

    let gallery: Gallery
    let recommender: UserRecommendations
    let thumbnails: Thumbnails
    let layout: SiteLayout
    /// Maps image URLs for the demo's offline media; nil for real sites.
    let imageSource: (@Sendable (String) -> String)?

    public init(gallery: Gallery, config: SiteConfig, imageSource: (@Sendable (String) -> String)? = nil) {
        self.gallery = gallery
        self.recommender = UserRecommendations(gallery: gallery, limit: Self.picksPerUser)
        self.thumbnails = Thumbnails(config: config)
        self.layout = SiteLayout(config: config)
        self.imageSource = imageSource
    }

    public var count: Int { gallery.users.count }

    public func path(_ index: Int) -> String {
        Self.directory + gallery.users[index].pathSegment + ".json"
    }

    public func render(_ index: Int, into buffer: inout [UInt8]) throws {
        var json = "{\"user\":" + Escape.jsonString(gallery.users[index].id) + ",\"images\":["
        for (position, pick) in recommender.picks(for: index).enumerated() {
            let image = gallery.images[pick]
            if position > 0 { json += "," }
            json += "\n{\"id\":" + Escape.jsonString(image.id)
            json += ",\"path\":" + Escape.jsonString(layout.link(layout.image(image)))
            json += ",\"thumbnail\":" + Escape.jsonString(imageSource.map { $0(image.url) } ?? thumbnails.url(for: image.url))
            json += ",\"alt\":" + Escape.jsonString(SearchIndexSource.altText(image, gallery: gallery)) + "}"
        }
        json += "]}\n"
        buffer.append(contentsOf: json.utf8)
    }
}
