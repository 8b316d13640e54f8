/// Binary search over sorted (partitioned) collections: the one place the library halves a range.
extension RandomAccessCollection {
    /// The first index whose element satisfies `isInSecondPart`, or `endIndex` when none does.
    ///
    /// The collection must be partitioned by the predicate: every element that fails it comes
    /// before every element that satisfies it (a sorted array and `{ $0 >= value }` gives the
    /// lower bound of `value`, `{ $0 > value }` its upper bound). O(log n) calls of the predicate.
    @inlinable
    package func partitioningIndex(where isInSecondPart: (Element) throws -> Bool) rethrows -> Index {
        var low = startIndex
        var remaining = count
        while remaining > 0 {
            let half = remaining / 2
            let middle = index(low, offsetBy: half)
            if try isInSecondPart(self[middle]) {
                remaining = half
            } else {
                low = index(after: middle)
                remaining -= half + 1
            }
        }
        return low
    }
}
