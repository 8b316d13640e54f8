/// `exhibit templates keys`: the catalog's keys, generated from the theme's language.
extension Theme {
    /// Markdown: every text key, how a template writes it, and its text in this theme's language
    /// (placeholders as written; counted texts with each plural form).
    package func keyReference() -> String {
        let entries = Self.templateTexts(language).entries
        var out = "Text keys of the catalogs (i18n/*.toml), with their text in `\(language.tag)`"
        out += language.isRightToLeft ? " (right to left).\n\n" : ".\n\n"
        out += "| key | in a template | text |\n|---|---|---|\n"
        for key in entries.keys.sorted() where !key.hasPrefix("language.") {
            let use: String
            switch entries[key]! {
            case .plain: use = "`{{t.\(key)}}`"
            case .around: use = "`{{#t.\(key)}}…{{/t.\(key)}}`"
            case .unusable: use = CountKey(rawValue: key) != nil ? "counted: by a field" : "by a field"
            }
            var text = language.texts[key] ?? ""
            if let countKey = CountKey(rawValue: key) {
                text = language.forms(countKey).map { "\($0.category): \($0.text)" }.joined(separator: " · ")
            }
            out += "| `\(key)` | \(use) | \(Self.cell(text)) |\n"
        }
        return out
    }

    /// A table cell: pipes and line breaks would end it.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
