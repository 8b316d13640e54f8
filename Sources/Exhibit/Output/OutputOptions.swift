/// How an ``OutputWriter`` writes.
package struct OutputOptions: Sendable {
    /// Write nothing at all; count what would be written, left unchanged and removed.
    package var dryRun: Bool
    /// How many written/removed paths ``OutputStats/changedPaths`` lists at most.
    package var changedPathLimit: Int
    /// Flush every staged file to stable storage (`syncfs`) and `fsync` the journal before the
    /// commit point, so that atomicity also survives a power cut, not only a killed process.
    /// Off by default: it makes the build wait for the disk.
    package var durable: Bool

    /// Where the site's files live (see ``OutputNamespace``); nil for a writer that may write
    /// anywhere in its folder and only trusts its manifest (tests, benchmarks).
    package var namespace: OutputNamespace?
    /// Replace files inside the namespace that Exhibit did not write (`--force`); without it, a
    /// build that would replace one fails before anything is written.
    package var replaceForeignFiles: Bool

    package init(dryRun: Bool = false, changedPathLimit: Int = 1000, durable: Bool = false,
                namespace: OutputNamespace? = nil, replaceForeignFiles: Bool = false) {
        self.dryRun = dryRun
        self.changedPathLimit = changedPathLimit
        self.durable = durable
        self.namespace = namespace
        self.replaceForeignFiles = replaceForeignFiles
    }
}

/// What a commit did (or, in a dry run, would do).
package struct OutputStats: Sendable, Codable, Equatable {
    /// Files written: new ones plus changed ones.
    package var written = 0
    /// Of ``written``, the files that did not exist before.
    package var created = 0
    /// Files whose bytes were already in place and were not touched.
    package var unchanged = 0
    /// Files of the previous build that no longer belong to the site and were removed.
    package var removed = 0
    /// Empty folders removed after pruning.
    package var removedFolders = 0
    /// Bytes of the written files.
    package var bytesWritten = 0
    /// The first written or removed paths (relative, sorted), at most ``OutputOptions/changedPathLimit``.
    package var changedPaths: [String] = []
    /// True when nothing was written: the counts say what would have been.
    package var dryRun = false

    package init() {}
}

/// What a new writer found left over from an interrupted build, and did about it.
package enum OutputRecovery: Sendable, Equatable {
    /// Nothing was left over.
    case none
    /// A build was killed before its commit point: its staged files were discarded; the output
    /// is the previous build's, untouched.
    case rolledBack
    /// A build was killed during its commit: the commit was completed from its journal; the
    /// output is that build's.
    case rolledForward
    /// A dry run found leftovers and, writing nothing, left them for the next real build.
    case pending
}
