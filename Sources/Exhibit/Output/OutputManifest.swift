/// The list of files Exhibit wrote in the previous build, kept in the output folder as
/// `.exhibit-manifest`: for each file its path, size, modification time and content hash.
///
/// Binary, little-endian, compact, parsed by hand a block at a time:
///
///     "EXHMAN02"  u64 seed
///     count × ( u16 pathLength, path bytes (UTF-8), u64 size, i64 mtime ns, u64 xxh64(seed) )
///     u64 count   u64 xxh64(everything before, seed 0)
///
/// Entries are in the order the build wrote the files (the count comes last, so the writer
/// streams entries as files are written and never holds them). A path appears once. Version 1
/// manifests ("EXHMAN01": the count after the seed, entries sorted by path) are still read. A
/// manifest that fails any check is ignored as a whole (then nothing is pruned and files are
/// compared by content).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

package final class OutputManifest: @unchecked Sendable {
    static let magic: [UInt8] = Array("EXHMAN02".utf8)
    static let magicVersion1: [UInt8] = Array("EXHMAN01".utf8)

    /// The seed of the content hashes (random per output folder, kept from build to build).
    let seed: UInt64
    private(set) var paths: [UInt8] = []
    private(set) var pathStart: [UInt32] = []
    private(set) var pathLength: [UInt16] = []
    private(set) var sizes: [UInt64] = []
    private(set) var modified: [Int64] = []
    private(set) var hashes: [UInt64] = []
    private var table: [Int32] = []
    private var tableMask = 0

    /// Files listed.
    package var count: Int { sizes.count }

    init(seed: UInt64) {
        self.seed = seed
        buildTable()
    }

    /// Parses a manifest held in memory; nil when it is not one or fails its checks.
    convenience init?(bytes: [UInt8]) {
        var offset = 0
        self.init(size: bytes.count) { target in
            let count = min(target.count, bytes.count - offset)
            bytes.withUnsafeBytes { target.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
            offset += count
            return count
        }
    }

    /// Reads the manifest `name` in `directory` a block at a time (a million-file manifest is
    /// never held whole); nil when it is missing, not one, or fails its checks.
    package static func read(_ directory: Int32, _ name: String) -> OutputManifest? {
        let descriptor = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard let info = OutputFileSystem.status(of: descriptor), info.isRegular else { return nil }
        return OutputManifest(size: Int(info.size)) { OutputFileSystem.readSome(descriptor, into: $0) }
    }

    /// Parses `size` bytes that `read` delivers in pieces (it fills what it can of its buffer and
    /// returns the count, 0 at the end, negative on error). The checksum is computed as the bytes
    /// go by; a manifest that fails any check is nil.
    private init?(size: Int, read: @escaping (UnsafeMutableRawBufferPointer) -> Int) {
        guard size >= 32 else { return nil }
        var input = ChunkedInput(bodySize: size - 8, read: read)
        guard let head = input.take(16) else { return nil }
        let version1 = head.prefix(8).elementsEqual(OutputManifest.magicVersion1)
        guard version1 || head.prefix(8).elementsEqual(OutputManifest.magic) else { return nil }
        seed = UInt64(littleEndian: head.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        var announced: Int?
        if version1 {
            guard let counted = input.take(8) else { return nil }
            announced = Int(UInt64(littleEndian: counted.loadUnaligned(as: UInt64.self)))
        }
        // Entries up to the end of the body (version 2: up to its last 8 bytes, the count).
        let entriesEnd = version1 ? size - 8 : size - 16
        guard (announced ?? 0) >= 0, (announced ?? 0) <= (size - 32) / 27 else { return nil }
        let expected = announced ?? (size - 32) / 40
        paths.reserveCapacity(max(0, size - 32 - expected * 26))
        pathStart.reserveCapacity(expected)
        pathLength.reserveCapacity(expected)
        sizes.reserveCapacity(expected)
        modified.reserveCapacity(expected)
        hashes.reserveCapacity(expected)
        while input.offset < entriesEnd {
            guard let lengthBytes = input.take(2) else { return nil }
            let length = Int(UInt16(littleEndian: lengthBytes.loadUnaligned(as: UInt16.self)))
            guard length > 0, let path = input.take(length) else { return nil }
            guard let text = String(validating: path, as: UTF8.self), OutputPath.problem(text) == nil else { return nil }
            if version1, let last = pathStart.last {
                let previous = paths.withUnsafeBytes {
                    UnsafeRawBufferPointer(rebasing: $0[Int(last)..<(Int(last) + Int(pathLength.last!))])
                }
                guard OutputManifest.compare(previous, path) < 0 else { return nil }
            }
            pathStart.append(UInt32(paths.count))
            pathLength.append(UInt16(length))
            paths.append(contentsOf: path)
            guard let numbers = input.take(24) else { return nil }
            sizes.append(UInt64(littleEndian: numbers.loadUnaligned(fromByteOffset: 0, as: UInt64.self)))
            modified.append(Int64(littleEndian: numbers.loadUnaligned(fromByteOffset: 8, as: Int64.self)))
            hashes.append(UInt64(littleEndian: numbers.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
        }
        guard input.offset == entriesEnd else { return nil }
        if !version1 {
            guard let counted = input.take(8) else { return nil }
            announced = Int(UInt64(littleEndian: counted.loadUnaligned(as: UInt64.self)))
        }
        guard announced == sizes.count, input.atBodyEnd, let checksum = input.takeTrailer(),
              UInt64(littleEndian: checksum.loadUnaligned(as: UInt64.self)) == input.bodyHash,
              paths.count < Int(UInt32.max) else { return nil }
        // A path listed twice is damage (the table below would hide one of them).
        guard buildTable() else { return nil }
    }

    /// The path of entry `index`.
    func path(_ index: Int) -> String {
        paths.withUnsafeBytes { raw in
            let start = Int(pathStart[index])
            return String(decoding: raw[start..<(start + Int(pathLength[index]))], as: UTF8.self)
        }
    }

    /// Entry indices in the byte order of their paths.
    func indicesInPathOrder() -> [Int32] {
        var order = (0 ..< Int32(count)).map { $0 }
        paths.withUnsafeBytes { blob in
            pathStart.withUnsafeBufferPointer { starts in
                pathLength.withUnsafeBufferPointer { lengths in
                    func path(_ index: Int32) -> UnsafeRawBufferPointer {
                        let start = Int(starts[Int(index)])
                        return UnsafeRawBufferPointer(rebasing: blob[start ..< start + Int(lengths[Int(index)])])
                    }
                    order.sort { OutputManifest.compare(path($0), path($1)) < 0 }
                }
            }
        }
        return order
    }

    /// The index of the entry for `path`, if the previous build wrote it.
    func find(_ path: String) -> Int? {
        if table.isEmpty { return nil }
        var copy = path
        return copy.withUTF8 { key -> Int? in
            let raw = UnsafeRawBufferPointer(key)
            var slot = Int(truncatingIfNeeded: XXHash64.hash(raw)) & tableMask
            return table.withUnsafeBufferPointer { table in
                paths.withUnsafeBytes { blob in
                    while true {
                        let candidate = Int(table[slot])
                        if candidate < 0 { return nil }
                        let length = Int(pathLength[candidate])
                        if length == raw.count {
                            let start = Int(pathStart[candidate])
                            if memcmp(blob.baseAddress! + start, raw.baseAddress!, length) == 0 { return candidate }
                        }
                        slot = (slot + 1) & tableMask
                    }
                }
            }
        }
    }

    /// Builds the lookup table; false when a path is listed twice.
    @discardableResult
    private func buildTable() -> Bool {
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        tableMask = capacity - 1
        table = [Int32](repeating: -1, count: capacity)
        return paths.withUnsafeBytes { blob in
            for index in 0..<count {
                let start = Int(pathStart[index])
                let key = UnsafeRawBufferPointer(rebasing: blob[start..<(start + Int(pathLength[index]))])
                var slot = Int(truncatingIfNeeded: XXHash64.hash(key)) & tableMask
                while table[slot] >= 0 {
                    let other = Int(table[slot])
                    let otherStart = Int(pathStart[other])
                    if OutputManifest.compare(key, UnsafeRawBufferPointer(rebasing: blob[otherStart..<(otherStart + Int(pathLength[other]))])) == 0 {
                        return false
                    }
                    slot = (slot + 1) & tableMask
                }
                table[slot] = Int32(index)
            }
            return true
        }
    }

    /// Byte-wise order of two paths (shorter first on a common prefix).
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0 {
            let result = memcmp(a.baseAddress!, b.baseAddress!, common)
            if result != 0 { return Int(result) }
        }
        return a.count - b.count
    }

    /// Writes a manifest into a file as entries come (in any order): the writer's draft in the
    /// staging folder, one entry per file as the build writes it.
    struct Writer {
        private let file: BlockFile
        private(set) var count = 0

        init(_ file: BlockFile, seed: UInt64) throws {
            self.file = file
            try OutputManifest.magic.withUnsafeBytes { try file.append($0) }
            try file.append64(seed)
        }

        mutating func append(path: UnsafeRawBufferPointer, size: UInt64, modified: Int64, hash: UInt64) throws {
            try withUnsafeBytes(of: UInt16(path.count).littleEndian) { try file.append($0) }
            try file.append(path)
            try file.append64(size)
            try file.append64(UInt64(bitPattern: modified))
            try file.append64(hash)
            count += 1
        }

        /// Ends the manifest with its count and checksum, and closes the file.
        func finish(sync: Bool) throws {
            try file.append64(UInt64(count))
            try file.append64(try file.finishHash())
            try file.close(sync: sync)
        }
    }

    /// A manifest in memory, for tests: `entries` in the given order.
    static func encode(seed: UInt64, entries: [(path: String, size: UInt64, modified: Int64, hash: UInt64)]) -> [UInt8] {
        var bytes = magic
        func append64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        append64(seed)
        for entry in entries {
            withUnsafeBytes(of: UInt16(entry.path.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: entry.path.utf8)
            append64(entry.size)
            append64(UInt64(bitPattern: entry.modified))
            append64(entry.hash)
        }
        append64(UInt64(entries.count))
        append64(bytes.withUnsafeBytes { XXHash64.hash($0, seed: 0) })
        return bytes
    }
}

/// Bytes from a reader in blocks of 1 MiB, handed out in small pieces: the body (everything
/// before the 8-byte checksum) is hashed as it is taken.
private struct ChunkedInput {
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var start = 0
    private var end = 0
    private var taken = 0
    let bodySize: Int
    private var hasher = XXHash64.Stream(seed: 0)
    private let read: (UnsafeMutableRawBufferPointer) -> Int

    init(bodySize: Int, read: @escaping (UnsafeMutableRawBufferPointer) -> Int) {
        self.bodySize = bodySize
        self.read = read
    }

    var atBodyEnd: Bool { taken == bodySize }
    /// Bytes of the body taken so far.
    var offset: Int { taken }
    var bodyHash: UInt64 { hasher.finish() }

    /// The next `count` bytes of the body (valid until the next call), or nil past its end or on
    /// a read error.
    mutating func take(_ count: Int) -> UnsafeRawBufferPointer? {
        guard taken + count <= bodySize, fill(count) else { return nil }
        let piece = buffer.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[start ..< start + count]) }
        hasher.update(piece)
        start += count
        taken += count
        return piece
    }

    /// The 8 bytes after the body.
    mutating func takeTrailer() -> UnsafeRawBufferPointer? {
        guard taken == bodySize, fill(8) else { return nil }
        let piece = buffer.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[start ..< start + 8]) }
        start += 8
        return piece
    }

    /// Makes `count` bytes available from `start`, reading more as needed.
    private mutating func fill(_ count: Int) -> Bool {
        if end - start >= count { return true }
        if start > 0 {
            buffer.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: $0.baseAddress! + start, byteCount: end - start) }
            end -= start
            start = 0
        }
        if count > buffer.count { buffer.append(contentsOf: repeatElement(0, count: count - buffer.count)) }
        while end < count {
            let got = buffer.withUnsafeMutableBytes { read(UnsafeMutableRawBufferPointer(rebasing: $0[end...])) }
            if got <= 0 { return false }
            end += got
        }
        return true
    }
}

