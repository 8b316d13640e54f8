import Exhibit
#if canImport(Glibc)
import Glibc
#endif

/// The gallery of `database`, loaded and timed; prints the error and exits when it cannot be read.
func loadGallery(database: String) -> (gallery: Gallery, database: String, seconds: Duration) {
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
