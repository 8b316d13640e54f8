/// Up to four strings stored as one: their UTF-8 back to back, and where each ends.
///
/// A Swift string longer than 15 bytes is its own heap allocation with a 32-byte header, and a
/// 16-byte value wherever it is kept. The published model keeps millions of short strings (ids,
/// URLs, descriptions, comments); packing each record's strings into one allocation saves about
/// 130 bytes per image. Reading a part makes a new string (the copy is cheap next to rendering).
struct PackedText: Sendable, Equatable {
    private var storage: String
    /// UTF-8 offsets where parts 0, 1 and 2 end; part 3 ends where `storage` does.
    private var ends: (UInt32, UInt32, UInt32)

    init(_ part0: String, _ part1: String = "", _ part2: String = "", _ part3: String = "") {
        let counts = (part0.utf8.count, part1.utf8.count, part2.utf8.count, part3.utf8.count)
        var storage = ""
        storage.reserveCapacity(counts.0 + counts.1 + counts.2 + counts.3)
        storage += part0
        storage += part1
        storage += part2
        storage += part3
        // Texts come from one database row: SQLite caps each value at 1 GB, so three of them
        // stay below 4 GiB.
        let end0 = UInt32(counts.0), end1 = end0 + UInt32(counts.1), end2 = end1 + UInt32(counts.2)
        self.storage = storage
        self.ends = (end0, end1, end2)
    }

    /// Part `index` (0 ..< 4) as a new string.
    func part(_ index: Int) -> String {
        let (start, end) = bounds(index)
        if start == end { return "" }
        // Native strings are contiguous UTF-8; decoding a slice of them is a copy and a fast
        // validity scan (the slice starts and ends on a part boundary, so it is valid).
        return storage.utf8.withContiguousStorageIfAvailable {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(start) ..< Int(end)]), as: UTF8.self)
        } ?? String(storage[range(index)])
    }

    /// True when part `index` is empty (no string is made).
    func isEmpty(_ index: Int) -> Bool {
        let (start, end) = bounds(index)
        return start == end
    }

    /// Byte order of part `index` of two packed texts (no string is made).
    func partPrecedes(_ index: Int, _ other: PackedText) -> Bool {
        let (a, b) = (bounds(index), other.bounds(index))
        let utf8 = storage.utf8, otherUTF8 = other.storage.utf8
        return utf8.dropFirst(Int(a.0)).prefix(Int(a.1 - a.0))
            .lexicographicallyPrecedes(otherUTF8.dropFirst(Int(b.0)).prefix(Int(b.1 - b.0)))
    }

    private func range(_ index: Int) -> Range<String.Index> {
        let (start, end) = bounds(index)
        let utf8 = storage.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: Int(start))
        return from ..< utf8.index(from, offsetBy: Int(end - start))
    }

    private func bounds(_ index: Int) -> (UInt32, UInt32) {
        switch index {
        case 0: return (0, ends.0)
        case 1: return (ends.0, ends.1)
        case 2: return (ends.1, ends.2)
        default: return (ends.2, UInt32(storage.utf8.count))
        }
    }

    static func == (a: PackedText, b: PackedText) -> Bool {
        a.ends == b.ends && a.storage == b.storage
    }
}
