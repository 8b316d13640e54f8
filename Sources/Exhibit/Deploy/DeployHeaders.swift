import Crypto

/// The headers an object is stored with.
package struct ObjectHeaders: Sendable, Equatable {
    package let contentType: String
    package let cacheControl: String
    /// "gzip" when the object is stored precompressed.
    package let contentEncoding: String?
    /// 16 hex digits identifying the headers (kept in the deploy manifest: changing a rule
    /// re-sends exactly the objects whose headers change).
    package let digest: String

    package init(contentType: String, cacheControl: String, contentEncoding: String?) {
        self.contentType = contentType
        self.cacheControl = cacheControl
        self.contentEncoding = contentEncoding
        let text = "\(contentType)\n\(cacheControl)\n\(contentEncoding ?? "")"
        digest = SigV4Signer.hex(Crypto.SHA256.hash(data: Array(text.utf8)).prefix(8))
    }

    /// The headers as sent with a PUT.
    package var fields: [(String, String)] {
        var fields = [("content-type", contentType), ("cache-control", cacheControl)]
        if let contentEncoding { fields.append(("content-encoding", contentEncoding)) }
        return fields
    }
}

/// A Cache-Control rule: a glob over site paths (`*` within a segment, `**` across segments)
/// and the value for the paths it matches. The first matching rule wins.
package struct CacheRule: Sendable, Equatable {
    package var pattern: String
    package var value: String

    package init(pattern: String, value: String) {
        self.pattern = pattern
        self.value = value
    }

    /// Parses `PATTERN=VALUE` (the value may contain `=`).
    package static func parse(_ text: String) throws(DeployError) -> CacheRule {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw .usage("--cache-control takes PATTERN=VALUE, e.g. 'assets/**=public, max-age=31536000, immutable'")
        }
        let value = String(text[text.index(after: equals)...])
        guard value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else {
            throw .usage("a Cache-Control value must be printable ASCII")
        }
        return CacheRule(pattern: String(text[..<equals]), value: value)
    }

    func matches(_ path: String) -> Bool {
        CacheRule.glob(Array(pattern.utf8)[...], Array(path.utf8)[...])
    }

    private static func glob(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        if first == UInt8(ascii: "*") {
            let doubleStar = pattern.dropFirst().first == UInt8(ascii: "*")
            let rest = pattern.dropFirst(doubleStar ? 2 : 1)
            var index = text.startIndex
            while true {
                if glob(rest, text[index...]) { return true }
                if index == text.endIndex { return false }
                if !doubleStar && text[index] == UInt8(ascii: "/") { return false }
                index += 1
            }
        }
        guard let head = text.first, head == first || first == UInt8(ascii: "?") && head != UInt8(ascii: "/") else { return false }
        return glob(pattern.dropFirst(), text.dropFirst())
    }
}

/// Content-Type, Cache-Control and Content-Encoding of every file of the site.
package struct DeployHeaderRules: Sendable, Equatable {
    /// Rules tried before the defaults.
    package var cacheRules: [CacheRule] = []
    /// Store text files gzip-compressed with `Content-Encoding: gzip`.
    package var precompress = false

    package init(cacheRules: [CacheRule] = [], precompress: Bool = false) {
        self.cacheRules = cacheRules
        self.precompress = precompress
    }

    /// Long-lived and immutable: files whose name changes when their bytes do.
    package static let immutable = "public, max-age=31536000, immutable"
    /// Pages, feeds, sitemaps and the search index: short, so a CDN picks up changes soon.
    package static let short = "public, max-age=300"
    /// Media: a day (an image's file keeps its bytes; a CDN invalidation covers the rest).
    package static let day = "public, max-age=86400"
    /// Stylesheets and scripts without a fingerprint (`assets/style.css`): an hour.
    package static let hour = "public, max-age=3600"

    /// The default rules, after the configured ones and after fingerprinted files
    /// (`app.3f9a1c2e.js`, `logo-0a1b2c3d4e.svg`), which are immutable.
    package static let defaultRules: [CacheRule] = [
        CacheRule(pattern: "assets/**", value: hour),
        CacheRule(pattern: "themes/**", value: hour),
        CacheRule(pattern: "media/**", value: day),
        CacheRule(pattern: "**", value: short),
    ]

    /// Headers for many paths: without configured rules they depend only on the top folder, the
    /// extension and whether the name is fingerprinted (root files: on the name), so they are
    /// worked out once per such kind.
    package struct Memo {
        let rules: DeployHeaderRules
        var known: [String: ObjectHeaders] = [:]

        package init(_ rules: DeployHeaderRules) { self.rules = rules }

        package mutating func headers(for path: String) -> ObjectHeaders {
            guard rules.cacheRules.isEmpty else { return rules.headers(for: path) }
            let utf8 = path.utf8
            guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")) else { return rules.headers(for: path) }
            let lastSlash = utf8.lastIndex(of: UInt8(ascii: "/"))!
            let name = path[path.index(after: lastSlash)...]
            let dot = name.utf8.lastIndex(of: UInt8(ascii: "."))
            let fingerprinted = DeployHeaderRules.isFingerprinted(path)
            let key = "\(path[..<slash])/\(dot.map { name[$0...] } ?? "")\(fingerprinted ? "#" : "")"
            if let found = known[key] { return found }
            let made = rules.headers(for: path)
            known[key] = made
            return made
        }
    }

    package func headers(for path: String) -> ObjectHeaders {
        let type = ContentType.of(path: path)
        let cache = cacheRules.first { $0.matches(path) }?.value
            ?? (DeployHeaderRules.isFingerprinted(path) ? DeployHeaderRules.immutable : nil)
            ?? DeployHeaderRules.defaultRules.first { $0.matches(path) }?.value ?? DeployHeaderRules.short
        let encoding = precompress && DeployHeaderRules.compressible(type) ? "gzip" : nil
        return ObjectHeaders(contentType: type, cacheControl: cache, contentEncoding: encoding)
    }

    /// True when the file name carries a content fingerprint: a `.`- or `-`-separated part of
    /// at least 8 hex digits before the extension, outside the page folders.
    package static func isFingerprinted(_ path: String) -> Bool {
        guard !path.hasSuffix(".html"), path.utf8.count >= 12 else { return false }
        let name = path.split(separator: "/").last ?? ""
        let stem = name.split(separator: ".").dropLast()
        return stem.contains { part in
            part.split(separator: "-").contains { $0.count >= 8 && $0.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) } }
        }
    }

    static func compressible(_ contentType: String) -> Bool {
        contentType.hasPrefix("text/") || contentType.hasPrefix("application/json") || contentType.hasPrefix("application/xml")
            || contentType.hasPrefix("application/rss+xml") || contentType.hasPrefix("application/atom+xml")
            || contentType.hasPrefix("application/feed+json") || contentType.hasPrefix("application/manifest+json")
            || contentType.hasPrefix("image/svg+xml")
    }
}
