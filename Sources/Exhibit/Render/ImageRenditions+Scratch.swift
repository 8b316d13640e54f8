/// Renditions of URLs borrowed in place, made in a page's scratch space: grid cells, the most
/// written markup of a site, make no string.
extension ImageRenditions {
    /// ``srcset(for:_:)`` of a borrowed URL; nil when only the original exists.
    func srcset(for original: UnsafeRawBufferPointer, _ ladder: Ladder, in scratch: RenderScratch) -> TemplateBytes? {
        guard let range = Self.cloudinaryUploadRange(original) else {
            guard !isPlainOriginal(original) else { return nil }
            return srcset(for: original.utf8String, ladder).map { scratch.copy($0) }
        }
        guard Self.fitsInSrcset(original) else { return nil }
        let head = UnsafeRawBufferPointer(rebasing: original[..<range.upperBound])
        let tail = UnsafeRawBufferPointer(rebasing: original[range.upperBound...])
        var capacity = 0
        for index in ladder.widths.indices {
            capacity += head.count + ladder.cloudinaryTransformations[index].count + tail.count + ladder.descriptors[index].count + 2
        }
        return scratch.make(capacity: capacity) { out in
            var cursor = ScratchCursor(out)
            for index in ladder.widths.indices {
                if index > 0 { cursor.put(StaticString(", ").rawBytes) }
                cursor.put(head)
                cursor.put(ladder.cloudinaryTransformations[index])
                cursor.put(tail)
                cursor.put(ladder.descriptors[index])
            }
            return cursor.offset
        }
    }

    /// ``fallbackURL(for:_:)`` of a borrowed URL (the URL itself, borrowed, when only it exists).
    func fallbackURL(for original: UnsafeRawBufferPointer, _ ladder: Ladder, in scratch: RenderScratch) -> TemplateBytes {
        guard let range = Self.cloudinaryUploadRange(original) else {
            guard !isPlainOriginal(original) else { return TemplateBytes(original) }
            return scratch.copy(fallbackURL(for: original.utf8String, ladder))
        }
        let fallback = ladder.widths.firstIndex(of: ladder.fallback) ?? 0
        return ladder.cloudinaryTransformations[fallback].withUnsafeBytes { transformation in
            scratch.join(UnsafeRawBufferPointer(rebasing: original[..<range.upperBound]), transformation,
                         UnsafeRawBufferPointer(rebasing: original[range.upperBound...]))
        }
    }

    /// ``thumbnailURL(for:)`` of a borrowed URL.
    func thumbnailURL(for original: UnsafeRawBufferPointer, in scratch: RenderScratch) -> TemplateBytes {
        if Self.cloudinaryUploadRange(original) == nil && isPlainOriginal(original) { return TemplateBytes(original) }
        return scratch.copy(thumbnailURL(for: original.utf8String))
    }

    /// True when a URL that is not on Cloudinary has no other rendition either: no pattern, and
    /// not an avatar host with its own sizes (checked on bytes, without making a string).
    private func isPlainOriginal(_ original: UnsafeRawBufferPointer) -> Bool {
        guard pattern.isEmpty else { return false }
        for host in Self.sizedAvatarHosts where original.starts(with: host.utf8) { return false }
        return true
    }
}
