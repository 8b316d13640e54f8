import Foundation
import ExhibitTOML

extension SiteConfig {
    /// The keys of `exhibit.toml`, each with its documentation, in the order the README lists them.
    package static let fileKeys: [(key: String, doc: String)] = [
        ("title", "Site title (string)."),
        ("description", "One-line site description (string)."),
        ("base_url", "Absolute http(s) URL the site is deployed at, e.g. \"https://example.org/gallery/\"."),
        ("language", "Language of pages and feeds, BCP 47 (string, default \"en\"): the theme's texts, dates, numbers and feed titles ([languages.md](languages.md))."),
        ("page_size", "Images per list page (integer 1–1000, default 48)."),
        ("withhold_pending_reports", "Pending reports that withhold an image; 0 turns moderation off (integer, default 1)."),
        ("thumbnail_pattern", "URL pattern of an image resizer for images not on Cloudinary, with {url} or {raw_url}, and {width} (string, default \"\": originals only, with a warning)."),
        ("thumbnail_width", "Grid cell width in CSS pixels, for the width/height of grid images and the thumbnails of search and feeds (integer, default 400)."),
        ("favicon", "A favicon file, .svg, .png or .ico, relative to this file; published under a fingerprinted name (string, default \"\": the theme's)."),
        ("feed_items", "Items per feed (integer 1–1000, default 50)."),
        ("site_feed_formats", "Formats of the site feed: any of \"rss\", \"atom\", \"json\" (default all three)."),
        ("list_feed_formats", "Formats of user, tag, theme and collection feeds (default [\"rss\"])."),
        ("related_images", "\"More like this\" images per image page: older images sharing rare tags, the theme, the author or likers; 0 turns them off (integer 0–100, default 12)."),
        ("recommendations", "Write recommendations/{user_id}.json, picks derived from each user's likes (boolean, default false; see Recommendations)."),
        ("pretty_urls", "Links end in / instead of /index.html (boolean, default false: links also work from disk)."),
    ]

    /// The largest configuration file read: a setting file is a few hundred bytes, and a hostile
    /// one must not make the build read gigabytes.
    package static let maximumFileSize = 1 << 20

