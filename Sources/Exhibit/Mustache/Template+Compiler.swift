/// Where a compiled tag finds its value at render time.
enum TemplateValueRef: Sendable {
    /// The innermost context (`{{.}}`).
    case top
    /// Field `slot` of the innermost context object of `schema` (found by identity, no hashing).
    case field(TemplateSchema, Int)
    /// A dotted name: the first slot in the innermost object of `schema`, then slots in nested objects.
    case path(TemplateSchema, [Int])
    /// Looked up by name at render time (only in ``TemplateSet/UnknownNames/renderEmpty`` mode).
    case dynamic([String])
}

/// One instruction of a compiled template. Programs are flat arrays; a section's body is the
/// instructions after it up to `end`.
enum TemplateOp: Sendable {
    /// Static text, already UTF-8.
    case text([UInt8])
    case value(TemplateValueRef, escaped: Bool)
    case section(TemplateValueRef, inverted: Bool, end: Int)
    /// Runs another program (a partial compiled for this context) with the same context stack.
    case call(Int)
}

/// Compiles parsed templates into flat programs, checking names against the schemas.
final class TemplateCompiler {
    /// Block arguments in effect while expanding a parent: name → content and where it was written.
    typealias BlockArguments = [String: (nodes: [TemplateNode], file: String)]

    struct Scope {
        var file: String
        var frames: [StaticFrame]
        var indent: [UInt8]
        var blocks: BlockArguments
        /// Sections, partials, parents and blocks this code is nested in (at most ``maximumNesting``).
        var depth: Int
        /// The partials being expanded here, outermost first (a theme's partial may not include itself).
        var partials: [String] = []
    }

    private struct PartialKey: Hashable {
        var name: String
        var indent: [UInt8]
        var frames: [FrameKey]
    }

    private enum FrameKey: Hashable {
        case object(ObjectIdentifier)
        case scalar
        case opaque
    }

    static let maximumNesting = 100
    /// Parents and blocks are expanded in place; this bounds what a theme may expand to (a parent
    /// used twice in each of 50 nested parents would otherwise expand 2^50 times).
    static let maximumExpansion = 1_000_000

    private var expanded = 0

    let parsed: [String: ParsedTemplate]
    let texts: TemplateTexts
    let typed: Bool
    private(set) var programs: [[TemplateOp]] = []
    private var memo: [PartialKey: Int] = [:]

    init(parsed: [String: ParsedTemplate], texts: TemplateTexts = TemplateTexts(), typed: Bool) {
        self.parsed = parsed
        self.texts = texts
        self.typed = typed
    }

    /// Compiles page `name` against `schema` and returns its program index.
    func compilePage(_ name: String, schema: TemplateSchema) throws -> Int {
        guard let template = parsed[name] else {
            throw TemplateError(file: name, line: 1, column: 1, message: "page template \"\(name)\" does not exist")
        }
        let index = programs.count
        programs.append([])
        var builder = ProgramBuilder()
        let scope = Scope(file: name, frames: [.object(schema)], indent: [], blocks: [:], depth: 0)
        try compile(template.nodes, scope: scope, into: &builder)
        programs[index] = builder.ops
        return index
    }

    private func error(_ scope: Scope, _ position: TemplatePosition, _ message: String) -> TemplateError {
        TemplateChecker.error(scope.file, position, message)
    }

    /// A program being built: consecutive static texts merge into one instruction, but never
    /// across a section boundary.
    struct ProgramBuilder {
        var ops: [TemplateOp] = []
        var mergeFloor = 0

        mutating func appendText(_ bytes: [UInt8]) {
            guard !bytes.isEmpty else { return }
            if ops.count > mergeFloor, case .text(var previous)? = ops.last {
                ops.removeLast()
                previous.append(contentsOf: bytes)
                ops.append(.text(previous))
            } else {
                ops.append(.text(bytes))
            }
        }

        mutating func append(_ op: TemplateOp) {
            ops.append(op)
        }
    }

