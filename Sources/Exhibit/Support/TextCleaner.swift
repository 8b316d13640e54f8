/// Cleaning of user-written text read from the database.
///
/// Removed everywhere: C0 control characters except tab and newline, DEL, and C1 controls
/// (U+0080–U+009F); `\r\n` and a lone `\r` become `\n` (not counted as a repair).
/// Multi-line fields (descriptions, bios, comments) keep tabs and newlines and are trimmed.
/// Single-line fields (names, tags, themes) have every whitespace run collapsed to one space.
public enum TextCleaner {
    /// The cleaned text, and whether control characters had to be removed (worth a warning).
    public struct Result: Sendable, Equatable {
        public var text: String
        public var removedControls: Bool
    }

    /// A multi-line field: controls removed, trimmed.
    public static func multiLine(_ raw: String) -> Result {
        clean(raw, singleLine: false)
    }

    /// A single-line field: controls removed, whitespace runs collapsed to a space, trimmed.
    public static func singleLine(_ raw: String) -> Result {
        clean(raw, singleLine: true)
    }

    private static func clean(_ raw: String, singleLine: Bool) -> Result {
        // Fast path: printable ASCII (plus inner tabs and newlines in multi-line text), nothing to
        // trim, and for single-line text no whitespace run other than one space. Non-ASCII text
        // takes it too unless it holds a C1 control or a non-ASCII White_Space scalar (U+0085,
        // U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000): those are
        // found exactly (dashes, curly quotes and CJK punctuation stay on the fast path).
        var fast = true
        var previousSpace = true
        var afterC2 = false       // the previous byte was C2 (U+0080–U+00BF)
        var pending = 0           // continuation bytes still to come in a three-byte scalar
        var scalar: UInt32 = 0    // that scalar, as far as read (lead bytes E1, E2, E3 only)
        for byte in raw.utf8 {
            if afterC2 {
                afterC2 = false
                if byte <= 0xA0 { fast = false; break } // C1 control, or U+00A0
                continue
            }
            if pending > 0 {
                pending -= 1
                scalar = scalar << 6 | UInt32(byte & 0x3F)
                if pending == 0 && (scalar == 0x1680 || (0x2000 ... 0x200A).contains(scalar) || scalar == 0x2028
                    || scalar == 0x2029 || scalar == 0x202F || scalar == 0x205F || scalar == 0x3000) {
                    fast = false
                    break
                }
                continue
            }
            if byte >= 0x7f {
                if byte == 0x7f { fast = false; break }
                if byte == 0xC2 {
                    afterC2 = true
                } else if byte == 0xE1 || byte == 0xE2 || byte == 0xE3 {
                    pending = 2
                    scalar = UInt32(byte & 0x0F)
                }
                previousSpace = false
                continue
            }
            if byte < 0x20 {
                if singleLine || (byte != 0x0a && byte != 0x09) { fast = false; break }
                previousSpace = true
            } else if byte == 0x20 {
                if previousSpace && singleLine { fast = false; break }
                previousSpace = true
            } else {
                previousSpace = false
            }
        }
        if fast, let first = raw.utf8.first, let last = raw.utf8.last {
            fast = first > 0x20 && last > 0x20
        }
        if fast {
            return Result(text: raw, removedControls: false)
        }
        var out = String.UnicodeScalarView()
        var removed = false
        var pendingSpace = false
        var pendingWhitespace = String.UnicodeScalarView()
        var previousCR = false
        for scalar in raw.unicodeScalars {
            var scalar = scalar
            let value = scalar.value
            if value == 0x0d { previousCR = true; scalar = "\n" } else if value == 0x0a && previousCR { previousCR = false; continue } else { previousCR = false }
            let value2 = scalar.value
            if (value2 < 0x20 && value2 != 0x09 && value2 != 0x0a) || value2 == 0x7f || (0x80...0x9f).contains(value2) {
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
                pendingWhitespace.removeAll(keepingCapacity: true)
            }
            out.append(scalar)
        }
        return Result(text: String(out), removedControls: removed)
    }
}
