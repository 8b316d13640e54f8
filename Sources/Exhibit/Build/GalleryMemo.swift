import Synchronization

/// What one build of a preview read and rendered, kept for the next build of the same process.
///
/// - **The gallery**, reused while the database's files are exactly as they were: a template or
///   configuration edit re-renders without reading the database again. The key is the `stat`
///   stamp of the database and of its `-wal` and `-journal` files, taken before the read (so the
///   gallery kept is never older than its key: a commit during the read only makes the next
///   build read again), plus the options the loader decides with. Any committed transaction
///   writes one of those files and so changes the key.
/// - **What the committed output was rendered from** (``Output``): when the next build has the
///   same configuration, assets and texts, it keeps every file the previous one wrote that cannot
///   have changed (``OutputWriter/keep(_:)`` checks it is still so on disk): with the same
///   gallery, every page whose template did not change; with a new gallery (a committed row),
///   every image page whose inputs digest (``SiteRenderer/imagePageInputs(_:)``) is the same.
package final class GalleryMemo: Sendable {
    struct Key: Equatable, Sendable {
        var databasePath: String
        var stamps: [FileStamp?]
        var options: LoadOptions

        init(databasePath: String, options: LoadOptions) {
            self.databasePath = databasePath
            self.stamps = ["", "-wal", "-journal"].map { FileStamp.of(databasePath + $0) }
            self.options = options
        }
    }

    /// What a committed build's output was rendered from, besides the gallery.
    struct Rendered: Equatable, Sendable {
        var outputDirectory: String
        /// The configuration and the options that change bytes.
        var settings: String
        /// ``Theme/assetsAndTextsDigest``.
        var assetsAndTexts: UInt64
        /// ``TemplateSet/sourceDigest(ofPage:)`` of every page template.
        var pages: [String: UInt64]
        /// The output's manifest as the commit left it: another build into the folder changes it.
        var manifest: FileStamp?

        /// The page templates whose pages must be rendered again when `previous` made the
        /// output, the rest being kept; nil when everything must be rendered (another folder,
        /// configuration, assets or texts, or a commit since `previous`).
        func stalePages(since previous: Rendered, manifestNow: FileStamp?) -> Set<String>? {
            guard previous.manifest != nil, previous.manifest == manifestNow, previous.outputDirectory == outputDirectory,
                  previous.settings == settings, previous.assetsAndTexts == assetsAndTexts else { return nil }
            return Set(pages.keys.filter { pages[$0] != previous.pages[$0] })
        }
    }

    struct Entry: Sendable {
        var key: Key
        var gallery: Gallery
        var audit: GalleryAudit
        /// The warnings the read gave (replayed into each build that reuses it).
        var warnings: [Diagnostic]
    }

    /// What the output folder holds, as the last committed build of this process left it.
    struct Output: Sendable {
        var rendered: Rendered
        /// The read it was rendered from.
        var gallery: Key
        /// Each image page's ``SiteRenderer/imagePageInputs(_:)``, by the XXH64 of its path.
        var imagePages: [UInt64: UInt64]
    }

    private let entry = Mutex<Entry?>(nil)
    private let output = Mutex<Output?>(nil)
    private let readCount = Atomic<Int>(0)

    package init() {}

    /// The kept read when its key is `key`; otherwise forgets it (so two galleries are never
    /// held at once) and returns nil.
    func reuse(_ key: Key) -> Entry? {
        entry.withLock { kept in
            guard let found = kept, found.key == key else {
                kept = nil
                return nil
            }
            return found
        }
    }

    /// Keeps a new read (with nothing rendered from it yet).
    func keep(_ entry: Entry) {
        readCount.add(1, ordering: .relaxed)
        self.entry.withLock { $0 = entry }
    }

    /// What the output folder holds, when the last build of this process committed it.
    var lastOutput: Output? { output.withLock { $0 } }

    /// Records what the output now holds was rendered from (nil while a commit is under way or
    /// after it failed: the output is then not known to match anything).
    func noteOutput(_ output: Output?) {
        self.output.withLock { $0 = output }
    }

    /// Database reads kept so far (each build that could not reuse one made one).
    package var reads: Int { readCount.load(ordering: .relaxed) }
}
