/// A position in a template, for error messages.
struct TemplatePosition: Sendable {
    var line: Int
    var column: Int
}

/// One parsed template: a tree of nodes, with standalone lines already removed and line starts
/// marked (so partials and blocks can be re-indented per use site without re-parsing).
struct ParsedTemplate: Sendable {
    let name: String
    let nodes: [TemplateNode]
}

/// A named block (`{{$name}}…{{/name}}`): a parameter of its template, or an argument inside a parent tag.
struct TemplateBlock: Sendable {
    var name: String
    var nodes: [TemplateNode]
    /// Whether the block's tags stand on lines of their own, so its content is re-indented.
    var standalone: Bool
    /// Whitespace before the opening tag on its line (standalone blocks only).
    var before: [UInt8]
    /// Indentation added to content substituted here (standalone blocks only).
    var siteIndent: [UInt8]
    var position: TemplatePosition
}

/// A node of a parsed template.
indirect enum TemplateNode: Sendable {
    case text([UInt8])
    /// The start of a template line: the current indentation (of an indented partial) goes here.
    case lineStart
    case variable(name: String, escaped: Bool, position: TemplatePosition)
    case section(name: String, inverted: Bool, nodes: [TemplateNode], position: TemplatePosition)
    case partial(name: String, indent: [UInt8], position: TemplatePosition)
    case parent(name: String, indent: [UInt8], blocks: [TemplateBlock], position: TemplatePosition)
    case block(TemplateBlock)
}

/// Parses Mustache source into a ``ParsedTemplate``.
struct TemplateParser {
    enum TagKind: Equatable {
        case variable(escaped: Bool)
        case section, inverted, close, partial, parent, block, comment, setDelimiter

        /// Interpolations never make a line standalone.
        var canStandAlone: Bool {
            if case .variable = self { return false }
            return true
        }
    }

    struct Tag {
        var kind: TagKind
        var name: String
        var position: TemplatePosition
        var standalone = false
        var indent: [UInt8] = []
    }

    enum Piece {
        case text(ArraySlice<UInt8>)
        case tag(Tag)
        case lineStart
    }

    let name: String
    let source: [UInt8]
    private var lineStarts: [Int] = [0]

    init(name: String, source: String) {
        self.name = name
        self.source = Array(source.utf8)
        for (offset, byte) in self.source.enumerated() where byte == UInt8(ascii: "\n") {
            lineStarts.append(offset + 1)
        }
    }

    func position(of offset: Int) -> TemplatePosition {
        var cursor = PositionCursor()
        return position(of: offset, from: &cursor)
    }

    /// Where the last position was found: positions asked in increasing order cost, together,
    /// one pass over the source (a line of many tags stays linear).
    struct PositionCursor {
        var offset = 0
        var line = 0
        var column = 1
    }

