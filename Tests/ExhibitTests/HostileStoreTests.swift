import Foundation
import Testing
@testable import Exhibit

/// Issue "Hostile input, round two": text cleaning in linear time and identical to the careful
/// scalar-by-scalar rules.
@Suite struct HostileTextCleaningTests {
    /// The rules of ``TextCleaner`` written the straightforward way, scalar by scalar.
    static func reference(_ raw: String, singleLine: Bool) -> TextCleaner.Result {
        var out: [Unicode.Scalar] = []
        var removed = false
        var pendingSpace = false
        var pendingWhitespace: [Unicode.Scalar] = []
        var previousCR = false
        for original in raw.unicodeScalars {
            var scalar = original
            if scalar == "\r" {
                previousCR = true
                scalar = "\n"
            } else if scalar == "\n" && previousCR {
                previousCR = false
                continue
            } else {
                previousCR = false
            }
            let value = scalar.value
            if (value < 0x20 && value != 0x09 && value != 0x0a) || value == 0x7f || (0x80 ... 0x9f).contains(value) {
                removed = true
                continue
            }
            if scalar.properties.isWhitespace {
                if singleLine { pendingSpace = true } else { pendingWhitespace.append(scalar) }
                continue
            }
            if singleLine {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
            } else {
                if !out.isEmpty { out.append(contentsOf: pendingWhitespace) }
                pendingWhitespace.removeAll()
            }
            out.append(scalar)
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: out)
        return TextCleaner.Result(text: text, removedControls: removed)
    }

    /// Pieces that exercise every rule: controls, CR/LF pairs, ASCII and Unicode spaces, C1,
    /// combining marks, multi-byte letters and emoji.
    static let pieces: [String] = [
        "a", "Z", " ", "  ", "\t", "\n", "\r", "\r\n", "\n\r", "\u{0}", "\u{1}", "\u{b}", "\u{c}", "\u{1b}", "\u{1f}",
        "\u{7f}", "\u{80}", "\u{85}", "\u{9f}", "\u{a0}", "\u{a1}", "é", "e\u{301}", "\u{301}", "\u{1680}", "\u{2000}",
        "\u{200a}", "\u{200b}", "\u{2028}", "\u{2029}", "\u{202f}", "\u{205f}", "\u{3000}", "\u{3001}", "東京", "—",
        "🌅", "👩‍👩‍👧", "\u{feff}", "\u{fffd}", "\u{10ffff}", "<&>",
    ]

    @Test func slowPathGivesTheSameTextAsTheScalarByScalarRules() {
        var seed: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            // A fixed xorshift sequence: the same strings every run.
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            return Int(seed % UInt64(bound))
        }
        var cases: [String] = [""] + Self.pieces
        for first in Self.pieces { for second in Self.pieces { cases.append(first + second); cases.append(" " + first + "x" + second + " ") } }
        for _ in 0 ..< 20_000 {
            var text = ""
            for _ in 0 ..< next(12) { text += Self.pieces[next(Self.pieces.count)] }
            cases.append(text)
        }
        var mismatches: [String] = []
        for text in cases {
            for singleLine in [false, true] {
                let cleaned = singleLine ? TextCleaner.singleLine(text) : TextCleaner.multiLine(text)
                let expected = Self.reference(text, singleLine: singleLine)
                if !cleaned.text.utf8.elementsEqual(expected.text.utf8) || cleaned.removedControls != expected.removedControls {
                    mismatches.append("\(singleLine ? "single" : "multi"): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    /// 4 MB with one CRLF (and Unicode spaces) takes the slow path: minutes if it were quadratic,
    /// milliseconds when linear.
    @Test func aLargeTextNeedingRepairIsCleanedInOnePass() {
        let words = String(repeating: "word\u{3000}mot\u{a0}\t", count: 4_000_000 / 14)
        let multi = TextCleaner.multiLine("  first line\r\n" + words + "\r\n")
        #expect(multi.text.hasPrefix("first line\nword\u{3000}mot"))
        #expect(multi.text.utf8.count == 11 + words.utf8.count - 3) // the last NBSP and tab trimmed
        let single = TextCleaner.singleLine("\u{1}" + words)
        #expect(single.removedControls)
        #expect(single.text.utf8.count == (4_000_000 / 14) * 9 - 1)
    }
}
