import Synchronization

/// Which files a preview build keeps as the previous build of the same process wrote them, and
/// the image pages' inputs digests of the output it makes (``GalleryMemo``).
///
/// A file is kept only when the previous build's output is still in the folder as it was
/// committed and the configuration, assets and texts are the same (``GalleryMemo/Rendered``), and:
/// - with the same gallery, when its page template did not change (feeds, search files and the
///   like depend on nothing else);
/// - with a new gallery, when it is an image page whose inputs digest is the one it had.
/// Everything else is rendered, and the writer's write-if-changed leaves the bytes that came out
/// the same untouched.
struct PreviewKeep: Sendable {
    /// Image page digests for the output this build makes, by the XXH64 of the page's path.
    final class ImagePages: Sendable {
        /// The previous output's, when nothing they depend on changed (same gallery and settings).
        let carried: [UInt64: UInt64]?
        private let gathered: Mutex<[UInt64: UInt64]>

        init(carried: [UInt64: UInt64]?, capacity: Int) {
            self.carried = carried
            gathered = Mutex(Dictionary(minimumCapacity: carried == nil ? capacity : 0))
        }

        func record(_ path: UInt64, _ digest: UInt64) {
            gathered.withLock { $0[path] = digest }
        }

        /// Every image page's digest, once every file was rendered or kept.
        var digests: [UInt64: UInt64] { carried ?? gathered.withLock { $0 } }
    }

    /// The site's pages (the first source of a build).
    let site: SiteRenderer
    let writer: OutputWriter
    /// Image page digests of the output in the folder (empty when it is not known).
    let previousImagePages: [UInt64: UInt64]
    /// ``GalleryMemo/Rendered/stalePages(since:manifestNow:)``: nil keeps nothing.
    let stalePages: Set<String>?
    /// The gallery is the very read the previous output was rendered from.
    let sameGallery: Bool
    let imagePages: ImagePages

    init(site: SiteRenderer, writer: OutputWriter, previous: GalleryMemo.Output?, stalePages: Set<String>?, sameGallery: Bool) {
        self.site = site
        self.writer = writer
        self.previousImagePages = stalePages == nil ? [:] : previous?.imagePages ?? [:]
        self.stalePages = stalePages
        self.sameGallery = sameGallery
        // The digests depend on the gallery and on the settings (the related images' count).
        let carry = sameGallery && stalePages != nil
        imagePages = ImagePages(carried: carry ? previous?.imagePages : nil, capacity: site.gallery.images.count)
    }

    /// Whether file `index` of source `source` (path `path`) is kept; false means render it.
    func keeps(source: Int, index: Int, path: String) throws -> Bool {
        let unchanged: Bool
        if source == 0, let image = site.imageIndex(ofFile: index) {
            unchanged = hasSameInputs(image, path: path) && stalePages?.contains("image") == false
        } else if source == 0, let name = site.templateName(of: index) {
            unchanged = sameGallery && stalePages?.contains(name) == false
        } else {
            unchanged = sameGallery && stalePages != nil
        }
        return try unchanged && writer.keep(path)
    }

    /// Whether image page `image` has the inputs its file in the folder was rendered from;
    /// records its digest for the next build.
    private func hasSameInputs(_ image: Int, path: String) -> Bool {
        if imagePages.carried != nil { return true }
        let key = XXHash64.hash(path)
        let digest = site.imagePageInputs(image)
        imagePages.record(key, digest)
        return previousImagePages[key] == digest
    }
}