    /// Reads `exhibit.toml` (TOML 1.0, parsed by TOMLKit; the settings at the top level or in a
    /// `[site]` table) on top of the defaults.
    package static func load(file path: String) throws(ConfigError) -> SiteConfig {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigError(file: path, line: 0, message: "cannot read the configuration file (does it exist?)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumFileSize + 1) ?? Data()
        } catch {
            throw ConfigError(file: path, line: 0, message: "cannot read the configuration file (\(TerminalText.escaped(error.localizedDescription)))")
        }
        guard data.count <= maximumFileSize else {
            throw ConfigError(file: path, line: 0, message: "the configuration file is larger than \(maximumFileSize >> 20) MiB")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: 0, message: "the configuration file is not UTF-8 text")
        }
        var config = SiteConfig()
        try config.apply(toml: text, file: path)
        return config
    }

    /// Applies the settings of a configuration text to this configuration, all or (on an error)
    /// none. Problems are reported in source order: syntax errors with line and column, the rest
    /// with the line of the key.
    package mutating func apply(toml text: String, file: String) throws(ConfigError) {
        // TOMLKit hands the text to C++ as a C string: a NUL byte would silently end the document.
        if let nul = text.utf8.firstIndex(of: 0) {
            let before = text.utf8[..<nul]
            let line = before.count(where: { $0 == UInt8(ascii: "\n") }) + 1
            let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { text.utf8.index(after: $0) } ?? text.startIndex
            let column = text[lineStart..<nul].unicodeScalars.count + 1
            throw ConfigError(file: file, line: line, column: column, message: "the file contains a NUL byte (U+0000), which TOML does not allow")
        }
        let root: [TOMLDocument.Entry]
        do {
            root = try TOMLDocument.parse(text)
        } catch {
            throw ConfigError(file: file, line: error.line, column: error.column,
                              message: "not valid TOML: " + TerminalText.escaped(error.message))
        }
        let lines = TOMLKeyLines(source: text)
        // A key cut at U+0000 could pass for a known one: refuse it before anything is read.
        if let nul = lines.nulEscapes.first(where: { $0.valueOf == nil }) {
            throw ConfigError(file: file, line: nul.line, message: "a key contains U+0000 (a control character)")
        }

        // Every setting, from the top level and from [site], in source order.
        var entries: [(path: [String], value: TOMLDocument.Value, line: Int)] = []
        for (key, value) in root.map({ ($0.key, $0.value) }) {
            if key == "site" {
                guard case .table(let site) = value else {
                    throw ConfigError(file: file, line: lines.line(of: [key]),
                                      message: "site must be a table of settings, e.g. [site] (got \(Self.kind(value)))")
                }
                for entry in site {
                    entries.append(([key, entry.key], entry.value, lines.line(of: [key, entry.key])))
                }
            } else {
                entries.append(([key], value, lines.line(of: [key])))
            }
        }
        entries.sort { ($0.line, $0.path.count, $0.path.last ?? "") < ($1.line, $1.path.count, $1.path.last ?? "") }

        // Applied to a copy: a file with an error changes nothing.
        var updated = self
        var seen = Set<String>()
        for entry in entries {
            let key = entry.path[entry.path.count - 1]
            guard Self.fileKeys.contains(where: { $0.key == key }) else {
                throw Self.unknownKeyError(entry.path, lines: lines, file: file)
            }
            guard seen.insert(key).inserted else {
                throw ConfigError(file: file, line: entry.line, message: "key \"\(key)\" is set twice (at the top level and in [site])")
            }
            if lines.nulEscapes.contains(where: { $0.valueOf == entry.path }) {
                throw ConfigError(file: file, line: entry.line, message: "\(key) contains U+0000 (a control character); \(Self.textRule)")
            }
            do {
                try updated.set(key, entry.value)
            } catch {
                throw ConfigError(file: file, line: entry.line, message: error.message)
            }
        }
        // A favicon path is relative to the file that names it.
        if !updated.favicon.isEmpty && !updated.favicon.hasPrefix("/") && updated.favicon != favicon {
            updated.favicon = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(updated.favicon).path
        }
        // Fail closed: a U+0000 escape the loop above did not attribute to a setting.
        if let nul = lines.nulEscapes.first {
            throw ConfigError(file: file, line: nul.line, message: "a string contains U+0000 (a control character)")
        }
        self = updated
    }

    /// The error for a key or table the configuration does not define, with a suggestion.
    private static func unknownKeyError(_ path: [String], lines: TOMLKeyLines, file: String) -> ConfigError {
        let known = fileKeys.map(\.key)
        func shown(_ name: String) -> String {
            TerminalText.escaped(name.count > 60 ? String(name.prefix(59)) + "…" : name)
        }
        guard let definition = lines.first(under: path) else {
            let name = path[path.count - 1]
            let hint = EditDistance.closest(to: name, in: known).map { "; did you mean \"\($0)\"?" } ?? ""
            return ConfigError(file: file, line: 0, message: "unknown key \"\(shown(name))\"\(hint)")
        }
        if definition.isTableHeader {
            let name = definition.path.joined(separator: ".")
            let hint = EditDistance.closest(to: name, in: ["site"]).map { "; did you mean [\($0)]?" } ?? "; only [site] is allowed"
            return ConfigError(file: file, line: definition.line, message: "unknown table [\(shown(name))]\(hint)")
        }
        // A dotted key (`feed.items = 3`) is shown whole, below [site] if it is in it.
        let name = definition.path.dropFirst(path.count - 1).joined(separator: ".")
        let hint = EditDistance.closest(to: name, in: known).map { "; did you mean \"\($0)\"?" } ?? ""
        return ConfigError(file: file, line: definition.line, message: "unknown key \"\(shown(name))\"\(hint)")
    }

    private mutating func set(_ key: String, _ value: TOMLDocument.Value) throws(ValueError) {
        switch key {
        case "title": title = try Self.checkedText(try Self.string(value, key), key: key)
        case "description": description = try Self.checkedText(try Self.string(value, key), key: key)
        case "base_url": baseURL = try Self.checkedBaseURL(try Self.string(value, key))
        case "language": language = try Self.checkedLanguage(try Self.string(value, key))
        case "page_size": pageSize = try Self.integer(value, key, in: 1...1000)
        case "withhold_pending_reports": withholdPendingReports = try Self.integer(value, key, in: 0...1_000_000)
        case "thumbnail_pattern": thumbnailPattern = try Self.checkedThumbnailPattern(try Self.string(value, key))
        case "thumbnail_width": thumbnailWidth = try Self.integer(value, key, in: 16...4000)
        case "favicon": favicon = try Self.checkedFavicon(try Self.string(value, key))
        case "feed_items": feedItems = try Self.integer(value, key, in: 1...1000)
        case "site_feed_formats": siteFeedFormats = try Self.formats(try Self.strings(value, key), key)
        case "list_feed_formats": listFeedFormats = try Self.formats(try Self.strings(value, key), key)
        case "related_images": relatedImages = try Self.integer(value, key, in: 0...100)
        case "pretty_urls": prettyURLs = try Self.bool(value, key)
        case "recommendations": recommendations = try Self.bool(value, key)
        default: throw ValueError(key: key, message: "unknown key \"\(key)\"")  // fileKeys and this switch disagree
        }
    }

    // MARK: - Values of the expected type

    /// The type of a TOML value as a message names it: "an integer".
    static func kind(_ value: TOMLDocument.Value) -> String {
        switch value {
        case .table: return "a table"
        case .array: return "an array"
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a floating-point number"
        case .bool: return "a boolean"
        case .date: return "a date"
        case .time: return "a time"
        case .dateTime: return "a date-time"
        }
    }

    private static func string(_ value: TOMLDocument.Value, _ key: String) throws(ValueError) -> String {
        guard case .string(let text) = value else {
            throw ValueError(key: key, message: "\(key) must be a string (got \(kind(value)))")
        }
        return text
    }

    private static func integer(_ value: TOMLDocument.Value, _ key: String, in range: ClosedRange<Int>) throws(ValueError) -> Int {
        guard case .integer(let number) = value else {
            throw ValueError(key: key, message: "\(key) must be an integer (got \(kind(value)))")
        }
        guard range.contains(number) else {
            throw ValueError(key: key, message: "\(key) must be between \(range.lowerBound) and \(range.upperBound) (got \(number))")
        }
        return number
    }

    private static func bool(_ value: TOMLDocument.Value, _ key: String) throws(ValueError) -> Bool {
        guard case .bool(let flag) = value else {
            throw ValueError(key: key, message: "\(key) must be true or false (got \(kind(value)))")
        }
        return flag
    }

    private static func strings(_ value: TOMLDocument.Value, _ key: String) throws(ValueError) -> [String] {
        let expected = "\(key) must be an array of strings, e.g. [\"rss\", \"atom\"]"
        guard case .array(let items) = value else {
            throw ValueError(key: key, message: "\(expected) (got \(kind(value)))")
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else {
                throw ValueError(key: key, message: "\(expected) (item \(index + 1) is \(kind(item)))")
            }
            result.append(text)
        }
        return result
    }

    /// Checks and normalises a base URL: absolute http(s), ending in `/`, without the characters
    /// text settings may not have.
    package static func checkedBaseURL(_ raw: String) throws(ValueError) -> String {
        let shown = TerminalText.escaped(raw.count > 200 ? String(raw.prefix(199)) + "…" : raw)
        guard let url = WebURL.validated(raw) else {
            throw ValueError(key: "base_url", message: "base_url must be an absolute http(s) URL, e.g. \"https://example.org/gallery/\" (got \"\(shown)\")")
        }
        _ = try checkedText(url, key: "base_url")
        if url.contains("?") || url.contains("#") {
            throw ValueError(key: "base_url", message: "base_url must not have a query or fragment (got \"\(shown)\")")
        }
        return url.hasSuffix("/") ? url : url + "/"
    }

    private static func formats(_ names: [String], _ key: String) throws(ValueError) -> [FeedFormat] {
        var result: [FeedFormat] = []
        for name in names {
            guard let format = FeedFormat(rawValue: name.lowercased()) else {
                let shown = TerminalText.escaped(name.count > 40 ? String(name.prefix(39)) + "…" : name)
                throw ValueError(key: key, message: "\(key): unknown feed format \"\(shown)\"; use \"rss\", \"atom\" or \"json\"")
            }
            if !result.contains(format) { result.append(format) }
        }
        return FeedFormat.allCases.filter(result.contains)
    }
}
