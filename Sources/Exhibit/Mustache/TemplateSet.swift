/// A theme: a set of Mustache templates, parsed and checked once, rendered many times from any thread.
///
/// Supports Mustache's variables, sections, inverted sections, partials, comments, set
/// delimiters and parent/block inheritance (`{{<parent}}{{$block}}…{{/block}}{{/parent}}`).
///
/// API CONTRACT (the engine's implementation may change, this surface may not without review):
/// - `init(templates:pages:)` parses every template and checks every *page* template (and the
///   partials and parents it reaches) against its schema; it throws the first ``TemplateError``.
/// - `render(_:_:into:)` appends the output bytes (UTF-8) to `buffer`; it never fails for a
///   checked template and a context built from the page's schema.
package struct TemplateSet: Sendable {
    /// How names that no schema declares are treated.
    package enum UnknownNames: Sendable {
        /// An error at load time (the default for themes).
        case error
        /// Rendered as empty, as the Mustache specification says (for the spec's own tests).
        case renderEmpty
    }

    /// The page templates this set can render, by name.
    package let pageNames: [String]

    let storage: TemplateStorage

    /// Parses and checks a theme.
    /// - Parameters:
    ///   - templates: every template by name (its path below the templates folder without the
    ///     `.mustache` extension, e.g. `image`, `partials/grid`), with its text.
    ///   - pages: the templates that are rendered directly, each with the schema of its context.
    ///     Templates not listed here are partials or parents, checked where they are used.
    ///   - texts: the texts templates reach by key (`{{t.nav.home}}`) in the site's language; an
    ///     unknown key is a load error.
    ///   - unknownNames: `.error` for themes.
    package init(templates: [String: String], pages: [String: TemplateSchema], texts: TemplateTexts = TemplateTexts(),
                 unknownNames: UnknownNames = .error) throws {
        self.pageNames = pages.keys.sorted()
        self.storage = try TemplateStorage(templates: templates, pages: pages, texts: texts, unknownNames: unknownNames)
    }

    /// A digest of the sources page template `name` is made of (itself, its parents and partials,
    /// transitively): a page whose digest did not change renders the same bytes from the same
    /// context and texts. Nil for a name that is not a page template.
    package func sourceDigest(ofPage name: String) -> UInt64? {
        storage.sourceDigests[name]
    }

    /// Renders page template `name` with `context`, appending UTF-8 bytes to `buffer`.
    package func render(_ name: String, _ context: TemplateObject, into buffer: inout [UInt8]) {
        storage.render(name, context, into: &buffer)
    }

    /// Renders page template `name` with any value as the root context (the Mustache spec's
    /// tests render texts and lists directly). Not public: themes always pass an object.
    func render(_ name: String, value: TemplateValue, into buffer: inout [UInt8]) {
        storage.render(name, value, into: &buffer)
    }
}
