/// The language of a site: every text a visitor reads, its plural rule, and how it writes dates
/// and numbers — read from the theme's catalogs (`i18n/en.toml`, `i18n/fr.toml`, …) and the
/// publisher's, checked against the English catalog (docs/languages.md).
///
/// Deterministic by construction: nothing here asks the machine's locale or ICU.
package struct SiteLanguage: Sendable {
    /// The BCP 47 tag, as configured (`language`).
    package let tag: String
    package let isRightToLeft: Bool
    package let plural: PluralRule
    /// Every text of the catalog by key (`nav.home` → `Accueil`), placeholders as written; what
    /// templates reach as `{{t.nav.home}}`.
    package let texts: [String: String]
    /// Counted texts by key (`count.likes`), one pattern per category of ``plural``.
    private let counted: [String: [PluralCategory: TextPattern]]
    private let patterns: [String: TextPattern]
    /// Counted texts, dates and month names as UTF-8 pieces: formatted into one byte buffer and
    /// made a `String` once (these run several times per page; string appends cost ~5% of an
    /// image page in Arabic, where every digit is replaced).
    private let countedPieces: [String: [PluralCategory: [FormatPiece]]]
    private let datePieces: [FormatPiece]
    private let monthYearPieces: [FormatPiece]
    private let months: [[UInt8]]
    private let standaloneMonths: [String]
    private let standaloneMonthBytes: [[UInt8]]
    /// The ten digits as UTF-8, or nil for ASCII 0–9.
    private let digitBytes: [[UInt8]]?
    private let groupBytes: [UInt8]

    /// A piece of a counted text or a date pattern.
    private enum FormatPiece: Sendable {
        case bytes([UInt8])
        case field(String)

        static func pieces(_ pattern: TextPattern) -> [FormatPiece] {
            pattern.pieces.map { piece in
                switch piece {
                case .literal(let text): return .bytes(Array(text.utf8))
                case .placeholder(let name): return .field(name)
                }
            }
        }
    }
    package let groupSeparator: String
    /// Numbers shorter than 4 + this − 1 digits are not grouped.
    package let minimumGrouping: Int
    package let listSeparator: String

    /// The catalogs a language is read from.
    package struct Sources: Sendable {
        /// The theme's catalogs by language tag (`en`, `pt-BR`), with how each is named in messages.
        package var builtIn: [String: (name: String, bytes: [UInt8])] = [:]
        /// The publisher's catalogs (`DIR/i18n/fr.toml`), whose keys replace the theme's one by one.
        package var overrides: [String: (name: String, bytes: [UInt8])] = [:]

        package init() {}
    }

    /// English, from the theme's own catalog (for tests and tools).
    package static func english(_ sources: Sources) throws(CatalogError) -> SiteLanguage {
        try load(tag: "en", from: sources).language
    }

    /// Reads language `tag`: for each key, the publisher's catalog of the most specific tag
    /// (`pt-BR`, then `pt`), then the theme's, then English with a warning.
    /// - Throws: ``CatalogError`` for a file that is not a catalog, a key English does not have
    ///   (with a suggestion), a text whose placeholders differ from the English one, a format
    ///   that cannot be used.
    /// - Returns: the language and warnings (missing keys or forms, no catalog, no plural rule).
    package static func load(tag: String, from sources: Sources) throws(CatalogError) -> (language: SiteLanguage, warnings: [Diagnostic]) {
        guard let englishSource = sources.builtIn["en"] else {
            throw CatalogError(file: "i18n/en.toml", line: 1, message: "the theme has no English catalog")
        }
        let reference = try CatalogFile(name: englishSource.name, bytes: englishSource.bytes)
        var warnings: [Diagnostic] = []
        let rule = PluralRule(language: tag)
        if rule == nil {
            warnings.append(Diagnostic(table: "language", id: tag,
                                       message: "no CLDR plural rule for this language in Exhibit: counted texts use \"one\" for 1 and \"other\" otherwise"))
        }
        let plural = rule ?? PluralRule(.oneIsOne)

        func lookup(_ table: [String: (name: String, bytes: [UInt8])], _ language: String) -> (name: String, bytes: [UInt8])? {
            if let exact = table[language] { return exact }
            // Tags are case-insensitive (pt-br is pt-BR); sorted, so two spellings pick one the same way.
            let lowered = language.lowercased()
            return table.keys.sorted().first(where: { $0.lowercased() == lowered }).flatMap { table[$0] }
        }
        // Most specific first: pt-BR, pt; English last (the fallback, without warnings).
        var chain: [String] = []
        var subtags = tag.split(separator: "-").map(String.init)
        while !subtags.isEmpty {
            chain.append(subtags.joined(separator: "-"))
            subtags.removeLast()
        }
        let isEnglish = chain.last?.lowercased() == "en"
        if !isEnglish { chain.append("en") }

        var values: [String: CatalogFile.Value] = [:]
        var origin: [String: String] = [:]
        var languageFiles: [CatalogFile] = []
        for language in chain {
            for source in [lookup(sources.overrides, language), lookup(sources.builtIn, language)].compactMap({ $0 }) {
                let file = source.name == reference.name ? reference : try CatalogFile(name: source.name, bytes: source.bytes)
                // English catalogs are checked against English's rule: they are the fallback.
                try check(file, against: reference, rule: language.lowercased() == "en" ? PluralRule(.oneIsOne) : rule)
                if language.lowercased() != "en" || isEnglish { languageFiles.append(file) }
                if language.lowercased() == "en", !isEnglish { continue }
                for (key, value) in file.values where values[key] == nil {
                    values[key] = value
                    origin[key] = file.name
                }
            }
        }
        // What the language's own catalogs lack comes from English, with a warning.
        if !isEnglish && languageFiles.isEmpty {
            warnings.append(Diagnostic(table: "language", id: tag,
                                       message: "no catalog i18n/\(tag).toml in the theme or the templates folder: the pages are in English (docs/languages.md says how to add one)"))
        }
        let englishOverride = lookup(sources.overrides, "en").map { try? CatalogFile(name: $0.name, bytes: $0.bytes) } ?? nil
        let mostSpecific = languageFiles.first?.name ?? "i18n/\(tag).toml"
        for key in reference.values.keys.sorted() {
            let english = englishOverride?.values[key] ?? reference.values[key]!
            guard let value = values[key] else {
                if !isEnglish && !languageFiles.isEmpty {
                    warnings.append(Diagnostic(table: mostSpecific, id: key, message: "missing; the English text is used"))
                }
                values[key] = english
                continue
            }
            if case .counted(var forms) = value, !isEnglish {
                let missing = plural.categories.filter { forms[$0] == nil }
                if !missing.isEmpty {
                    if let other = forms[.other] {
                        warnings.append(Diagnostic(table: origin[key] ?? mostSpecific, id: key,
                                                   message: "no \(missing.map(\.rawValue).joined(separator: ", ")) form; the \"other\" form is used"))
                        for category in missing { forms[category] = other }
                        values[key] = .counted(forms)
                    } else {
                        warnings.append(Diagnostic(table: origin[key] ?? mostSpecific, id: key,
                                                   message: "no \"other\" form; the English text is used"))
                        values[key] = english
                    }
                }
            }
        }
        // Every counted text has every form of the language's rule, whatever gave it (an English
        // fallback has only one and other): a missing form is the text's "other".
        for (key, value) in values {
            guard case .counted(var forms) = value, let other = forms[.other] ?? forms.values.sorted().first else { continue }
            for category in plural.categories where forms[category] == nil { forms[category] = other }
            values[key] = .counted(forms)
        }
        let language = try SiteLanguage(tag: tag, plural: plural, values: values)
        return (language, warnings)
    }

    /// Checks a catalog against the English one: known keys, same kinds, same placeholders.
    private static func check(_ file: CatalogFile, against reference: CatalogFile, rule: PluralRule?) throws(CatalogError) {
        for key in file.values.keys.sorted() {
            let line = file.lines[key] ?? 1
            guard let english = reference.values[key] else {
                var message = "\(key) is not a key of the theme's catalog"
                if let suggestion = EditDistance.closest(to: key, in: Array(reference.values.keys)) {
                    message += "; did you mean \(suggestion)?"
                }
                throw CatalogError(file: file.name, line: line, message: message)
            }
            let value = file.values[key]!
            switch (english, value) {
            case (.text(let englishText), .text(let text)):
                guard !key.hasPrefix("format.") && !key.hasPrefix("language.") else { continue }
                let expected = Set(TextPattern(englishText).placeholders), found = TextPattern(text).placeholders
                guard Set(found) == expected, found.count == expected.count else {
                    throw CatalogError(file: file.name, line: line, message: placeholderMessage(key, expected: expected, found: found))
                }
            case (.counted(let englishForms), .counted(let forms)):
                let expected = Set(englishForms.values.flatMap { TextPattern($0).placeholders })
                for (category, text) in forms.sorted(by: { $0.key < $1.key }) {
                    let found = TextPattern(text).placeholders
                    guard Set(found).isSubset(of: expected), Set(found).count == found.count else {
                        throw CatalogError(file: file.name, line: file.lines[key + "." + category.rawValue] ?? line,
                                           message: placeholderMessage(key + "." + category.rawValue, expected: expected, found: found))
                    }
                    if let rule, !rule.categories.contains(category) {
                        throw CatalogError(file: file.name, line: file.lines[key + "." + category.rawValue] ?? line,
                                           message: "\(key).\(category.rawValue): this language has no \"\(category.rawValue)\" form (CLDR: \(rule.categories.map(\.rawValue).joined(separator: ", ")))")
                    }
                }
            case (.list, .list), (.integer, .integer):
                continue
            default:
                throw CatalogError(file: file.name, line: line, message: "\(key) must be \(kindName(english)), as in the English catalog")
            }
        }
    }

    private static func placeholderMessage(_ key: String, expected: Set<String>, found: [String]) -> String {
        let written = found.isEmpty ? "no placeholder" : found.map { "{\($0)}" }.joined(separator: ", ")
        guard !expected.isEmpty else { return "\(key) has \(written), but this text takes none" }
        return "\(key) has \(written); it must have \(expected.sorted().map { "{\($0)}" }.joined(separator: ", ")), each once"
    }

    private static func kindName(_ value: CatalogFile.Value) -> String {
        switch value {
        case .text: return "a text"
        case .list: return "a list of texts"
        case .integer: return "a whole number"
        case .counted: return "a table of plural forms"
        }
    }

    private init(tag: String, plural: PluralRule, values: [String: CatalogFile.Value]) throws(CatalogError) {
        func text(_ key: String) -> String {
            if case .text(let text)? = values[key] { return text }
            return ""
        }
        func list(_ key: String) -> [String] {
            if case .list(let list)? = values[key] { return list }
            return []
        }
        func fail(_ message: String) -> CatalogError { CatalogError(file: "i18n/\(tag).toml", line: 1, message: message) }
        self.tag = tag
        self.plural = plural
        switch text("language.direction") {
        case "ltr": isRightToLeft = false
        case "rtl": isRightToLeft = true
        case let other: throw fail("language.direction is \"ltr\" or \"rtl\", not \"\(other)\"")
        }
        var texts: [String: String] = [:]
        var counted: [String: [PluralCategory: TextPattern]] = [:]
        for (key, value) in values {
            switch value {
            case .text(let string): texts[key] = string
            case .counted(let forms): counted[key] = forms.mapValues(TextPattern.init)
            case .list, .integer: continue
            }
        }
        self.texts = texts
        self.counted = counted
        countedPieces = counted.mapValues { $0.mapValues(FormatPiece.pieces) }
        self.patterns = texts.mapValues(TextPattern.init)
        let datePattern = TextPattern(text("format.date"))
        let monthYearPattern = TextPattern(text("format.month_year"))
        datePieces = FormatPiece.pieces(datePattern)
        monthYearPieces = FormatPiece.pieces(monthYearPattern)
        for (key, pattern) in [("format.date", datePattern), ("format.month_year", monthYearPattern)] {
            if let unknown = pattern.placeholders.first(where: { !["d", "M", "MMMM", "y"].contains($0) }) {
                throw fail("\(key): {\(unknown)} is not a date field ({d}, {M}, {MMMM}, {y})")
            }
        }
        months = list("format.months").map { Array($0.utf8) }
        standaloneMonths = list("format.months_standalone")
        standaloneMonthBytes = standaloneMonths.map { Array($0.utf8) }
        guard months.count == 12, standaloneMonths.count == 12 else {
            throw fail("format.months and format.months_standalone must name the twelve months")
        }
        let digitCharacters = text("format.digits").map(String.init)
        guard digitCharacters.count == 10 else { throw fail("format.digits must be the ten digits, zero first") }
        digitBytes = digitCharacters == (0 ... 9).map(String.init) ? nil : digitCharacters.map { Array($0.utf8) }
        groupSeparator = text("format.group")
        groupBytes = Array(groupSeparator.utf8)
        if case .integer(let grouping)? = values["format.min_grouping"], (1 ... 4).contains(grouping) {
            minimumGrouping = grouping
        } else {
            throw fail("format.min_grouping must be 1, 2, 3 or 4")
        }
        listSeparator = text("format.list_separator")
    }

    // MARK: Texts

    /// The text of `key`, its placeholders filled from `values`.
    package func text(_ key: TextKey, _ values: KeyValuePairs<String, String> = [:]) -> String {
        guard let pattern = patterns[key.rawValue] else { return "" }
        return values.isEmpty ? pattern.source : pattern.filled(values)
    }

    /// The text of `key` split around its one placeholder (for byte joins on hot paths).
    package func around(_ key: TextKey) -> (before: String, after: String) {
        patterns[key.rawValue]?.aroundPlaceholder ?? ("", "")
    }

    /// `count` with its noun in the form the language's plural rule picks: `4 likes`, `4 j’aime`.
    package func counted(_ key: CountKey, _ count: Int, _ values: KeyValuePairs<String, String> = [:]) -> String {
        guard let pieces = countedPieces[key.rawValue]?[plural.category(count)] else { return number(count) }
        var out: [UInt8] = []
        out.reserveCapacity(48)
        for piece in pieces {
            switch piece {
            case .bytes(let bytes): out.append(contentsOf: bytes)
            case .field("count"): appendNumber(count, grouped: true, to: &out)
            case .field(let name): out.append(contentsOf: (values.first(where: { $0.key == name })?.value ?? "").utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Every form of a counted text by category name (for the search script, which counts in the
    /// browser), only the language's categories.
    package func forms(_ key: CountKey) -> [(category: String, text: String)] {
        plural.categories.compactMap { category in counted[key.rawValue]?[category].map { (category.rawValue, $0.source) } }
    }

    // MARK: Numbers and dates

    /// A whole number in the language's digits, grouped by thousands: `12,345`, `12.345`, `١٢٬٣٤٥`.
    package func number(_ value: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendNumber(value, grouped: true, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` with its ASCII digits written in the language's digits (a year: `٢٠٢٤`).
    package func digits(_ text: String) -> String {
        guard let digitBytes else { return text }
        var out: [UInt8] = []
        for byte in text.utf8 {
            if (0x30 ... 0x39).contains(byte) { out.append(contentsOf: digitBytes[Int(byte - 0x30)]) } else { out.append(byte) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `value` in the language's digits, grouped by thousands when asked and long enough.
    private func appendNumber(_ value: Int, grouped: Bool, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var rest = value.magnitude
        var divisor: UInt = 1, count = 1
        while divisor <= rest / 10 { divisor *= 10; count += 1 }
        let grouping = grouped && count - 3 >= minimumGrouping
        var remaining = count
        while divisor > 0 {
            let digit = Int(rest / divisor)
            rest %= divisor
            divisor /= 10
            if let digitBytes { out.append(contentsOf: digitBytes[digit]) } else { out.append(0x30 + UInt8(digit)) }
            remaining -= 1
            if grouping && remaining > 0 && remaining % 3 == 0 { out.append(contentsOf: groupBytes) }
        }
    }

    /// A day as visitors read it: `5 January 2022`, `5 janvier 2022`, `2022年1月5日`.
    package func date(_ timestamp: Timestamp) -> String {
        let c = timestamp.components
        return fill(datePieces, year: c.year, month: c.month, day: c.day, months: months)
    }

    /// A month of a year: `January 2022`, `janvier 2022`, `2022年1月`.
    package func monthYear(year: Int, month: Int) -> String {
        fill(monthYearPieces, year: year, month: month, day: 1, months: standaloneMonthBytes)
    }

    /// A month's name on its own: `January`, `janvier`.
    package func monthName(_ month: Int) -> String { standaloneMonths[month - 1] }

    private func fill(_ pieces: [FormatPiece], year: Int, month: Int, day: Int, months: [[UInt8]]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(40)
        for piece in pieces {
            switch piece {
            case .bytes(let bytes): out.append(contentsOf: bytes)
            case .field("d"): appendNumber(day, grouped: false, to: &out)
            case .field("M"): appendNumber(month, grouped: false, to: &out)
            case .field("MMMM"): out.append(contentsOf: months[month - 1])
            case .field("y"): appendNumber(year, grouped: false, to: &out)
            case .field: continue
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
