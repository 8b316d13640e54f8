import Exhibit
#if canImport(Glibc)
import Glibc
#endif

/// The database named by a subcommand's first argument, loaded and timed; prints usage and exits
/// when it is missing, and the error when it cannot be read.
func loadGallery(arguments: [String], subcommand: String, extraUsage: String = "") -> (gallery: Gallery, database: String, seconds: Duration) {
    guard let database = arguments.first else {
        print("usage: exhibit-bench \(subcommand) DATABASE\(extraUsage)   (make one with: exhibit demo-db /tmp/g.sqlite --images 100000)")
        exit(2)
    }
    do {
        var gallery = Gallery()
        let seconds = try ContinuousClock().measure {
            gallery = try GalleryLoader.load(databasePath: database, options: LoadOptions(), diagnostics: DiagnosticLog()).0
        }
        return (gallery, database, seconds)
    } catch {
        print("error: \(error)")
        exit(1)
    }
}
