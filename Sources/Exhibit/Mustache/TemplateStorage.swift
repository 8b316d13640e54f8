/// The compiled templates behind a ``TemplateSet``: immutable after loading, shared by all threads.
final class TemplateStorage: Sendable {
    let renderer: TemplateRenderer
    /// Page name → program index.
    let entries: [String: Int]

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
