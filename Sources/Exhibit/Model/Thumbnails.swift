import Foundation

/// Grid thumbnails (docs/urls.md): Cloudinary URLs get a resizing transformation; other URLs follow
/// the configured pattern, or are used as they are (and lazily loaded by the templates).
package struct Thumbnails: Sendable {
    /// Pattern with `{url}` (percent-encoded original), `{raw_url}` and `{width}`; empty for none.
    package let pattern: String
    /// Width of a grid cell in CSS pixels.
    package let width: Int

    /// The pattern split at its placeholders, and the Cloudinary transformation, computed once
    /// (`url(for:)` runs for every grid cell).
    private let segments: [Segment]
    let cloudinaryPrefix: String

    private enum Segment: Sendable {
        case literal(String), url, rawURL, width
    }

    package init(pattern: String, width: Int) {
        self.pattern = pattern
        self.width = width
        let size = width * 2
        // Square crop centred on the subject, at twice the cell width for sharp screens.
        cloudinaryPrefix = "/image/upload/c_fill,g_auto,w_\(size),h_\(size),q_auto,f_auto/"
        var segments: [Segment] = []
        var literal = ""
        var rest = Substring(pattern)
        let placeholders: [(String, Segment)] = [("{url}", .url), ("{raw_url}", .rawURL), ("{width}", .width)]
        outer: while let first = rest.first {
            if first == "{" {
                for (name, segment) in placeholders where rest.hasPrefix(name) {
                    if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
                    segments.append(segment)
                    rest = rest.dropFirst(name.count)
                    continue outer
                }
            }
            literal.append(first)
            rest = rest.dropFirst()
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        self.segments = segments
    }

    package init(config: SiteConfig) {
        self.init(pattern: config.thumbnailPattern, width: config.thumbnailWidth)
    }

    private static let uploadMarker = Array("/image/upload/".utf8)

    private static let httpsHost = Array("https://res.cloudinary.com/".utf8)
    private static let httpHost = Array("http://res.cloudinary.com/".utf8)

    /// The UTF-8 offsets of the first `/image/upload/` of a Cloudinary URL (a byte search: this runs
    /// for every grid cell).
    private static func cloudinaryUploadRange(_ url: String) -> Range<Int>? {
        url.utf8.withContiguousStorageIfAvailable { cloudinaryUploadRange($0) }
            ?? slowCloudinaryUploadRange(url)
    }

    private static func slowCloudinaryUploadRange(_ url: String) -> Range<Int>? {
        guard url.hasPrefix("https://res.cloudinary.com/") || url.hasPrefix("http://res.cloudinary.com/") else { return nil }
        return url.range(of: "/image/upload/").map {
            url.utf8.distance(from: url.startIndex, to: $0.lowerBound) ..< url.utf8.distance(from: url.startIndex, to: $0.upperBound)
        }
    }

    @inline(__always)
    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard bytes.count >= prefix.count else { return false }
        return prefix.withUnsafeBufferPointer { prefix in
            memcmp(bytes.baseAddress!, prefix.baseAddress!, prefix.count) == 0
        }
    }

    static func cloudinaryUploadRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let host: Int
        if hasPrefix(bytes, httpsHost) { host = httpsHost.count } else if hasPrefix(bytes, httpHost) { host = httpHost.count } else { return nil }
        // The marker's first occurrence, from the slash that ends the host (the host holds no
        // other): candidates found with memchr.
        return uploadMarker.withUnsafeBufferPointer { marker -> Range<Int>? in
            let base = UnsafeRawPointer(bytes.baseAddress!)
            var start = host - 1
            while bytes.count - start >= marker.count {
                guard let slash = memchr(base + start, Int32(UInt8(ascii: "/")), bytes.count - start - marker.count + 1) else { return nil }
                start = UnsafeRawPointer(slash) - base
                if memcmp(slash, marker.baseAddress!, marker.count) == 0 { return start ..< start + marker.count }
                start += 1
            }
            return nil
        }
    }

    /// The thumbnail URL of an image URL (already validated as http/https).
    package func url(for original: String) -> String {
        // Cloudinary URLs, byte by byte in one allocation: this runs for every grid cell.
        let prefix = cloudinaryPrefix
        let cloudinary: String?? = original.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard let range = Self.cloudinaryUploadRange(bytes) else { return nil }
            let prefixCount = prefix.utf8.count
            let total = bytes.count - range.count + prefixCount
            return String(unsafeUninitializedCapacity: total) { out in
                let base = out.baseAddress!
                base.initialize(from: bytes.baseAddress!, count: range.lowerBound)
                var offset = range.lowerBound
                if prefix.utf8.withContiguousStorageIfAvailable({ (base + offset).initialize(from: $0.baseAddress!, count: prefixCount) }) == nil {
                    for (position, byte) in prefix.utf8.enumerated() { base[offset + position] = byte }
                }
                offset += prefixCount
                (base + offset).initialize(from: bytes.baseAddress! + range.upperBound, count: bytes.count - range.upperBound)
                return total
            }
        }
        if let cloudinary {
            if let cloudinary { return cloudinary }
        } else if let range = Self.cloudinaryUploadRange(original) {
            let bytes = original.utf8
            let head = bytes.index(bytes.startIndex, offsetBy: range.lowerBound)
            let tail = bytes.index(bytes.startIndex, offsetBy: range.upperBound)
            var out = ""
            out.reserveCapacity(bytes.count + cloudinaryPrefix.utf8.count)
            out += original[..<head]
            out += cloudinaryPrefix
            out += original[tail...]
            return out
        }
        guard !pattern.isEmpty else { return original }
        var out = ""
        out.reserveCapacity(pattern.utf8.count + original.utf8.count * 2)
        for segment in segments {
            switch segment {
            case .literal(let text): out += text
            case .url: out += Escape.urlComponent(original)
            case .rawURL: out += original
            case .width: out += String(width * 2)
            }
        }
        return out
    }
}
