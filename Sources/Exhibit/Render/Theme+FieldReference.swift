/// `exhibit templates fields` and the README's field reference, generated from the schemas.
extension Theme {
    /// Markdown: every page template, its fields and the objects they hold.
    package static func fieldReference() -> String {
        var out = "Every page template has the **common fields**, plus its own. Links are relative to the page and complete (`{{root}}` is already in them); `{{name}}` escapes, `{{{name}}}` does not (only `jsonld` is meant for it).\n\n"
        out += "#### Common fields (every page)\n\n"
        out += table(PageSchemas.commonFields)
        let common = Set(PageSchemas.commonFields.map(\.name))
        var objects: [TemplateSchema] = []
        var seen = Set<ObjectIdentifier>()
        func collect(_ fields: [TemplateField]) {
            for field in fields {
                switch field.kind {
                case .list(let schema), .object(let schema):
                    if seen.insert(ObjectIdentifier(schema)).inserted {
                        objects.append(schema)
                        collect(schema.fields)
                    }
                default: break
                }
            }
        }
        collect(PageSchemas.commonFields)
        for name in PageSchemas.documentationOrder {
            guard let schema = PageSchemas.pages[name] else { continue }
            let own = schema.fields.filter { !common.contains($0.name) }
            out += "#### `\(name).mustache` (\(schema.name))\n\n"
            out += own.isEmpty ? "Only the common fields.\n\n" : table(own)
            collect(own)
        }
        out += "#### Objects\n\n"
        for schema in objects {
            out += "##### \(schema.name)\n\n" + table(schema.fields)
        }
        return out
    }

    private static func kindName(_ kind: TemplateFieldKind) -> String {
        switch kind {
        case .text: return "text"
        case .number: return "number"
        case .bool: return "flag"
        case .optionalText: return "optional text"
        case .optionalNumber: return "optional number"
        case .list(let schema): return "list of \(schema.name)"
        case .textList: return "list of texts"
        case .object(let schema): return "\(schema.name) object"
        }
    }

    private static func table(_ fields: [TemplateField]) -> String {
        var out = "| Field | Kind | Meaning |\n|---|---|---|\n"
        for field in fields {
            let doc = field.doc.replacingOccurrences(of: "|", with: "\\|")
            out += "| `\(field.name)` | \(kindName(field.kind)) | \(doc) |\n"
        }
        return out + "\n"
    }
}
