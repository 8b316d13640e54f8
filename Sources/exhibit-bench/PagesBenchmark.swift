import Exhibit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `exhibit-bench pages [IMAGES] [RELATED]`: renders every HTML page of a synthetic gallery with the default
/// theme, single-threaded; prints image pages/s, all files/s and MB/s.
func benchmarkPages(images imageCount: Int, related: Int?, language: String = "en") {
    let userCount = max(1, imageCount / 20)
    var users = (0 ..< userCount).map { index in
        PublishedUser(id: "user_\(index)", pathSegment: "user_\(index)", name: "Photographer \(index)",
                      avatarURL: index % 3 == 0 ? nil : "https://res.cloudinary.com/demo/image/upload/avatars/\(index).jpg",
                      bio: "Shooting light and streets since \(2000 + index % 20).", createdAt: Timestamp(secondsSince1970: 1_500_000_000))
    }
    var tags = (0 ..< 500).map { Term(name: "tag \($0)", slug: "tag-\($0)", images: []) }
    var themes = (0 ..< 20).map { Term(name: "Theme \($0)", slug: "theme-\($0)", images: []) }
    var images = [PublishedImage]()
    var comments = [PublishedComment]()
    images.reserveCapacity(imageCount)
    for index in 0 ..< imageCount {
        let owner = Int32(index % userCount)
        let tagList = [Int32(index % 500), Int32((index * 7 + 3) % 500)].reduce(into: [Int32]()) { if !$0.contains($1) { $0.append($1) } }
        let commentStart = Int32(comments.count)
        for c in 0 ..< index % 4 {
            comments.append(PublishedComment(id: "c\(index)-\(c)", author: Int32((index + c + 1) % userCount),
                                             content: "What a beautiful shot, the light is amazing! #\(c)",
                                             createdAt: Timestamp(secondsSince1970: 1_700_000_000 - Int64(index) * 60 + 30)))
        }
        images.append(PublishedImage(
            id: String(repeating: "0", count: 16) + String(index, radix: 16), pathSegment: "img\(index)", owner: owner,
            url: "https://res.cloudinary.com/demo/image/upload/v1/photos/\(index).jpg",
            description: "A quiet street at dusk, photographed from the old bridge, number \(index).",
            tags: tagList, theme: Int32(index % 20), createdAt: Timestamp(secondsSince1970: 1_700_000_000 - Int64(index) * 60),
            likeCount: Int32(index % 97), commentStart: commentStart, commentCount: Int32(comments.count) - commentStart))
        users[Int(owner)].images.append(Int32(index))
        for tag in tagList { tags[Int(tag)].images.append(Int32(index)) }
        themes[index % 20].images.append(Int32(index))
    }
    let gallery = Gallery(images: images, users: users, collections: [], tags: tags, themes: themes, comments: comments)
    let renderer: SiteRenderer
    do {
        var config = SiteConfig()
        config.language = language
        if let related { config.relatedImages = related }
        renderer = SiteRenderer(gallery: gallery, config: config, theme: try Theme.load(overridesDirectory: nil, language: language))
    } catch {
        print("theme: \(error)")
        exit(1)
    }
    var buffer = [UInt8]()
    buffer.reserveCapacity(1 << 16)
    var bytes = 0
    let start = monotonicSeconds()
    let startCPU = threadCPUSeconds()
    for index in 0 ..< imageCount {
        buffer.removeAll(keepingCapacity: true)
        try? renderer.render(index, into: &buffer)
        bytes += buffer.count
    }
    let imageSeconds = monotonicSeconds() - start
    let imageCPU = threadCPUSeconds() - startCPU
    for index in imageCount ..< renderer.count {
        buffer.removeAll(keepingCapacity: true)
        try? renderer.render(index, into: &buffer)
        bytes += buffer.count
    }
    let total = monotonicSeconds() - start
    let totalCPU = threadCPUSeconds() - startCPU
    print("images: \(imageCount), files: \(renderer.count)")
    print("image pages: \(Int(Double(imageCount) / imageCPU)) pages/s of thread CPU time (\(Int(Double(imageCount) / imageSeconds)) pages/s wall)")
    print("all files: \(Int(Double(renderer.count) / totalCPU)) files/s, \(Int(Double(bytes) / totalCPU / 1_000_000)) MB/s of thread CPU time; \(bytes / 1_000_000) MB in \(Int(total * 1000)) ms wall")
}
