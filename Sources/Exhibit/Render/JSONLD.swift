/// A small writer of schema.org JSON-LD objects. Every string goes through
/// ``Escape/jsonString(_:)``, so the result is valid JSON and safe inside `<script>`.
struct JSONLDWriter {
    private(set) var text = "{"
    private var first = true

    init(type: String, context: Bool = true) {
        if context { key("@context"); text += "\"https://schema.org\"" }
        key("@type"); text += Escape.jsonString(type)
    }

    private mutating func key(_ name: String) {
        if !first { text += "," }
        first = false
        text += Escape.jsonString(name)
        text += ":"
    }

    mutating func string(_ name: String, _ value: String) {
        key(name); text += Escape.jsonString(value)
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

    mutating func strings(_ name: String, _ values: [String]) {
        key(name)
        text += "["
        for (position, value) in values.enumerated() {
            if position > 0 { text += "," }
            text += Escape.jsonString(value)
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
        guard let first = name.first(where: { !$0.isWhitespace }) else { return "?" }
        return String(first).uppercased()
    }
}
