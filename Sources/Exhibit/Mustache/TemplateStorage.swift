/// PLACEHOLDER until the engine lands: the compiled templates behind a ``TemplateSet``.
final class TemplateStorage: Sendable {
    let templates: [String: String]

    init(templates: [String: String], pages: [String: TemplateSchema], unknownNames: TemplateSet.UnknownNames) throws {
        self.templates = templates
    }

    func render(_ name: String, _ context: TemplateObject, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: (templates[name] ?? "").utf8)
    }
}
