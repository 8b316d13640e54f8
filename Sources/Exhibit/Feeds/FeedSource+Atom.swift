extension FeedSource {
    /// `updated` of a feed without items (only the site feed of an empty gallery): the epoch,
    /// so that the output stays deterministic.
    static let emptyFeedUpdated = Timestamp(millisecondsSince1970: 0)

    /// Atom 1.0 (RFC 4287) with Media RSS: feed `id` is the feed's own URL, entry `id` the image's
    /// permalink; `updated` comes from the items' dates. HTML content is `type="html"`, escaped.
    func renderAtom(_ channel: FeedChannel, into out: inout [UInt8]) {
        FeedBytes.raw("""
        <?xml version="1.0" encoding="UTF-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="
        """, to: &out)
        FeedBytes.append(config.language, to: &out, as: .markup)
        FeedBytes.raw("\">\n<id>", to: &out)
        FeedBytes.append(channel.selfURL, to: &out, as: .markup)
        FeedBytes.raw("</id>\n<title type=\"text\">", to: &out)
        FeedBytes.append(channel.title, to: &out, as: .markup)
        FeedBytes.raw("</title>\n<subtitle type=\"text\">", to: &out)
        FeedBytes.append(channel.description, to: &out, as: .markup)
        FeedBytes.raw("</subtitle>\n<updated>", to: &out)
        let updated = channel.items.first.map { gallery.images.createdAt(Int($0)) } ?? Self.emptyFeedUpdated
        FeedBytes.raw(updated.iso8601, to: &out)
        FeedBytes.raw("</updated>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"", to: &out)
        FeedBytes.append(channel.selfURL, to: &out, as: .markup)
        FeedBytes.raw("\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"", to: &out)
        FeedBytes.append(channel.pageURL, to: &out, as: .markup)
        FeedBytes.raw("\"/>\n", to: &out)
        if let user = channel.user {
            FeedBytes.raw("<author>\n<name>", to: &out)
            FeedBytes.append(user.name, to: &out, as: .markup)
            FeedBytes.raw("</name>\n<uri>", to: &out)
            FeedBytes.append(channel.pageURL, to: &out, as: .markup)
            FeedBytes.raw("</uri>\n</author>\n", to: &out)
        }
        if let imageURL = channel.imageURL {
            FeedBytes.raw("<logo>", to: &out)
            FeedBytes.append(imageURL, to: &out, as: .markup)
            FeedBytes.raw("</logo>\n", to: &out)
        }
        let tagScheme = layout.absolute(SiteLayout.tagIndex)
        var html: [UInt8] = []
        html.reserveCapacity(2048)
        for index in channel.items {
            let entry = self.entry(index)
            FeedBytes.raw("<entry>\n<id>", to: &out)
            appendPermalink(entry, to: &out, as: .markup)
            FeedBytes.raw("</id>\n<title type=\"text\">", to: &out)
            FeedBytes.append(entry.title, to: &out, as: .markup)
            FeedBytes.raw("</title>\n<updated>", to: &out)
            TimestampBytes.appendISO8601(entry.date, to: &out)
            FeedBytes.raw("</updated>\n<published>", to: &out)
            TimestampBytes.appendISO8601(entry.date, to: &out)
            FeedBytes.raw("</published>\n<link rel=\"alternate\" type=\"text/html\" href=\"", to: &out)
            appendPermalink(entry, to: &out, as: .markup)
            FeedBytes.raw("\"/>\n<link rel=\"enclosure\" href=\"", to: &out)
            FeedBytes.append(entry.displayURL, to: &out, as: .markup)
            if let type = entry.mediaType {
                FeedBytes.raw("\" type=\"", to: &out)
                FeedBytes.raw(type, to: &out)
            }
            FeedBytes.raw("\"/>\n<author>\n<name>", to: &out)
            FeedBytes.append(userTexts.name(entry.owner), to: &out, as: .markup)
            FeedBytes.raw("</name>\n<uri>", to: &out)
            appendOwnerURL(entry, to: &out, as: .markup)
            FeedBytes.raw("</uri>\n</author>\n", to: &out)
            for position in entry.tags {
                let tag = tag(at: position)
                FeedBytes.raw("<category term=\"", to: &out)
                FeedBytes.append(tagTexts.segment(tag), to: &out, as: .markup)
                FeedBytes.raw("\" scheme=\"", to: &out)
                FeedBytes.append(tagScheme, to: &out, as: .markup)
                FeedBytes.raw("\" label=\"", to: &out)
                FeedBytes.append(tagTexts.name(tag), to: &out, as: .markup)
                FeedBytes.raw("\"/>\n", to: &out)
            }
            if !entry.description.isEmpty {
                FeedBytes.raw("<summary type=\"text\">", to: &out)
                FeedBytes.append(entry.description, to: &out, as: .markup)
                FeedBytes.raw("</summary>\n", to: &out)
            }
            html.removeAll(keepingCapacity: true)
            contentHTML(entry, into: &html)
            FeedBytes.raw("<content type=\"html\">", to: &out)
            FeedBytes.append(fragment: html, to: &out, as: .markup)
            FeedBytes.raw("</content>\n", to: &out)
            appendMediaRSS(entry, into: &out)
            FeedBytes.raw("</entry>\n", to: &out)
        }
        FeedBytes.raw("</feed>\n", to: &out)
    }
}
