extension FeedSource {
    /// JSON Feed 1.1, written by hand: one item per image with `id`/`url` (the permalink),
    /// `title`, `content_html`, `summary`, `image`, `date_published`, `authors` and `tags`.
    func renderJSON(_ channel: FeedChannel, into out: inout [UInt8]) {
        FeedBytes.raw("{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"title\": ", to: &out)
        string(channel.title, &out)
        FeedBytes.raw(",\n  \"home_page_url\": ", to: &out)
        string(channel.pageURL, &out)
        FeedBytes.raw(",\n  \"feed_url\": ", to: &out)
        string(channel.selfURL, &out)
        FeedBytes.raw(",\n  \"description\": ", to: &out)
        string(channel.description, &out)
        FeedBytes.raw(",\n  \"language\": ", to: &out)
        string(config.language, &out)
        if let imageURL = channel.imageURL {
            FeedBytes.raw(",\n  \"icon\": ", to: &out)
            string(imageURL, &out)
        }
        if let user = channel.user {
            FeedBytes.raw(",\n  \"authors\": [", to: &out)
            author(user.name, channel.pageURL, avatar: channel.imageURL, &out)
            FeedBytes.raw("]", to: &out)
        }
        FeedBytes.raw(",\n  \"items\": [", to: &out)
        var html: [UInt8] = []
        html.reserveCapacity(2048)
        for (position, index) in channel.items.enumerated() {
            let entry = self.entry(index)
            FeedBytes.raw(position == 0 ? "\n    {\"id\": " : ",\n    {\"id\": ", to: &out)
            out.append(UInt8(ascii: "\""))
            appendPermalink(entry, to: &out, as: .json)
            FeedBytes.raw("\",\n     \"url\": \"", to: &out)
            appendPermalink(entry, to: &out, as: .json)
            out.append(UInt8(ascii: "\""))
            FeedBytes.raw(",\n     \"title\": ", to: &out)
            string(entry.title, &out)
            html.removeAll(keepingCapacity: true)
            contentHTML(entry, into: &html)
            FeedBytes.raw(",\n     \"content_html\": \"", to: &out)
            FeedBytes.append(fragment: html, to: &out, as: .json)
            FeedBytes.raw("\"", to: &out)
            if !entry.description.isEmpty {
                FeedBytes.raw(",\n     \"summary\": ", to: &out)
                string(entry.description, &out)
            }
            FeedBytes.raw(",\n     \"image\": ", to: &out)
            string(entry.displayURL, &out)
            FeedBytes.raw(",\n     \"date_published\": \"", to: &out)
            TimestampBytes.appendISO8601(entry.date, to: &out)
            FeedBytes.raw("\",\n     \"authors\": [", to: &out)
            FeedBytes.raw("{\"name\": ", to: &out)
            string(userTexts.name(entry.owner), &out)
            FeedBytes.raw(", \"url\": \"", to: &out)
            appendOwnerURL(entry, to: &out, as: .json)
            FeedBytes.raw("\"}", to: &out)
            FeedBytes.raw("]", to: &out)
            if !entry.tags.isEmpty {
                FeedBytes.raw(",\n     \"tags\": [", to: &out)
                for position in entry.tags {
                    if position > entry.tags.lowerBound { FeedBytes.raw(", ", to: &out) }
                    string(tagTexts.name(tag(at: position)), &out)
                }
                FeedBytes.raw("]", to: &out)
            }
            FeedBytes.raw("}", to: &out)
        }
        FeedBytes.raw(channel.items.isEmpty ? "]\n}\n" : "\n  ]\n}\n", to: &out)
    }

    private func string(_ text: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        FeedBytes.append(text, to: &out, as: .json)
        out.append(UInt8(ascii: "\""))
    }

    private func string(_ text: UnsafeRawBufferPointer, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        FeedBytes.append(text, to: &out, as: .json)
        out.append(UInt8(ascii: "\""))
    }

    private func author(_ name: String, _ url: String, avatar: String?, _ out: inout [UInt8]) {
        FeedBytes.raw("{\"name\": ", to: &out)
        string(name, &out)
        FeedBytes.raw(", \"url\": ", to: &out)
        string(url, &out)
        if let avatar {
            FeedBytes.raw(", \"avatar\": ", to: &out)
            string(avatar, &out)
        }
        FeedBytes.raw("}", to: &out)
    }
}
