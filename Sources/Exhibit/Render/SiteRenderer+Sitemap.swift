/// `sitemap.xml`, its chunks and `robots.txt`.
///
/// The sitemap lists every HTML page (not the 404 or search pages) by its absolute, pretty URL.
/// Order: image pages oldest first (with `lastmod`, the upload date), then every other page in
/// file order (home, users, collections, tags, themes). Past ``SiteRenderer/sitemapURLLimit`` URLs,
/// `sitemap.xml` is a sitemap index of `sitemaps/1.xml`, `sitemaps/2.xml`, …: first the chunks
/// of image pages (so a new image only touches the last image chunk), then the chunks of the
/// other pages.
extension SiteRenderer {
    static let sitemapNamespace: StaticString = "http://www.sitemaps.org/schemas/sitemap/0.9"

    /// How many URLs the sitemap lists.
    var sitemapURLCount: Int { gallery.images.count + sitemapOtherCount }

    /// Appends the `<url>` of sitemap position `position`: image pages oldest first, then the
    /// other pages (whose file indices follow the image pages', so position = file index).
    func appendSitemapURL(_ position: Int, into out: inout [UInt8]) {
        let imageCount = gallery.images.count
        out.append(ascii: "<url><loc>")
        if position < imageCount {
            let image = imageCount - 1 - position
            // `layout.absolute(layout.image(image))`, escaped piece by piece (same bytes).
            Self.appendXML(layout.baseURL, to: &out)
            out.append(ascii: "images/")
            Escape.appendXML(gallery.images.pathSegment(image).uint8, to: &out)
            out.append(ascii: "/</loc><lastmod>")
            TimestampBytes.appendISODate(gallery.images.createdAt(image), to: &out)
            out.append(ascii: "</lastmod></url>\n")
        } else {
            Self.appendXML(layout.baseURL, to: &out)
            Self.appendXML(directory(index.locate(position)), to: &out)
            out.append(ascii: "</loc></url>\n")
        }
    }

    func appendURLSet(_ range: Range<Int>, into buffer: inout [UInt8]) {
        buffer.reserveCapacity(buffer.count + range.count * 100 + 200)
        buffer.append(ascii: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"")
        buffer.append(ascii: Self.sitemapNamespace)
        buffer.append(ascii: "\">\n")
        for position in range { appendSitemapURL(position, into: &buffer) }
        buffer.append(ascii: "</urlset>\n")
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
                text += "<lastmod>" + gallery.images.createdAt(gallery.images.count - 1 - newest).isoDate + "</lastmod>"
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

    /// Appends `text` escaped for XML (``Escape/appendXML(_:to:lineBreaks:)``).
    static func appendXML(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { Escape.appendXML($0, to: &out) }
    }
}
