import Exhibit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("malloc_trim")
private func probeMallocTrim(_ pad: Int) -> Int32

func residentMiB() -> Double {
    _ = probeMallocTrim(0)
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let parts = text.split(separator: " ")
    return Double(parts[1])! * 4096 / 1048576
}

func probeMemory(arguments: [String]) {
    let base = residentMiB()
    print("start: \(base) MiB")
    let (gallery, _, seconds) = loadGallery(arguments: arguments, subcommand: "memory")
    print("loaded in \(seconds): \(residentMiB()) MiB; images \(gallery.images.count), comments \(gallery.comments.count), likes \(gallery.likes.likeCount)")
    let theme = try! Theme.load(overridesDirectory: nil)
    let site = SiteRenderer(gallery: gallery, config: SiteConfig(), theme: theme)
    print("site renderer: \(residentMiB()) MiB")
    let feeds = FeedSource(gallery: gallery, config: SiteConfig())
    print("feeds: \(residentMiB()) MiB")
    let search = SearchIndexSource(gallery: gallery, config: SiteConfig())
    print("search: \(residentMiB()) MiB")
    withExtendedLifetime((site, feeds, search)) {}
}
