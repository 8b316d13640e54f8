import Foundation
import Synchronization
import Testing
@testable import Exhibit

/// The byte-level writers of feeds, sitemaps, search and recommendations give exactly the bytes
/// of the `String` functions they stand in for, and the reused scratch of the recommenders
/// forgets everything between calls.
@Suite struct ByteWriterEquivalenceTests {
    /// Strings that exercise every escaping branch: markup and JSON specials, controls, C1,
    /// non-characters, U+2028/9, line ends, multi-byte text, sequences cut at the end.
    static let hostile: [String] = [
        "", "plain", "a&b<c>d\"e'f\\g", "tab\tnl\ncr\rcrlf\r\n", "\u{0}\u{1}\u{1F}\u{7F}\u{80}\u{85}\u{9F}\u{A0}",
        "\u{FFFE}x\u{FFFF}" + [0xFDD0, 0xFDEF, 0xFDCF, 0xFDF0, 0xFFFD].map { String(Unicode.Scalar($0)!) }.joined(), "line\u{2028}para\u{2029}end\u{2027}",
        "Café ß 東京 🌅 عربي", "]]></description><script>", "é", "\u{2028}", "x\u{EF}",
        String(repeating: "&<", count: 300) + String(repeating: "b", count: 1000),
    ]

    @Test func markupAndJSONEscapingOfAConcatenationIsTheConcatenationOfEscapings() {
        for context in [FeedBytes.Context.markup, .json] {
            for a in Self.hostile {
                for b in Self.hostile {
                    var whole: [UInt8] = [0x41]
                    FeedBytes.append(a + b, to: &whole, as: context)
                    var pieces: [UInt8] = [0x41]
                    FeedBytes.append(a, to: &pieces, as: context)
                    FeedBytes.append(b, to: &pieces, as: context)
                    #expect(whole == pieces, "\(context) \(a.debugDescription) + \(b.debugDescription)")
                }
            }
        }
    }

    @Test func feedURLsWrittenPieceByPieceMatchTheLayout() throws {
        var config = SiteConfig()
        config.baseURL = "https://example.org/a&b/"
        let gallery = try TestSupport.likedGallery().load().gallery
        let feeds = FeedSource(gallery: gallery, config: config)
        let layout = SiteLayout(config: config)
        for index in gallery.images.indices {
            let entry = feeds.entry(Int32(index))
            for context in [FeedBytes.Context.markup, .json] {
                var written: [UInt8] = []
                feeds.appendPermalink(entry, to: &written, as: context)
                var expected: [UInt8] = []
                FeedBytes.append(layout.absolute(layout.image(gallery.images[entry.index])), to: &expected, as: context)
                #expect(written == expected)
                written = []
                feeds.appendOwnerURL(entry, to: &written, as: context)
                expected = []
                FeedBytes.append(layout.absolute(layout.user(gallery.users[entry.owner])), to: &expected, as: context)
                #expect(written == expected)
            }
        }
        for term in gallery.tags + gallery.themes {
            var written: [UInt8] = []
            feeds.appendPageURL("tags/", term.slug, to: &written, as: .markup)
            feeds.appendPageURL("themes/", term.slug, to: &written, as: .markup)
            var expected: [UInt8] = []
            FeedBytes.append(layout.absolute(layout.tag(term)), to: &expected, as: .markup)
            FeedBytes.append(layout.absolute(layout.theme(term)), to: &expected, as: .markup)
            #expect(written == expected)
        }
    }

