/// The "stable archive" numbering of a chronological list (home, user, tag, theme): docs/urls.md asks
/// that a page URL keeps showing the same images and that one new image rewrites few files.
///
/// For `count` items (newest first, as the gallery stores them) and `pageSize` P:
/// - archive pages are numbered from the OLDEST end: archive page k (1-based) holds the
///   chronological items `[(k−1)P, kP)` (item 0 is the oldest), shown newest first;
/// - there are `F = max(0, ⌊count/P⌋ − 1)` archive pages, at `{dir}page/{k}/`;
/// - the list's first page, `{dir}index.html`, holds the newest `count − F·P` items (between P and
///   2P−1 once `count ≥ P`, else all of them).
///
/// An archive page's content therefore never changes when images are added; a new image rewrites
/// the first page only, and at each multiple of P also creates one archive page and rewrites the
/// previous newest archive page (its "Newer" link now points to the new page).
package struct ChronologicalPagination: Sendable, Equatable {
    /// Items in the list.
    package let count: Int
    /// Nominal items per page (P ≥ 1).
    package let pageSize: Int

    package init(count: Int, pageSize: Int) {
        precondition(pageSize >= 1, "page size must be at least 1")
        self.count = max(0, count)
        self.pageSize = pageSize
    }

    /// F: how many archive pages the list has.
    @inline(__always)
    package var archivePageCount: Int { max(0, count / pageSize - 1) }

    /// Pages in all: the first page plus the archive pages.
    @inline(__always)
    package var pageCount: Int { 1 + archivePageCount }

    /// The positions (in the newest-first list) shown on the first page.
    package var firstPageRange: Range<Int> { 0 ..< (count - archivePageCount * pageSize) }

    /// The positions (in the newest-first list) shown on archive page `k` (1 ≤ k ≤ F).
    package func archiveRange(_ k: Int) -> Range<Int> {
        precondition(k >= 1 && k <= archivePageCount, "no archive page \(k)")
        return (count - k * pageSize) ..< (count - (k - 1) * pageSize)
    }

    /// The positions shown on page `number`: 0 for the first page, k for archive page k.
    package func range(ofPage number: Int) -> Range<Int> {
        number == 0 ? firstPageRange : archiveRange(number)
    }

    /// Where "Newer" leads from page `number` (0 = first page): nil on the first page, the first
    /// page from the newest archive page, else archive page `number + 1`.
    package func newer(than number: Int) -> Int? {
        if number == 0 { return nil }
        return number == archivePageCount ? 0 : number + 1
    }

    /// Where "Older" leads from page `number`: page F from the first page, `number − 1` from an
    /// archive page, nil from archive page 1 (or from a first page without archive).
    package func older(than number: Int) -> Int? {
        if number == 0 { return archivePageCount >= 1 ? archivePageCount : nil }
        return number > 1 ? number - 1 : nil
    }
}

/// Forward numbering for lists that are not chronological (a collection, in its stored order; the
/// collection, tag and theme indexes): page 1 is `{dir}index.html` with items `[0, P)`, page k ≥ 2
/// is `{dir}page/{k}/` with items `[(k−1)P, kP)`.
package struct ForwardPagination: Sendable, Equatable {
    package let count: Int
    package let pageSize: Int

    package init(count: Int, pageSize: Int) {
        precondition(pageSize >= 1, "page size must be at least 1")
        self.count = max(0, count)
        self.pageSize = pageSize
    }

    /// Pages in all (at least 1, an empty list still has its page).
    package var pageCount: Int { max(1, (count + pageSize - 1) / pageSize) }

    /// The positions shown on page `number` (1-based).
    package func range(ofPage number: Int) -> Range<Int> {
        precondition(number >= 1 && number <= pageCount, "no page \(number)")
        return min(count, (number - 1) * pageSize) ..< min(count, number * pageSize)
    }

    package func previous(of number: Int) -> Int? { number > 1 ? number - 1 : nil }
    package func next(of number: Int) -> Int? { number < pageCount ? number + 1 : nil }
}
