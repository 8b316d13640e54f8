import Foundation

/// A problem in the configuration file, with where it is: `exhibit.toml:3:1: unknown key "titel"; did you mean "title"?`.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

extension SiteConfig {
    /// The keys of `exhibit.toml`, each with its documentation, in the order the README lists them.
    public static let fileKeys: [(key: String, doc: String)] = [
        ("title", "Site title (string)."),
        ("description", "One-line site description (string)."),
        ("base_url", "Absolute http(s) URL the site is deployed at, e.g. \"https://example.org/gallery/\"."),
        ("language", "Language of pages and feeds, BCP 47 (string, default \"en\")."),
        ("page_size", "Images per list page (integer 1–1000, default 48)."),
        ("withhold_pending_reports", "Pending reports that withhold an image; 0 turns moderation off (integer, default 1)."),
        ("thumbnail_pattern", "URL pattern for thumbnails of non-Cloudinary images, with {url}, {raw_url}, {width} (string, default \"\": original URL)."),
        ("thumbnail_width", "Grid cell width in CSS pixels (integer, default 400)."),
        ("feed_items", "Items per feed (integer 1–1000, default 50)."),
        ("site_feed_formats", "Formats of the site feed: any of \"rss\", \"atom\", \"json\" (default all three)."),
        ("list_feed_formats", "Formats of user, tag, theme and collection feeds (default [\"rss\"])."),
        ("related_images", "\"More like this\" images per image page: older images sharing rare tags, the theme, the author or likers; 0 turns them off (integer 0–100, default 12)."),
        ("recommendations", "Write recommendations/{user_id}.json, picks derived from each user's likes (boolean, default false; see Recommendations)."),
        ("pretty_urls", "Links end in / instead of /index.html (boolean, default false: links also work from disk)."),
    ]

    /// Reads `exhibit.toml` (a TOML subset: `key = value` lines with strings, integers, booleans and
    /// arrays of strings; `#` comments; an optional `[site]` table) on top of the defaults.
    public static func load(file path: String) throws -> SiteConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, line: 0, message: "cannot read the configuration file (does it exist?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: 0, message: "the configuration file is not UTF-8 text")
        }
        var config = SiteConfig()
        try config.apply(toml: text, file: path)
        return config
    }

    /// Applies the settings of a configuration text to this configuration.
    public mutating func apply(toml text: String, file: String) throws {
        var seen = Set<String>()
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            let content = TOMLLine.stripComment(String(rawLine)).trimmingCharacters(in: .whitespaces)
            if content.isEmpty { continue }
            if content.hasPrefix("[") {
                guard content == "[site]" else {
                    throw ConfigError(file: file, line: line, message: "unknown table \(content); only [site] is allowed")
                }
                continue
            }
            guard let equals = content.firstIndex(of: "=") else {
                throw ConfigError(file: file, line: line, message: "expected key = value")
            }
            let key = content[..<equals].trimmingCharacters(in: .whitespaces)
            let valueText = content[content.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard seen.insert(key).inserted else {
                throw ConfigError(file: file, line: line, message: "key \"\(key)\" is set twice")
            }
            let value: TOMLLine.Value
            do {
                value = try TOMLLine.parseValue(valueText)
            } catch let error as TOMLLine.ParseError {
                throw ConfigError(file: file, line: line, message: "\(key): \(error.message)")
            }
            do {
                try set(key, value)
            } catch let error as TOMLLine.ParseError {
                throw ConfigError(file: file, line: line, message: error.message)
            } catch let error as ValueError {
                throw ConfigError(file: file, line: line, message: error.message)
            }
        }
    }

    private mutating func set(_ key: String, _ value: TOMLLine.Value) throws {
        switch key {
        case "title": title = try Self.checkedText(try value.string(key), key: key)
        case "description": description = try Self.checkedText(try value.string(key), key: key)
        case "base_url": baseURL = try Self.checkedBaseURL(try value.string(key))
        case "language": language = try Self.checkedLanguage(try value.string(key))
        case "page_size": pageSize = try value.integer(key, in: 1...1000)
        case "withhold_pending_reports": withholdPendingReports = try value.integer(key, in: 0...1_000_000)
        case "thumbnail_pattern": thumbnailPattern = try Self.checkedThumbnailPattern(try value.string(key))
        case "thumbnail_width": thumbnailWidth = try value.integer(key, in: 16...4000)
        case "feed_items": feedItems = try value.integer(key, in: 1...1000)
        case "site_feed_formats": siteFeedFormats = try Self.formats(try value.strings(key), key)
        case "list_feed_formats": listFeedFormats = try Self.formats(try value.strings(key), key)
        case "related_images": relatedImages = try value.integer(key, in: 0...100)
        case "pretty_urls": prettyURLs = try value.bool(key)
        case "recommendations": recommendations = try value.bool(key)
        default:
            let known = Self.fileKeys.map(\.key)
            let hint = EditDistance.closest(to: key, in: known).map { "; did you mean \"\($0)\"?" } ?? ""
            throw TOMLLine.ParseError(message: "unknown key \"\(key)\"\(hint)")
        }
    }

    /// Checks and normalises a base URL: absolute http(s), ending in `/`, without the characters
    /// text settings may not have.
    public static func checkedBaseURL(_ raw: String) throws -> String {
        let shown = TerminalText.escaped(raw.count > 200 ? String(raw.prefix(199)) + "…" : raw)
        guard let url = WebURL.validated(raw) else {
            throw TOMLLine.ParseError(message: "base_url must be an absolute http(s) URL, e.g. \"https://example.org/gallery/\" (got \"\(shown)\")")
        }
        _ = try checkedText(url, key: "base_url")
        if url.contains("?") || url.contains("#") {
            throw TOMLLine.ParseError(message: "base_url must not have a query or fragment (got \"\(shown)\")")
        }
        return url.hasSuffix("/") ? url : url + "/"
    }

    private static func formats(_ names: [String], _ key: String) throws -> [FeedFormat] {
        var result: [FeedFormat] = []
        for name in names {
            guard let format = FeedFormat(rawValue: name.lowercased()) else {
                throw TOMLLine.ParseError(message: "\(key): unknown feed format \"\(name)\"; use \"rss\", \"atom\" or \"json\"")
            }
            if !result.contains(format) { result.append(format) }
        }
        return FeedFormat.allCases.filter(result.contains)
    }
}

