import Exhibit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("malloc_trim")
private func probeMallocTrim(_ pad: Int) -> Int32

/// Resident memory of this process (after handing free heap pages back), anonymous and
/// file-backed, in MiB.
private func resident() -> String {
    _ = probeMallocTrim(0)
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "?" }
    func field(_ name: String) -> Double {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }
    return String(format: "%.0f MiB resident (%.0f anonymous, %.0f file-backed)", field("VmRSS"), field("RssAnon"), field("RssFile"))
}

/// `exhibit-bench memory DB`: what the published gallery of a database holds in memory, part
/// by part, and the resident memory after loading it and after preparing each kind of file.
func probeMemory(database: String) {
    print("start: \(resident())")
    let (gallery, _, seconds) = loadGallery(database: database)
    print("loaded \(gallery.images.count) published images in \(seconds): \(resident())")
    let footprint = gallery.footprint
    func line(_ name: String, _ bytes: Int) {
        let padded = name.count < 46 ? name + String(repeating: " ", count: 46 - name.count) : name
        print(padded + String(format: " %8.1f MiB  %6.1f bytes per image", Double(bytes) / 1_048_576,
                              Double(bytes) / Double(max(1, gallery.images.count))))
    }
    for part in footprint.parts { line("  " + part.name, part.bytes) }
    line("  total", footprint.total)
    let theme = try! Theme.load(overridesDirectory: nil)
    let site = SiteRenderer(gallery: gallery, config: SiteConfig(), theme: theme)
    print("pages prepared: \(resident())")
    let feeds = FeedSource(gallery: gallery, config: SiteConfig(), language: theme.language)
    print("feeds prepared: \(resident())")
    let search = SearchIndexSource(gallery: gallery, config: SiteConfig())
    print("search index built: \(resident())")
    withExtendedLifetime((site, feeds, search)) {}
}
