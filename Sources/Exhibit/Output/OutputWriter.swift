import Foundation
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
/// - ``commit()`` writes the new manifest and a journal into the staging folder (the commit
///   point), then moves staged files into place with `rename`, removes files the previous build
///   wrote that are no longer part of the site, and folders left empty by that.
/// - ``abort()`` (or dropping the writer without committing) discards the staging folder.
/// - A new writer finds what a killed build left: no journal → discarded (rolled back); a
///   complete journal → the commit is completed (rolled forward). See ``recovery``.
///
/// Files Exhibit did not write (not in the manifest) are never removed.
public final class OutputWriter: @unchecked Sendable {
    /// The output folder as given.
    public let directory: String
    public let options: OutputOptions
    /// What this writer found left over from an interrupted build and did about it.
    public private(set) var recovery: OutputRecovery = .none
    /// Remarks for the build log: an unreadable manifest ignored, a symlink not followed, …
    public var notes: [String] { lock.withLock { noteList } }

    enum Phase { case open, committed, aborted, interrupted }
    enum DirectoryState: Equatable { case existing, missing(top: String) }

    /// Where a file of this build is: already in place, or staged.
    struct Record {
        // Compact (40 bytes): a million-file build keeps one per file until the commit.
        private var start: UInt32
        private var length: UInt16
        var created: Bool
        private var place: Int32
        var size: UInt64
        var modified: Int64
        /// XXH64 of the bytes; 0 in a dry run, which writes no manifest and hashes only to compare.
        var hash: UInt64

        init(pathStart: Int, pathLength: Int, size: UInt64, modified: Int64, hash: UInt64, location: Int, created: Bool) {
            start = UInt32(pathStart)
            length = UInt16(pathLength)
            self.created = created
            place = Int32(location)
            self.size = size
            self.modified = modified
            self.hash = hash
        }

        var pathStart: Int { Int(start) }
        var pathLength: Int { Int(length) }
        /// `unchangedLocation`, `treeLocation` (under `t/`, same relative path) or the number of
        /// a flat staged file `f/N`.
        var location: Int { Int(place) }
    }
    /// Folders remembered at most (as existing, missing or created in staging) before the
    /// caches start afresh; a forgotten folder is looked up again with one system call.
    static let folderCacheLimit = 65_536
    static let unchangedLocation = -1
    static let treeLocation = -2

    let root: Int32
    var staging: Int32 = -1
    let previous: OutputManifest?
    let seed: UInt64
    let lock = NSLock()

    // Guarded by `lock`.
    var phase = Phase.open
    var records: [Record] = []
    var pathBytes: [UInt8] = []
    var seen: [Bool]
    var directories: [String: DirectoryState] = [:]
    var stagingDirectories: Set<String> = []
    var topMissing: Set<String> = []
    var nextFlat = 0
    var adopted = 0
    var failure: OutputError?
    var noteList: [String] = []

    /// Testing hook: throw a simulated crash after this many commit operations, leaving the
    /// staging folder and journal exactly as a killed process would.
    var crashAfterOperations: Int?

