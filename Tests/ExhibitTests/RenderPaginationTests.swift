import Testing
@testable import Exhibit

@Suite struct RenderPaginationTests {
    /// The chronological items (0 = oldest) shown on page `page` of a list of `n`.
    func items(_ pagination: ChronologicalPagination, _ page: Int) -> [Int] {
        let n = pagination.count
        return pagination.range(ofPage: page).map { n - 1 - $0 }
    }

    @Test(arguments: [0, 1, 4, 5, 6, 9, 10, 11, 53])
    func everyItemIsOnExactlyOnePage(n: Int) {
        let p = ChronologicalPagination(count: n, pageSize: 5)
        var seen = [Int]()
        for page in 0 ..< p.pageCount { seen += items(p, page) }
        #expect(seen.sorted() == Array(0 ..< n))
        #expect(Set(seen).count == n)
    }

    @Test func pageCountsFollowTheDocumentedFormula() {
        let size = 5
        // n: (archive pages F, first page size)
        let expected: [Int: (Int, Int)] = [0: (0, 0), 1: (0, 1), 4: (0, 4), 5: (0, 5), 6: (0, 6), 9: (0, 9),
                                           10: (1, 5), 11: (1, 6), 53: (9, 8)]
        for (n, (archive, first)) in expected {
            let p = ChronologicalPagination(count: n, pageSize: size)
            #expect(p.archivePageCount == archive, "n=\(n)")
            #expect(p.firstPageRange.count == first, "n=\(n)")
            if n >= size { #expect(first >= size && first <= 2 * size - 1, "n=\(n)") }
        }
    }

    @Test func archivePageKHoldsTheKthOldestBlock() {
        let p = ChronologicalPagination(count: 53, pageSize: 5)
        for k in 1 ... p.archivePageCount {
            #expect(items(p, k) == Array(((k - 1) * 5 ..< k * 5).reversed()), "archive \(k) is shown newest first")
        }
        #expect(items(p, 0) == Array((45 ..< 53).reversed()))
    }

    @Test func navigationRunsFromTheFirstPageDownToArchiveOne() {
        let p = ChronologicalPagination(count: 23, pageSize: 5) // F = 3
        #expect(p.newer(than: 0) == nil)
        #expect(p.older(than: 0) == 3)
        #expect(p.newer(than: 3) == 0)
        #expect(p.older(than: 3) == 2)
        #expect(p.newer(than: 2) == 3)
        #expect(p.older(than: 1) == nil)
        let single = ChronologicalPagination(count: 7, pageSize: 5)
        #expect(single.older(than: 0) == nil)
        #expect(single.pageCount == 1)
    }

    struct PageState: Equatable { let items: [Int]; let newer: Int?; let older: Int? }

    func states(_ n: Int, _ size: Int) -> [Int: PageState] {
        let p = ChronologicalPagination(count: n, pageSize: size)
        var result: [Int: PageState] = [:]
        for page in 0 ..< p.pageCount {
            result[page] = PageState(items: items(p, page), newer: p.newer(than: page), older: p.older(than: page))
        }
        return result
    }

    /// Adding one image rewrites the first page only; at a multiple of P it also creates one archive
    /// page and rewrites the archive page before it (its "Newer" link). No other page changes.
    @Test func addingAnImageChangesOnlyTheFirstPageAndAtBoundariesOneNeighbour() {
        let size = 4
        for n in 0 ... (10 * size + 3) {
            let before = states(n, size)
            let after = states(n + 1, size)
            let oldF = ChronologicalPagination(count: n, pageSize: size).archivePageCount
            let newF = ChronologicalPagination(count: n + 1, pageSize: size).archivePageCount
            var changed = Set<Int>()
            for (page, state) in after where before[page] != state { changed.insert(page) }
            #expect(Set(before.keys).isSubset(of: Set(after.keys)), "no page disappears (n=\(n))")
            if newF == oldF {
                #expect(changed == [0], "n=\(n)")
            } else {
                #expect(newF == oldF + 1)
                var allowed: Set<Int> = [0, newF]
                if oldF >= 1 { allowed.insert(oldF) }
                #expect(changed == allowed, "n=\(n)")
                // The archive page before keeps its images; only its navigation changed.
                if oldF >= 1 { #expect(after[oldF]!.items == before[oldF]!.items) }
            }
        }
    }

    @Test(arguments: [0, 1, 47, 48, 49, 95, 96, 97, 483])
    func defaultPageSizeKeepsFirstPageBetweenPAnd2PMinus1(n: Int) {
        let p = ChronologicalPagination(count: n, pageSize: 48)
        let first = p.firstPageRange.count
        #expect(first == (n < 48 ? n : n - p.archivePageCount * 48))
        if n >= 48 { #expect((48 ... 95).contains(first)) }
    }

    @Test func forwardPagesCoverTheListInStoredOrder() {
        let p = ForwardPagination(count: 11, pageSize: 5)
        #expect(p.pageCount == 3)
        #expect(p.range(ofPage: 1) == 0 ..< 5)
        #expect(p.range(ofPage: 3) == 10 ..< 11)
        #expect(p.previous(of: 1) == nil && p.next(of: 3) == nil && p.next(of: 2) == 3)
        #expect(ForwardPagination(count: 0, pageSize: 5).pageCount == 1)
        #expect(ForwardPagination(count: 0, pageSize: 5).range(ofPage: 1).isEmpty)
    }
}
