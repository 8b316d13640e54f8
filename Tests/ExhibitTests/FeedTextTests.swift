import Testing
@testable import Exhibit

@Suite struct FeedTextTests {
    private func escaped(_ text: String, _ context: FeedBytes.Context) -> String {
        var out: [UInt8] = []
        FeedBytes.append(text, to: &out, as: context)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func markupEscapingDropsCharactersXMLForbids() {
        let nonCharacters = String(Unicode.Scalar(0xFFFF)!) + String(Unicode.Scalar(0xFDD0)!) + String(Unicode.Scalar(0xFDEF)!)
        #expect(escaped("a\u{0}b\u{1B}c]]>\u{FFFE}" + nonCharacters + "\u{85}\u{7F}d", .markup) == "abc]]&gt;d")
        #expect(escaped(#"<a href="x" t='y'>&"#, .markup) == "&lt;a href=&quot;x&quot; t=&#39;y&#39;&gt;&amp;")
        #expect(escaped("tab\tnew\nline é 🌅 عربي", .markup) == "tab\tnew\nline é 🌅 عربي")
    }

    @Test func captionsKeepLineBreaksAsBrOncePerLineEnd() {
        var out: [UInt8] = []
        FeedBytes.append("a\nb\r\nc\rd <e>", to: &out, as: .markup, lineBreaks: true)
        #expect(String(decoding: out, as: UTF8.self) == "a<br>b<br>c<br>d &lt;e&gt;")
    }

    @Test func jsonEscapingGivesAStringBodyAndDropsTheSameCharacters() {
        #expect(escaped("q\"b\\s\n\r\t\u{0}\u{FFFE}\u{2028}<&>", .json) == #"q\"b\\s\n\r\t\u2028<&>"#)
    }

    @Test func titlesAreTheFirstLineCutAtAWordBoundary() {
        #expect(FeedItemText.title(description: "", untitled: "Photo by Ana") == "Photo by Ana")
        #expect(FeedItemText.title(description: " \n \u{0}\u{FFFE} \n", untitled: "Photo by Ana") == "Photo by Ana")
        #expect(FeedItemText.title(description: "\n  First line  \nsecond", untitled: "Photo by Ana") == "First line")
        let long = String(repeating: "word ", count: 30)
        let title = FeedItemText.title(description: long, untitled: "Photo by Ana")
        #expect(title.hasSuffix("…") && title.count <= 80)
        #expect(title == String(repeating: "word ", count: 15).trimmingSuffixSpaces + "…")
        let unbroken = String(repeating: "写", count: 100)
        #expect(FeedItemText.title(description: unbroken, untitled: "Photo by Ana") == String(repeating: "写", count: 79) + "…")
        let exactly80 = String(repeating: "é", count: 80)
        #expect(FeedItemText.title(description: exactly80, untitled: "Photo by Ana") == exactly80)
    }

    @Test func keywordsLoseTheirCommasButStayReadable() {
        #expect("Café, au lait".replacingCommas == "Café au lait")
        #expect(",a ,, b,".replacingCommas == "a b")
        #expect("no commas  kept as is".replacingCommas == "no commas  kept as is")
    }

    @Test func mediaTypesComeFromTheURLExtension() {
        #expect(FeedItemText.mediaType(ofURL: "https://a.example/x/photo.JPEG?v=1#f") == "image/jpeg")
        #expect(FeedItemText.mediaType(ofURL: "https://a.example/p.jpg") == "image/jpeg")
        #expect(FeedItemText.mediaType(ofURL: "https://a.example/p.png") == "image/png")
        #expect(FeedItemText.mediaType(ofURL: "https://a.example/p.webp") == "image/webp")
        #expect(FeedItemText.mediaType(ofURL: "https://a.example/p.gif") == "image/gif")
        #expect(FeedItemText.mediaType(ofURL: "https://a.example/p.avif") == "image/avif")
        #expect(FeedItemText.mediaType(ofURL: "https://a.example/p.svg") == nil)
        #expect(FeedItemText.mediaType(ofURL: "https://a.example/photos/p") == nil)
        #expect(FeedItemText.mediaType(ofURL: "https://a.example/dir.png/p?x=.png") == nil)
        #expect(FeedItemText.mediaType(ofURL: "https://a.example") == nil)
    }
}

private extension String {
    var trimmingSuffixSpaces: String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
