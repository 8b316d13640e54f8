import Testing
@testable import Exhibit

@Suite struct EscapingTests {
    @Test func htmlEscapesEveryCharacterThatCanBreakOutOfTextOrAttributes() {
        #expect(Escape.html(#"<a href="x" onclick='y'>&"#) == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;")
    }

    @Test func xmlDropsForbiddenCharactersAndNeverLeavesCDATAEnd() {
        #expect(Escape.xml("a\u{0}b\u{1B}c]]>") == "abc]]&gt;")
        #expect(Escape.xml("\u{FFFE}ok") == "ok")
    }

    @Test func jsonStringCannotCloseAScriptElement() {
        let encoded = Escape.jsonString("</script><script>alert(1)</script>\u{2028}\"\\\u{1}")
        #expect(!encoded.contains("</"))
        #expect(encoded == #""\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e\u2028\"\\\u0001""#)
    }

    @Test func onlyAbsoluteHttpURLsWithAHostAreAccepted() {
        #expect(WebURL.validated(" https://res.cloudinary.com/x/image/upload/a.jpg ") == "https://res.cloudinary.com/x/image/upload/a.jpg")
        #expect(WebURL.validated("HTTP://Example.org/a") == "HTTP://Example.org/a")
        #expect(WebURL.validated("javascript:alert(1)") == nil)
        #expect(WebURL.validated("data:image/png;base64,AAA") == nil)
        #expect(WebURL.validated("//evil.example/a.png") == nil)
        #expect(WebURL.validated("https:///nohost") == nil)
        #expect(WebURL.validated("https://a.example/\"onerror=x") == nil)
        #expect(WebURL.validated(nil) == nil)
    }
}
