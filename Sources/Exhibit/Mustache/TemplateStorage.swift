/// The compiled templates behind a ``TemplateSet``: immutable after loading, shared by all threads.
final class TemplateStorage: Sendable {
    let renderer: TemplateRenderer
    /// Page name → program index.
    let entries: [String: Int]
    /// Page name → XXH64 of the sources of every template it reaches (itself, its parents and
    /// partials, transitively): equal digests, equal output for equal contexts and texts.
    let sourceDigests: [String: UInt64]

    init(templates: [String: String], pages: [String: TemplateSchema], texts: TemplateTexts, unknownNames: TemplateSet.UnknownNames) throws {
        var parsed: [String: ParsedTemplate] = [:]
        // Sorted, so the first error reported does not depend on dictionary order.
        for name in templates.keys.sorted() {
            parsed[name] = try TemplateParser(name: name, source: templates[name]!).parse()
        }
        let compiler = TemplateCompiler(parsed: parsed, texts: texts, typed: unknownNames == .error)
        var entries: [String: Int] = [:]
        for name in pages.keys.sorted() {
            entries[name] = try compiler.compilePage(name, schema: pages[name]!)
        }
        self.entries = entries
        self.renderer = TemplateRenderer(programs: compiler.programs)
        var digests: [String: UInt64] = [:]
        for name in pages.keys {
            var hasher = XXHash64.Stream()
            for reached in Self.reached(from: name, parsed).sorted() {
                // Each piece after its length, so that no two lists hash the same bytes.
                for piece in [reached, templates[reached] ?? "\u{0}missing"] {
                    withUnsafeBytes(of: UInt64(piece.utf8.count).littleEndian) { hasher.update($0) }
                    var piece = piece
                    piece.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
                }
            }
            digests[name] = hasher.finish()
        }
        self.sourceDigests = digests
    }

    /// `page` and every template its partial and parent tags name, transitively (names that do
    /// not exist included: adding one changes the output too).
    static func reached(from page: String, _ parsed: [String: ParsedTemplate]) -> Set<String> {
        var seen: Set<String> = [page]
        var pending = [page]
        while let name = pending.popLast() {
            guard let template = parsed[name] else { continue }
            var nodes = template.nodes[...]
            var stack: [ArraySlice<TemplateNode>] = []
            while true {
                guard let node = nodes.popFirst() else {
                    guard let next = stack.popLast() else { break }
                    nodes = next
                    continue
                }
                switch node {
                case .section(_, _, let children, _):
                    stack.append(children[...])
                case .block(let block):
                    stack.append(block.nodes[...])
                case .partial(let target, _, _):
                    if seen.insert(target).inserted { pending.append(target) }
                case .parent(let target, _, let blocks, _):
                    if seen.insert(target).inserted { pending.append(target) }
                    for block in blocks { stack.append(block.nodes[...]) }
                case .text, .lineStart, .variable:
                    break
                }
            }
        }
        return seen
    }

    func render(_ name: String, _ root: TemplateValue, into buffer: inout [UInt8]) {
        guard let program = entries[name] else {
            preconditionFailure("\"\(name)\" is not a page template of this set")
        }
        renderer.render(program, root: root, into: &buffer)
    }

    func render(_ name: String, _ context: TemplateObject, into buffer: inout [UInt8]) {
        render(name, .object(context), into: &buffer)
    }
}