/// The small part of TOML that `exhibit.toml` uses.
enum TOMLLine {
    struct ParseError: Error { var message: String }

    enum Value {
        case string(String), integer(Int), bool(Bool), strings([String])

        func string(_ key: String) throws -> String {
            guard case .string(let text) = self else { throw ParseError(message: "\(key) must be a string in double quotes") }
            return text
        }

        func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int {
            guard case .integer(let number) = self else { throw ParseError(message: "\(key) must be a whole number") }
            guard range.contains(number) else {
                throw ParseError(message: "\(key) must be between \(range.lowerBound) and \(range.upperBound) (got \(number))")
            }
            return number
        }

        func bool(_ key: String) throws -> Bool {
            guard case .bool(let flag) = self else { throw ParseError(message: "\(key) must be true or false") }
            return flag
        }

        func strings(_ key: String) throws -> [String] {
            guard case .strings(let list) = self else { throw ParseError(message: "\(key) must be an array of strings, e.g. [\"rss\", \"atom\"]") }
            return list
        }
    }

    /// Removes a `#` comment that is not inside a string.
    static func stripComment(_ line: String) -> String {
        var inString = false
        var escaped = false
        var result = ""
        for character in line {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "#" {
                break
            }
            result.append(character)
        }
        return result
    }

    static func parseValue(_ text: String) throws -> Value {
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if text.hasPrefix("\"") {
            var rest = Substring(text)
            let string = try parseString(&rest)
            guard rest.trimmingCharacters(in: .whitespaces).isEmpty else { throw ParseError(message: "unexpected text after the string") }
            return .string(string)
        }
        if text.hasPrefix("[") {
            guard text.hasSuffix("]") else { throw ParseError(message: "an array must end with ] on the same line") }
            var rest = text.dropFirst().dropLast()[...]
            var items: [String] = []
            while true {
                rest = rest.drop { $0 == " " || $0 == "\t" }
                if rest.isEmpty { break }
                items.append(try parseString(&rest))
                rest = rest.drop { $0 == " " || $0 == "\t" }
                if rest.first == "," { rest = rest.dropFirst() } else if !rest.isEmpty {
                    throw ParseError(message: "array items must be strings separated by commas")
                }
            }
            return .strings(items)
        }
        let digits = text.replacingOccurrences(of: "_", with: "")
        if let number = Int(digits) { return .integer(number) }
        throw ParseError(message: "cannot read value \(text) (strings need double quotes)")
    }

    /// Parses a basic TOML string at the start of `text` (which starts with `"`), advancing past it.
    static func parseString(_ text: inout Substring) throws -> String {
        guard text.first == "\"" else { throw ParseError(message: "expected a string in double quotes") }
        text = text.dropFirst()
        var result = ""
        while let character = text.first {
            text = text.dropFirst()
            switch character {
            case "\"": return result
            case "\\":
                guard let escape = text.first else { break }
                text = text.dropFirst()
                switch escape {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "\"": result.append("\"")
                case "\\": result.append("\\")
                case "u", "U":
                    let length = escape == "u" ? 4 : 8
                    let hex = String(text.prefix(length))
                    guard hex.count == length, let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
                        throw ParseError(message: "bad \\\(escape) escape")
                    }
                    result.unicodeScalars.append(scalar)
                    text = text.dropFirst(length)
                default: throw ParseError(message: "unknown escape \\\(escape)")
                }
            default: result.append(character)
            }
        }
        throw ParseError(message: "unterminated string")
    }
}

/// Suggestions for misspelt names.
public enum EditDistance {
    /// Levenshtein distance between two strings (by Character).
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The candidate closest to `name`, when it is close enough to be a likely typo.
    public static func closest(to name: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(name, $0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let best = scored.first, best.1 <= max(2, name.count / 3) else { return nil }
        return best.0
    }
}
