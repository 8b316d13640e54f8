/// The list of files Exhibit wrote in the previous build, kept in the output folder as
/// `.exhibit-manifest`: for each file its path, size, modification time and content hash.
///
/// Binary, little-endian, compact and parsed by hand so a million entries load in a blink:
///
///     "EXHMAN01"  u64 seed  u64 count
///     count × ( u16 pathLength, path bytes (UTF-8), u64 size, i64 mtime ns, u64 xxh64(seed) )
///     u64 xxh64(everything before, seed 0)
///
/// Entries are sorted by path bytes, strictly ascending. A manifest that fails any check is
/// ignored as a whole (then nothing is pruned and files are compared by content).
final class OutputManifest: @unchecked Sendable {
    static let magic: [UInt8] = Array("EXHMAN01".utf8)

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

    var count: Int { sizes.count }

    init(seed: UInt64) {
        self.seed = seed
        buildTable()
    }

    /// Parses a manifest; nil when it is not one or fails its checks.
    init?(bytes: [UInt8]) {
        let parsed: (UInt64, Bool)? = bytes.withUnsafeBytes { raw -> (UInt64, Bool)? in
            guard raw.count >= 32, raw.prefix(8).elementsEqual(OutputManifest.magic) else { return nil }
            let body = UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 8)])
            let check = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self))
            guard XXHash64.hash(body, seed: 0) == check else { return nil }
            return (UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)), true)
        }
        guard let (seed, _) = parsed else { return nil }
        self.seed = seed
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            let end = raw.count - 8
            let count = Int(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
            guard count >= 0, count <= end / 27 else { return false }
            var offset = 24
            paths.reserveCapacity(max(0, end - 24 - count * 26))
            pathStart.reserveCapacity(count)
            pathLength.reserveCapacity(count)
            sizes.reserveCapacity(count)
            modified.reserveCapacity(count)
            hashes.reserveCapacity(count)
            for _ in 0..<count {
                guard offset + 2 <= end else { return false }
                let length = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
                offset += 2
                guard length > 0, offset + length + 24 <= end else { return false }
                let path = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)])
                guard let text = String(validating: path, as: UTF8.self), OutputPath.problem(text) == nil else { return false }
                if let last = pathStart.last {
                    let previous = paths.withUnsafeBytes {
                        UnsafeRawBufferPointer(rebasing: $0[Int(last)..<(Int(last) + Int(pathLength.last!))])
                    }
                    guard OutputManifest.compare(previous, path) < 0 else { return false }
                }
                pathStart.append(UInt32(paths.count))
                pathLength.append(UInt16(length))
                paths.append(contentsOf: path)
                offset += length
                sizes.append(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                modified.append(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: Int64.self)))
                hashes.append(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)))
                offset += 24
            }
            return offset == end && paths.count < Int(UInt32.max)
        }
        guard ok else { return nil }
        buildTable()
    }

    /// The path of entry `index`.
    func path(_ index: Int) -> String {
        paths.withUnsafeBytes { raw in
            let start = Int(pathStart[index])
            return String(decoding: raw[start..<(start + Int(pathLength[index]))], as: UTF8.self)
        }
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

    private func buildTable() {
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        tableMask = capacity - 1
        table = [Int32](repeating: -1, count: capacity)
        paths.withUnsafeBytes { blob in
            for index in 0..<count {
                let start = Int(pathStart[index])
                let key = UnsafeRawBufferPointer(rebasing: blob[start..<(start + Int(pathLength[index]))])
                var slot = Int(truncatingIfNeeded: XXHash64.hash(key)) & tableMask
                while table[slot] >= 0 { slot = (slot + 1) & tableMask }
                table[slot] = Int32(index)
            }
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

    /// Serialises entries given in path order (each path bytes, size, mtime, hash).
    struct Encoder {
        private(set) var bytes: [UInt8] = []
        private var count = 0

        init(seed: UInt64, capacity: Int) {
            bytes.reserveCapacity(capacity)
            bytes.append(contentsOf: OutputManifest.magic)
            append64(seed)
            append64(0)
        }

        private mutating func append64(_ value: UInt64) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }

        mutating func append(path: UnsafeRawBufferPointer, size: UInt64, modified: Int64, hash: UInt64) {
            withUnsafeBytes(of: UInt16(path.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: path)
            append64(size)
            append64(UInt64(bitPattern: modified))
            append64(hash)
            count += 1
        }

        /// The finished manifest, with its count and checksum.
        mutating func finish() -> [UInt8] {
            withUnsafeBytes(of: UInt64(count).littleEndian) { counted in
                for i in 0..<8 { bytes[16 + i] = counted[i] }
            }
            let check = bytes.withUnsafeBytes { XXHash64.hash($0, seed: 0) }
            append64(check)
            return bytes
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