    /// Opens (creating it if missing) the output folder; takes an exclusive lock on it
    /// (`flock`), finishes or discards what an interrupted build left, loads the manifest.
    /// In a dry run nothing is created, locked exclusively or recovered.
    public init(directory: String, options: OutputOptions = OutputOptions()) throws {
        self.directory = directory
        self.options = options
        let shown = directory.isEmpty ? "." : directory
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
                do { recovered = try OutputWriter.recover(root: root, shown: shown) } catch {
                    close(root)
                    throw error
                }
            }
        }
        var manifest: OutputManifest?
        if root >= 0, OutputFileSystem.status(root, OutputPath.manifestName) != nil {
            manifest = OutputManifest.read(root, OutputPath.manifestName)
            if manifest == nil {
                notes.append("ignored \(shown)/\(OutputPath.manifestName): not a valid manifest; nothing will be pruned this time")
            }
        }
        previous = manifest
        seed = manifest?.seed ?? UInt64.random(in: 1...UInt64.max)
        seen = [Bool](repeating: false, count: manifest?.count ?? 0)
        recovery = recovered
        noteList = notes
        if root >= 0 { directories[""] = .existing }
    }

    deinit {
        if phase == .open { discardStaging() }
        if staging >= 0 { close(staging) }
        if root >= 0 { close(root) }
    }

    /// The path as the user knows it: `Output/images/x/index.html`.
    func shown(_ path: String) -> String {
        if directory.isEmpty || directory == "." { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    /// Sizes the bookkeeping for a build of about `files` files (avoids growing it by doubling,
    /// which at a million files briefly holds two copies).
    public func reserveCapacity(files: Int) {
        lock.withLock {
            records.reserveCapacity(files)
            // Generous: pages never touched are not resident, and growing by doubling would
            // briefly hold two copies of every path of a million-file site.
            pathBytes.reserveCapacity(files * 96)
        }
    }

    /// Writes one file of the build (`path` relative to the output folder, `/`-separated).
    /// Thread-safe. Unchanged files are not touched; others are staged until ``commit()``.
    public func write(_ path: String, _ bytes: UnsafeRawBufferPointer) throws {
        do {
            try writeChecked(path, bytes)
        } catch let error as OutputError {
            lock.withLock { if failure == nil { failure = error } }
            throw error
        }
    }

    /// Writes one file of the build from an array.
    public func write(_ path: String, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write(path, $0) }
    }

    private func writeChecked(_ path: String, _ bytes: UnsafeRawBufferPointer) throws {
        if let problem = OutputPath.problem(path) {
            throw OutputError(path: shown(path), operation: "write", reason: "unsafe path (\(problem))")
        }
        let parent = OutputPath.parent(of: path)
        let state: DirectoryState = try lock.withLock {
            guard phase == .open else {
                throw OutputError(path: shown(path), operation: "write", reason: "the output was already committed or aborted")
            }
            return root >= 0 ? try directoryState(parent) : .missing(top: "")
        }
        let size = UInt64(bytes.count)
        // A dry run writes no manifest: the hash is needed only to compare with the previous one.
        let hash = options.dryRun ? 0 : XXHash64.hash(bytes, seed: seed)
        let old = previous?.find(path)
        var created = true
        if state == .existing {
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
                        record(path, size: size, modified: found.modified, hash: hash,
                               location: OutputWriter.unchangedLocation, created: false, old: old, adopted: adoptedNow)
                        return
                    }
                }
            } else if errno != ENOENT {
                throw OutputError.system("write", shown(path), errno: errno)
            }
        }
        if options.dryRun {
            record(path, size: size, modified: 0, hash: hash, location: OutputWriter.treeLocation,
                   created: created, old: old, adopted: false)
            return
        }
        let (stagedPath, location): (String, Int) = try lock.withLock {
            try openStaging()
            if case .missing(let top) = state {
                topMissing.insert(top)
                try makeStagingTreeDirectory(parent)
                return ("t/" + path, OutputWriter.treeLocation)
            }
            let number = nextFlat
            nextFlat += 1
            return ("f/\(number)", number)
        }
        let modified: Int64
        do {
            modified = try OutputFileSystem.createFile(staging, stagedPath, bytes, displayPath: shown(path))
        } catch let error as OutputError where error.code == EEXIST {
            throw OutputError(path: error.path, operation: "write", reason: "the build wrote this path twice", code: EEXIST)
        }
        record(path, size: size, modified: modified, hash: hash, location: location, created: created, old: old, adopted: false)
    }

    private func record(_ path: String, size: UInt64, modified: Int64, hash: UInt64, location: Int,
                        created: Bool, old: Int?, adopted adoptedNow: Bool) {
        lock.withLock {
            let start = pathBytes.count
            pathBytes.append(contentsOf: path.utf8)
            records.append(Record(pathStart: start, pathLength: pathBytes.count - start, size: size,
                                  modified: modified, hash: hash, location: location, created: created))
            if let old { seen[old] = true }
            if adoptedNow { adopted += 1 }
        }
    }

    /// Whether folder `path` (relative) exists in the output as a real folder — every component
    /// checked with `lstat`, once, and cached — or is missing (and which ancestor is the
    /// topmost missing one). A symlink or a file where a folder should be is an error: the
    /// writer never writes through a symlink. Caller holds `lock`.
    func directoryState(_ path: String) throws -> DirectoryState {
        if let known = directories[path] { return known }
        if directories.count >= OutputWriter.folderCacheLimit {
            // Most folders hold one or two files (`images/ID/`): a cache of every folder of a
            // million-image site would cost more than 100 MiB for little gain. Start afresh.
            directories.removeAll(keepingCapacity: true)
            directories[""] = .existing
        }
        let parentState = try directoryState(OutputPath.parent(of: path))
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
        directories[path] = state
        return state
    }

    /// Creates the staging folder on the first staged file. Caller holds `lock`.
    func openStaging() throws {
        if staging >= 0 { return }
        let name = OutputPath.stagingName
        if mkdirat(root, name, 0o755) != 0 {
            throw OutputError.system("create folder", shown(name), errno: errno)
        }
        staging = OutputFileSystem.openDirectory(root, name)
        if staging < 0 { throw OutputError.system("open folder", shown(name), errno: errno) }
        for sub in ["f", "t"] where mkdirat(staging, sub, 0o755) != 0 {
            throw OutputError.system("create folder", shown(name + "/" + sub), errno: errno)
        }
    }

    /// `mkdir -p` of `t/<path>` inside the staging folder. Caller holds `lock`.
    private func makeStagingTreeDirectory(_ path: String) throws {
        if path.isEmpty || stagingDirectories.contains(path) { return }
        if stagingDirectories.count >= OutputWriter.folderCacheLimit {
            stagingDirectories.removeAll(keepingCapacity: true) // `mkdirat` tolerates EEXIST below.
        }
        try makeStagingTreeDirectory(OutputPath.parent(of: path))
        if mkdirat(staging, "t/" + path, 0o755) != 0 && errno != EEXIST {
            throw OutputError.system("create folder", shown(path), errno: errno)
        }
        stagingDirectories.insert(path)
    }

    /// Discards everything staged; the output folder is left exactly as it was.
    public func abort() {
        lock.withLock {
            if phase == .open {
                discardStaging()
                phase = .aborted
            }
            unlockFolder()
        }
    }

    /// Releases the `flock` on the output folder once the writer is done with it.
    func unlockFolder() {
        if root >= 0 { flock(root, LOCK_UN) }
    }

    func discardStaging() {
        guard staging >= 0 else { return }
        close(staging)
        staging = -1
        try? OutputFileSystem.removeTree(root, OutputPath.stagingName)
    }

    /// Testing hook: behave as if the process were killed now (leave everything on disk).
    func simulateKill() {
        lock.withLock {
            phase = .interrupted
            unlockFolder()
        }
    }
}
