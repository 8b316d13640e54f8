import Foundation

/// Grid thumbnails (SPEC §3): Cloudinary URLs get a resizing transformation; other URLs follow
/// the configured pattern, or are used as they are (and lazily loaded by the templates).
public struct Thumbnails: Sendable {
    /// Pattern with `{url}` (percent-encoded original), `{raw_url}` and `{width}`; empty for none.
    public let pattern: String
    /// Width of a grid cell in CSS pixels.
    public let width: Int

    public init(pattern: String, width: Int) {
        self.pattern = pattern
        self.width = width
    }

    public init(config: SiteConfig) {
        self.init(pattern: config.thumbnailPattern, width: config.thumbnailWidth)
    }

    /// True for a Cloudinary delivery URL that takes transformations.
    public static func isCloudinary(_ url: String) -> Bool {
        cloudinaryUploadRange(url) != nil
    }

    private static func cloudinaryUploadRange(_ url: String) -> Range<String.Index>? {
        guard url.hasPrefix("https://res.cloudinary.com/") || url.hasPrefix("http://res.cloudinary.com/") else { return nil }
        return url.range(of: "/image/upload/")
    }

    /// The thumbnail URL of an image URL (already validated as http/https).
    public func url(for original: String) -> String {
        if let range = Self.cloudinaryUploadRange(original) {
            // Square crop centred on the subject, at twice the cell width for sharp screens.
            let size = width * 2
            return original.replacingCharacters(in: range, with: "/image/upload/c_fill,g_auto,w_\(size),h_\(size),q_auto,f_auto/")
        }
        guard !pattern.isEmpty else { return original }
        return pattern
            .replacingOccurrences(of: "{url}", with: Escape.urlComponent(original))
            .replacingOccurrences(of: "{raw_url}", with: original)
            .replacingOccurrences(of: "{width}", with: String(width * 2))
    }
}
