import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Exhibit

@Suite struct RenderSitemapTests {
    /// True when `text` parses as a well-formed XML document.
    func wellFormed(_ text: String) -> Bool {
        XMLParser(data: Data(text.utf8)).parse()
    }

    func locs(_ xml: String) -> [String] {
        xml.components(separatedBy: "<loc>").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }

    func htmlPageURLs(_ renderer: SiteRenderer) -> Set<String> {
        var urls = Set<String>()
        for index in 0 ..< renderer.count {
            let path = renderer.path(index)
            guard path.hasSuffix("index.html"), path != "search/index.html" else { continue }
            urls.insert("https://example.org/gallery/" + path.dropLast("index.html".count))
        }
        return urls
    }

    @Test func smallSitesHaveOneSitemapListingEveryPage() throws {
        let renderer = try RenderFixture.renderer(RenderFixture.gallery(imageCount: 7), RenderFixture.config())
        let files = try RenderFixture.renderAll(renderer)
        let sitemap = try #require(files["sitemap.xml"])
        #expect(sitemap.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"))
        let listed = locs(sitemap)
        #expect(Set(listed) == htmlPageURLs(renderer))
        #expect(listed.count == Set(listed).count)
        #expect(sitemap.contains("<url><loc>https://example.org/gallery/images/img6/</loc><lastmod>\(Timestamp(secondsSince1970: 1_700_000_000 - 6 * 3600).isoDate)</lastmod></url>"))
        #expect(!files.keys.contains { $0.hasPrefix("sitemaps/") })
        #expect(files["robots.txt"] == "User-agent: *\nAllow: /\n\nSitemap: https://example.org/gallery/sitemap.xml\n")
        #expect(wellFormed(sitemap))
    }

    @Test func pastTheLimitTheSitemapBecomesAnIndexOfChunks() throws {
        let limit = 4
        let renderer = try RenderFixture.renderer(RenderFixture.gallery(imageCount: 10), RenderFixture.config(), sitemapLimit: limit)
        let files = try RenderFixture.renderAll(renderer)
        let index = try #require(files["sitemap.xml"])
        #expect(index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"))
        let chunkURLs = locs(index)
        #expect(chunkURLs.first == "https://example.org/gallery/sitemaps/1.xml")
        var listed = [String]()
        for (number, url) in chunkURLs.enumerated() {
            #expect(url == "https://example.org/gallery/sitemaps/\(number + 1).xml")
            let chunk = try #require(files["sitemaps/\(number + 1).xml"])
            #expect(wellFormed(chunk))
            let urls = locs(chunk)
            #expect(!urls.isEmpty && urls.count <= limit)
            listed += urls
        }
        #expect(listed.count == Set(listed).count)
        #expect(Set(listed) == htmlPageURLs(renderer))
        // Image pages come first, oldest first.
        #expect(Array(listed.prefix(10)) == (0 ..< 10).reversed().map { "https://example.org/gallery/images/img\($0)/" })
    }

    @Test func exactlyAtTheLimitThereIsOneFile() throws {
        let probe = try RenderFixture.renderer(RenderFixture.gallery(imageCount: 5), RenderFixture.config())
        let total = htmlPageURLs(probe).count
        let atLimit = try RenderFixture.renderAll(try RenderFixture.renderer(RenderFixture.gallery(imageCount: 5), RenderFixture.config(), sitemapLimit: total))
        #expect(atLimit["sitemap.xml"]!.contains("<urlset"))
        let past = try RenderFixture.renderAll(try RenderFixture.renderer(RenderFixture.gallery(imageCount: 5), RenderFixture.config(), sitemapLimit: total - 1))
        #expect(past["sitemap.xml"]!.contains("<sitemapindex"))
    }

    /// New images are newer than every other, so older image chunks never change.
    @Test func addingAnImageTouchesOnlyTheLastImageChunk() throws {
        func newest(_ count: Int) -> Gallery {
            // Name and date images from the oldest, so that old images keep both whatever the count.
            var gallery = RenderFixture.gallery(imageCount: count)
            var images = Array(gallery.images)
            for index in images.indices {
                let age = count - 1 - index
                images[index].id = "old\(age)"
                images[index].pathSegment = "old\(age)"
                images[index].createdAt = Timestamp(secondsSince1970: 1_700_000_000 + Int64(age) * 3600)
            }
            gallery.replaceImages(images)
            return gallery
        }
        let before = try RenderFixture.renderAll(try RenderFixture.renderer(newest(9), RenderFixture.config(), sitemapLimit: 4))
        let after = try RenderFixture.renderAll(try RenderFixture.renderer(newest(10), RenderFixture.config(), sitemapLimit: 4))
        #expect(before["sitemaps/1.xml"] == after["sitemaps/1.xml"])
        #expect(before["sitemaps/2.xml"] == after["sitemaps/2.xml"])
        #expect(before["sitemaps/3.xml"] != after["sitemaps/3.xml"])
    }
}
