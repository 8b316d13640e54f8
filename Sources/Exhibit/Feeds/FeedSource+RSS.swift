extension FeedSource {
    /// RSS 2.0 with the `atom` (self link), `content` (full HTML), `dc` (author names, never an
    /// email) and Media RSS namespaces. HTML is entity-escaped text, never CDATA.
    func renderRSS(_ channel: FeedChannel, into out: inout [UInt8]) {
        FeedBytes.raw("""
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
        <channel>
        <title>
        """, to: &out)
        FeedBytes.append(channel.title, to: &out, as: .markup)
        FeedBytes.raw("</title>\n<link>", to: &out)
        FeedBytes.append(channel.pageURL, to: &out, as: .markup)
        FeedBytes.raw("</link>\n<description>", to: &out)
        FeedBytes.append(channel.description, to: &out, as: .markup)
        FeedBytes.raw("</description>\n<language>", to: &out)
        FeedBytes.append(config.language.lowercased(), to: &out, as: .markup)
        FeedBytes.raw("</language>\n", to: &out)
        if let newest = channel.items.first {
            FeedBytes.raw("<lastBuildDate>", to: &out)
            TimestampBytes.appendRFC822(gallery.images.createdAt(Int(newest)), to: &out)
            FeedBytes.raw("</lastBuildDate>\n", to: &out)
        }
        FeedBytes.raw("<atom:link href=\"", to: &out)
        FeedBytes.append(channel.selfURL, to: &out, as: .markup)
        FeedBytes.raw("\" rel=\"self\" type=\"application/rss+xml\"/>\n", to: &out)
        if let imageURL = channel.imageURL {
            FeedBytes.raw("<image>\n<url>", to: &out)
            FeedBytes.append(imageURL, to: &out, as: .markup)
            FeedBytes.raw("</url>\n<title>", to: &out)
            FeedBytes.append(channel.title, to: &out, as: .markup)
            FeedBytes.raw("</title>\n<link>", to: &out)
            FeedBytes.append(channel.pageURL, to: &out, as: .markup)
            FeedBytes.raw("</link>\n</image>\n", to: &out)
        }
        var html: [UInt8] = []
        html.reserveCapacity(2048)
        var escapedSummary: [UInt8] = []
        escapedSummary.reserveCapacity(4096)
        for index in channel.items {
            let entry = self.entry(index)
            FeedBytes.raw("<item>\n<title>", to: &out)
            FeedBytes.append(entry.title, to: &out, as: .markup)
            FeedBytes.raw("</title>\n<link>", to: &out)
            appendPermalink(entry, to: &out, as: .markup)
            FeedBytes.raw("</link>\n<guid isPermaLink=\"true\">", to: &out)
            appendPermalink(entry, to: &out, as: .markup)
            FeedBytes.raw("</guid>\n<pubDate>", to: &out)
            TimestampBytes.appendRFC822(entry.date, to: &out)
            FeedBytes.raw("</pubDate>\n<dc:creator>", to: &out)
            FeedBytes.append(userTexts.name(entry.owner), to: &out, as: .markup)
            FeedBytes.raw("</dc:creator>\n", to: &out)
            for position in entry.tags {
                FeedBytes.raw("<category>", to: &out)
                FeedBytes.append(tagTexts.name(tag(at: position)), to: &out, as: .markup)
                FeedBytes.raw("</category>\n", to: &out)
            }
            // The full content is the summary plus the details. Escaping works byte by byte and
            // the summary ends with a complete tag, so the escaped summary is escaped once and
            // written twice.
            html.removeAll(keepingCapacity: true)
            summaryHTML(entry, into: &html)
            escapedSummary.removeAll(keepingCapacity: true)
            FeedBytes.append(fragment: html, to: &escapedSummary, as: .markup)
            FeedBytes.raw("<description>", to: &out)
            out.append(contentsOf: escapedSummary)
            FeedBytes.raw("</description>\n<content:encoded>", to: &out)
            out.append(contentsOf: escapedSummary)
            html.removeAll(keepingCapacity: true)
            appendDetails(entry, into: &html)
            FeedBytes.append(fragment: html, to: &out, as: .markup)
            FeedBytes.raw("</content:encoded>\n", to: &out)
            // The image as an enclosure too (readers that ignore Media RSS show these); its
            // length is unknown to a static build, and RSS asks for 0 then.
            if let type = entry.mediaType {
                FeedBytes.raw("<enclosure url=\"", to: &out)
                FeedBytes.append(entry.displayURL, to: &out, as: .markup)
                FeedBytes.raw("\" length=\"0\" type=\"", to: &out)
                FeedBytes.raw(type, to: &out)
                FeedBytes.raw("\"/>\n", to: &out)
            }
            appendMediaRSS(entry, into: &out)
            FeedBytes.raw("</item>\n", to: &out)
        }
        FeedBytes.raw("</channel>\n</rss>\n", to: &out)
    }

    /// The Media RSS elements of an item (in RSS items and Atom entries alike).
    func appendMediaRSS(_ entry: FeedEntry, into out: inout [UInt8]) {
        FeedBytes.raw("<media:content url=\"", to: &out)
        FeedBytes.append(entry.displayURL, to: &out, as: .markup)
        FeedBytes.raw("\" medium=\"image\"", to: &out)
        if let type = entry.mediaType {
            FeedBytes.raw(" type=\"", to: &out)
            FeedBytes.raw(type, to: &out)
            FeedBytes.raw("\"", to: &out)
        }
        if let size = entry.displaySize {
            FeedBytes.raw(" width=\"", to: &out)
            DecimalDigits.withASCII(size.width) { out.append(contentsOf: $0) }
            FeedBytes.raw("\" height=\"", to: &out)
            DecimalDigits.withASCII(size.height) { out.append(contentsOf: $0) }
            FeedBytes.raw("\"", to: &out)
        }
        FeedBytes.raw("/>\n<media:thumbnail url=\"", to: &out)
        FeedBytes.append(entry.thumbnailURL, to: &out, as: .markup)
        FeedBytes.raw("\"/>\n<media:title type=\"plain\">", to: &out)
        FeedBytes.append(entry.title, to: &out, as: .markup)
        FeedBytes.raw("</media:title>\n", to: &out)
        if !entry.description.isEmpty {
            FeedBytes.raw("<media:description type=\"plain\">", to: &out)
            FeedBytes.append(entry.description, to: &out, as: .markup)
            FeedBytes.raw("</media:description>\n", to: &out)
        }
        if !entry.tags.isEmpty {
            FeedBytes.raw("<media:keywords>", to: &out)
            for position in entry.tags {
                if position > entry.tags.lowerBound { FeedBytes.raw(", ", to: &out) }
                // Keywords are comma-separated: a comma inside a tag would split it.
                FeedBytes.append(keywordTexts.name(tag(at: position)), to: &out, as: .markup)
            }
            FeedBytes.raw("</media:keywords>\n", to: &out)
        }
        FeedBytes.raw("<media:credit role=\"photographer\" scheme=\"urn:ebu\">", to: &out)
        FeedBytes.append(userTexts.name(entry.owner), to: &out, as: .markup)
        FeedBytes.raw("</media:credit>\n", to: &out)
    }
}

extension String {
    /// The text with commas removed and the spaces around them merged: `Café, au lait` becomes
    /// `Café au lait` (for comma-separated lists such as `media:keywords`).
    var replacingCommas: String {
        guard utf8.contains(UInt8(ascii: ",")) else { return self }
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            let merged = scalar == "," || scalar == " "
            if merged {
                if let last = result.last, last != " " { result.append(" ") }
            } else {
                result.append(scalar)
            }
        }
        while result.last == " " { result.removeLast() }
        return String(result)
    }
}
