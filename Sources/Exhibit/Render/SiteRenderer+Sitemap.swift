/// `sitemap.xml`, its chunks and `robots.txt`.
///
/// The sitemap lists every HTML page (not the 404 or search pages) by its absolute, pretty URL.
/// Order: image pages oldest first (with `lastmod`, the upload date), then every other page in
/// file order (home, users, collections, tags, themes). Past ``SiteRenderer/sitemapURLLimit`` URLs,
/// `sitemap.xml` is a sitemap index of `sitemaps/1.xml`, `sitemaps/2.xml`, …: first the chunks
/// of image pages (so a new image only touches the last image chunk), then the chunks of the
/// other pages.
extension SiteRenderer {
    static let sitemapNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9"

    /// How many URLs the sitemap lists.
    var sitemapURLCount: Int { gallery.images.count + sitemapOtherCount }

    /// Appends the `<url>` of sitemap position `position`: image pages oldest first, then the
    /// other pages (whose file indices follow the image pages', so position = file index).
    func appendSitemapURL(_ position: Int, into text: inout String) {
        let imageCount = gallery.images.count
        text += "<url><loc>"
        if position < imageCount {
            let image = gallery.images[imageCount - 1 - position]
            text += Escape.xml(layout.absolute(layout.image(image)))
            text += "</loc><lastmod>"
            text += image.createdAt.isoDate
            text += "</lastmod></url>\n"
        } else {
            text += Escape.xml(layout.absolute(directory(index.locate(position))))
            text += "</loc></url>\n"
        }
    }

    func appendURLSet(_ range: Range<Int>, into buffer: inout [UInt8]) {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"\(Self.sitemapNamespace)\">\n"
        text.reserveCapacity(range.count * 80 + 200)
        for position in range { appendSitemapURL(position, into: &text) }
        text += "</urlset>\n"
        buffer.append(contentsOf: text.utf8)
    }

    /// The positions listed by chunk `chunk` (0-based).
    func sitemapChunkRange(_ chunk: Int) -> Range<Int> {
        let imageCount = gallery.images.count
        if chunk < sitemapImageChunks {
            return (chunk * sitemapLimit) ..< min(imageCount, (chunk + 1) * sitemapLimit)
        }
        let other = chunk - sitemapImageChunks
        return (imageCount + other * sitemapLimit) ..< min(imageCount + sitemapOtherCount, imageCount + (other + 1) * sitemapLimit)
    }

    func renderSitemap(into buffer: inout [UInt8]) {
        let chunks = sitemapImageChunks + sitemapOtherChunks
        guard chunks > 0 else {
            appendURLSet(0 ..< sitemapURLCount, into: &buffer)
            return
        }
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"\(Self.sitemapNamespace)\">\n"
        for chunk in 0 ..< chunks {
            text += "<sitemap><loc>"
            text += Escape.xml(layout.absolute("sitemaps/\(chunk + 1).xml"))
            text += "</loc>"
            if chunk < sitemapImageChunks {
                // The newest image of the chunk: the chunk changes only when one is added.
                let newest = sitemapChunkRange(chunk).upperBound - 1
                text += "<lastmod>" + gallery.images[gallery.images.count - 1 - newest].createdAt.isoDate + "</lastmod>"
            }
            text += "</sitemap>\n"
        }
        text += "</sitemapindex>\n"
        buffer.append(contentsOf: text.utf8)
    }

    func renderSitemapChunk(_ chunk: Int, into buffer: inout [UInt8]) {
        appendURLSet(sitemapChunkRange(chunk), into: &buffer)
    }

    func renderRobots(into buffer: inout [UInt8]) {
        let text = "User-agent: *\nAllow: /\n\nSitemap: \(layout.absolute("sitemap.xml"))\n"
        buffer.append(contentsOf: text.utf8)
    }
}
