#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's identity and version as `stat` sees it: inode, size and modification time in
/// nanoseconds. Any `write(2)` to the file gives it a new stamp.
///
/// Not the change time: SQLite, run as root, `fchown`s the `-wal` and `-shm` files each time it
/// opens them, even to read, so their change time moves when nothing was written (a preview
/// that watched it rebuilt after each of its own reads).
package struct FileStamp: Equatable, Sendable {
    var inode: UInt64
    var size: Int64
    var modified: Int64

    /// The stamp of the file at `path` (following symlinks); nil when there is none.
    package static func of(_ path: String) -> FileStamp? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        #if canImport(Glibc)
        let modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        #else
        let modified = Int64(status.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(status.st_mtimespec.tv_nsec)
        #endif
        return FileStamp(inode: UInt64(status.st_ino), size: Int64(status.st_size), modified: modified)
    }
}
