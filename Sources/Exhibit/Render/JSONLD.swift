/// A small writer of schema.org JSON-LD objects. Every string goes through
/// ``Escape/jsonString(_:)``, so the result is valid JSON and safe inside `<script>`.
struct JSONLDWriter {
    private(set) var text = "{"
    private var first = true

    init(type: String, context: Bool = true) {
        text.reserveCapacity(context ? 1024 : 128)
        if context { key("@context"); text += "\"https://schema.org\"" }
        key("@type"); Self.appendJSONString(type, to: &text)
    }

    private mutating func key(_ name: String) {
        if !first { text += "," }
        first = false
        Self.appendJSONString(name, to: &text)
        text += ":"
    }

    mutating func string(_ name: String, _ value: String) {
        key(name)
        Self.appendJSONString(value, to: &text)
    }

    /// ``Escape/jsonString(_:)``, with a fast path for text that needs no escape.
    static func appendJSONString(_ value: String, to text: inout String) {
        var plain = true
        for byte in value.utf8 {
            // Quote, backslash, controls, `<`, `>`, `&`, DEL, and 0xE2 (lead byte of U+2028/U+2029).
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0x7F || byte == 0xE2 {
                plain = false
                break
            }
        }
        if plain {
            text += "\""
            text += value
            text += "\""
        } else {
            text += Escape.jsonString(value)
        }
    }

    mutating func string(_ name: String, _ value: String?) {
        if let value { string(name, value) }
    }

    mutating func number(_ name: String, _ value: Int) {
        key(name); text += String(value)
    }

    mutating func object(_ name: String, _ value: JSONLDWriter) {
        key(name); text += value.finished
    }

    /// A member whose value is already-serialised JSON (a cached object).
    mutating func raw(_ name: String, _ json: String) {
        key(name); text += json
    }

    mutating func strings(_ name: String, _ values: [String]) {
        key(name)
        text += "["
        for (position, value) in values.enumerated() {
            if position > 0 { text += "," }
            Self.appendJSONString(value, to: &text)
        }
        text += "]"
    }

    var finished: String { text + "}" }
}

/// Text helpers for titles, summaries and labels (deterministic, locale-independent).
enum TextFormat {
    /// Whitespace runs collapsed to one space; at most `limit` characters, cut at a word boundary
    /// when one is near, with `…` when shortened.
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

    /// `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (position, digit) in digits.enumerated() {
            if position > 0 && (digits.count - position) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }

    /// `1 image`, `12 images`.
    static func counted(_ value: Int, _ singular: String, _ plural: String) -> String {
        grouped(value) + " " + (value == 1 ? singular : plural)
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
