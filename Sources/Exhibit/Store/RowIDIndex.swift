/// Rows by the exact bytes of their id, for ids kept in a ``TextStore``: an open-addressing table
/// of row numbers (4 bytes a slot), no string or dictionary entry per row. A million image ids
/// cost 8 MiB here instead of about 100 MiB as `[ExactKey: Int32]`.
struct RowIDIndex {
    /// Row numbers; -1 marks an empty slot.
    private var slots: [Int32]
    private var mask: Int
    private(set) var count = 0

    /// An index sized for about `expected` rows (it grows past that).
    init(expected: Int) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    /// Adds `row` under `key`, unless a row with the same key is already there: then returns that
    /// row and adds nothing. `id(row)` gives the key bytes of a row already added.
    mutating func insert(_ row: Int32, key: UnsafeRawBufferPointer, id: (Int32) -> UnsafeRawBufferPointer) -> Int32? {
        var slot = Self.hash(key) & mask
        while slots[slot] >= 0 {
            if id(slots[slot]).bytesEqual(key) { return slots[slot] }
            slot = (slot + 1) & mask
        }
        slots[slot] = row
        count += 1
        if count * 2 > slots.count { grow(id: id) }
        return nil
    }

    /// The row whose key is `key`, or nil.
    func find(_ key: UnsafeRawBufferPointer, id: (Int32) -> UnsafeRawBufferPointer) -> Int32? {
        var slot = Self.hash(key) & mask
        while slots[slot] >= 0 {
            if id(slots[slot]).bytesEqual(key) { return slots[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private mutating func grow(id: (Int32) -> UnsafeRawBufferPointer) {
        let rows = slots.filter { $0 >= 0 }
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for row in rows {
            var slot = Self.hash(id(row)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = row
        }
    }

    @inline(__always)
    private static func hash(_ key: UnsafeRawBufferPointer) -> Int {
        Int(truncatingIfNeeded: XXHash64.hash(key, seed: 0x9E37_79B9_7F4A_7C15))
    }
}
