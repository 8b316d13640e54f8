import Foundation

/// The sizes an image is offered at (docs/urls.md, "Images"): every place of the theme shows an
/// image through renditions cut for it, listed in `srcset` so the browser downloads the smallest
/// that is sharp enough.
///
/// Where renditions come from, by the original's host:
/// - Cloudinary (`res.cloudinary.com/…/image/upload/…`): a transformation inserted after
///   `/image/upload/` (`c_fill,g_auto,w_400,h_400,q_auto,f_auto` for squares, `c_limit,…` to fit).
/// - Gravatar and Clerk avatars: their own size parameters (`s=`, `width=`/`height=`/`fit=`).
/// - Anything else: `thumbnail_pattern` (with `{url}` or `{raw_url}`, and `{width}`), when set;
///   without one, the original is the only size (and `build` says so once).
package struct ImageRenditions: Sendable {
    /// How a rendition is cut from the original.
    package enum Shape: Sendable {
        /// A square crop around the subject (grid cells, avatars).
        case square
        /// The whole image, at most this wide, in the format the browser takes best.
        case fit
        /// The whole image, at most this wide, in the original's format (feed enclosures, whose
        /// MIME type must be known).
        case fitKeepingFormat
    }

    /// The widths one place of the theme offers an image at. The theme's `sizes` attribute says
    /// how wide that place is; these cover it from 1× to 3× screens in steps of at most 2×, so the
    /// browser never downloads more than twice the pixels it shows.
    package struct Ladder: Sendable {
        package let shape: Shape
        package let widths: [Int]
        /// The width of the plain `src`, for browsers without `srcset`.
        package let fallback: Int
        /// Per width, the Cloudinary transformation and the `srcset` descriptor (` 200w`) as
        /// bytes, made once: grid cells are the most written markup of a site.
        let cloudinaryTransformations: [[UInt8]]
        let descriptors: [[UInt8]]

        package init(shape: Shape, widths: [Int], fallback: Int) {
            self.shape = shape
            self.widths = widths
            self.fallback = fallback
            cloudinaryTransformations = widths.map { Array(ImageRenditions.cloudinaryTransformation(shape, width: $0).utf8) }
            descriptors = widths.map { Array(" \($0)w".utf8) }
        }
    }

    /// Grid cells (170–320 CSS px wide in the default theme, under 200 only on phones, whose
    /// screens are 2× or 3×). Two widths, not more: each candidate costs about 10 gzipped bytes
    /// per cell, 48 cells a page.
    package static let grid = Ladder(shape: .square, widths: [320, 640], fallback: 640)
    /// Small thumbnails: the newer/older links of an image page (56 CSS px).
    package static let small = Ladder(shape: .square, widths: [64, 128, 192], fallback: 128)
    /// Avatars (40 CSS px beside a name, 96 on a profile).
    package static let avatar = Ladder(shape: .square, widths: [48, 96, 144, 288], fallback: 96)
    /// The image on its own page (up to about 850 CSS px wide).
    package static let display = Ladder(shape: .fit, widths: [480, 800, 1200, 1600, 2000], fallback: 1200)
    /// Width of the rendition feeds and social cards link.
    package static let feedWidth = 1200

    /// `thumbnail_pattern`, empty for none.
    package let pattern: String
    /// Width of a grid cell in CSS pixels (`thumbnail_width`): the `width`/`height` attributes of
    /// grid images, and half the width of the single thumbnail of search results and feeds.
    package let thumbnailWidth: Int

    /// The pattern split at its placeholders, computed once.
    private let segments: [Segment]
    private let patternTakesWidth: Bool

    private enum Segment: Sendable {
        case literal(String), url, rawURL, width
    }

    package init(pattern: String, thumbnailWidth: Int) {
        self.pattern = pattern
        self.thumbnailWidth = thumbnailWidth
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
        patternTakesWidth = segments.contains { if case .width = $0 { return true } else { return false } }
    }

    package init(config: SiteConfig) {
        self.init(pattern: config.thumbnailPattern, thumbnailWidth: config.thumbnailWidth)
    }

    // MARK: Hosts

    /// Where the renditions of an original come from.
    package enum Source: Equatable, Sendable {
        /// Cloudinary: the transformation goes at these UTF-8 offsets (the `/image/upload/` marker).
        case cloudinary(Range<Int>)
        case gravatar, clerk
        /// `thumbnail_pattern`.
        case pattern
        /// Only the original exists.
        case original
    }

    /// Where `original`'s renditions come from.
    package func source(of original: String) -> Source {
        if let range = Self.cloudinaryUploadRange(original) { return .cloudinary(range) }
        for host in Self.gravatarHosts where Self.hasQueryFreeOf(original, host: host, sizeKeys: ["s=", "size="]) { return .gravatar }
        if Self.hasQueryFreeOf(original, host: Self.clerkHost, sizeKeys: ["width=", "height=", "fit="]) { return .clerk }
        return pattern.isEmpty ? .original : .pattern
    }

    /// Avatar hosts that size their images by query parameters.
    static let gravatarHosts = ["https://www.gravatar.com/avatar/", "https://secure.gravatar.com/avatar/"]
    static let clerkHost = "https://img.clerk.com/"
    static let sizedAvatarHosts = gravatarHosts + [clerkHost]

    /// True when `url` is on `host` and its query has none of `sizeKeys` (a size already chosen
    /// is left alone).
    private static func hasQueryFreeOf(_ url: String, host: String, sizeKeys: [String]) -> Bool {
        guard url.hasPrefix(host) else { return false }
        guard let query = url.firstIndex(of: "?") else { return true }
        return !url[url.index(after: query)...].split(separator: "&").contains { part in sizeKeys.contains { part.hasPrefix($0) } }
    }

    /// True when the original can be had at other sizes (srcset is worth writing).
    package func isResizable(_ original: String) -> Bool {
        isResizable(source(of: original))
    }

    private func isResizable(_ source: Source) -> Bool {
        switch source {
        case .cloudinary, .gravatar, .clerk: return true
        case .pattern: return patternTakesWidth
        case .original: return false
        }
    }

    // MARK: URLs

    /// The Cloudinary transformation of a rendition, with its trailing slash.
    static func cloudinaryTransformation(_ shape: Shape, width: Int) -> String {
        cloudinaryTransformation(shape, width: String(width))
    }

    static func cloudinaryTransformation(_ shape: Shape, width: String) -> String {
        switch shape {
        case .square: return "c_fill,g_auto,w_\(width),h_\(width),q_auto,f_auto/"
        case .fit: return "c_limit,w_\(width),q_auto,f_auto/"
        case .fitKeepingFormat: return "c_limit,w_\(width),q_auto/"
        }
    }

    /// The rendition of `original` (already validated as http/https) `width` pixels wide.
    package func url(for original: String, width: Int, shape: Shape) -> String {
        url(for: original, width: String(width), shape: shape)
    }

    /// The placeholder of ``thumbnailTemplate(for:)``.
    package static let widthPlaceholder = "{w}"

    /// The square thumbnail of `original` with ``widthPlaceholder`` where its width goes, for
    /// the search page's script to make its own `srcset` from ``grid``'s widths; nil when only
    /// the original exists (or the URL already holds the placeholder).
    package func thumbnailTemplate(for original: String) -> String? {
        // A URL with a brace could hold the placeholder already: no template then.
        guard !original.utf8.contains(UInt8(ascii: "{")), isResizable(original), Self.fitsInSrcset(original) else { return nil }
        return url(for: original, width: Self.widthPlaceholder, shape: .square)
    }

    private func url(for original: String, width: String, shape: Shape) -> String {
        url(for: original, width: width, shape: shape, from: source(of: original))
    }

    /// The rendition from a source already found (a srcset finds it once for all its widths).
    private func url(for original: String, width: String, shape: Shape, from source: Source) -> String {
        switch source {
        case .cloudinary(let range):
            let bytes = original.utf8
            let head = bytes.index(bytes.startIndex, offsetBy: range.upperBound)
            return String(original[..<head]) + Self.cloudinaryTransformation(shape, width: width) + original[head...]
        case .gravatar:
            return original + (original.utf8.contains(UInt8(ascii: "?")) ? "&" : "?") + "s=" + width
        case .clerk:
            let size = shape == .square ? "width=\(width)&height=\(width)&fit=crop" : "width=\(width)&fit=scale-down"
            return original + (original.utf8.contains(UInt8(ascii: "?")) ? "&" : "?") + size
        case .pattern:
            var out = ""
            out.reserveCapacity(pattern.utf8.count + original.utf8.count * 2)
            for segment in segments {
                switch segment {
                case .literal(let text): out += text
                case .url: out += Escape.urlComponent(original)
                case .rawURL: out += original
                case .width: out += width
                }
            }
            return out
        case .original:
            return original
        }
    }

    /// `URL 200w, URL 300w, …` for the ladder's widths, or nil when only the original exists
    /// (or a URL could not sit in a `srcset`: one with white space, or ending in a comma).
    package func srcset(for original: String, _ ladder: Ladder) -> String? {
        let source = source(of: original)
        guard isResizable(source), Self.fitsInSrcset(original) else { return nil }
        return ladder.widths.map { url(for: original, width: String($0), shape: ladder.shape, from: source) + " \($0)w" }.joined(separator: ", ")
    }

    /// The plain `src` of a ladder (its fallback width).
    package func fallbackURL(for original: String, _ ladder: Ladder) -> String {
        url(for: original, width: ladder.fallback, shape: ladder.shape)
    }

    /// The single thumbnail of search results, recommendations and feeds: a square twice the
    /// grid cell's width.
    package func thumbnailURL(for original: String) -> String {
        url(for: original, width: thumbnailWidth * 2, shape: .square)
    }

    /// A URL is one `srcset` candidate only when it has no ASCII white space and does not end in
    /// a comma (HTML's srcset parsing).
    static func fitsInSrcset(_ url: String) -> Bool {
        var url = url
        return url.withUTF8 { fitsInSrcset(UnsafeRawBufferPointer($0)) }
    }

    static func fitsInSrcset(_ url: UnsafeRawBufferPointer) -> Bool {
        !url.contains { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0C || $0 == 0x0D } && url.last != UInt8(ascii: ",")
    }

    // MARK: Cloudinary, byte by byte

    private static let uploadMarker = Array("/image/upload/".utf8)
    private static let httpsHost = Array("https://res.cloudinary.com/".utf8)
    private static let httpHost = Array("http://res.cloudinary.com/".utf8)

    /// The UTF-8 offsets of the first `/image/upload/` of a Cloudinary URL.
    static func cloudinaryUploadRange(_ url: String) -> Range<Int>? {
        var url = url
        return url.withUTF8 { cloudinaryUploadRange(UnsafeRawBufferPointer($0)) }
    }

    @inline(__always)
    private static func hasPrefix(_ bytes: UnsafeRawBufferPointer, _ prefix: [UInt8]) -> Bool {
        guard bytes.count >= prefix.count else { return false }
        return prefix.withUnsafeBufferPointer { prefix in memcmp(bytes.baseAddress!, prefix.baseAddress!, prefix.count) == 0 }
    }

    /// The same on bytes in place (a byte search with memchr: this runs for every grid cell).
    static func cloudinaryUploadRange(_ bytes: UnsafeRawBufferPointer) -> Range<Int>? {
        let host: Int
        if hasPrefix(bytes, httpsHost) { host = httpsHost.count } else if hasPrefix(bytes, httpHost) { host = httpHost.count } else { return nil }
        // The marker's first occurrence, from the slash that ends the host (the host holds no other).
        return uploadMarker.withUnsafeBufferPointer { marker -> Range<Int>? in
            let base = bytes.baseAddress!
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
}

extension ImageRenditions {
    /// One warning for the whole gallery when some images have no renditions (not on Cloudinary,
    /// no `thumbnail_pattern`): every grid then loads their originals. Nil when all have some.
    package func originalsWarning(_ gallery: Gallery) -> Diagnostic? {
        var originals = 0
        for index in gallery.images.indices where source(of: gallery.images.url(index).utf8String) == .original { originals += 1 }
        guard originals > 0 else { return nil }
        return Diagnostic(table: "configuration", id: "thumbnail_pattern", message:
            "\(originals) of \(gallery.images.count) images are not on Cloudinary and have no smaller renditions, so every grid loads "
            + "their originals; set thumbnail_pattern in exhibit.toml to an image resizer, e.g. "
            + "thumbnail_pattern = \"https://images.example.net/fit/{width}/{url}\" (docs/configuration.md)")
    }
}
