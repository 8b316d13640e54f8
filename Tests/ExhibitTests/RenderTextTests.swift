import Foundation
import Testing
@testable import Exhibit

@Suite struct RenderTextTests {
    @Test func excerptCollapsesWhitespaceAndCutsAtAWord() {
        #expect(TextFormat.excerpt("Short title", limit: 80) == "Short title")
        #expect(TextFormat.excerpt("  two\n\nlines\t here ", limit: 80) == "two lines here")
        #expect(TextFormat.excerpt("one two three four five", limit: 12) == "one two…")
        #expect(TextFormat.excerpt("Ünïcödé wörds everywhere here", limit: 14) == "Ünïcödé wörds…")
        #expect(TextFormat.excerpt("abcdefghijklmnop", limit: 5) == "abcde…")
        #expect(TextFormat.excerpt("", limit: 5) == "")
    }

    @Test func initialIsTheFirstGraphemeUpperCased() {
        #expect(TextFormat.initial("ana") == "A")
        #expect(TextFormat.initial("Z") == "Z")
        #expect(TextFormat.initial("e\u{301}mile") == "E\u{301}")
        #expect(TextFormat.initial("émile") == "É")
        #expect(TextFormat.initial("👩‍🎨 Artist") == "👩‍🎨")
        #expect(TextFormat.initial("<b>") == "<")
        #expect(TextFormat.initial("   ") == "?")
    }

    @Test func jsonFastPathMatchesTheEscaper() throws {
        for text in ["plain", "quote \" here", "tag </script>", "a & b", "line\u{2028}sep", "tab\t", "émoji 👩‍🎨", "back\\slash"] {
            var out = ""
            JSONLDWriter.appendJSONString(text, to: &out)
            #expect(out == Escape.jsonString(text))
            let decoded = try JSONSerialization.jsonObject(with: Data("[\(out)]".utf8)) as? [String]
            #expect(decoded == [text])
        }
    }

    @Test func thumbnailPatternsReplaceEachPlaceholderOnce() {
        let thumbnails = ImageRenditions(pattern: "https://t.example/{width}/{raw_url}?u={url}&{other}", thumbnailWidth: 300)
        #expect(thumbnails.thumbnailURL(for: "https://x.example/a{width}.jpg?q=1")
                == "https://t.example/600/https://x.example/a{width}.jpg?q=1?u=https%3A%2F%2Fx.example%2Fa%7Bwidth%7D.jpg%3Fq%3D1&{other}")
        #expect(ImageRenditions(pattern: "", thumbnailWidth: 300).thumbnailURL(for: "https://x.example/a.jpg") == "https://x.example/a.jpg")
        #expect(ImageRenditions(pattern: "", thumbnailWidth: 200).thumbnailURL(for: "https://res.cloudinary.com/d/image/upload/v1/a.jpg")
                == "https://res.cloudinary.com/d/image/upload/c_fill,g_auto,w_400,h_400,q_auto,f_auto/v1/a.jpg")
    }
}
