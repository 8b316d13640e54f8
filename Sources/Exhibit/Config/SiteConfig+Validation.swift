/// Configuration is input: every value is checked like a row (README "Configuration"), whether it
/// comes from `exhibit.toml` or from a command-line flag.
extension SiteConfig {
    /// The placeholders of `thumbnail_pattern`, as ``ImageRenditions`` substitutes them.
    package static let thumbnailPlaceholders = ["{url}", "{raw_url}", "{width}"]

    /// A problem with one configuration value; `message` starts with the key.
    package struct ValueError: Error, Sendable, CustomStringConvertible, Equatable {
        package var key: String
        package var message: String
        package var description: String { message }
    }

    /// Checks a single-line text setting (`title`, `description`, `language`): no control
    /// characters (newlines and tabs included), line separators, bidi controls or noncharacters.
    package static func checkedText(_ value: String, key: String) throws(ValueError) -> String {
        for (offset, scalar) in value.unicodeScalars.enumerated() {
            let kind: String
            if TerminalText.isBidiControl(scalar) {
                kind = "a bidi control"
            } else if TerminalText.isNoncharacter(scalar) {
                kind = "a noncharacter"
            } else if scalar.value == 0x2028 || scalar.value == 0x2029 {
                kind = "a line separator"
            } else if scalar.properties.generalCategory == .control {
                kind = "a control character"
            } else {
                continue
            }
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            throw ValueError(key: key, message: "\(key) contains \(code) (\(kind)) at character \(offset + 1); \(textRule)")
        }
        return value
    }

    /// What every text setting must be, as error messages end.
    static let textRule = "settings take one line of text without control characters, bidi controls or noncharacters"

    /// Checks `language`: a BCP 47 tag such as `en` or `pt-BR` (letters, digits and hyphens).
    package static func checkedLanguage(_ value: String) throws(ValueError) -> String {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        let valid = !value.isEmpty && parts.allSatisfy { part in
            (1...8).contains(part.utf8.count) && part.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7a)
            }
        } && parts[0].utf8.allSatisfy { $0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7a }
        guard valid else {
            _ = try checkedText(value, key: "language")
            throw ValueError(key: "language", message: "language must be a BCP 47 language tag such as \"en\" or \"pt-BR\"")
        }
        return value
    }

    /// Checks `thumbnail_pattern`: empty (thumbnails are the original URLs), or a pattern that
    /// makes absolute http(s) URLs, uses `{url}` or `{raw_url}` and no other placeholder than
    /// ``thumbnailPlaceholders``.
    package static func checkedThumbnailPattern(_ pattern: String) throws(ValueError) -> String {
        let key = "thumbnail_pattern"
        guard !pattern.isEmpty else { return pattern }
        _ = try checkedText(pattern, key: key)
        func fail(_ message: String) -> ValueError { ValueError(key: key, message: "\(key) \(message)") }
        // The pattern filled with an example URL must itself be a valid URL.
        var example = ""
        var usesURL = false
        var rest = Substring(pattern)
        while let brace = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            example += rest[..<brace]
            guard rest[brace] == "{", let close = rest[brace...].firstIndex(of: "}") else {
                throw fail("has an unmatched \(rest[brace]); placeholders are \(placeholderList)")
            }
            let name = String(rest[brace...close])
            switch name {
            case "{url}": example += "https%3A%2F%2Fexample.org%2Fa.jpg"; usesURL = true
            case "{raw_url}": example += "https://example.org/a.jpg"; usesURL = true
            case "{width}": example += "400"
            default:
                let shown = name.count > 40 ? String(name.prefix(39)) + "…}" : name
                let hint = EditDistance.closest(to: name, in: thumbnailPlaceholders).map { "; did you mean \($0)?" } ?? ""
                throw fail("has an unknown placeholder \(TerminalText.escaped(shown))\(hint) (placeholders are \(placeholderList))")
            }
            rest = rest[rest.index(after: close)...]
        }
        example += rest
        guard usesURL else { throw fail("must contain {url} or {raw_url}, e.g. \"https://images.example.net/fit/{width}/{url}\"") }
        guard WebURL.validated(example) == example else {
            throw fail("must make absolute http(s) URLs, e.g. \"https://images.example.net/fit/{width}/{url}\"")
        }
        return pattern
    }

    /// The file types a favicon may have.
    package static let faviconExtensions = ["svg", "png", "ico"]

    /// Checks `favicon`: empty, or a path ending in `.svg`, `.png` or `.ico`.
    package static func checkedFavicon(_ path: String) throws(ValueError) -> String {
        guard !path.isEmpty else { return path }
        _ = try checkedText(path, key: "favicon")
        guard let type = path.split(separator: ".").last.map({ $0.lowercased() }), path.contains("."),
              faviconExtensions.contains(type) else {
            throw ValueError(key: "favicon", message: "favicon must be an .svg, .png or .ico file")
        }
        return path
    }

    private static var placeholderList: String { thumbnailPlaceholders.joined(separator: ", ") }

    /// Checks every value of a configuration made in code (the file and the flags check theirs
    /// as they are read).
    package func validate() throws(ValueError) {
        _ = try Self.checkedText(title, key: "title")
        _ = try Self.checkedText(description, key: "description")
        _ = try Self.checkedLanguage(language)
        _ = try Self.checkedBaseURL(baseURL)
        _ = try Self.checkedThumbnailPattern(thumbnailPattern)
    }
}
