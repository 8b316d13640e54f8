import Exhibit
#if canImport(Glibc)
import Glibc
#endif

/// `exhibit-bench search DB [QUERY…]`: the search index of a real database (e.g. from
/// `exhibit demo-db`): size, files, build time, and the bytes a browser downloads per query.
func benchmarkSearch(database: String, queries: [String]?) {
    let (gallery, database, loadTime) = loadGallery(database: database)
    print("loaded \(database) in \(loadTime)")
    do {
        print(try SearchBenchmark.run(gallery: gallery, config: SiteConfig(), queries: queries))
    } catch {
        print("error: \(error)")
        exit(1)
    }
}
