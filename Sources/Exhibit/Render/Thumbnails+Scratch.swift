extension Thumbnails {
    /// ``url(for:)`` of a URL borrowed in place, made in a page's scratch space (a URL that needs
    /// no change is borrowed as it is).
    func url(for original: UnsafeRawBufferPointer, in scratch: RenderScratch) -> TemplateBytes {
        if let range = Self.cloudinaryUploadRange(original.uint8) {
            return cloudinaryPrefix.utf8.withContiguousStorageIfAvailable { prefix in
                scratch.join(UnsafeRawBufferPointer(rebasing: original[..<range.lowerBound]), UnsafeRawBufferPointer(prefix),
                             UnsafeRawBufferPointer(rebasing: original[range.upperBound...]))
            } ?? scratch.copy(url(for: original.utf8String))
        }
        guard !pattern.isEmpty else { return TemplateBytes(original) }
        return scratch.copy(url(for: original.utf8String))
    }

}
