import Foundation

/// A string compared and hashed by its exact UTF-8 bytes.
///
/// Swift's `String` equality is Unicode canonical equivalence (`"é"` == `"e\u{301}"`); ids and
/// spellings must be compared exactly (docs/database.md), so dictionaries keyed by them use this.
struct ExactKey: Hashable {
    let text: String
    /// The hash of the bytes, computed once: a dictionary probe compares it before touching the
    /// string's storage, which saves a cache miss per probe in million-entry tables.
    private let bytesHash: Int

    init(_ text: String) {
        self.text = text
        var hasher = Hasher()
        var copy = text
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        bytesHash = hasher.finalize()
    }

    static func == (lhs: ExactKey, rhs: ExactKey) -> Bool {
        lhs.bytesHash == rhs.bytesHash && lhs.text.exactlyEquals(rhs.text)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(bytesHash)
    }
}

extension String {
    /// Byte-for-byte equality of the UTF-8 encodings (no Unicode equivalence).
    @inline(__always)
    func exactlyEquals(_ other: String) -> Bool {
        let count = utf8.count
        guard count == other.utf8.count else { return false }
        if count == 0 { return true }
        let fast = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in memcmp(a.baseAddress!, b.baseAddress!, count) == 0 }
        }
        if let fast, let result = fast { return result }
        return utf8.elementsEqual(other.utf8)
    }

    /// Byte order of the UTF-8 encodings (the order documented for ids, slugs and spellings).
    @inline(__always)
    func utf8Precedes(_ other: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b -> Bool in
                let common = Swift.min(a.count, b.count)
                if common > 0 {
                    let order = memcmp(a.baseAddress!, b.baseAddress!, common)
                    if order != 0 { return order < 0 }
                }
                return a.count < b.count
            }
        }
        if let fast, let result = fast { return result }
        return utf8.lexicographicallyPrecedes(other.utf8)
    }
}
