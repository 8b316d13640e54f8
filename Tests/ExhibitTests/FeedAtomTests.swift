import Foundation
import Testing
@testable import Exhibit

/// The RFC 4287 rules Exhibit's Atom feeds must follow, checked on a libxml2 tree. Returns one
/// message per violation (empty when the feed conforms).
enum AtomRules {
    static let atom = "http://www.w3.org/2005/Atom"

    static func violations(_ tree: XMLTree) -> [String] {
        var problems: [String] = []
        let feed = tree.root
        guard feed.name == "feed", feed.namespaceURI == atom else { return ["root is not atom:feed"] }
        if feed.attribute("lang", namespace: "http://www.w3.org/XML/1998/namespace")?.isEmpty != false {
            problems.append("feed: no xml:lang")
        }
        problems += common(feed, "feed", required: ["id", "title", "updated"], optionalSingle: ["subtitle", "logo", "icon", "rights", "generator"])
        let links = feed.children("link", namespace: atom)
        if links.filter({ $0.attribute("rel") == "self" }).count != 1 { problems.append("feed: needs exactly one link rel=self") }
        problems += alternateLinkRule(links, "feed")
        let entries = feed.children("entry", namespace: atom)
        let feedHasAuthor = !feed.children("author", namespace: atom).isEmpty
        var ids = Set<String>()
        var newest: String? = nil
        for (position, entry) in entries.enumerated() {
            let place = "entry \(position + 1)"
            problems += common(entry, place, required: ["id", "title", "updated"], optionalSingle: ["published", "summary", "content", "rights", "source"])
            let entryLinks = entry.children("link", namespace: atom)
            if !entryLinks.contains(where: { ($0.attribute("rel") ?? "alternate") == "alternate" }) {
                problems.append("\(place): no link rel=alternate")
            }
            problems += alternateLinkRule(entryLinks, place)
            if !feedHasAuthor && entry.children("author", namespace: atom).isEmpty {
                problems.append("\(place): no author (and the feed has none)")
            }
            if let content = entry.child("content", namespace: atom) {
                if content.attribute("src") != nil && entry.child("summary", namespace: atom) == nil {
                    problems.append("\(place): out-of-line content needs a summary")
                }
            } else if entry.child("summary", namespace: atom) == nil {
                problems.append("\(place): neither content nor summary")
            }
            for category in entry.children("category", namespace: atom) where category.attribute("term")?.isEmpty != false {
                problems.append("\(place): category without term")
            }
            if let id = entry.child("id", namespace: atom)?.text {
                if !ids.insert(id).inserted { problems.append("\(place): duplicate id \(id)") }
            }
            if let updated = entry.child("updated", namespace: atom)?.text, updated > (newest ?? "") { newest = updated }
        }
        if let newest, feed.child("updated", namespace: atom)?.text != newest {
            problems.append("feed: updated is not the newest entry's updated (\(newest))")
        }
        return problems
    }

    /// id (absolute IRI), title, updated (RFC 3339) exactly once; authors have one name; links an href;
    /// text constructs a known type.
    private static func common(_ element: XMLElement, _ place: String, required: [String], optionalSingle: [String]) -> [String] {
        var problems: [String] = []
        for name in required where element.children(name, namespace: atom).count != 1 {
            problems.append("\(place): needs exactly one atom:\(name)")
        }
        for name in optionalSingle where element.children(name, namespace: atom).count > 1 {
            problems.append("\(place): more than one atom:\(name)")
        }
        if let id = element.child("id", namespace: atom)?.text, !isAbsoluteIRI(id) {
            problems.append("\(place): id is not an absolute IRI: \(id)")
        }
        for name in ["updated", "published"] {
            if let date = element.child(name, namespace: atom)?.text, !isRFC3339(date) {
                problems.append("\(place): \(name) is not an RFC 3339 date: \(date)")
            }
        }
        for author in element.children("author", namespace: atom) {
            if author.children("name", namespace: atom).count != 1 || author.child("name", namespace: atom)?.text.isEmpty != false {
                problems.append("\(place): author needs exactly one non-empty name")
            }
            if author.child("email", namespace: atom) != nil { problems.append("\(place): an email is published") }
        }
        for link in element.children("link", namespace: atom) where link.attribute("href")?.isEmpty != false {
            problems.append("\(place): link without href")
        }
        for name in ["title", "subtitle", "summary", "content", "rights"] {
            for text in element.children(name, namespace: atom) {
                let type = text.attribute("type") ?? "text"
                if !["text", "html", "xhtml"].contains(type) && name != "content" {
                    problems.append("\(place): \(name) has type \(type)")
                }
                if type == "html" || type == "text", !text.children.isEmpty {
                    problems.append("\(place): \(name) of type \(type) contains elements")
                }
            }
        }
        if element.child("title", namespace: atom)?.text.isEmpty == true { problems.append("\(place): empty title") }
        return problems
    }

