/// Sums scores per candidate image in a small open-addressing table: the per-call scratch of the
/// recommenders, sized by the caps on their work (never by the gallery). ``reset()`` empties it
/// in time proportional to what was added, so one table can serve many calls (see
/// ``ScoreScratch``).
///
/// The table lives in memory the accumulator owns, reached through raw pointers (no uniqueness
/// or bounds checks in ``add(_:_:)``, the hot loop of the recommenders). It cannot be copied: a
/// copy would share the table.
struct ScoreAccumulator: ~Copyable {
    private let keys: UnsafeMutablePointer<Int32>
    private let values: UnsafeMutablePointer<Double>
    /// Table slot of each candidate, in the order they were first seen (deterministic: the
    /// callers' order is).
    private let slots: UnsafeMutablePointer<Int32>
    /// How many candidates the table holds.
    private(set) var count = 0
    private let size: Int
    private let mask: Int
    /// The capacity the table was sized for.
    let capacity: Int

    /// A table for up to `capacity` distinct candidates (more are ignored).
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = .allocate(capacity: size)
        keys.initialize(repeating: -1, count: size)
        values = .allocate(capacity: size)
        values.initialize(repeating: 0, count: size)
        slots = .allocate(capacity: size / 2)
        self.size = size
        mask = size - 1
        self.capacity = capacity
    }

    deinit {
        keys.deallocate()
        values.deallocate()
        slots.deallocate()
    }

    /// Forgets every candidate (only the slots used are cleared).
    mutating func reset() {
        for position in 0 ..< count { keys[Int(slots[position])] = -1 }
        count = 0
    }

    @inline(__always)
    private func slot(_ key: Int32) -> Int {
        var h = UInt32(bitPattern: key) &* 0x9E37_79B1
        h ^= h >> 15
        return Int(h) & mask
    }

    /// Adds `score` to candidate `key`.
    @inline(__always)
    mutating func add(_ key: Int32, _ score: Double) {
        var position = slot(key)
        while true {
            let existing = keys[position]
            if existing == key { values[position] += score; return }
            if existing < 0 {
                guard count * 2 < size else { return }
                keys[position] = key
                values[position] = score
                slots[count] = Int32(position)
                count += 1
                return
            }
            position = (position + 1) & mask
        }
    }

    /// The score of `key` (0 when never added).
    func score(_ key: Int32) -> Double {
        var position = slot(key)
        while true {
            let existing = keys[position]
            if existing == key { return values[position] }
            if existing < 0 { return 0 }
            position = (position + 1) & mask
        }
    }

    /// The `limit` best candidates accepted by `allowed`: score descending, ties by index
    /// ascending (newer image first).
    func best(_ limit: Int, where allowed: (Int32) -> Bool = { _ in true }) -> [Int] {
        guard limit > 0 else { return [] }
        var top: [(index: Int32, score: Double)] = []
        top.reserveCapacity(limit + 1)
        @inline(__always) func better(_ a: (index: Int32, score: Double), _ b: (index: Int32, score: Double)) -> Bool {
            a.score != b.score ? a.score > b.score : a.index < b.index
        }
        for position in 0 ..< count {
            let slot = Int(slots[position])
            let entry = (index: keys[slot], score: values[slot])
            if top.count == limit, !better(entry, top[limit - 1]) { continue }
            guard allowed(entry.index) else { continue }
            var position = top.count
            while position > 0 && better(entry, top[position - 1]) { position -= 1 }
            top.insert(entry, at: position)
            if top.count > limit { top.removeLast() }
        }
        return top.map { Int($0.index) }
    }
}

extension ArraySlice where Element == Int32 {
    /// Position of the first element greater than `value` (the slice is ascending), as an offset
    /// from `startIndex`.
    func countNotGreater(than value: Int32) -> Int {
        partitioningIndex { $0 > value } - startIndex
    }

    /// True when the ascending slice holds `value`.
    package func sortedContains(_ value: Int32) -> Bool {
        let offset = countNotGreater(than: value)
        return offset > 0 && self[startIndex + offset - 1] == value
    }
}