    func compile(_ nodes: [TemplateNode], scope: Scope, into ops: inout ProgramBuilder) throws {
        expanded += nodes.count
        if expanded > Self.maximumExpansion {
            throw TemplateError(file: scope.file, line: 1, column: 1,
                                message: "the theme expands to more than \(Self.maximumExpansion) template nodes (a parent or block used many times at many levels?)")
        }
        for node in nodes {
            switch node {
            case .text(let bytes):
                ops.appendText(bytes)
            case .lineStart:
                ops.appendText(scope.indent)
            case .variable(let name, _, let position) where typed && name.hasPrefix(TemplateTexts.prefix):
                guard case .plain(let text) = try textEntry(name, scope: scope, position: position) else {
                    throw error(scope, position, "\"\(name)\" has a placeholder; use it as a section: {{#\(name)}}…{{/\(name)}}")
                }
                ops.appendText(Array(Escape.html(text).utf8))
            case .section(let name, let inverted, let children, let position) where typed && name.hasPrefix(TemplateTexts.prefix):
                guard !inverted, case .around(let before, let after) = try textEntry(name, scope: scope, position: position) else {
                    throw error(scope, position, inverted
                                ? "\"\(name)\" is a text, not a condition: {{^\(name)}} means nothing"
                                : "\"\(name)\" has no placeholder for the section's content; write it as {{\(name)}}")
                }
                ops.appendText(Array(Escape.html(before).utf8))
                var inner = scope
                inner.depth += 1
                try compile(children, scope: inner, into: &ops)
                ops.appendText(Array(Escape.html(after).utf8))
            case .variable(let name, let escaped, let position):
                let ref = try valueRef(name, scope: scope, position: position, forSection: false)
                ops.append(.value(ref.ref, escaped: escaped))
            case .section(let name, let inverted, let children, let position):
                guard scope.depth < Self.maximumNesting else {
                    throw error(scope, position, "\(inverted ? "inverted section" : "section") \"\(name)\" nests more than \(Self.maximumNesting) levels deep")
                }
                let ref = try valueRef(name, scope: scope, position: position, forSection: true)
                let start = ops.ops.count
                ops.append(.section(ref.ref, inverted: inverted, end: start + 1))
                ops.mergeFloor = ops.ops.count
                var inner = scope
                inner.depth += 1
                if !inverted, let frame = ref.frame { inner.frames.append(frame) }
                try compile(children, scope: inner, into: &ops)
                ops.ops[start] = .section(ref.ref, inverted: inverted, end: ops.ops.count)
                ops.mergeFloor = ops.ops.count
            case .partial(let name, let indent, let position):
                try compilePartial(name, indent: scope.indent + indent, scope: scope, position: position, into: &ops)
            case .parent(let name, let indent, let blocks, let position):
                guard scope.depth < Self.maximumNesting else {
                    throw error(scope, position, "parent \"\(name)\" nests more than \(Self.maximumNesting) levels deep (recursive inheritance?)")
                }
                guard let template = parsed[name] else {
                    if typed { throw error(scope, position, missingMessage("parent", name)) }
                    continue
                }
                var arguments: BlockArguments = [:]
                for block in blocks { arguments[block.name] = (block.nodes, scope.file) }
                for (key, value) in scope.blocks { arguments[key] = value }
                let inner = Scope(file: template.name, frames: scope.frames, indent: scope.indent + indent,
                                  blocks: arguments, depth: scope.depth + 1, partials: scope.partials)
                try compile(template.nodes, scope: inner, into: &ops)
            case .block(let block):
                guard scope.depth < Self.maximumNesting else {
                    throw error(scope, block.position, "block \"\(block.name)\" nests more than \(Self.maximumNesting) levels deep")
                }
                var inner = scope
                inner.depth += 1
                if block.standalone { inner.indent = scope.indent + block.siteIndent }
                if let argument = scope.blocks[block.name] {
                    inner.file = argument.file
                    try compile(argument.nodes, scope: inner, into: &ops)
                } else {
                    try compile(block.nodes, scope: inner, into: &ops)
                }
            }
        }
    }

    /// The text of key `t.KEY`, or an error naming the nearest key.
    private func textEntry(_ name: String, scope: Scope, position: TemplatePosition) throws -> TemplateTexts.Entry {
        let key = String(name.dropFirst(TemplateTexts.prefix.count))
        guard let entry = texts.entries[key] else {
            var message = "unknown text key \"\(name)\" (the keys are in i18n/en.toml; `exhibit templates keys` lists them)"
            if let suggestion = TemplateChecker.suggestion(for: key, among: texts.entries.keys.sorted()) {
                message += "; did you mean \"\(TemplateTexts.prefix + suggestion)\"?"
            }
            throw error(scope, position, message)
        }
        if case .unusable(let why) = entry { throw error(scope, position, "\"\(name)\" \(why)") }
        return entry
    }

