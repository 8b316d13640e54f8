import Crypto
import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A file of the built site as a deploy sends it.
package struct LocalFile: Sendable {
    package var path: String
    package var size: UInt64
    /// SHA-256 of the file's bytes, hex.
    package var hash: String
    package var headers: ObjectHeaders
}

/// The files of a built output folder: exactly those its build record (`.exhibit-manifest`)
/// lists inside the site's namespace, each with a SHA-256 of its bytes. SHA-256 rather than the
/// record's XXH64: that one is seeded per folder (a fresh CI machine gets another seed), and
/// SHA-256 is also the payload hash every signed PUT needs. Hashes are kept in
/// `.exhibit-deploy-cache` keyed by the record's (size, mtime, XXH64), so an unchanged folder
/// is not read again.
package struct LocalSite: Sendable {
    package var files: [LocalFile]
    /// Paths of the record that are not the site's (never uploaded).
    package var skipped: [String]
    /// Files read and hashed (not found in the cache).
    package var hashedFiles: Int
    package var hashedBytes: UInt64
    package let directory: String
    /// ``State/digest`` of the folder when every file is as its build record says (nil when one
    /// changed since the build: the record then does not describe the folder).
    package var stateDigest: UInt64?

    /// The folder as its build record describes it, without reading a file: one `stat` each.
    package struct State: Sendable, Equatable {
        /// XXH64 of the record's site files (path, size, modification time, content hash) and of
        /// the header rules: equal digests, equal objects to publish.
        package var digest: UInt64
        package var files: Int
        package var bytes: UInt64
    }

    static let cacheName = ".exhibit-deploy-cache"

    /// The build record of `directory`, opened at `root`, with its site paths and their status.
    private struct Recorded {
        var record: OutputManifest
        var paths: [String] = []
        /// The record's index of each of `paths`.
        var indices: [Int] = []
        var skipped: [String] = []
        var statuses: [OutputFileSystem.Status?] = []

        init(root: Int32, directory: String, namespace: OutputNamespace) throws(DeployError) {
            if OutputWriter.hasInterruptedCommit(in: directory) {
                throw .output("\(directory) holds an interrupted build: run exhibit build --out \(directory) again before deploying")
            }
            guard let record = OutputManifest.read(root, OutputPath.manifestName) else {
                throw .output("\(directory) has no usable build record (\(OutputPath.manifestName)): run exhibit build --out \(directory) first")
            }
            self.record = record
            paths.reserveCapacity(record.count)
            indices.reserveCapacity(record.count)
            for index in 0 ..< record.count {
                let path = record.path(index)
                guard OutputPath.problem(path) == nil, namespace.contains(path) else {
                    skipped.append(path)
                    continue
                }
                paths.append(path)
                indices.append(index)
            }
            // The files' status, on every core (a cold metadata cache makes this wait on the disk).
            var statuses = [OutputFileSystem.Status?](repeating: nil, count: paths.count)
            let statPaths = paths
            statuses.withUnsafeMutableBufferPointer { target in
                let slices = max(1, min(statPaths.count, ProcessInfo.processInfo.activeProcessorCount * 4))
                nonisolated(unsafe) let target = target
                DispatchQueue.concurrentPerform(iterations: statPaths.isEmpty ? 0 : slices) { slice in
                    var position = slice
                    while position < statPaths.count {
                        target[position] = OutputFileSystem.status(root, statPaths[position])
                        position += slices
                    }
                }
            }
            self.statuses = statuses
        }

        /// The folder's ``State``, nil when a file is not as the record says.
        func state(rules: DeployHeaderRules) -> State? {
            var digest = XXHash64.Stream()
            func add(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { digest.update($0) } }
            var rulesText = String(reflecting: rules)
            add(UInt64(rulesText.utf8.count))
            rulesText.withUTF8 { digest.update(UnsafeRawBufferPointer($0)) }
            add(record.seed)
            var bytes: UInt64 = 0
            for (position, var path) in paths.enumerated() {
                let index = indices[position]
                guard let info = statuses[position], info.isRegular, info.size == record.sizes[index],
                      info.modified == record.modified[index] else { return nil }
                add(UInt64(path.utf8.count))
                path.withUTF8 { digest.update(UnsafeRawBufferPointer($0)) }
                add(record.sizes[index])
                add(UInt64(bitPattern: record.modified[index]))
                add(record.hashes[index])
                bytes += record.sizes[index]
            }
            return State(digest: digest.finish(), files: paths.count, bytes: bytes)
        }
    }

    /// The folder's ``State`` from its build record and one `stat` per file; nil when a file
    /// changed since the build (then only ``load(directory:rules:namespace:)`` knows the folder).
    package static func state(directory: String, rules: DeployHeaderRules, namespace: OutputNamespace = SiteBuilder.namespace) throws(DeployError) -> State? {
        let root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw .output("cannot open the output folder \(directory): \(String(cString: strerror(errno)))") }
        defer { close(root) }
        return try Recorded(root: root, directory: directory, namespace: namespace).state(rules: rules)
    }

    /// Reads the output folder's build record and hashes what the cache does not know.
    package static func load(directory: String, rules: DeployHeaderRules, namespace: OutputNamespace = SiteBuilder.namespace) throws(DeployError) -> LocalSite {
        let root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw .output("cannot open the output folder \(directory): \(String(cString: strerror(errno)))") }
        defer { close(root) }
        let recorded = try Recorded(root: root, directory: directory, namespace: namespace)
        let record = recorded.record
        let (paths, indices, skipped, statuses) = (recorded.paths, recorded.indices, recorded.skipped, recorded.statuses)
        let cache = DeployCache.load(root, seed: record.seed)
        var files: [LocalFile] = []
        var missing: [Int] = []
        files.reserveCapacity(record.count)
        var headers = DeployHeaderRules.Memo(rules)
        for (position, path) in paths.enumerated() {
            let index = indices[position]
            let size = record.sizes[index], modified = record.modified[index], xxh = record.hashes[index]
            guard let info = statuses[position], info.isRegular else {
                throw .output("\(DeployError.shown(path)) is in the build record but not a file in \(directory): run exhibit build again")
            }
            var hash = ""
            if info.size == size, info.modified == modified, let known = cache[path], known.size == size,
               known.modified == modified, known.xxh == xxh {
                hash = known.sha256
            } else {
                missing.append(files.count)
            }
            files.append(LocalFile(path: path, size: info.size, hash: hash, headers: headers.headers(for: path)))
        }
        // Hash the rest on every core, in slices.
        let results = Mutex<[Int: (String, UInt64)]>([:])
        let failure = Mutex<String?>(nil)
        let hashPaths = missing.map { files[$0].path }
        let slices = max(1, min(hashPaths.count, ProcessInfo.processInfo.activeProcessorCount * 4))
        DispatchQueue.concurrentPerform(iterations: hashPaths.isEmpty ? 0 : slices) { slice in
            var local: [Int: (String, UInt64)] = [:]
            var index = slice
            while index < hashPaths.count {
                guard let hashed = LocalSite.hash(root, hashPaths[index]) else {
                    failure.withLock { $0 = $0 ?? hashPaths[index] }
                    return
                }
                local[index] = hashed
                index += slices
            }
            results.withLock { $0.merge(local) { a, _ in a } }
        }
        if let path = failure.withLock({ $0 }) {
            throw .output("cannot read \(DeployError.shown(path)) in \(directory) (a symlink, or not a regular file?): run exhibit build again")
        }
        var hashedBytes: UInt64 = 0
        for (position, (hash, size)) in results.withLock({ $0 }) {
            files[missing[position]].hash = hash
            files[missing[position]].size = size
            hashedBytes += size
        }
        if !missing.isEmpty {
            var updated: [String: DeployCache.Entry] = [:]
            // Rebuild the cache from the record and the hashes now known.
            var byPath: [String: String] = [:]
            byPath.reserveCapacity(files.count)
            for file in files { byPath[file.path] = file.hash }
            for index in 0 ..< record.count {
                let path = record.path(index)
                if let hash = byPath[path] {
                    updated[path] = DeployCache.Entry(size: record.sizes[index], modified: record.modified[index], xxh: record.hashes[index], sha256: hash)
                }
            }
            DeployCache.store(root, seed: record.seed, entries: updated)
        }
        return LocalSite(files: files, skipped: skipped, hashedFiles: missing.count, hashedBytes: hashedBytes, directory: directory,
                         stateDigest: recorded.state(rules: rules)?.digest)
    }

    /// Opens `path` below `root` without following any symlink on the way; -1 when it fails.
    static func openFile(_ root: Int32, _ path: String) -> Int32 {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var directory = root
        for part in parts.dropLast() {
            let next = openat(directory, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if directory != root { close(directory) }
            guard next >= 0 else { return -1 }
            directory = next
        }
        let file = openat(directory, parts.last ?? "", O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if directory != root { close(directory) }
        guard file >= 0 else { return -1 }
        guard let info = OutputFileSystem.status(of: file), info.isRegular else {
            close(file)
            return -1
        }
        return file
    }

    /// SHA-256 (hex) and size of a file, read in 1 MiB blocks; nil when it cannot be read.
    static func hash(_ root: Int32, _ path: String) -> (String, UInt64)? {
        let file = openFile(root, path)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var hasher = Crypto.SHA256()
        var size: UInt64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let got = OutputFileSystem.readSome(file, into: buffer)
            if got < 0 { return nil }
            if got == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0 ..< got]))
            size += UInt64(got)
        }
        return (SigV4Signer.hex(hasher.finalize()), size)
    }

    /// The bytes of a file (or of `range` of it), read without following symlinks.
    static func read(_ root: Int32, _ path: String, range: Range<UInt64>? = nil) -> Data? {
        let file = openFile(root, path)
        guard file >= 0 else { return nil }
        defer { close(file) }
        guard let info = OutputFileSystem.status(of: file) else { return nil }
        let wanted = range ?? 0 ..< info.size
        guard wanted.upperBound <= info.size else { return nil }
        var data = Data(count: Int(wanted.count))
        let ok = data.withUnsafeMutableBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let got = pread(file, buffer.baseAddress! + offset, buffer.count - offset, off_t(wanted.lowerBound) + off_t(offset))
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { return false }
                offset += got
            }
            return true
        }
        return ok ? data : nil
    }
}

