import Testing
@testable import Exhibit

/// The byte-level fast paths added for speed give the same results as the careful paths.
@Suite struct ScaleFastPathTests {
    @Test func textCleanerStillCatchesNonASCIIWhitespaceAndC1Controls() {
        #expect(TextCleaner.singleLine("Café\u{00A0}au lait").text == "Café au lait")
        #expect(TextCleaner.singleLine("東京\u{3000}タワー").text == "東京 タワー")
        #expect(TextCleaner.singleLine("x\u{2028}y\u{2003}z").text == "x y z")
        #expect(TextCleaner.singleLine("\u{1680}ogham").text == "ogham")
        let c1 = TextCleaner.multiLine("a\u{0085}b\u{009F}c")
        #expect(c1.text == "abc" && c1.removedControls)
        let plain = TextCleaner.singleLine("São Paulo — 東京 🌅")
        #expect(plain.text == "São Paulo — 東京 🌅" && !plain.removedControls)
        #expect(TextCleaner.multiLine("Ünïcödé\nlines\twith tabs").text == "Ünïcödé\nlines\twith tabs")
    }

    @Test func textCleanerTreatsEveryBMPScalarLikeItsUnicodeProperties() {
        // Each scalar between two letters: C1 controls go, White_Space becomes one space, and
        // everything else (dashes, quotes, CJK punctuation…) is kept as it is.
        var mismatches: [String] = []
        for value in UInt32(0x80) ... 0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            let cleaned = TextCleaner.singleLine("a" + text + "b")
            let expected: String
            let noncharacter = (0xFDD0 ... 0xFDEF).contains(value) || value >= 0xFFFE
            if value <= 0x9F || noncharacter {
                expected = "ab"
            } else if scalar.properties.isWhitespace {
                expected = "a b"
            } else {
                expected = "a" + text + "b"
            }
            if !cleaned.text.unicodeScalars.elementsEqual(expected.unicodeScalars) || cleaned.removedControls != (value <= 0x9F || noncharacter) {
                mismatches.append("U+" + String(value, radix: 16, uppercase: true))
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    @Test func jsonStringEscapesByteByByteLikeTheSpecSays() {
        #expect(Escape.jsonString("é\u{2028}\u{2029}<>&\u{7f}\"\\\n\r\t\u{01}") ==
                "\"é\\u2028\\u2029\\u003c\\u003e\\u0026\\u007f\\\"\\\\\\n\\r\\t\\u0001\"")
        #expect(Escape.jsonString("plain — text ✓") == "\"plain — text ✓\"")
        #expect(Escape.jsonString("") == "\"\"")
        let bridged = String(decoding: Array("x\u{2028}".utf8), as: UTF8.self)
        #expect(Escape.jsonString(bridged) == "\"x\\u2028\"")
    }
}
