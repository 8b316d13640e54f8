/// Where each key of a TOML document is defined, for messages that name a line.
///
/// TOMLKit gives positions only for syntax errors, not for the keys of a parsed table, so this is
/// a small scan of the source of a document TOMLKit has already accepted. It knows just enough of
/// TOML to skip what could hide a key or a newline (comments, the four kinds of strings, arrays,
/// inline tables) and records every table header (`[site]`, `[[a.b]]`), every key (dotted or
/// quoted, under the current header) and every key of an inline table, each with its absolute
/// path and the line it starts on. It does not record keys of inline tables inside arrays (they
/// have no path a message could name), and it does not validate anything: on a document TOMLKit
/// rejected its answers mean nothing, and it never loops or reads past the end on any input.
struct TOMLKeyLines {
    /// A table header or a key, with its absolute path (header prefix included).
    struct Definition: Equatable {
        var path: [String]
        var line: Int
        var isTableHeader: Bool
    }

    /// Every header and key, in source order.
    private(set) var definitions: [Definition] = []
    /// An escape that decodes to U+0000 in a basic string or quoted key: TOMLKit passes strings
    /// and keys through C, which would silently cut them there.
    struct NULEscape: Equatable {
        var line: Int
        /// The key whose value holds it; nil when it is in a key or a table header.
        var valueOf: [String]?
    }

    /// Every escape that decodes to U+0000, in source order.
    private(set) var nulEscapes: [NULEscape] = []

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    /// The key whose value is being scanned; nil while a key path is.
    private var owner: [String]?

    init(source: String) {
        bytes = Array(source.utf8)
        scanDocument()
    }

    /// The first definition in the source whose path starts with `path`: the key itself, the
    /// header of its table, or (for a table made by dotted keys) the first key in it.
    func first(under path: [String]) -> Definition? {
        definitions.first { $0.path.count >= path.count && Array($0.path.prefix(path.count)) == path }
    }

    /// The line of `path`'s definition, 0 when the scan found none.
    func line(of path: [String]) -> Int { first(under: path)?.line ?? 0 }

    // MARK: - Scanning

    private var current: UInt8 { index < bytes.count ? bytes[index] : 0 }
    private func peek(_ offset: Int) -> UInt8 { index + offset < bytes.count ? bytes[index + offset] : 0 }
    private var atEnd: Bool { index >= bytes.count }

    /// Moves past one byte, counting lines.
    private mutating func advance() {
        if current == UInt8(ascii: "\n") { line += 1 }
        index += 1
    }

    private mutating func skipSpaces() {
        while current == UInt8(ascii: " ") || current == UInt8(ascii: "\t") { advance() }
    }