    private static func alternateLinkRule(_ links: [XMLElement], _ place: String) -> [String] {
        var seen = Set<String>()
        var problems: [String] = []
        for link in links where (link.attribute("rel") ?? "alternate") == "alternate" {
            let key = (link.attribute("type") ?? "") + "|" + (link.attribute("hreflang") ?? "")
            if !seen.insert(key).inserted { problems.append("\(place): two alternate links with type/hreflang \(key)") }
        }
        return problems
    }

    static func isRFC3339(_ text: String) -> Bool {
        text.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/) != nil
    }

    static func isAbsoluteIRI(_ text: String) -> Bool {
        text.wholeMatch(of: /[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+/) != nil
    }
}

@Suite struct FeedAtomTests {
    static let atom = AtomRules.atom
    static let media = "http://search.yahoo.com/mrss/"

    @Test func everyAtomFeedFollowsRFC4287() throws {
        let source = FeedSource(gallery: FeedFixture.gallery(), config: FeedFixture.config { $0.listFeedFormats = [.atom] })
        let files = try FeedFixture.render(source)
        #expect(files.keys.filter { $0.hasSuffix(".atom") }.count == 8)
        for (path, bytes) in files where path.hasSuffix(".atom") {
            let tree = try FeedFixture.parse(bytes, path)
            #expect(AtomRules.violations(tree).isEmpty, "\(path): \(AtomRules.violations(tree))")
        }
        // The empty site feed too.
        let empty = try FeedFixture.parse(try FeedFixture.render(FeedSource(gallery: Gallery(), config: FeedFixture.config()), path: "feed.atom"))
        #expect(AtomRules.violations(empty).isEmpty, "\(AtomRules.violations(empty))")
    }

    @Test func atomRulesCatchABrokenFeed() throws {
        let broken = """
        <feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><updated>yesterday</updated>
        <entry><id>relative</id><title>t</title><updated>2024-01-01T00:00:00Z</updated></entry></feed>
        """
        let tree = try FeedFixture.parse(Array(broken.utf8))
        let problems = AtomRules.violations(tree)
        #expect(problems.contains("feed: needs exactly one atom:id"))
        #expect(problems.contains("feed: needs exactly one link rel=self"))
        #expect(problems.contains { $0.contains("not an RFC 3339 date") })
        #expect(problems.contains { $0.contains("not an absolute IRI") })
        #expect(problems.contains("entry 1: no author (and the feed has none)"))
        #expect(problems.contains("feed: no xml:lang"))
    }

    @Test func atomEntriesMirrorTheRSSItems() throws {
        let source = FeedSource(gallery: FeedFixture.gallery(), config: FeedFixture.config { $0.language = "ar-EG" })
        let feed = try FeedFixture.parse(try FeedFixture.render(source, path: "feed.atom")).root
        #expect(feed.attribute("lang", namespace: "http://www.w3.org/XML/1998/namespace") == "ar-EG")
        #expect(feed.child("id", namespace: Self.atom)?.text == "https://example.org/gallery/feed.atom")
        #expect(feed.child("updated", namespace: Self.atom)?.text == Timestamp(secondsSince1970: 1_700_000_000 + 5 * 86_400).iso8601)
        #expect(feed.children("link", namespace: Self.atom).first { $0.attribute("rel") == "alternate" }?.attribute("href") == "https://example.org/gallery/")
        let entries = feed.children("entry", namespace: Self.atom)
        #expect(entries.compactMap { $0.child("id", namespace: Self.atom)?.text } == ["img-e", "img-b", "img-c", "img-d", "img-a"].map { "https://example.org/gallery/images/\($0)/" })
        let first = entries[0]
        #expect(first.child("author", namespace: Self.atom)?.child("name", namespace: Self.atom)?.text == "Ana <b>&</b> ]]> ")
        let content = try #require(first.child("content", namespace: Self.atom))
        #expect(content.attribute("type") == "html")
        #expect(content.text.contains("<img src=\"https://cdn.example/e.JPG?w=1&amp;h=2\""))
        #expect(first.children("category", namespace: Self.atom).map { $0.attribute("label") } == ["</category>]]><script>", "Café, au lait"])
        let enclosure = first.children("link", namespace: Self.atom).first { $0.attribute("rel") == "enclosure" }
        #expect(enclosure?.attribute("href") == "https://cdn.example/e.JPG?w=1&h=2")
        #expect(enclosure?.attribute("type") == "image/jpeg")
        #expect(first.child("content", namespace: Self.media)?.attribute("medium") == "image")
        // A user feed carries its author at feed level and the avatar as logo.
        let user = try FeedFixture.parse(try FeedFixture.render(FeedSource(gallery: FeedFixture.gallery(), config: FeedFixture.config {
            $0.listFeedFormats = [.atom]
        }), path: "users/user_a/feed.atom")).root
        #expect(user.child("logo", namespace: Self.atom)?.text == "https://img.example/avatar.png?size=64&v=2")
        #expect(user.child("author", namespace: Self.atom) != nil)
    }
}