    @Test func timestampBytesMatchTheTimestampFormats() {
        var moments: [Int64] = [0, -1, 1, 86_399_999, 951_782_400_000, 1_714_566_600_123, 4_102_444_799_999,
                                253_402_300_799_999, 253_402_300_800_000, -62_135_596_800_000, -62_135_596_800_001]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0 ..< 2000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            moments.append(Int64(bitPattern: x >> 20) % 300_000_000_000_000)
        }
        for ms in moments {
            let time = Timestamp(millisecondsSince1970: ms)
            var bytes: [UInt8] = []
            TimestampBytes.appendISO8601(time, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == time.iso8601)
            bytes = []
            TimestampBytes.appendRFC822(time, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == time.rfc822)
            bytes = []
            TimestampBytes.appendISODate(time, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == time.isoDate)
        }
    }

    /// What each context's escaper must produce, written scalar by scalar as plainly as possible.
    enum Reference {
        static func dropped(_ value: UInt32) -> Bool {
            (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || (0x7F ... 0x9F).contains(value)
                || (0xFDD0 ... 0xFDEF).contains(value) || value == 0xFFFE || value == 0xFFFF
        }
        static func html(_ text: String) -> String {
            text.unicodeScalars.map { scalar -> String in
                switch scalar {
                case "&": "&amp;"
                case "<": "&lt;"
                case ">": "&gt;"
                case "\"": "&quot;"
                case "'": "&#39;"
                default: String(scalar)
                }
            }.joined()
        }
        static func xml(_ text: String) -> String {
            html(String(String.UnicodeScalarView(text.unicodeScalars.filter { !dropped($0.value) })))
        }
        static func json(_ text: String) -> String {
            text.unicodeScalars.filter { !dropped($0.value) }.map { scalar -> String in
                switch scalar {
                case "\"": "\\\""
                case "\\": "\\\\"
                case "\t": "\\t"
                case "\n": "\\n"
                case "\r": "\\r"
                case "\u{2028}": "\\u2028"
                case "\u{2029}": "\\u2029"
                default: String(scalar)
                }
            }.joined()
        }
        static func scriptJSON(_ text: String) -> String {
            "\"" + text.unicodeScalars.map { scalar -> String in
                switch scalar.value {
                case 0x22: "\\\""
                case 0x5C: "\\\\"
                case 0x09: "\\t"
                case 0x0A: "\\n"
                case 0x0D: "\\r"
                case 0x00 ..< 0x20, 0x3C, 0x3E, 0x26, 0x7F, 0x2028, 0x2029:
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                default: String(scalar)
                }
            }.joined() + "\""
        }
    }

    @Test func everyContextsEscaperMatchesItsReference() {
        for text in Self.hostile + ["\u{E2}\u{80}", "a\u{2028}", "<\u{2029}>"] {
            #expect(Escape.html(text) == Reference.html(text), "html \(text.debugDescription)")
            #expect(Escape.xml(text) == Reference.xml(text), "xml \(text.debugDescription)")
            var json: [UInt8] = []
            FeedBytes.append(text, to: &json, as: .json)
            #expect(String(decoding: json, as: UTF8.self) == Reference.json(text), "json \(text.debugDescription)")
            #expect(Escape.jsonString(text) == Reference.scriptJSON(text), "script json \(text.debugDescription)")
            var sitemap: [UInt8] = [0x41]
            SiteRenderer.appendXML(text, to: &sitemap)
            #expect(sitemap == [0x41] + Array(Escape.xml(text).utf8), "\(text.debugDescription)")
        }
    }

    @Test func jsonBytesMatchEscapeJSONString() {
        for text in Self.hostile + ["\u{E2}\u{80}", "a\u{2028}", "<\u{2029}>"] {
            var bytes: [UInt8] = [0x41]
            JSONBytes.appendString(text, to: &bytes)
            #expect(bytes == [0x41] + Array(Escape.jsonString(text).utf8), "\(text.debugDescription)")
        }
    }

    @Test func webURLsAreHTTPOrHTTPSInAnyCase() {
        for url in ["http://a", "https://a", "HTTPS://a", "HtTp://", "https://"] { #expect(FeedItemText.isWebURL(url), "\(url)") }
        for url in ["", "http", "https:/a", "http:/", "ftp://a", "httpx://a", "httpss://a", " http://a", "javascript:x", "ｈttp://a"] {
            #expect(!FeedItemText.isWebURL(url), "\(url)")
        }
    }

    @Test func mediaTypesNeedTheWholeExtension() {
        #expect(FeedItemText.mediaType(ofURL: "https://a.example/p.\u{0}jpg") == nil)
        #expect(FeedItemText.mediaType(ofURL: "https://a.example/p.xjpg") == nil)
        #expect(FeedItemText.mediaType(ofURL: "https://a.example/p.jpgx") == nil)
        #expect(FeedItemText.mediaType(ofURL: "https://a.example/p.JpG#x.png") == "image/jpeg")
        #expect(FeedItemText.mediaType(ofURL: "https://a.example/.avif") == "image/avif")
        #expect(FeedItemText.mediaType(ofURL: "p.png") == nil)
        #expect(FeedItemText.mediaType(ofURL: "https://a.example/p.pñg") == nil)
        #expect(FeedItemText.mediaType(ofURL: "https://a.example/p.png/") == nil)
    }

    @Test func tokenIDsFollowIndexTokensForASCIIAndOtherText() {
        let texts = ["Hello, world! 2024-05 rock'n'roll", "HELLO hello Hello", "東京tower tower", "Café cafe CAFÉ",
                     String(repeating: "x", count: 50) + " " + String(repeating: "x", count: 40), "", "!!!",
                     String(repeating: "é", count: 40) + " " + String(repeating: "ж", count: 33) + "東",
                     "한국어 텍스트 ภาษาไทย हिन्दी ﬁne ½ İstanbul straße ΣΊΣΥΦΟΣ 😀emoji_x", "東京タワー東京", "a東b京c",
                     "\u{1100}\u{1161}\u{11A8} ｶﾀｶﾅ 𠀋𠀋 x\u{0301}\u{0302}y"]
        var ids = SearchTokenIDs()
        var seen: [String: Int32] = [:]
        for text in texts {
            var got: [Int32] = []
            ids.appendIDs(of: text, to: &got)
            let tokens = SearchTokenizer.indexTokens(text)
            #expect(got.count == tokens.count)
            for (token, id) in zip(tokens, got) {
                if let known = seen[token] { #expect(known == id, "\(token)") } else { seen[token] = id }
                #expect(ids.tokens[Int(id)] == token)
            }
        }
        #expect(Set(seen.values).count == seen.count)
        #expect(ids.tokens.count == seen.count)
    }

    @Test func aResetScoreTableIsLikeANewOne() {
        var reused = ScoreAccumulator(capacity: 64)
        for key in Int32(0) ..< 60 { reused.add(key, Double(key)) }
        reused.reset()
        var fresh = ScoreAccumulator(capacity: 64)
        for (key, score) in [(Int32(7), 1.0), (3, 2.0), (7, 1.5), (90, 2.5), (3, 0.25)] {
            reused.add(key, score)
            fresh.add(key, score)
        }
        #expect(reused.best(10) == fresh.best(10))
        #expect(reused.best(10) == [7, 90, 3])
        #expect(reused.score(59) == 0)
        #expect(reused.count == 3)
    }

    @Test func relatedListsDoNotDependOnCallOrderOrThread() throws {
        let gallery = try TestSupport.likedGallery().load().gallery
        let related = RelatedImages(gallery: gallery, limit: 5)
        let forward = gallery.images.indices.map { related.related(to: $0) }
        let backward = gallery.images.indices.reversed().map { related.related(to: $0) }.reversed()
        #expect(forward == Array(backward))
        let results = Mutex<[[Int]]>(Array(repeating: [], count: gallery.images.count))
        DispatchQueue.concurrentPerform(iterations: gallery.images.count) { index in
            let list = related.related(to: index)
            results.withLock { $0[index] = list }
        }
        #expect(results.withLock { $0 } == forward)
    }
}
