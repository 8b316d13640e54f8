#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A new file written a block at a time: appends fill a 1 MiB buffer, which goes to the file
/// when it is full. For the writer's manifest and journal, which can hold a line per file of a
/// million-file site and are never held whole. Optionally hashes (XXH64) what it writes.
final class BlockFile {
    static let blockSize = 1 << 20
    private var descriptor: Int32
    let displayPath: String
    private var buffer: [UInt8] = []
    private var hasher: XXHash64.Stream?

    /// Creates `path` in `directory` (replacing a file of that name, never following a symlink).
    init(_ directory: Int32, _ path: String, displayPath: String, hashing: Bool = false) throws {
        descriptor = openat(directory, path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        self.displayPath = displayPath
        guard descriptor >= 0 else { throw OutputError.system("write", displayPath, errno: errno) }
        buffer.reserveCapacity(Self.blockSize + 8 * 1024)
        if hashing { hasher = XXHash64.Stream(seed: 0) }
    }

    deinit { if descriptor >= 0 { _ = systemClose(descriptor) } }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.blockSize { try flush() }
    }

    func append(_ text: String) throws {
        var text = text
        try text.withUTF8 { try append(UnsafeRawBufferPointer($0)) }
    }

    func append64(_ value: UInt64) throws {
        try withUnsafeBytes(of: value.littleEndian) { try append($0) }
    }

    /// The hash of everything appended so far (hashing files only); what follows is not hashed.
    func finishHash() throws -> UInt64 {
        try flush()
        let value = hasher?.finish() ?? 0
        hasher = nil
        return value
    }

    /// Writes out the buffer.
    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { bytes in
            hasher?.update(bytes)
            if let code = OutputFileSystem.writeAll(descriptor, bytes) {
                throw OutputError.system("write", displayPath, errno: code)
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes out the rest and closes the file, flushing it to disk first with `sync`.
    func close(sync: Bool) throws {
        try flush()
        defer {
            _ = systemClose(descriptor)
            descriptor = -1
        }
        if sync && fsync(descriptor) != 0 { throw OutputError.system("write", displayPath, errno: errno) }
    }
}

#if canImport(Glibc)
private let systemClose = Glibc.close
#elseif canImport(Darwin)
private let systemClose = Darwin.close
#endif
