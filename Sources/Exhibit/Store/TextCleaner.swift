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
        // trim, and for single-line text no whitespace run other than one space.
        // Non-ASCII text takes the fast path too, unless it may hold a C1 control or non-ASCII
        // whitespace: lead bytes C2 (U+0080–U+00BF), E1 9A (U+1680…), E2 80/E2 81
        // (U+2000–U+207F) and E3 80 (U+3000–U+303F) are checked the slow way.
        var fast = true
        var previousSpace = true
        var previousByte: UInt8 = 0
        for byte in raw.utf8 {
            defer { previousByte = byte }
            if byte >= 0x7f {
                if byte == 0x7f || byte == 0xC2 { fast = false; break }
                if (previousByte == 0xE1 && byte == 0x9A) || (previousByte == 0xE2 && (byte == 0x80 || byte == 0x81))
                    || (previousByte == 0xE3 && byte == 0x80) { fast = false; break }
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
