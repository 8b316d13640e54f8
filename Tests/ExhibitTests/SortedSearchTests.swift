import Testing
@testable import Exhibit

/// `partitioningIndex(where:)`, the library's one binary search, finds what a linear scan finds.
@Suite struct SortedSearchTests {
    @Test func partitioningIndexIsTheFirstElementInTheSecondPart() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0 ..< 500 {
            let sorted = (0 ..< next(40)).map { _ in next(20) }.sorted()
            for value in -1 ... 21 {
                let lower = sorted.firstIndex { $0 >= value } ?? sorted.endIndex
                let upper = sorted.firstIndex { $0 > value } ?? sorted.endIndex
                #expect(sorted.partitioningIndex { $0 >= value } == lower, "\(sorted) lower bound of \(value)")
                #expect(sorted.partitioningIndex { $0 > value } == upper, "\(sorted) upper bound of \(value)")
            }
        }
    }

    @Test func emptyCollectionsAndNoMatchGiveTheEndIndex() {
        #expect([Int]().partitioningIndex { _ in true } == 0)
        #expect([1, 2, 3].partitioningIndex { $0 > 3 } == 3)
        #expect([1, 2, 3].partitioningIndex { $0 > 0 } == 0)
    }

    @Test func slicesAnswerInTheIndicesOfTheirBase() {
        let values = [1, 3, 5, 7, 9, 11]
        #expect(values[2 ..< 5].partitioningIndex { $0 >= 8 } == 4)
        #expect(values[2 ..< 5].partitioningIndex { $0 >= 100 } == 5)
        #expect(values[2 ..< 2].partitioningIndex { $0 >= 0 } == 2)
    }
}
