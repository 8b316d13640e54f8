/// `recommendations/{user}.json`, one file per user with a profile (when `recommendations = true`):
///
/// ```json
/// {"user":"user_2Nf…","images":[{"id":"65f…","path":"images/65f…/","thumbnail":"https://…","alt":"…"}]}
/// ```
///
/// `images` is the ordered list of ``UserRecommendations`` picks; `path` is the image page relative
/// to the site root, `thumbnail` the grid thumbnail URL, `alt` its alternative text. Built from the
/// published ``Gallery`` alone.
package struct RecommendationSource: ArtifactSource {
    package let kind = "recommendations"
    /// Folder of the files, relative to the output folder.
    package static let directory = "recommendations/"
    /// Picks per user.
    package static let picksPerUser = 24

    let gallery: Gallery
    let recommender: UserRecommendations
    let renditions: ImageRenditions
    let layout: SiteLayout
    /// Maps image URLs for the demo's offline media; nil for real sites.
    let imageSource: (@Sendable (String) -> String)?

    package init(gallery: Gallery, config: SiteConfig, imageSource: (@Sendable (String) -> String)? = nil) {
        self.gallery = gallery
        self.recommender = UserRecommendations(gallery: gallery, limit: Self.picksPerUser)
        self.renditions = ImageRenditions(config: config)
        self.layout = SiteLayout(config: config)
        self.imageSource = imageSource
    }

    package var count: Int { gallery.users.count }

    package func path(_ index: Int) -> String {
        Self.directory + gallery.users[index].pathSegment + ".json"
    }

    package func render(_ index: Int, into buffer: inout [UInt8]) throws {
        JSONBytes.appendRaw("{\"user\":", to: &buffer)
        JSONBytes.appendString(gallery.users[index].id, to: &buffer)
        JSONBytes.appendRaw(",\"images\":[", to: &buffer)
        for (position, pick) in recommender.picks(for: index).enumerated() {
            let image = gallery.images[pick]
            JSONBytes.appendRaw(position == 0 ? "\n{\"id\":" : ",\n{\"id\":", to: &buffer)
            JSONBytes.appendString(image.id, to: &buffer)
            JSONBytes.appendRaw(",\"path\":", to: &buffer)
            JSONBytes.appendString(layout.link(layout.image(image)), to: &buffer)
            JSONBytes.appendRaw(",\"thumbnail\":", to: &buffer)
            JSONBytes.appendString(imageSource.map { $0(image.url) } ?? renditions.thumbnailURL(for: image.url), to: &buffer)
            JSONBytes.appendRaw(",\"alt\":", to: &buffer)
            JSONBytes.appendString(gallery.shortAltText(pick), to: &buffer)
            JSONBytes.appendRaw("}", to: &buffer)
        }
        JSONBytes.appendRaw("]}\n", to: &buffer)
    }
}
