#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin POSIX helpers for the output writer's hot path: no FileManager, no symlink following.
enum OutputFileSystem {
    static let typeMask: UInt32 = 0o170000
    static let directoryType: UInt32 = 0o040000
    static let regularType: UInt32 = 0o100000
    static let symlinkType: UInt32 = 0o120000

    /// `write(2)`, named so it does not clash with the writer's own `write`.
    @inline(__always)
    static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(descriptor, bytes, count)
        #else
        return Darwin.write(descriptor, bytes, count)
        #endif
    }

    /// Writes all of `bytes` (retrying interrupted and partial writes); the `errno` of a failed
    /// write, or nil.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// `read(2)` into `target`, retrying when interrupted: the count, 0 at the end, negative on error.
    static func readSome(_ descriptor: Int32, into target: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            #if canImport(Glibc)
            let got = Glibc.read(descriptor, target.baseAddress!, target.count)
            #else
            let got = Darwin.read(descriptor, target.baseAddress!, target.count)
            #endif
            if got < 0 && errno == EINTR { continue }
            return got
        }
    }

    /// What `fstatat(…, AT_SYMLINK_NOFOLLOW)` found.
    struct Status {
        var type: UInt32
        var size: UInt64
        var modified: Int64

        var isDirectory: Bool { type == directoryType }
        var isRegular: Bool { type == regularType }
        var isSymlink: Bool { type == symlinkType }
    }

    /// The status of `path` relative to `directory`, not following a final symlink; nil with
    /// `errno` set when it fails.
    static func status(_ directory: Int32, _ path: String) -> Status? {
        var info = stat()
        guard fstatat(directory, path, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return Status(info)
    }

    /// The status of an open file.
    static func status(of descriptor: Int32) -> Status? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return Status(info)
    }

    /// Opens a folder relative to `directory` without following symlinks.
    static func openDirectory(_ directory: Int32, _ path: String) -> Int32 {
        openat(directory, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    }

    /// Creates a file (which must not exist) and writes all of `bytes`; returns its mtime.
    static func createFile(_ directory: Int32, _ path: String, _ bytes: UnsafeRawBufferPointer,
                           displayPath: @autoclosure () -> String) throws -> Int64 {
        let descriptor = openat(directory, path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputError.system("write", displayPath(), errno: errno) }
        if let code = writeAll(descriptor, bytes) {
            close(descriptor)
            throw OutputError.system("write", displayPath(), errno: code)
        }
        guard let info = status(of: descriptor) else {
            let code = errno
            close(descriptor)
            throw OutputError.system("write", displayPath(), errno: code)
        }
        if close(descriptor) != 0 && errno != EINTR {
            throw OutputError.system("write", displayPath(), errno: errno)
        }
        return info.modified
    }

    /// True when the regular file `path` holds exactly `bytes` (used when there is no manifest
    /// entry to trust, e.g. the first build over an existing folder).
    static func fileHolds(_ directory: Int32, _ path: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let descriptor = openat(directory, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let chunk = 1 << 16
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        while true {
            let got = readSome(descriptor, into: UnsafeMutableRawBufferPointer(start: buffer, count: chunk))
            if got < 0 { return false }
            if got == 0 { return offset == bytes.count }
            if offset + got > bytes.count { return false }
            if memcmp(buffer, bytes.baseAddress! + offset, got) != 0 { return false }
            offset += got
        }
    }

    /// Reads a whole file (relative to `directory`, not following symlinks); nil when missing.
    static func readFile(_ directory: Int32, _ path: String) -> [UInt8]? {
        let descriptor = openat(directory, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard let info = status(of: descriptor), info.isRegular else { return nil }
        var result = [UInt8](repeating: 0, count: Int(info.size))
        var offset = 0
        let ok = result.withUnsafeMutableBytes { buffer -> Bool in
            while offset < buffer.count {
                let got = readSome(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[offset...]))
                if got <= 0 { return false }
                offset += got
            }
            return true
        }
        return ok ? result : nil
    }

    /// Writes a new file from pieces (`body` hands each piece to the function it is given),
    /// optionally flushing it to disk: for files too big to build in memory first.
    static func writeFile(_ directory: Int32, _ path: String, sync: Bool, displayPath: String,
                          _ body: (@escaping (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let descriptor = openat(directory, path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputError.system("write", displayPath, errno: errno) }
        defer { close(descriptor) }
        try body { piece in
            if let code = writeAll(descriptor, piece) { throw OutputError.system("write", displayPath, errno: code) }
        }
        if sync && fsync(descriptor) != 0 { throw OutputError.system("write", displayPath, errno: errno) }
    }

    /// Removes `name` (relative to `directory`) and, if it is a real folder, everything in it.
    /// Symlinks are removed, never followed. Missing is fine.
    static func removeTree(_ directory: Int32, _ name: String) throws {
        guard let info = status(directory, name) else {
            if errno == ENOENT { return }
            throw OutputError.system("remove", name, errno: errno)
        }
        if !info.isDirectory {
            if unlinkat(directory, name, 0) != 0 && errno != ENOENT { throw OutputError.system("remove", name, errno: errno) }
            return
        }
        let descriptor = openDirectory(directory, name)
        guard descriptor >= 0 else { throw OutputError.system("remove", name, errno: errno) }
        guard let stream = fdopendir(descriptor) else {
            close(descriptor)
            throw OutputError.system("remove", name, errno: errno)
        }
        var children: [String] = []
        while let entry = readdir(stream) {
            let child = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if child != "." && child != ".." { children.append(child) }
        }
        let inner = dirfd(stream)
        var failure: OutputError?
        for child in children {
            do { try removeTree(inner, child) } catch let error as OutputError {
                failure = failure ?? OutputError(path: name + "/" + error.path, operation: error.operation,
                                                 reason: error.reason, code: error.code)
            }
        }
        closedir(stream)
        if let failure { throw failure }
        if unlinkat(directory, name, AT_REMOVEDIR) != 0 && errno != ENOENT {
            throw OutputError.system("remove", name, errno: errno)
        }
    }

    /// Calls `body` with the relative path of every entry below `name` (relative to `directory`)
    /// that is not a folder — `name` itself when it is a file — never following a symlink and
    /// skipping hidden names (Exhibit writes none). Missing is fine.
    static func visitFiles(_ directory: Int32, _ name: String, _ body: (String) throws -> Void) throws {
        guard let info = status(directory, name) else {
            if errno == ENOENT { return }
            throw OutputError.system("read", name, errno: errno)
        }
        guard info.isDirectory else { return try body(name) }
        let descriptor = openDirectory(directory, name)
        guard descriptor >= 0 else { throw OutputError.system("read", name, errno: errno) }
        guard let stream = fdopendir(descriptor) else {
            close(descriptor)
            throw OutputError.system("read", name, errno: errno)
        }
        defer { closedir(stream) }
        var children: [String] = []
        while let entry = readdir(stream) {
            let child = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if !child.hasPrefix(".") { children.append(name + "/" + child) }
        }
        for child in children { try visitFiles(directory, child, body) }
    }

    /// Creates `path` and its missing parents (for the output folder itself).
    static func makeDirectories(_ path: String) throws {
        if path.isEmpty { return }
        var info = stat()
        if stat(path, &info) == 0 {
            if info.st_mode & typeMask == directoryType { return }
            throw OutputError.system("create folder", path, errno: ENOTDIR)
        }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw OutputError.system("create folder", path, errno: errno)
        }
    }
}

extension OutputFileSystem.Status {
    init(_ info: stat) {
        type = UInt32(info.st_mode) & OutputFileSystem.typeMask
        size = UInt64(info.st_size)
        #if canImport(Darwin)
        modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
    }
}
