/// A catalog text with named placeholders, `Photo by {name}`, split once into literal pieces and
/// placeholder names so that filling it is a few appends (docs/languages.md).
///
/// A placeholder is `{` a name of ASCII letters, digits and `_` `}`; any other brace is text.
package struct TextPattern: Sendable, Equatable {
    package enum Piece: Sendable, Equatable {
        case literal(String)
        case placeholder(String)
    }

    package let pieces: [Piece]
    /// The text as written in the catalog.
    package let source: String

    package init(_ source: String) {
        self.source = source
        var pieces: [Piece] = []
        var literal: [UInt8] = []
        let bytes = Array(source.utf8)
        var index = 0
        // One pass: after a `{`, only name bytes are read, up to the first other byte, so every
        // byte is looked at a bounded number of times whatever the text (a hostile catalog of
        // `{{{{…` stays linear).
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "{") else {
                literal.append(bytes[index])
                index += 1
                continue
            }
            var end = index + 1
            while end < bytes.count, Self.isNameByte(bytes[end]) { end += 1 }
            if end > index + 1, end < bytes.count, bytes[end] == UInt8(ascii: "}") {
                if !literal.isEmpty { pieces.append(.literal(String(decoding: literal, as: UTF8.self))); literal = [] }
                pieces.append(.placeholder(String(decoding: bytes[(index + 1) ..< end], as: UTF8.self)))
                index = end + 1
            } else {
                literal.append(contentsOf: bytes[index ..< end])
                index = end
            }
        }
        if !literal.isEmpty { pieces.append(.literal(String(decoding: literal, as: UTF8.self))) }
        self.pieces = pieces
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (0x30 ... 0x39).contains(byte) || (0x41 ... 0x5A).contains(byte) || (0x61 ... 0x7A).contains(byte) || byte == 0x5F
    }

    /// The placeholder names, in order of appearance.
    package var placeholders: [String] {
        pieces.compactMap { if case .placeholder(let name) = $0 { return name } else { return nil } }
    }

    /// The text with each placeholder replaced by `values[name]` (empty when absent).
    package func filled(_ values: KeyValuePairs<String, String>) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .literal(let text): out += text
            case .placeholder(let name): out += values.first(where: { $0.key == name })?.value ?? ""
            }
        }
        return out
    }

    /// The text before and after its one placeholder (for a template section whose content goes
    /// where the placeholder is, or for fast byte joins); nil when it has not exactly one.
    package var aroundPlaceholder: (before: String, after: String)? {
        guard placeholders.count == 1 else { return nil }
        var before = "", after = "", seen = false
        for piece in pieces {
            switch piece {
            case .literal(let text): if seen { after += text } else { before += text }
            case .placeholder: seen = true
            }
        }
        return (before, after)
    }
}
