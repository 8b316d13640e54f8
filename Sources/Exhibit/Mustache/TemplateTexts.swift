/// The texts a theme reaches by key, `{{t.nav.home}}`, in the site's language. They are fixed
/// for a build, so the compiler writes them into the program as static text (escaped for HTML):
/// a translated page renders exactly as fast as an English one.
///
/// A text with one placeholder (`by {name}`) is used as a section,
/// `{{#t.image.by}}<a …>{{name}}</a>{{/t.image.by}}`: the section's content goes where the
/// placeholder is, so each language orders its words itself.
package struct TemplateTexts: Sendable {
    /// What a key gives a template.
    package enum Entry: Sendable, Equatable {
        /// A text without placeholders: `{{t.KEY}}`.
        case plain(String)
        /// A text with one placeholder: `{{#t.KEY}}…{{/t.KEY}}`, the content in between.
        case around(before: String, after: String)
        /// A text templates cannot use as it is (a counted text, several placeholders): why.
        case unusable(String)
    }

    /// The namespace of text keys in templates.
    package static let prefix = "t."

    package let entries: [String: Entry]

    package init(_ entries: [String: Entry] = [:]) {
        self.entries = entries
    }
}
