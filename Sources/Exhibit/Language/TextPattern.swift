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
        var literal = ""
        var rest = Substring(source)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), close > afterOpen,
               rest[afterOpen ..< close].utf8.allSatisfy(Self.isNameByte) {
                if !literal.isEmpty { pieces.append(.literal(literal)); literal = "" }
                pieces.append(.placeholder(String(rest[afterOpen ..< close])))
                rest = rest[rest.index(after: close)...]
            } else {
                literal += "{"
                rest = rest[afterOpen...]
            }
        }
        literal += rest
        if !literal.isEmpty { pieces.append(.literal(literal)) }
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