/// `.exhibit-deploy-cache`: SHA-256s of the output folder's files keyed by what the build
/// record says of them (size, mtime, XXH64 with the folder's seed). Text, one file a line;
/// a cache that fails any check is ignored (files are then hashed again).
enum DeployCache {
    struct Entry: Equatable {
        var size: UInt64
        var modified: Int64
        var xxh: UInt64
        var sha256: String
    }

    static func load(_ root: Int32, seed: UInt64) -> [String: Entry] {
        guard let bytes = OutputFileSystem.readFile(root, LocalSite.cacheName) else { return [:] }
        var entries: [String: Entry] = [:]
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.first.map({ String(decoding: $0, as: UTF8.self) }) == "exhibit-deploy-cache 1 \(seed)", lines.last?.isEmpty == true else { return [:] }
        lines.removeFirst()
        lines.removeLast()
        entries.reserveCapacity(lines.count)
        for line in lines {
            let fields = line.split(separator: 0x20, maxSplits: 4, omittingEmptySubsequences: false)
            guard fields.count == 5, let size = UInt64(String(decoding: fields[0], as: UTF8.self)),
                  let modified = Int64(String(decoding: fields[1], as: UTF8.self)),
                  let xxh = UInt64(String(decoding: fields[2], as: UTF8.self), radix: 16), fields[3].count == 64 else { return [:] }
            entries[String(decoding: fields[4], as: UTF8.self)] = Entry(size: size, modified: modified, xxh: xxh, sha256: String(decoding: fields[3], as: UTF8.self))
        }
        return entries
    }

    /// Writes the cache (temporary file, then rename); a failure only costs hashing next time.
    static func store(_ root: Int32, seed: UInt64, entries: [String: Entry]) {
        var out = Array("exhibit-deploy-cache 1 \(seed)\n".utf8)
        out.reserveCapacity(entries.count * 120)
        for (path, entry) in entries {
            out.append(contentsOf: "\(entry.size) \(entry.modified) \(String(entry.xxh, radix: 16)) \(entry.sha256) \(path)\n".utf8)
        }
        let temporary = LocalSite.cacheName + ".tmp"
        _ = unlinkat(root, temporary, 0)
        do {
            _ = try out.withUnsafeBytes { try OutputFileSystem.createFile(root, temporary, $0, displayPath: temporary) }
            _ = renameat(root, temporary, root, LocalSite.cacheName)
        } catch {
            _ = unlinkat(root, temporary, 0)
        }
    }
}
