import ExhibitTOML

/// One catalog file (`i18n/fr.toml`) read into flat keys: `nav.home` → a text, `format.months` →
/// a list, `count.likes` → one text per plural category. Checked only for its shape here; the
/// texts are checked against the English catalog by ``SiteLanguage``.
struct CatalogFile: Sendable {
    enum Value: Sendable, Equatable {
        case text(String)
        case list([String])
        case integer(Int)
        case counted([PluralCategory: String])
    }

    /// How the file is named in messages.
    let name: String
    let values: [String: Value]
    /// The line each key is defined on (1 when unknown).
    let lines: [String: Int]

    /// Catalogs are small; a bigger file is a mistake (or hostile), refused before parsing.
    static let maximumBytes = 1 << 20

    init(name: String, bytes: [UInt8]) throws(CatalogError) {
        self.name = name
        guard bytes.count <= Self.maximumBytes else {
            throw CatalogError(file: name, line: 1, message: "larger than 1 MiB; a catalog holds a few hundred short texts")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CatalogError(file: name, line: 1, message: "not valid UTF-8")
        }
        guard !text.utf8.contains(0) else {
            throw CatalogError(file: name, line: 1, message: "contains a NUL byte")
        }
        let entries: [TOMLDocument.Entry]
        do {
            entries = try TOMLDocument.parse(text)
        } catch {
            throw CatalogError(file: name, line: error.line, column: error.column, message: "not valid TOML: \(error.message)")
        }
        var lines: [String: Int] = [:]
        // A key's own line; a table's header line for a table (`[count.likes]`).
        for definition in TOMLKeyLines(source: text).definitions {
            lines[definition.path.joined(separator: ".")] = definition.line
        }
        self.lines = lines
        var values: [String: Value] = [:]
        func line(_ key: String) -> Int { lines[key] ?? 1 }
        func read(_ entries: [TOMLDocument.Entry], prefix: String) throws(CatalogError) {
            for entry in entries {
                let key = prefix.isEmpty ? entry.key : prefix + "." + entry.key
                switch entry.value {
                case .string(let text):
                    values[key] = .text(text)
                case .integer(let number):
                    values[key] = .integer(number)
                case .array(let items):
                    var texts: [String] = []
                    for item in items {
                        guard case .string(let text) = item else {
                            throw CatalogError(file: name, line: line(key), message: "\(key) must be a list of texts")
                        }
                        texts.append(text)
                    }
                    values[key] = .list(texts)
                case .table(let inner):
                    if prefix == "count" {
                        var forms: [PluralCategory: String] = [:]
                        for form in inner {
                            guard let category = PluralCategory(rawValue: form.key) else {
                                throw CatalogError(file: name, line: line(key + "." + form.key),
                                                   message: "\(key).\(form.key): a counted text has forms zero, one, two, few, many and other (CLDR plural categories), not \"\(form.key)\"")
                            }
                            guard case .string(let text) = form.value else {
                                throw CatalogError(file: name, line: line(key + "." + form.key), message: "\(key).\(form.key) must be a text")
                            }
                            forms[category] = text
                        }
                        values[key] = .counted(forms)
                    } else {
                        try read(inner, prefix: key)
                    }
                default:
                    throw CatalogError(file: name, line: line(key), message: "\(key) must be a text")
                }
            }
        }
        try read(entries, prefix: "")
        self.values = values
    }
}