    /// The position of `offset`, counting on from `cursor` when `offset` is at or after it.
    func position(of offset: Int, from cursor: inout PositionCursor) -> TemplatePosition {
        if offset < cursor.offset { cursor = PositionCursor() }
        // The line: advance through the line starts (total work linear over all calls).
        var line = cursor.line
        while line + 1 < lineStarts.count, lineStarts[line + 1] <= offset { line += 1 }
        var index: Int
        var column: Int
        if line == cursor.line {
            index = cursor.offset
            column = cursor.column
        } else {
            index = lineStarts[line]
            column = 1
        }
        while index < offset {
            if source[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        cursor = PositionCursor(offset: offset, line: line, column: column)
        // `column` counted the characters before `offset`, starting from 1.
        return TemplatePosition(line: line + 1, column: column)
    }

    func error(_ message: String, at position: TemplatePosition) -> TemplateError {
        TemplateError(file: name, line: position.line, column: position.column, message: message)
    }

    func parse() throws -> ParsedTemplate {
        let pieces = try tokenize()
        let lined = markStandaloneLines(pieces)
        var nodes = try buildTree(lined)
        Self.dedentBlocks(&nodes)
        return ParsedTemplate(name: name, nodes: nodes)
    }

    // MARK: Tokenizing

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, source.count >= needle.count else { return nil }
        var index = start
        let last = source.count - needle.count
        let first = needle[0]
        while index <= last {
            if source[index] == first {
                var matches = true
                for k in 1..<needle.count where source[index + k] != needle[k] {
                    matches = false
                    break
                }
                if matches { return index }
            }
            index += 1
        }
        return nil
    }

    private func trimmedString(_ range: Range<Int>) -> String {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, Self.isSpace(source[lower]) || source[lower] == 10 || source[lower] == 13 { lower += 1 }
        while upper > lower, Self.isSpace(source[upper - 1]) || source[upper - 1] == 10 || source[upper - 1] == 13 { upper -= 1 }
        return String(decoding: source[lower..<upper], as: UTF8.self)
    }

    /// Splits the source into text (one piece per line at most, newline included) and tags.
    private func tokenize() throws -> [Piece] {
        var pieces: [Piece] = []
        var open: [UInt8] = Array("{{".utf8)
        var close: [UInt8] = Array("}}".utf8)
        var cursor = 0
        var positions = PositionCursor()

        func appendText(_ range: Range<Int>) {
            var start = range.lowerBound
            var index = start
            while index < range.upperBound {
                if source[index] == UInt8(ascii: "\n") {
                    pieces.append(.text(source[start...index]))
                    start = index + 1
                }
                index += 1
            }
            if start < range.upperBound { pieces.append(.text(source[start..<range.upperBound])) }
        }

        while cursor < source.count {
            guard let tagStart = find(open, from: cursor) else {
                appendText(cursor..<source.count)
                break
            }
            appendText(cursor..<tagStart)
            let position = self.position(of: tagStart, from: &positions)
            var contentStart = tagStart + open.count
            guard contentStart <= source.count else {
                throw error("unclosed tag: missing \(String(decoding: close, as: UTF8.self))", at: position)
            }
            let sigil: UInt8? = contentStart < source.count ? source[contentStart] : nil
            var kind: TagKind = .variable(escaped: true)
            var closing = close
            switch sigil {
            case UInt8(ascii: "{"): kind = .variable(escaped: false); closing = Array("}".utf8) + close; contentStart += 1
            case UInt8(ascii: "&"): kind = .variable(escaped: false); contentStart += 1
            case UInt8(ascii: "#"): kind = .section; contentStart += 1
            case UInt8(ascii: "^"): kind = .inverted; contentStart += 1
            case UInt8(ascii: "/"): kind = .close; contentStart += 1
            case UInt8(ascii: ">"): kind = .partial; contentStart += 1
            case UInt8(ascii: "<"): kind = .parent; contentStart += 1
            case UInt8(ascii: "$"): kind = .block; contentStart += 1
            case UInt8(ascii: "!"): kind = .comment; contentStart += 1
            case UInt8(ascii: "="): kind = .setDelimiter; closing = Array("=".utf8) + close; contentStart += 1
            default: break
            }
            guard let contentEnd = find(closing, from: contentStart) else {
                throw error("unclosed tag: missing \(String(decoding: closing, as: UTF8.self))", at: position)
            }
            cursor = contentEnd + closing.count
            let content = trimmedString(contentStart..<contentEnd)
            switch kind {
            case .comment:
                break
            case .setDelimiter:
                let parts = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
                    throw error("bad delimiter tag: expected {{=<open> <close>=}}, found \"\(content)\"", at: position)
                }
                open = Array(parts[0].utf8)
                close = Array(parts[1].utf8)
            default:
                if content.isEmpty {
                    throw error("empty tag name", at: position)
                }
                if content.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
                    throw error("bad tag name \"\(content)\": names have no spaces", at: position)
                }
            }
            pieces.append(.tag(Tag(kind: kind, name: content, position: position)))
        }
        return pieces
    }

    // MARK: Standalone lines

    static func isBlank(_ text: ArraySlice<UInt8>) -> Bool {
        text.allSatisfy { isSpace($0) || $0 == 10 || $0 == 13 }
    }

    private static func endsLine(_ text: ArraySlice<UInt8>) -> Bool {
        text.last == UInt8(ascii: "\n")
    }

    /// Removes lines that hold only whitespace and one tag (or a parent/block pair), recording
    /// their indentation, and marks the start of every remaining non-empty line.
    private func markStandaloneLines(_ pieces: [Piece]) -> [Piece] {
        var result: [Piece] = []
        result.reserveCapacity(pieces.count * 2)
        var openKinds: [TagKind] = []
        var lineStart = 0
        var index = 0
        while index < pieces.count {
            // A line runs to the first text piece that ends with a newline (or to the end).
            var lineEnd = index
            while lineEnd < pieces.count {
                if case .text(let text) = pieces[lineEnd], Self.endsLine(text) { break }
                lineEnd += 1
            }
            let line = Array(pieces[lineStart...min(lineEnd, pieces.count - 1)])
            emitLine(line, openKinds: &openKinds, into: &result)
            index = lineEnd + 1
            lineStart = index
        }
        return result
    }

    private func emitLine(_ line: [Piece], openKinds: inout [TagKind], into result: inout [Piece]) {
        var tagIndices: [Int] = []
        var allBlank = true
        var leading: [UInt8] = []
        var seenTag = false
        for (offset, piece) in line.enumerated() {
            switch piece {
            case .tag: tagIndices.append(offset); seenTag = true
            case .text(let text):
                if !Self.isBlank(text) { allBlank = false }
                if !seenTag { leading.append(contentsOf: text) }
            case .lineStart: break
            }
        }
        let tags: [Tag] = tagIndices.map { if case .tag(let tag) = line[$0] { return tag } else { fatalError() } }
        // What each closing tag on the line closes (unbalanced tags are reported when building the tree).
        var closes: [TagKind?] = []
        for tag in tags {
            switch tag.kind {
            case .section, .inverted, .parent, .block:
                openKinds.append(tag.kind)
                closes.append(nil)
            case .close:
                closes.append(openKinds.popLast())
            default:
                closes.append(nil)
            }
        }
        var standalone = allBlank && !tags.isEmpty && tags.allSatisfy { $0.kind.canStandAlone }
        var keepsLineEnd = false
        if standalone, tags.count == 2 {
            // Only pairs the specification treats as one: {{<p}}{{$b}}, {{/b}}{{/p}}, {{<p}}{{/p}}, {{$b}}{{/b}}.
            let adjacent = tagIndices[1] == tagIndices[0] + 1
            switch (tags[0].kind, tags[1].kind) {
            case (.parent, .block), (.parent, .close): standalone = adjacent
            case (.close, .close): standalone = adjacent && closes[0] == .block && closes[1] == .parent
            case (.block, .close): standalone = adjacent; keepsLineEnd = true
            default: standalone = false
            }
        } else if tags.count > 2 {
            standalone = false
        }
        if standalone {
            let indent = leading.filter { Self.isSpace($0) }
            for var tag in tags {
                tag.standalone = true
                tag.indent = indent
                result.append(.tag(tag))
            }
            if keepsLineEnd, case .text(let text) = line.last!, Self.endsLine(text) {
                result.append(.text(text.drop(while: { Self.isSpace($0) })))
            }
            return
        }
        // A line that is not empty gets a line-start marker for indentation.
        let isEmptyLine: Bool
        if case .text(let text) = line.first!, text.first == 10 || (text.first == 13 && text.count == 2 && text.last == 10) {
            isEmptyLine = true
        } else {
            isEmptyLine = false
        }
        if !isEmptyLine { result.append(.lineStart) }
        result.append(contentsOf: line)
    }

    // MARK: Tree

    /// What a tag that opens a level is called in messages.
    static func describe(_ kind: TagKind) -> String {
        switch kind {
        case .inverted: return "inverted section"
        case .parent: return "parent"
        case .block: return "block"
        default: return "section"
        }
    }

    private struct OpenTag {
        var tag: Tag
        var nodes: [TemplateNode] = []
    }

    private func buildTree(_ pieces: [Piece]) throws -> [TemplateNode] {
        var stack: [OpenTag] = [OpenTag(tag: Tag(kind: .section, name: "", position: TemplatePosition(line: 1, column: 1)))]
        // Consecutive texts gather here and become one node when something else comes (appending
        // to the last node instead would copy it each time: quadratic in a run of empty lines).
        var pendingText: [UInt8] = []
        func flushText() {
            guard !pendingText.isEmpty else { return }
            stack[stack.count - 1].nodes.append(.text(pendingText))
            pendingText = []
        }
        func append(_ node: TemplateNode) {
            flushText()
            stack[stack.count - 1].nodes.append(node)
        }
        for piece in pieces {
            switch piece {
            case .lineStart:
                append(.lineStart)
            case .text(let text):
                pendingText.append(contentsOf: text)
            case .tag(let tag):
                switch tag.kind {
                case .comment, .setDelimiter:
                    break
                case .variable(let escaped):
                    append(.variable(name: tag.name, escaped: escaped, position: tag.position))
                case .partial:
                    append(.partial(name: tag.name, indent: tag.standalone ? tag.indent : [], position: tag.position))
                case .section, .inverted, .parent, .block:
                    guard stack.count <= TemplateCompiler.maximumNesting else {
                        throw error("\(Self.describe(tag.kind)) \"\(tag.name)\" nests more than \(TemplateCompiler.maximumNesting) levels deep", at: tag.position)
                    }
                    flushText()
                    stack.append(OpenTag(tag: tag))
                case .close:
                    flushText()
                    guard stack.count > 1 else {
                        throw error("closing tag {{/\(tag.name)}} without an opening tag", at: tag.position)
                    }
                    let opened = stack.removeLast()
                    guard opened.tag.name == tag.name else {
                        throw error("mismatched closing tag {{/\(tag.name)}}: expected {{/\(opened.tag.name)}} for the section opened at \(opened.tag.position.line):\(opened.tag.position.column)", at: tag.position)
                    }
                    let open = opened.tag
                    switch open.kind {
                    case .section, .inverted:
                        append(.section(name: open.name, inverted: open.kind == .inverted, nodes: opened.nodes, position: open.position))
                    case .parent:
                        let blocks: [TemplateBlock] = opened.nodes.compactMap { if case .block(let block) = $0 { return block } else { return nil } }
                        append(.parent(name: open.name, indent: open.standalone ? open.indent : [], blocks: blocks, position: open.position))
                    case .block:
                        append(.block(TemplateBlock(name: open.name, nodes: opened.nodes, standalone: open.standalone,
                                                    before: open.indent, siteIndent: [], position: open.position)))
                    default:
                        fatalError("unreachable")
                    }
                }
            }
        }
        flushText()
        if stack.count > 1 {
            let open = stack[stack.count - 1].tag
            throw error("unclosed section \"\(open.name)\": missing {{/\(open.name)}}", at: open.position)
        }
        return stack[0].nodes
    }
}
