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
        FeedBytes.raw("<url><loc>", to: &out)
        if position < imageCount {
            let image = imageCount - 1 - position
            // `layout.absolute(layout.image(image))`, escaped piece by piece (same bytes).
            SitemapXML.append(layout.baseURL, to: &out)
            FeedBytes.raw("images/", to: &out)
            SitemapXML.append(gallery.images.pathSegment(image), to: &out)
            FeedBytes.raw("/</loc><lastmod>", to: &out)
            TimestampBytes.appendISODate(gallery.images.createdAt(image), to: &out)
            FeedBytes.raw("</lastmod></url>\n", to: &out)
        } else {
            SitemapXML.append(layout.baseURL, to: &out)
            SitemapXML.append(directory(index.locate(position)), to: &out)
            FeedBytes.raw("</loc></url>\n", to: &out)
        }
    }

    func appendURLSet(_ range: Range<Int>, into buffer: inout [UInt8]) {
        buffer.reserveCapacity(buffer.count + range.count * 100 + 200)
        FeedBytes.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"", to: &buffer)
        FeedBytes.raw(Self.sitemapNamespace, to: &buffer)
        FeedBytes.raw("\">\n", to: &buffer)
        for position in range { appendSitemapURL(position, into: &buffer) }
        FeedBytes.raw("</urlset>\n", to: &buffer)
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
}

/// ``Escape/xml(_:)`` written straight into a byte buffer: characters XML forbids (C0 controls
/// other than tab, LF and CR; U+FFFE, U+FFFF) dropped, `& < > " '` escaped (`&apos;`).
/// Escaping two strings one after the other gives the bytes of escaping their concatenation.
enum SitemapXML {
    static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0), to: &out) }
    }

    static func append(_ raw: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        do {
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            var runStart = 0
            var index = 0
            while index < count {
                let byte = base[index]
                var skip = 0
                var replacement: StaticString? = nil
                switch byte {
                case UInt8(ascii: "&"): replacement = "&amp;"; skip = 1
                case UInt8(ascii: "<"): replacement = "&lt;"; skip = 1
                case UInt8(ascii: ">"): replacement = "&gt;"; skip = 1
                case UInt8(ascii: "\""): replacement = "&quot;"; skip = 1
                case UInt8(ascii: "'"): replacement = "&apos;"; skip = 1
                case 0x09, 0x0A, 0x0D: break
                case 0x00 ..< 0x20: skip = 1
                case 0xEF where index + 2 < count && base[index + 1] == 0xBF && base[index + 2] >= 0xBE:
                    skip = 3 // U+FFFE, U+FFFF
                default: break
                }
                if skip == 0 {
                    index += 1
                    continue
                }
                if index > runStart { out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart)) }
                if let replacement { FeedBytes.raw(replacement, to: &out) }
                index += skip
                runStart = index
            }
            if count > runStart { out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart)) }
        }
    }
}
