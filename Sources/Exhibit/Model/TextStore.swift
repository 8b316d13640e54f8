#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The texts of a gallery's images and comments — ids, path segments, URLs, descriptions,
/// comment texts — as UTF-8, back to back in one block of memory.
///
/// A million images as Swift strings cost a heap allocation, a 32-byte header and reference
/// counting per string; here they cost their bytes. Records (``ImageRecord``, ``CommentRecord``)
/// say where their texts start and how long they are.
///
/// Appended to while the database is read (one thread), then only read, by any number of
/// threads at once. ``bytes(_:_:)`` hands out pointers into the store without copying: they stay
/// valid as long as the store does (the ``Gallery`` that owns it), and must not be kept past it.
public final class TextStore: @unchecked Sendable {
    private var base: UnsafeMutableRawPointer?
    /// Bytes stored.
    public private(set) var count = 0
    private var capacity = 0

    /// A store with room for `capacity` bytes before it first grows.
    init(reservingCapacity capacity: Int = 0) {
        if capacity > 0 { grow(toAtLeast: capacity) }
    }

    deinit { free(base) }

    /// Appends `bytes` and returns where they start.
    @discardableResult
    func append(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let start = count
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return UInt64(start) }
        if count + bytes.count > capacity { grow(toAtLeast: count + bytes.count) }
        (base! + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
        return UInt64(start)
    }

    /// Appends the UTF-8 of `text` and returns where it starts.
    @discardableResult
    func append(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// The `length` bytes at `start`: valid while this store exists.
    @inline(__always)
    func bytes(_ start: UInt64, _ length: UInt32) -> UnsafeRawBufferPointer {
        guard length > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base! + Int(start), count: Int(length))
    }

    /// The `length` bytes at `start` as a string (a copy). The store holds valid UTF-8 only.
    func string(_ start: UInt64, _ length: UInt32) -> String {
        String(decoding: bytes(start, length), as: UTF8.self)
    }

    /// Grows by doubling. Large blocks are moved by `realloc` with `mremap` on Linux (no copy and
    /// no second copy held), and capacity never written is never resident.
    private func grow(toAtLeast needed: Int) {
        var newCapacity = max(capacity * 2, 64 * 1024)
        while newCapacity < needed { newCapacity *= 2 }
        guard let grown = realloc(base, newCapacity) else {
            fatalError("out of memory: cannot hold \(newCapacity) bytes of gallery text")
        }
        base = grown
        capacity = newCapacity
    }
}

extension UnsafeRawBufferPointer {
    /// The same bytes, typed (texts in a ``TextStore`` are bytes, and only ever read as such).
    @inline(__always)
    var uint8: UnsafeBufferPointer<UInt8> { assumingMemoryBound(to: UInt8.self) }

    /// The bytes as a string (a copy). For bytes known to be valid UTF-8.
    var utf8String: String { String(decoding: self, as: UTF8.self) }

    /// Byte-wise equality.
    @inline(__always)
    func bytesEqual(_ other: UnsafeRawBufferPointer) -> Bool {
        guard count == other.count else { return false }
        if count == 0 { return true }
        return memcmp(baseAddress!, other.baseAddress!, count) == 0
    }

    /// Byte order (a shorter prefix first).
    @inline(__always)
    func bytesPrecede(_ other: UnsafeRawBufferPointer) -> Bool {
        let common = Swift.min(count, other.count)
        if common > 0 {
            let order = memcmp(baseAddress!, other.baseAddress!, common)
            if order != 0 { return order < 0 }
        }
        return count < other.count
    }
}
