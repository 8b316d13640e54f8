import Foundation
import Testing
@testable import Exhibit

@Suite struct FeedJSONTests {
    private func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func jsonFeedIsValidJSONFeed11WithTheSameItems() throws {
        let source = FeedSource(gallery: FeedFixture.gallery(), config: FeedFixture.config())
        let feed = try object(try FeedFixture.render(source, path: "feed.json"))
        #expect(feed["version"] as? String == "https://jsonfeed.org/version/1.1")
        #expect(feed["title"] as? String == "Hostile <Gallery> & ]]>")
        #expect(feed["home_page_url"] as? String == "https://example.org/gallery/")
        #expect(feed["feed_url"] as? String == "https://example.org/gallery/feed.json")
        #expect(feed["language"] as? String == "en")
        let items = try #require(feed["items"] as? [[String: Any]])
        #expect(items.compactMap { $0["id"] as? String } == ["img-e", "img-b", "img-c", "img-d", "img-a"].map { "https://example.org/gallery/images/\($0)/" })
        for item in items {
            for key in ["id", "url", "title", "content_html", "image", "date_published"] {
                #expect((item[key] as? String)?.isEmpty == false, "missing \(key)")
            }
            let authors = try #require(item["authors"] as? [[String: Any]])
            #expect(authors.count == 1 && authors[0]["name"] is String)
            #expect((item["date_published"] as? String).map(AtomRules.isRFC3339) == true)
        }
        let first = items[0]
        #expect(first["image"] as? String == "https://cdn.example/e.JPG?w=1&h=2")
        #expect(first["summary"] as? String == "</description>]]><script>alert(1)</script> Sunset over the bay & \"more\"\nSecond line")
        #expect(first["tags"] as? [String] == ["</category>]]><script>", "Café, au lait"])
        #expect((first["content_html"] as? String)?.contains("&lt;script&gt;") == true)
        #expect((first["content_html"] as? String)?.contains("<script") == false)
        #expect(items[1]["title"] as? String == "Photo by Ana <b>&</b> ]]> ")
        #expect(items[1]["tags"] as? [String] == ["Café, au lait"])
        #expect(items[4]["tags"] as? [String] == ["🌅"])
    }

    @Test func userJSONFeedHasAuthorAndIcon() throws {
        let source = FeedSource(gallery: FeedFixture.gallery(), config: FeedFixture.config { $0.listFeedFormats = [.json] })
        let feed = try object(try FeedFixture.render(source, path: "users/user_a/feed.json"))
        #expect(feed["icon"] as? String == "https://img.example/avatar.png?size=64&v=2")
        let authors = try #require(feed["authors"] as? [[String: Any]])
        #expect(authors.first?["name"] as? String == "Ana <b>&</b> ]]> ")
        #expect(authors.first?["avatar"] as? String == "https://img.example/avatar.png?size=64&v=2")
        #expect((feed["items"] as? [Any])?.count == 3)
    }

    @Test func everyJSONFeedParses() throws {
        let source = FeedSource(gallery: FeedFixture.gallery(), config: FeedFixture.config { $0.listFeedFormats = [.json] })
        for (path, bytes) in try FeedFixture.render(source) where path.hasSuffix(".json") {
            let feed = try object(bytes)
            #expect((feed["items"] as? [Any])?.isEmpty == false, "\(path)")
        }
    }
}
