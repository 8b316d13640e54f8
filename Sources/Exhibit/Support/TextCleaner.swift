/// Cleaning of user-written text read from the database.
///
/// Removed everywhere (a repair, worth a warning): C0 control characters except tab and newline,
/// DEL, C1 controls (U+0080–U+009F) and noncharacters (U+FDD0–U+FDEF and the last two code points
/// of every plane, U+FFFE, U+FFFF … U+10FFFF: invalid in HTML and XML); `\r\n` and a lone `\r`
/// become `\n` (not counted as a repair).
/// Multi-line fields (descriptions, bios, comments) keep tabs and newlines and are trimmed.
/// Single-line fields (names, tags, themes) have every whitespace run collapsed to one space.
package enum TextCleaner {
    /// The cleaned text, and whether control characters or noncharacters had to be removed
    /// (worth a warning).
    package struct Result: Sendable, Equatable {
        package var text: String
        package var removedControls: Bool
    }

    /// A multi-line field: controls removed, trimmed.
    package static func multiLine(_ raw: String) -> Result {
        clean(raw, singleLine: false)
    }

    /// A single-line field: controls removed, whitespace runs collapsed to a space, trimmed.
    package static func singleLine(_ raw: String) -> Result {
        clean(raw, singleLine: true)
    }

    private static func clean(_ raw: String, singleLine: Bool) -> Result {
        if isClean(raw, singleLine: singleLine) {
            return Result(text: raw, removedControls: false)
        }
        var raw = raw
        return raw.withUTF8 { cleanBytes($0, singleLine: singleLine) }
    }

    /// `text` cut to its first `maxCharacters` characters (whole `Character`s, and at most 8 bytes
    /// per character on average: one character may carry any number of combining marks), trailing
    /// whitespace dropped and "…" appended; nil when it fits. `characters` counts the whole text.
    package static func cut(_ text: String, maxCharacters: Int) -> (text: String, characters: Int)? {
        let utf8 = text.utf8
        if utf8.count <= maxCharacters { return nil }
        let maxBytes = maxCharacters * 8
        var count = 0
        var end: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            count += 1
            if end == nil && (count > maxCharacters || utf8.distance(from: utf8.startIndex, to: next) > maxBytes) { end = index }
            index = next
        }
        guard let end else { return nil }
        var kept = text[..<end]
        while let last = kept.last, last.isWhitespace { kept.removeLast() }
        return (String(kept) + "…", count)
    }

    /// True when cleaning would leave `raw` as it is: printable ASCII (plus inner tabs and
    /// newlines in multi-line text), nothing to trim, and for single-line text no whitespace run
    /// other than one space. Non-ASCII text passes unless it holds a scalar that
    /// ``needsCleaning(_:)`` finds (dashes, curly quotes and CJK punctuation pass).
    private static func isClean(_ raw: String, singleLine: Bool) -> Bool {
        var previousSpace = true
        var pending = 0           // continuation bytes still to come in the current scalar
        var scalar: UInt32 = 0    // that scalar, as far as read
        for byte in raw.utf8 {
            if pending > 0 {
                pending -= 1
                scalar = scalar << 6 | UInt32(byte & 0x3F)
                if pending == 0 && needsCleaning(scalar) { return false }
                continue
            }
            if byte >= 0x7f {
                if byte == 0x7f { return false }
                if byte >= 0xF0 {
                    pending = 3
                    scalar = UInt32(byte & 0x07)
                } else if byte >= 0xE0 {
                    pending = 2
                    scalar = UInt32(byte & 0x0F)
                } else {
                    pending = 1
                    scalar = UInt32(byte & 0x1F)
                }
                previousSpace = false
                continue
            }
            if byte < 0x20 {
                if singleLine || (byte != 0x0a && byte != 0x09) { return false }
                previousSpace = true
            } else if byte == 0x20 {
                if previousSpace && singleLine { return false }
                previousSpace = true
            } else {
                previousSpace = false
            }
        }
        guard let first = raw.utf8.first, let last = raw.utf8.last else { return true }
        return first > 0x20 && last > 0x20
    }

    /// A non-ASCII scalar the fast path cannot keep as it is: a C1 control, a non-ASCII
    /// White_Space scalar (U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F,
    /// U+205F, U+3000) or a noncharacter.
    @inline(__always)
    private static func needsCleaning(_ scalar: UInt32) -> Bool {
        if scalar < 0x1680 { return scalar <= 0xA0 }
        if scalar < 0xFDD0 { return isNonASCIIWhitespace(scalar) }
        return isNoncharacter(scalar)
    }

    /// U+FDD0–U+FDEF, or one of the last two code points of a plane (U+FFFE, U+1FFFF, …).
    @inline(__always)
    static func isNoncharacter(_ scalar: UInt32) -> Bool {
        (0xFDD0 ... 0xFDEF).contains(scalar) || scalar & 0xFFFE == 0xFFFE
    }

    /// Unicode White_Space above U+00A0 (the ones below are handled byte by byte).
    @inline(__always)
    private static func isNonASCIIWhitespace(_ scalar: UInt32) -> Bool {
        scalar == 0x1680 || (0x2000 ... 0x200A).contains(scalar) || scalar == 0x2028 || scalar == 0x2029
            || scalar == 0x202F || scalar == 0x205F || scalar == 0x3000
    }

    /// The slow path, one pass over the bytes (linear in the text's size): scalars are decoded
    /// from the (valid) UTF-8, and the kept ones copied byte for byte.
    private static func cleanBytes(_ bytes: UnsafeBufferPointer<UInt8>, singleLine: Bool) -> Result {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var removed = false
        var pendingSpace = false               // single-line: a whitespace run since the last kept scalar
        var pendingWhitespace: [UInt8] = []    // multi-line: that run, kept only if text follows
        var previousCR = false
        var index = 0
        let count = bytes.count
        while index < count {
            let start = index
            let lead = bytes[index]
            var scalar = UInt32(lead)
            if lead < 0x80 {
                index += 1
            } else {
                let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                scalar = UInt32(lead & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F))
                for offset in 1 ..< length { scalar = scalar << 6 | UInt32(bytes[start + offset] & 0x3F) }
                index += length
            }
            var isCR = false
            if scalar == 0x0d {
                previousCR = true
                isCR = true
                scalar = 0x0a
            } else if scalar == 0x0a && previousCR {
                previousCR = false
                continue
            } else {
                previousCR = false
            }
            if (scalar < 0x20 && scalar != 0x09 && scalar != 0x0a) || (0x7f ... 0x9f).contains(scalar)
                || (scalar >= 0xFDD0 && isNoncharacter(scalar)) {
                removed = true
                continue
            }
            if scalar == 0x09 || scalar == 0x0a || scalar == 0x20 || scalar == 0xA0 || (scalar >= 0x1680 && isNonASCIIWhitespace(scalar)) {
                if singleLine {
                    pendingSpace = true
                } else if isCR {
                    pendingWhitespace.append(0x0a)
                } else {
                    pendingWhitespace.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start ..< index]))
                }
                continue
            }
            if singleLine {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
            } else if !pendingWhitespace.isEmpty {
                if !out.isEmpty { out.append(contentsOf: pendingWhitespace) }
                pendingWhitespace.removeAll(keepingCapacity: true)
            }
            if index - start == 1 {
                out.append(lead)
            } else {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start ..< index]))
            }
        }
        return Result(text: String(decoding: out, as: UTF8.self), removedControls: removed)
    }
}
