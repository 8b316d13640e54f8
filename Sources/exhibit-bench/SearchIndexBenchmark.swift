import Exhibit
#if canImport(Glibc)
import Glibc
#endif

/// `exhibit-bench search DB [QUERY…]`: the search index of a real database (e.g. from
/// `exhibit demo-db`): size, files, build time, and the bytes a browser downloads per query.
func benchmarkSearch(arguments: [String]) {
    guard let database = arguments.first else {
        print("usage: exhibit-bench search DATABASE [QUERY…]   (make one with: exhibit demo-db /tmp/g.sqlite --images 100000)")
        exit(2)
    }
    do {
        let clock = ContinuousClock()
        var loaded: (Gallery, GalleryAudit)!
        let loadTime = try clock.measure {
            loaded = try GalleryLoader.load(databasePath: database, options: LoadOptions(), diagnostics: DiagnosticLog())
        }
        print("loaded \(database) in \(loadTime)")
        let queries = arguments.count > 1 ? Array(arguments.dropFirst()) : nil
        print(try SearchBenchmark.run(gallery: loaded.0, config: SiteConfig(), queries: queries))
    } catch {
        print("error: \(error)")
        exit(1)
    }
}
