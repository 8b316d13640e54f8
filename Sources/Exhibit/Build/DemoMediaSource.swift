/// The bundled demo's offline images: one small generated SVG per image and avatar URL for the
/// pages, and a PNG of each for social cards and feeds (which take no SVG), written to `media/`,
/// so `exhibit build --demo` looks right in a browser with no network and its feeds and cards
/// point at images that exist.
///
/// Only the demo uses this; real builds link the platform's own (S3/Cloudinary) URLs.
package struct DemoMediaSource: ArtifactSource {
    package var kind: String { "media" }

    /// (URL, is avatar), sorted by URL, without duplicates.
    private let urls: [(url: String, avatar: Bool)]

    package init(gallery: Gallery) {
        var seen: [String: Bool] = [:]
        for image in gallery.images { seen[image.url] = false }
        for user in gallery.users { if let avatar = user.avatarURL { seen[avatar] = true } }
        urls = seen.map { (url: $0.key, avatar: $0.value) }.sorted { $0.url < $1.url }
    }

    /// An SVG then a PNG per URL.
    package var count: Int { urls.count * 2 }

    package func path(_ index: Int) -> String {
        index < urls.count ? Self.mediaPath(for: urls[index].url) : Self.rasterPath(for: urls[index - urls.count].url)
    }

    package func render(_ index: Int, into buffer: inout [UInt8]) throws {
        if index < urls.count {
            let item = urls[index]
            let svg = item.avatar ? DemoMedia.avatarSVG(forAvatarURL: item.url) : DemoMedia.svg(forImageURL: item.url)
            buffer.append(contentsOf: svg.utf8)
        } else {
            let item = urls[index - urls.count]
            buffer.append(contentsOf: item.avatar ? DemoMedia.png(forAvatarURL: item.url) : DemoMedia.png(forImageURL: item.url))
        }
    }

    /// Maps a platform URL to its generated SVG, relative to the site root (for pages).
    package var imageSource: @Sendable (String) -> String {
        { Self.mediaPath(for: $0) }
    }

    /// Maps a platform URL to its generated PNG, relative to the site root (social cards, feeds).
    package var rasterSource: @Sendable (String) -> String {
        { Self.rasterPath(for: $0) }
    }

    /// `media/3f2a…c1.svg`: a stable name from a 64-bit FNV-1a hash of the URL.
    static func mediaPath(for url: String) -> String {
        "media/" + FNV1a.hex(FNV1a.hash64(url), width: 16) + ".svg"
    }

    /// `media/3f2a…c1.png`.
    static func rasterPath(for url: String) -> String {
        "media/" + FNV1a.hex(FNV1a.hash64(url), width: 16) + ".png"
    }
}
