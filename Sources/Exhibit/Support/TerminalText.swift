/// Text that reaches a terminal (stdout, stderr): database values, configuration values and file
/// names in messages. Characters that could move the cursor, forge lines, reorder what is shown
/// (bidi controls) or hide in it (invisible format characters) are shown as `\u{…}` escapes.
///
/// The escaping is idempotent: escaped text has nothing left to escape, so a message that quotes
/// an already escaped id can be escaped again as a whole.
package enum TerminalText {
    /// `text` with every unsafe scalar (``isUnsafe(_:)``) written as `\u{202e}`.
    package static func escaped(_ text: String) -> String {
        // Fast path: printable ASCII, the usual case.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// C0 and C1 controls, DEL, line and paragraph separators, bidi controls, noncharacters, and
    /// the invisible format characters (category Cf) other than the zero-width joiner and
    /// non-joiner (which emoji sequences and several scripts need).
    package static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || value == 0x7f { return true }
        if value < 0x80 { return false }
        if value < 0xa0 { return true }
        if value == 0x200c || value == 0x200d { return false }
        if value == 0x2028 || value == 0x2029 || isNoncharacter(scalar) { return true }
        return scalar.properties.generalCategory == .format
    }

    /// The bidirectional formatting characters: embeddings and overrides (U+202A–U+202E),
    /// isolates (U+2066–U+2069) and the marks U+200E, U+200F and U+061C.
    package static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061c, 0x200e, 0x200f, 0x202a...0x202e, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// U+FDD0–U+FDEF and the last two code points of every plane.
    package static func isNoncharacter(_ scalar: Unicode.Scalar) -> Bool {
        (0xfdd0...0xfdef).contains(scalar.value) || scalar.value & 0xfffe == 0xfffe
    }
}
