import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The check every database path passes before anything reads it (SQLite, the build's
/// fingerprint): a FIFO, a device such as `/dev/zero` or a huge file of zeros would otherwise be
/// hashed or read for ever.
package enum DatabaseFile {
    /// The first 16 bytes of every SQLite 3 database.
    static let header: [UInt8] = Array("SQLite format 3".utf8) + [0]

    /// Throws unless `path` is a readable regular file that starts with SQLite's header. Never
    /// blocks and reads 16 bytes at most: the kind of file is checked with `stat` before it is
    /// opened (non-blocking, so a FIFO swapped in meanwhile cannot hang it).
    package static func check(_ path: String) throws(InputError) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .missingDatabase(path: path) }
            throw .unreadable(path: path, detail: code == EACCES ? "permission denied" : String(cString: strerror(code)))
        }
        try checkKind(status.st_mode, path: path)
        if status.st_size == 0 { throw .notADatabase(path: path, detail: "the file is empty") }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw .unreadable(path: path, detail: code == EACCES ? "permission denied" : String(cString: strerror(code)))
        }
        defer { close(descriptor) }
        // The file opened may not be the one checked: check what was opened.
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(path: path, detail: String(cString: strerror(errno))) }
        try checkKind(status.st_mode, path: path)
        var bytes = [UInt8](repeating: 0, count: header.count)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        if count < 0 { throw .unreadable(path: path, detail: String(cString: strerror(errno))) }
        if count < header.count || bytes != header {
            throw .notADatabase(path: path, detail: count == 0 ? "the file is empty" : "it does not start with SQLite's header")
        }
    }

    /// Throws unless `mode` is a regular file's.
    private static func checkKind(_ mode: mode_t, path: String) throws(InputError) {
        switch mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw .unreadable(path: path, detail: "it is a directory")
        case S_IFIFO: throw .notADatabase(path: path, detail: "it is a FIFO, not a regular file")
        case S_IFCHR, S_IFBLK: throw .notADatabase(path: path, detail: "it is a device, not a regular file")
        case S_IFSOCK: throw .notADatabase(path: path, detail: "it is a socket, not a regular file")
        default: throw .notADatabase(path: path, detail: "it is not a regular file")
        }
    }
}