    /// Skips spaces, newlines and comments.
    private mutating func skipBlank() {
        while !atEnd {
            switch current {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): advance()
            case UInt8(ascii: "#"): while !atEnd && current != UInt8(ascii: "\n") { advance() }
            default: return
            }
        }
    }

    private mutating func record(_ path: [String], line: Int, header: Bool) {
        definitions.append(Definition(path: path, line: line, isTableHeader: header))
    }

    private mutating func scanDocument() {
        var table: [String] = []
        while true {
            skipBlank()
            if atEnd { return }
            let start = index
            let startLine = line
            if current == UInt8(ascii: "[") {
                let isArrayOfTables = peek(1) == UInt8(ascii: "[")
                advance()
                if isArrayOfTables { advance() }
                table = scanKeyPath()
                skipSpaces()
                while current == UInt8(ascii: "]") { advance() }
                record(table, line: startLine, header: true)
            } else {
                let path = table + scanKeyPath()
                skipSpaces()
                if current == UInt8(ascii: "=") { advance() }
                record(path, line: startLine, header: false)
                owner = path
                scanValue(prefix: path)
            }
            if index == start { advance() }  // never stuck on a byte the scan does not expect
        }
    }

    /// Reads `a."b c".'d'`: bare, basic and literal keys separated by dots.
    private mutating func scanKeyPath() -> [String] {
        let outer = owner
        owner = nil
        defer { owner = outer }
        var path: [String] = []
        while !atEnd {
            skipSpaces()
            switch current {
            case UInt8(ascii: "\""): path.append(scanBasicString())
            case UInt8(ascii: "'"): path.append(scanLiteralString())
            default:
                let start = index
                while !atEnd, Self.isBareKeyByte(current) { advance() }
                path.append(String(decoding: bytes[start..<index], as: UTF8.self))
            }
            skipSpaces()
            guard current == UInt8(ascii: ".") else { break }
            advance()
        }
        return path
    }

    private static func isBareKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7a)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    /// Skips one value; the keys of an inline table are recorded under `prefix` (nil: inside an array).
    private mutating func scanValue(prefix: [String]?) {
        skipSpaces()
        switch current {
        case UInt8(ascii: "\""): _ = scanBasicString()
        case UInt8(ascii: "'"): _ = scanLiteralString()
        case UInt8(ascii: "["):
            advance()
            while true {
                skipBlank()
                if atEnd { return }
                if current == UInt8(ascii: "]") { advance(); return }
                let start = index
                scanValue(prefix: nil)
                skipBlank()
                if current == UInt8(ascii: ",") { advance() }
                if index == start { advance() }
            }
        case UInt8(ascii: "{"):
            advance()
            while true {
                skipBlank()
                if atEnd { return }
                if current == UInt8(ascii: "}") { advance(); return }
                let start = index
                let keyLine = line
                let path = scanKeyPath()
                skipSpaces()
                if current == UInt8(ascii: "=") { advance() }
                let outer = owner
                if let prefix {
                    record(prefix + path, line: keyLine, header: false)
                    owner = prefix + path
                }
                scanValue(prefix: prefix.map { $0 + path })
                owner = outer
                skipBlank()
                if current == UInt8(ascii: ",") { advance() }
                if index == start { advance() }
            }
        default:
            // Numbers, booleans, dates (which may contain a space): up to what ends a value.
            while !atEnd {
                switch current {
                case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "\n"), UInt8(ascii: "#"): return
                default: advance()
                }
            }
        }
    }

    /// Reads a basic string, one-line or multi-line (`"""`), decoding its escapes.
    private mutating func scanBasicString() -> String {
        let multiLine = peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"")
        for _ in 0..<(multiLine ? 3 : 1) { advance() }
        var scalars = String.UnicodeScalarView()
        var start = index
        while !atEnd {
            if current == UInt8(ascii: "\"") {
                if !multiLine { append(start..<index, to: &scalars); advance(); return String(scalars) }
                if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                    // Up to two more quotes belong to the string: `"""a""""` is `a"`.
                    var end = index + 3
                    while end < bytes.count, bytes[end] == UInt8(ascii: "\""), end - index < 5 { end += 1 }
                    append(start..<(end - 3), to: &scalars)
                    while index < end { advance() }
                    return String(scalars)
                }
                advance()
            } else if current == UInt8(ascii: "\\") {
                append(start..<index, to: &scalars)
                advance()
                let escape = current
                advance()
                switch escape {
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let length = escape == UInt8(ascii: "u") ? 4 : 8
                    let end = min(index + length, bytes.count)
                    let value = UInt32(String(decoding: bytes[index..<end], as: UTF8.self), radix: 16)
                    while index < end { advance() }
                    if value == 0 { nulEscapes.append(NULEscape(line: line, valueOf: owner)) }
                    if let value, let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
                case UInt8(ascii: "b"): scalars.append("\u{8}")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "f"): scalars.append("\u{C}")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "e"): scalars.append("\u{1B}")
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                    // A line-ending backslash: the newline and the blanks after it vanish.
                    while [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")].contains(current) { advance() }
                default: scalars.append(Unicode.Scalar(escape))
                }
                start = index
            } else if current == UInt8(ascii: "\n"), !multiLine {
                break
            } else {
                advance()
            }
        }
        append(start..<min(index, bytes.count), to: &scalars)
        return String(scalars)
    }

    private func append(_ range: Range<Int>, to scalars: inout String.UnicodeScalarView) {
        scalars.append(contentsOf: String(decoding: bytes[range], as: UTF8.self).unicodeScalars)
    }

    /// Reads a literal string, one-line or multi-line (`'''`): no escapes.
    private mutating func scanLiteralString() -> String {
        let multiLine = peek(1) == UInt8(ascii: "'") && peek(2) == UInt8(ascii: "'")
        for _ in 0..<(multiLine ? 3 : 1) { advance() }
        let start = index
        while !atEnd {
            if current == UInt8(ascii: "'") {
                if !multiLine {
                    let text = String(decoding: bytes[start..<index], as: UTF8.self)
                    advance()
                    return text
                }
                if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                    var end = index + 3
                    while end < bytes.count, bytes[end] == UInt8(ascii: "'"), end - index < 5 { end += 1 }
                    let text = String(decoding: bytes[start..<(end - 3)], as: UTF8.self)
                    while index < end { advance() }
                    return text
                }
            } else if current == UInt8(ascii: "\n"), !multiLine {
                break
            }
            advance()
        }
        return String(decoding: bytes[start..<min(index, bytes.count)], as: UTF8.self)
    }
}
