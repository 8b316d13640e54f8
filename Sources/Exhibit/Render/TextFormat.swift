/// Text helpers for titles, summaries and labels (deterministic, locale-independent).
enum TextFormat {
    /// Whitespace runs collapsed to one space; at most `limit` characters, cut at a word boundary
    /// when one is near, with `…` when shortened.
    /// ``excerpt(_:limit:)`` of text borrowed in place: the text itself when it is its own
    /// excerpt (short, ASCII, single spaces), else made in `scratch`.
    static func excerpt(_ text: UnsafeRawBufferPointer, limit: Int, in scratch: RenderScratch) -> TemplateBytes {
        if text.count <= limit {
            var plain = true
            var previousSpace = true
            for byte in text {
                if byte >= 0x80 || byte < 0x20 || byte == 0x7F || (byte == 0x20 && previousSpace) { plain = false; break }
                previousSpace = byte == 0x20
            }
            if plain && !previousSpace { return TemplateBytes(text) }
        }
        return scratch.copy(excerpt(text.utf8String, limit: limit))
    }

    static func excerpt(_ text: String, limit: Int) -> String {
        // Fast path: short ASCII text with single spaces only is its own excerpt.
        if text.utf8.count <= limit {
            var plain = true
            var previousSpace = true
            for byte in text.utf8 {
                if byte >= 0x80 || byte < 0x20 || byte == 0x7F || (byte == 0x20 && previousSpace) { plain = false; break }
                previousSpace = byte == 0x20
            }
            if plain && !previousSpace { return text }
        }
        if let excerpt = scalarExcerpt(text, limit: limit) { return excerpt }
        return characterExcerpt(text, limit: limit)
    }

    /// ``excerpt(_:limit:)`` by `Character`: the reference behaviour, for any text.
    static func characterExcerpt(_ text: String, limit: Int) -> String {
        var out = ""
        var count = 0
        var pendingSpace = false
        var lastSpaceIndex: String.Index?
        var truncated = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                if count + 1 >= limit { truncated = true; break }
                lastSpaceIndex = out.endIndex
                out.append(" ")
                count += 1
                pendingSpace = false
            }
            if count >= limit { truncated = true; break }
            out.append(character)
            count += 1
        }
        guard truncated else { return out }
        if let cut = lastSpaceIndex, out.distance(from: out.startIndex, to: cut) > limit / 2 {
            out = String(out[..<cut])
        }
        return out + "…"
    }

    /// True for a scalar that is a grapheme cluster on its own whatever its neighbours (Unicode
    /// grapheme break property Other or Control, not emoji modifier, regional indicator, Hangul,
    /// extender, joiner, spacing mark or prepend): ASCII, Latin, Greek, general punctuation, CJK,
    /// kana and common pictographs. A conservative list: anything else takes the `Character` path.
    @inline(__always)
    static func isStandaloneScalar(_ value: UInt32) -> Bool {
        switch value {
        case 0x00 ... 0x7F, 0xA0 ... 0x2FF, 0x370 ... 0x482, 0x1E00 ... 0x1FFF, 0x2010 ... 0x2027,
             0x2030 ... 0x205E, 0x2070 ... 0x20CF, 0x2100 ... 0x2BFF, 0x3000 ... 0x3029, 0x3041 ... 0x3096,
             0x30A0 ... 0x30FF, 0x4E00 ... 0x9FFF, 0x1F300 ... 0x1F3FA, 0x1F400 ... 0x1F64F:
            return true
        default:
            return false
        }
    }

    /// ``excerpt(_:limit:)`` scalar by scalar, when every scalar of `text` is a grapheme cluster
    /// of its own (see ``isStandaloneScalar(_:)``): then characters are scalars (CR LF is one
    /// character, but whitespace either way) and `Character.isWhitespace` is the scalar's
    /// `White_Space` property. Nil when the text has another scalar.
    static func scalarExcerpt(_ text: String, limit: Int) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            let count = bytes.count
            // Output: at most the input (whitespace runs shrink to one space) plus `…`.
            var out = [UInt8](repeating: 0, count: count + 3)
            return out.withUnsafeMutableBufferPointer { out -> String? in
                var length = 0
                var characters = 0
                var pendingSpace = false
                var lastSpace = -1, lastSpaceCharacters = 0
                var truncated = false
                var position = 0
                while position < count {
                    let lead = bytes[position]
                    let width: Int
                    let value: UInt32
                    if lead < 0x80 {
                        width = 1; value = UInt32(lead)
                    } else if lead < 0xE0 {
                        width = 2; value = (UInt32(lead & 0x1F) << 6) | UInt32(bytes[position + 1] & 0x3F)
                    } else if lead < 0xF0 {
                        width = 3
                        value = (UInt32(lead & 0x0F) << 12) | (UInt32(bytes[position + 1] & 0x3F) << 6) | UInt32(bytes[position + 2] & 0x3F)
                    } else {
                        width = 4
                        value = (UInt32(lead & 0x07) << 18) | (UInt32(bytes[position + 1] & 0x3F) << 12)
                            | (UInt32(bytes[position + 2] & 0x3F) << 6) | UInt32(bytes[position + 3] & 0x3F)
                    }
                    guard isStandaloneScalar(value) else { return nil }
                    let isWhitespace: Bool
                    if value < 0x80 {
                        isWhitespace = value == 0x20 || (0x09 ... 0x0D).contains(value)
                    } else {
                        isWhitespace = Unicode.Scalar(value)!.properties.isWhitespace
                    }
                    if isWhitespace {
                        pendingSpace = length > 0
                        position += width
                        continue
                    }
                    if pendingSpace {
                        if characters + 1 >= limit { truncated = true; break }
                        lastSpace = length
                        lastSpaceCharacters = characters
                        out[length] = UInt8(ascii: " ")
                        length += 1
                        characters += 1
                        pendingSpace = false
                    }
                    if characters >= limit { truncated = true; break }
                    for offset in 0 ..< width { out[length + offset] = bytes[position + offset] }
                    length += width
                    characters += 1
                    position += width
                }
                if truncated {
                    // The scalar at the cut is standalone, so it starts a character: the text
                    // after it cannot change what was kept.
                    if lastSpace >= 0 && lastSpaceCharacters > limit / 2 { length = lastSpace }
                    out[length] = 0xE2; out[length + 1] = 0x80; out[length + 2] = 0xA6
                    length += 3
                }
                return String(decoding: UnsafeBufferPointer(rebasing: out[0 ..< length]), as: UTF8.self)
            }
        }
    }

    /// The first character of a name, upper-cased, for a placeholder avatar.
    static func initial(_ name: String) -> String {
        // Fast path: an ASCII letter or digit not followed by a non-ASCII scalar (which could combine).
        let bytes = name.utf8
        if let byte = bytes.first, bytes.count == 1 || bytes[bytes.index(after: bytes.startIndex)] < 0x80 {
            if (0x61 ... 0x7A).contains(byte) { return String(Unicode.Scalar(byte - 0x20)) }
            if (0x41 ... 0x5A).contains(byte) || (0x30 ... 0x39).contains(byte) { return String(Unicode.Scalar(byte)) }
        }
        guard let first = name.first(where: { !$0.isWhitespace }) else { return "?" }
        return String(first).uppercased()
    }
}
