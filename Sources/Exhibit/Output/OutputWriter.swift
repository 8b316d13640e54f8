import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a build's files into the output folder: deterministically, atomically, minimally.
///
/// - `write` (thread-safe, called concurrently by the render threads) compares each file with
///   the previous build's manifest entry (size + XXH64 of the bytes) and the file on disk (one
///   `fstatat`: still a regular file with the recorded size and mtime); an unchanged file is
///   left alone. Anything else is written into the staging folder `.exhibit-staging/` inside
///   the output folder — nothing in the output itself changes before ``commit()``.
///   Each file's manifest entry, and the move of each file staged beside existing ones, go
///   straight into drafts in the staging folder: the writer keeps counters, not a record per
///   file, so its memory does not grow with the site.
/// - ``commit()`` completes the new manifest and the journal in the staging folder (renaming
///   the journal into place is the commit point), then moves staged files into place with
///   `rename`, removes files the previous build wrote that are no longer part of the site, and
///   folders left empty by that.
/// - ``abort()`` (or dropping the writer without committing) discards the staging folder.
/// - A new writer finds what a killed build left: no journal → discarded (rolled back); a
///   complete journal → the commit is completed (rolled forward). See ``recovery``.
///
/// Files Exhibit did not write (not in the manifest) are never removed. With an
/// ``OutputOptions/namespace``, a folder whose manifest is gone is still pruned, and a file
/// Exhibit did not write is never replaced without ``OutputOptions/replaceForeignFiles``
/// (see ``OutputNamespace``).
package final class OutputWriter: Sendable {
    /// The output folder as given.
    package let directory: String
    package let options: OutputOptions
    /// What this writer found left over from an interrupted build and did about it.
    package let recovery: OutputRecovery
    /// Remarks for the build log: an unreadable manifest ignored, a symlink not followed, …
    package var notes: [String] { state.withLock { $0.noteList } }

    enum Phase { case open, committed, aborted, interrupted }
    enum DirectoryState: Equatable { case existing, missing(top: String) }

    /// Folders remembered at most (as existing, missing or created in staging) before the
    /// caches start afresh; a forgotten folder is looked up again with one system call.
    static let folderCacheLimit = 65_536

    /// The output folder, open (and `flock`ed) for the writer's lifetime; -1 in a dry run of a
    /// folder that does not exist.
    let root: Int32
    let previous: OutputManifest?
    let seed: UInt64
    /// No trustworthy manifest, but the folder is a site Exhibit built: every file inside the
    /// namespace is taken as Exhibit's, and those this build does not write are removed.
    let adoptsNamespace: Bool
    /// No trustworthy manifest and no sign that Exhibit built the folder: a file this build would
    /// replace with other bytes is someone else's.
    let guardsForeignFiles: Bool

    /// What the writer changes as files come, from any render thread: only reachable through
    /// the lock.
    let state: Mutex<State>

    /// The writer's mutable state (see ``state``).
    struct State {
        var phase = Phase.open
        /// The staging folder, open once the first file is staged; -1 before.
        var staging: Int32 = -1
        /// Which entries of the previous manifest this build wrote.
        var seen: [Bool]
        /// Hashes of the paths written that the previous manifest does not list (files staged in
        /// the staging tree excepted: creating those twice fails by itself), to refuse a path
        /// written twice.
        var unlistedPaths: Set<UInt64> = []
        var counts = OutputStats()
        /// The smallest changed paths, sorted, at most `options.changedPathLimit`.
        var changed: [String] = []
        /// The new manifest and the journal, written as files come (not in a dry run).
        var manifestDraft: OutputManifest.Writer?
        var journalDraft: OutputJournal.Writer?
        var directories: [String: DirectoryState] = [:]
        var stagingDirectories: Set<String> = []
        var topMissing: Set<String> = []
        var nextFlat = 0
        var adopted = 0
        var failure: OutputError?
        var noteList: [String]
        /// Files that hold other bytes than the build's and that Exhibit did not write: how many,
        /// and the smallest few paths.
        var foreignCount = 0
        var foreignPaths: [String] = []
        /// With ``OutputWriter/adoptsNamespace``: the paths this build wrote (the rare recovery
        /// case only).
        var adoptedWritten: Set<String> = []
        /// Testing hook: throw a simulated crash after this many commit operations, leaving the
        /// staging folder and journal exactly as a killed process would.
        var crashAfterOperations: Int?
    }

    /// Testing hook: see ``State/crashAfterOperations``.
    var crashAfterOperations: Int? {
        get { state.withLock { $0.crashAfterOperations } }
        set { state.withLock { $0.crashAfterOperations = newValue } }
    }

    /// Opens (creating it if missing) the output folder; takes an exclusive lock on it
    /// (`flock`), finishes or discards what an interrupted build left, loads the manifest.
    /// In a dry run nothing is created, locked exclusively or recovered.
    package init(directory: String, options: OutputOptions = OutputOptions()) throws {
        self.directory = directory
        self.options = options
        guard !directory.isEmpty else {
            throw OutputError(path: "\"\"", operation: "use output folder", reason: "no folder given; name one, e.g. --out Output")
        }
        let shown = directory
        var notes: [String] = []
        if !options.dryRun {
            try OutputFileSystem.makeDirectories(directory)
        }
        var descriptor = open(shown, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor < 0 {
            let code = errno
            if !(options.dryRun && code == ENOENT) { throw OutputError.system("open output folder", shown, errno: code) }
        } else {
            if !options.dryRun && access(shown, W_OK) != 0 {
                let code = errno
                close(descriptor)
                throw OutputError.system("write to output folder", shown, errno: code)
            }
            if flock(descriptor, (options.dryRun ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0 {
                let code = errno
                close(descriptor)
                descriptor = -1
                if code == EWOULDBLOCK {
                    throw OutputError(path: shown, operation: "lock output folder",
                                      reason: "another Exhibit build is writing to it", code: code)
                }
                throw OutputError.system("lock output folder", shown, errno: code)
            }
        }
        root = descriptor
        var recovered = OutputRecovery.none
        if root >= 0, OutputFileSystem.status(root, OutputPath.stagingName) != nil {
            if options.dryRun {
                recovered = .pending
                notes.append("an interrupted build left \(shown)/\(OutputPath.stagingName); the next build will finish or discard it")
            } else {
                do { recovered = try OutputWriter.recover(root: root, shown: shown, namespace: options.namespace) } catch {
                    close(root)
                    throw error
                }
                switch recovered {
                case .rolledForward: notes.append("finished the commit of an interrupted build in \(shown)")
                case .rolledBack: notes.append("discarded the files an interrupted build had staged in \(shown)")
                default: break
                }
            }
        }
        var manifest: OutputManifest?
        var distrust: String?
        if root >= 0, OutputFileSystem.status(root, OutputPath.manifestName) != nil {
            manifest = OutputManifest.read(root, OutputPath.manifestName)
            if manifest == nil {
                distrust = "\(shown)/\(OutputPath.manifestName) is not a valid manifest"
            } else if let namespace = options.namespace, let manifestFound = manifest,
                      let outside = (0 ..< manifestFound.count).lazy.map({ manifestFound.path($0) }).first(where: { !namespace.contains($0) }) {
                distrust = "\(shown)/\(OutputPath.manifestName) lists \(Diagnostic.printable(outside)), which Exhibit does not write"
                manifest = nil
            }
        } else if root >= 0 {
            distrust = "\(shown) has no \(OutputPath.manifestName)"
        }
        var adoptsNamespace = false
        var guardsForeignFiles = false
        if manifest == nil, root >= 0, let namespace = options.namespace {
            let present = namespace.topLevelNames.filter { OutputFileSystem.status(descriptor, $0) != nil }
            if !present.isEmpty {
                if Self.holdsMarker(root, namespace) || options.replaceForeignFiles {
                    adoptsNamespace = true
                    let listed = present.prefix(4).map { namespace.folders.contains($0) ? $0 + "/" : $0 }.joined(separator: ", ")
                    notes.append("no record of the previous build (\(distrust ?? "no manifest")): took the site's files ("
                                 + listed + (present.count > 4 ? ", …" : "") + ") as Exhibit's own")
                } else {
                    guardsForeignFiles = true
                }
            }
        } else if let distrust, manifest == nil, root >= 0, options.namespace == nil {
            notes.append("ignored the previous build's record (\(distrust)); nothing will be pruned this time")
        }
        previous = manifest
        seed = manifest?.seed ?? UInt64.random(in: 1...UInt64.max)
        recovery = recovered
        self.adoptsNamespace = adoptsNamespace
        self.guardsForeignFiles = guardsForeignFiles
        var state = State(seen: [Bool](repeating: false, count: manifest?.count ?? 0), noteList: notes)
        if root >= 0 { state.directories[""] = .existing }
        self.state = Mutex(state)
    }

    /// True when the namespace's marker file is there and begins as only Exhibit writes it.
    static func holdsMarker(_ root: Int32, _ namespace: OutputNamespace) -> Bool {
        guard let marker = namespace.marker else { return false }
        let descriptor = openat(root, marker.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard let info = OutputFileSystem.status(of: descriptor), info.isRegular else { return false }
        var head = [UInt8](repeating: 0, count: 512)
        let got = head.withUnsafeMutableBytes { OutputFileSystem.readSome(descriptor, into: $0) }
        guard got > 0 else { return false }
        let start = head[0 ..< got]
        return start.starts(with: marker.prefix)
            && (marker.contains.isEmpty || start.firstRange(of: marker.contains) != nil)
    }

    deinit {
        state.withLock { state in
            if state.phase == .open { discardStaging(&state) }
            if state.staging >= 0 { close(state.staging) }
        }
        if root >= 0 { close(root) }
    }

    /// The `stat` stamp of the manifest in `directory` (nil when there is none): every commit
    /// writes a new one, so an unchanged stamp means no build committed since.
    package static func manifestStamp(in directory: String) -> FileStamp? {
        let folder = directory.isEmpty ? "." : directory
        return FileStamp.of((folder.hasSuffix("/") ? folder : folder + "/") + OutputPath.manifestName)
    }

    /// The path as the user knows it: `Output/images/x/index.html`.
    func shown(_ path: String) -> String {
        if directory.isEmpty || directory == "." { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    /// Writes one file of the build (`path` relative to the output folder, `/`-separated).
    /// Thread-safe. Unchanged files are not touched; others are staged until ``commit()``.
    package func write(_ path: String, _ bytes: UnsafeRawBufferPointer) throws {
        do {
            try writeChecked(path, bytes)
        } catch let error as OutputError {
            state.withLock { if $0.failure == nil { $0.failure = error } }
            throw error
        }
    }

    /// Writes one file of the build from an array.
    package func write(_ path: String, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write(path, $0) }
    }

    /// Keeps a file of the previous build as it is, without rendering it again: true when the
    /// previous build's manifest lists `path` and the file is still as that build left it (a
    /// regular file with the recorded size and modification time), so it counts as unchanged;
    /// false when it must be written. Thread-safe; not in a dry run.
    package func keep(_ path: String) throws -> Bool {
        guard !options.dryRun, root >= 0, let previous, let old = previous.find(path),
              OutputPath.problem(path) == nil, options.namespace?.contains(path) ?? true,
              let found = OutputFileSystem.status(root, path), found.isRegular,
              found.size == previous.sizes[old], found.modified == previous.modified[old] else { return false }
        try state.withLock { state in
            guard state.phase == .open else {
                throw OutputError(path: shown(path), operation: "write", reason: "the output was already committed or aborted")
            }
        }
        // Its folder as a write would see it (a symlink in the way is refused there).
        guard try sharedDirectoryState(OutputPath.parent(of: path)) == .existing else { return false }
        try record(path, size: found.size, modified: found.modified, hash: previous.hashes[old], staged: nil,
                   created: false, old: old, adopted: false)
        return true
    }

    private func writeChecked(_ path: String, _ bytes: UnsafeRawBufferPointer) throws {
        if let problem = OutputPath.problem(path) {
            throw OutputError(path: shown(path), operation: "write", reason: "unsafe path (\(problem))")
        }
        if let namespace = options.namespace, !namespace.contains(path) {
            throw OutputError(path: shown(path), operation: "write", reason: "unsafe path (outside the site's folders)")
        }
        let parent = OutputPath.parent(of: path)
        try state.withLock { state in
            guard state.phase == .open else {
                throw OutputError(path: shown(path), operation: "write", reason: "the output was already committed or aborted")
            }
        }
        // Folders are looked up without holding the lock (render threads would queue on it).
        let folder: DirectoryState = root >= 0 ? try sharedDirectoryState(parent) : .missing(top: "")
        let size = UInt64(bytes.count)
        // A dry run writes no manifest: the hash is needed only to compare with the previous one.
        let hash = options.dryRun ? 0 : XXHash64.hash(bytes, seed: seed)
        let old = previous?.find(path)
        var created = true
        if folder == .existing {
            if let found = OutputFileSystem.status(root, path) {
                created = false
                if found.isDirectory {
                    throw OutputError(path: shown(path), operation: "write", reason: "a folder is in the way")
                }
                if found.isRegular && found.size == size {
                    var unchanged = false
                    var adoptedNow = false
                    if let old, let previous {
                        unchanged = previous.sizes[old] == size && previous.modified[old] == found.modified
                            && previous.hashes[old] == (options.dryRun ? XXHash64.hash(bytes, seed: seed) : hash)
                    } else if OutputFileSystem.fileHolds(root, path, bytes) {
                        unchanged = true
                        adoptedNow = true
                    }
                    if unchanged {
                        try record(path, size: size, modified: found.modified, hash: hash, staged: nil,
                                   created: false, old: old, adopted: adoptedNow)
                        return
                    }
                }
                if old == nil && (guardsForeignFiles || (previous != nil && options.namespace != nil)) {
                    // Not written by Exhibit (no manifest lists it) and not what the build writes.
                    state.withLock { noteForeign(path, &$0) }
                }
            } else if errno != ENOENT {
                throw OutputError.system("write", shown(path), errno: errno)
            }
        }
        if options.dryRun {
            // Staged as a real build would: a file in a folder new to the output in the tree.
            let staged: Staged = if case .missing = folder { .tree } else { .flat(-1) }
            try record(path, size: size, modified: 0, hash: hash, staged: staged, created: created, old: old, adopted: false)
            return
        }
        let (staging, stagedPath, staged): (Int32, String, Staged) = try state.withLock { locked in
            try openStaging(&locked)
            if case .missing(let top) = folder {
                locked.topMissing.insert(top)
                try makeStagingTreeDirectory(parent, &locked)
                return (locked.staging, "t/" + path, .tree)
            }
            let number = locked.nextFlat
            locked.nextFlat += 1
            return (locked.staging, "f/\(number)", .flat(number))
        }
        let modified: Int64
        do {
            modified = try OutputFileSystem.createFile(staging, stagedPath, bytes, displayPath: shown(path))
        } catch let error as OutputError where error.code == EEXIST {
            throw OutputError(path: error.path, operation: "write", reason: "the build wrote this path twice", code: EEXIST)
        }
        try record(path, size: size, modified: modified, hash: hash, staged: staged, created: created, old: old, adopted: false)
    }

    /// Where a written file waits for the commit.
    enum Staged: Equatable {
        /// In the staging tree, under a folder the output does not have yet (moved with it).
        case tree
        /// As `f/N` (the number; -1 in a dry run), moved into an existing folder by itself.
        case flat(Int)
    }

    /// Counts a file of this build and adds its manifest entry and its move (if it has one) to
    /// the drafts; unchanged files have `staged` nil.
    private func record(_ path: String, size: UInt64, modified: Int64, hash: UInt64, staged: Staged?,
                        created: Bool, old: Int?, adopted adoptedNow: Bool) throws {
        try state.withLock { state in
            // The drafts live in the staging folder: made with the first file, changed or not.
            if !options.dryRun { try openStaging(&state) }
            if let old {
                guard !state.seen[old] else { throw writtenTwice(path) }
                state.seen[old] = true
            } else if staged != .tree {
                guard state.unlistedPaths.insert(XXHash64.hash(path, seed: seed)).inserted else { throw writtenTwice(path) }
            }
            if let staged {
                state.counts.written += 1
                if created { state.counts.created += 1 }
                state.counts.bytesWritten += Int(size)
                noteChanged(path, &state)
                if case .flat(let number) = staged, number >= 0 { try state.journalDraft?.append(.moveFile(number, path)) }
            } else {
                state.counts.unchanged += 1
            }
            if adoptedNow { state.adopted += 1 }
            if adoptsNamespace { state.adoptedWritten.insert(path) }
            if !options.dryRun {
                var path = path
                try path.withUTF8 {
                    try state.manifestDraft?.append(path: UnsafeRawBufferPointer($0), size: size, modified: modified, hash: hash)
                }
            }
        }
    }

    private func writtenTwice(_ path: String) -> OutputError {
        OutputError(path: shown(path), operation: "write", reason: "the build wrote this path twice", code: EEXIST)
    }

    /// Counts a file that Exhibit did not write and the build would replace; keeps the smallest
    /// few paths for the error.
    func noteForeign(_ path: String, _ state: inout State) {
        state.foreignCount += 1
        state.foreignPaths.append(path)
        if state.foreignPaths.count > 8 {
            state.foreignPaths.sort { $0.utf8Precedes($1) }
            state.foreignPaths.removeLast()
        }
    }

    /// Keeps `path` if it is among the `changedPathLimit` smallest changed paths.
    func noteChanged(_ path: String, _ state: inout State) {
        let limit = options.changedPathLimit
        guard limit > 0 else { return }
        if state.changed.count == limit {
            guard path.utf8Precedes(state.changed[limit - 1]) else { return }
            state.changed.removeLast()
        }
        state.changed.insert(path, at: state.changed.partitioningIndex { !$0.utf8Precedes(path) })
    }

    /// Whether folder `path` (relative) exists in the output as a real folder — every component
    /// checked with `lstat`, once, and cached — or is missing (and which ancestor is the
    /// topmost missing one). A symlink or a file where a folder should be is an error: the
    /// writer never writes through a symlink.
    func directoryState(_ path: String, _ state: inout State) throws -> DirectoryState {
        if let known = state.directories[path] { return known }
        let found = try probeDirectory(path, parentState: try directoryState(OutputPath.parent(of: path), &state))
        remember(path, found, &state)
        return found
    }

    /// ``directoryState(_:_:)`` for a caller that does not hold the lock: the cache is read and
    /// written under the lock, the file system is asked without it (two threads may ask about
    /// the same folder at once; both get the same answer).
    func sharedDirectoryState(_ path: String) throws -> DirectoryState {
        if let known = state.withLock({ $0.directories[path] }) { return known }
        let found = try probeDirectory(path, parentState: try sharedDirectoryState(OutputPath.parent(of: path)))
        state.withLock { remember(path, found, &$0) }
        return found
    }

    /// Caches a folder's state.
    private func remember(_ path: String, _ found: DirectoryState, _ state: inout State) {
        if state.directories.count >= OutputWriter.folderCacheLimit {
            // Most folders hold one or two files (`images/ID/`): a cache of every folder of a
            // million-image site would cost more than 100 MiB for little gain. Start afresh.
            state.directories.removeAll(keepingCapacity: true)
            state.directories[""] = .existing
        }
        state.directories[path] = found
    }

    /// What folder `path` is, given its parent's state (one `lstat`).
    private func probeDirectory(_ path: String, parentState: DirectoryState) throws -> DirectoryState {
        let state: DirectoryState
        if case .missing = parentState {
            state = parentState
        } else if let found = OutputFileSystem.status(root, path) {
            if found.isSymlink {
                throw OutputError(path: shown(path), operation: "write into", reason: "it is a symbolic link, which Exhibit does not follow")
            }
            if !found.isDirectory {
                throw OutputError(path: shown(path), operation: "write into", reason: "it is a file, not a folder")
            }
            state = .existing
        } else if errno == ENOENT {
            state = .missing(top: path)
        } else {
            throw OutputError.system("write into", shown(path), errno: errno)
        }
        return state
    }

    /// Creates the staging folder on the first staged file.
    func openStaging(_ state: inout State) throws {
        if state.staging >= 0 { return }
        let name = OutputPath.stagingName
        if mkdirat(root, name, 0o755) != 0 {
            throw OutputError.system("create folder", shown(name), errno: errno)
        }
        let staging = OutputFileSystem.openDirectory(root, name)
        state.staging = staging
        if staging < 0 { throw OutputError.system("open folder", shown(name), errno: errno) }
        for sub in ["f", "t"] where mkdirat(staging, sub, 0o755) != 0 {
            throw OutputError.system("create folder", shown(name + "/" + sub), errno: errno)
        }
        state.manifestDraft = try OutputManifest.Writer(BlockFile(staging, "manifest", displayPath: shown(name + "/manifest"), hashing: true),
                                                        seed: seed)
        state.journalDraft = try OutputJournal.Writer(BlockFile(staging, "journal.tmp", displayPath: shown(name + "/journal.tmp")))
    }

    /// `mkdir -p` of `t/<path>` inside the staging folder.
    private func makeStagingTreeDirectory(_ path: String, _ state: inout State) throws {
        if path.isEmpty || state.stagingDirectories.contains(path) { return }
        if state.stagingDirectories.count >= OutputWriter.folderCacheLimit {
            state.stagingDirectories.removeAll(keepingCapacity: true) // `mkdirat` tolerates EEXIST below.
        }
        try makeStagingTreeDirectory(OutputPath.parent(of: path), &state)
        if mkdirat(state.staging, "t/" + path, 0o755) != 0 && errno != EEXIST {
            throw OutputError.system("create folder", shown(path), errno: errno)
        }
        state.stagingDirectories.insert(path)
    }

    /// Discards everything staged; the output folder is left exactly as it was.
    package func abort() {
        state.withLock { state in
            if state.phase == .open {
                discardStaging(&state)
                state.phase = .aborted
            }
            unlockFolder()
        }
    }

    /// Releases the `flock` on the output folder once the writer is done with it.
    func unlockFolder() {
        if root >= 0 { flock(root, LOCK_UN) }
    }

    func discardStaging(_ state: inout State) {
        state.manifestDraft = nil
        state.journalDraft = nil
        guard state.staging >= 0 else { return }
        close(state.staging)
        state.staging = -1
        try? OutputFileSystem.removeTree(root, OutputPath.stagingName)
    }

    /// Testing hook: behave as if the process were killed now (leave everything on disk).
    func simulateKill() {
        state.withLock { state in
            state.phase = .interrupted
            unlockFolder()
        }
    }
}