    private func missingMessage(_ what: String, _ name: String) -> String {
        var message = "unknown \(what) \"\(name)\""
        if let suggestion = TemplateChecker.suggestion(for: name, among: Array(parsed.keys).sorted()) {
            message += "; did you mean \"\(suggestion)\"?"
        }
        return message
    }

    private func compilePartial(_ name: String, indent: [UInt8], scope: Scope, position: TemplatePosition, into ops: inout ProgramBuilder) throws {
        guard let template = parsed[name] else {
            if typed { throw error(scope, position, missingMessage("partial", name)) }
            return
        }
        // Themes have no recursive data (schemas never contain themselves), so a partial that
        // reaches itself could only recurse until the stack overflows.
        if typed, scope.partials.contains(name) {
            let cycle = scope.partials[scope.partials.firstIndex(of: name)!...] + [name]
            throw error(scope, position, "partial \"\(name)\" includes itself (\(cycle.joined(separator: " → ")))")
        }
        guard scope.depth < Self.maximumNesting else {
            throw error(scope, position, "partial \"\(name)\" nests more than \(Self.maximumNesting) levels deep")
        }
        // The program only depends on the innermost occurrence of each schema (lookups find the
        // innermost match), so deduplicating the stack keeps recursive partials finite.
        var frameKeys: [FrameKey] = []
        if typed {
            var seen = Set<ObjectIdentifier>()
            for (offset, frame) in scope.frames.reversed().enumerated() {
                switch frame {
                case .object(let schema):
                    if seen.insert(ObjectIdentifier(schema)).inserted { frameKeys.append(.object(ObjectIdentifier(schema))) }
                case .scalar: if offset == 0 { frameKeys.append(.scalar) }
                case .opaque: if offset == 0 { frameKeys.append(.opaque) }
                }
            }
        }
        let key = PartialKey(name: name, indent: indent, frames: frameKeys)
        if let program = memo[key] {
            ops.append(.call(program))
            return
        }
        let program = programs.count
        programs.append([])
        memo[key] = program
        var body = ProgramBuilder()
        let inner = Scope(file: template.name, frames: scope.frames, indent: indent, blocks: [:],
                          depth: scope.depth + 1, partials: scope.partials + [name])
        try compile(template.nodes, scope: inner, into: &body)
        programs[program] = body.ops
        ops.append(.call(program))
    }

    /// Resolves a tag's name; for sections also returns the frame the section pushes.
    private func valueRef(_ name: String, scope: Scope, position: TemplatePosition, forSection: Bool) throws -> (ref: TemplateValueRef, frame: StaticFrame?) {
        if name == "." {
            if typed {
                guard let top = scope.frames.last, top == .scalar else {
                    throw error(scope, position, "{{.}} needs a text context (inside {{#list}} over a text list, or {{#field}} over an optional text); here the context is \(TemplateChecker.contextName(scope.frames))")
                }
            }
            return (.top, .scalar)
        }
        guard typed else {
            return (.dynamic(name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)), nil)
        }
        let resolved = try TemplateChecker.resolve(name, in: scope.frames, file: scope.file, at: position)
        let ref: TemplateValueRef = resolved.slots.count == 1
            ? .field(resolved.schema, resolved.slots[0])
            : .path(resolved.schema, resolved.slots)
        if forSection {
            let frame: StaticFrame
            switch resolved.kind {
            case .list(let schema), .object(let schema): frame = .object(schema)
            case .textList, .optionalText, .optionalNumber, .text, .number: frame = .scalar
            case .bool: frame = .opaque
            }
            return (ref, frame)
        }
        switch resolved.kind {
        case .list, .textList, .object:
            throw error(scope, position, "\"\(name)\" is \(TemplateChecker.describe(resolved.kind)) and cannot be written as a value; use {{#\(name)}}…{{/\(name)}}")
        case .text, .number, .bool, .optionalText, .optionalNumber:
            return (ref, nil)
        }
    }
}
