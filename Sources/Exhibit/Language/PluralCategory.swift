/// A CLDR plural category: which form of a counted text a number takes (docs/languages.md).
package enum PluralCategory: String, Sendable, CaseIterable, Comparable {
    case zero, one, two, few, many, other

    package static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The CLDR cardinal plural rules of a language, for whole numbers (counts are never fractions,
/// so the operands v, f and t of the rules are always 0 and only n = i matters).
///
/// Written from CLDR's plurals.xml (release 46) for the languages below; a language missing from
/// the table gets `one` for 1 and `other` otherwise, and a warning says so. Hand-written rather
/// than read from ICU so that output does not depend on the machine's ICU version.
package struct PluralRule: Sendable, Equatable {
    /// The rule's family, named after a language that uses it.
    package enum Family: String, Sendable {
        /// No plural forms (ja, zh, ko, vi, th, id, ms, …): everything is `other`.
        case none
        /// `one` for 1 (en, de, nl, sv, …).
        case oneIsOne
        /// `one` for 1, `many` for exact millions (es, it, ca).
        case oneManyMillions
        /// `one` for 0 and 1, `many` for exact millions (fr, pt).
        case zeroOneManyMillions
        /// ar: zero, one, two, few (3–10 mod 100), many (11–99 mod 100), other.
        case arabic
        /// uk, ru, be: one (1 mod 10 but not 11), few (2–4 mod 10 but not 12–14), many.
        case eastSlavic
        /// pl: one for 1, few (2–4 mod 10 but not 12–14), many.
        case polish
        /// cs, sk: one for 1, few for 2–4, other.
        case czech
        /// he: one for 1, two for 2, other.
        case hebrew
    }

    package let family: Family

    /// The categories numbers of this rule can take, in CLDR order.
    package var categories: [PluralCategory] {
        switch family {
        case .none: return [.other]
        case .oneIsOne: return [.one, .other]
        case .oneManyMillions, .zeroOneManyMillions: return [.one, .many, .other]
        case .arabic: return [.zero, .one, .two, .few, .many, .other]
        case .eastSlavic, .polish: return [.one, .few, .many, .other]
        case .czech: return [.one, .few, .other]
        case .hebrew: return [.one, .two, .other]
        }
    }

    /// The rule of a BCP 47 tag's language (its first subtag), or nil when the table lacks it.
    package init?(language tag: String) {
        let language = tag.split(separator: "-").first.map { $0.lowercased() } ?? ""
        guard let family = Self.families[language] else { return nil }
        self.family = family
    }

    package init(_ family: Family) { self.family = family }

    private static let families: [String: Family] = {
        var table: [String: Family] = [:]
        for language in ["ja", "zh", "ko", "vi", "th", "id", "ms", "lo", "my", "km", "yue", "jv", "su", "ig", "yo"] { table[language] = Family.none }
        for language in ["en", "de", "nl", "sv", "da", "nb", "nn", "no", "fi", "et", "el", "hu", "tr", "bg", "sq", "ka",
                         "az", "kk", "ky", "uz", "ur", "sw", "eu", "gl", "af", "ta", "te", "ml", "kn", "mr", "ne",
                         "or", "pa", "as", "mn", "ps", "so", "zu", "xh", "fy", "lb", "rm", "ha", "ug", "tk"] { table[language] = .oneIsOne }
        for language in ["es", "it", "ca"] { table[language] = .oneManyMillions }
        for language in ["fr", "pt"] { table[language] = .zeroOneManyMillions }
        table["ar"] = .arabic
        for language in ["uk", "ru", "be"] { table[language] = .eastSlavic }
        table["pl"] = .polish
        for language in ["cs", "sk"] { table[language] = .czech }
        table["he"] = .hebrew
        return table
    }()

    /// The category of a whole number (negative numbers as their absolute value).
    package func category(_ number: Int) -> PluralCategory {
        let n = number.magnitude
        switch family {
        case .none:
            return .other
        case .oneIsOne:
            return n == 1 ? .one : .other
        case .oneManyMillions:
            if n == 1 { return .one }
            return n != 0 && n % 1_000_000 == 0 ? .many : .other
        case .zeroOneManyMillions:
            if n <= 1 { return .one }
            return n % 1_000_000 == 0 ? .many : .other
        case .arabic:
            switch n {
            case 0: return .zero
            case 1: return .one
            case 2: return .two
            default:
                switch n % 100 {
                case 3 ... 10: return .few
                case 11 ... 99: return .many
                default: return .other
                }
            }
        case .eastSlavic:
            let last = n % 10, lastTwo = n % 100
            if last == 1 && lastTwo != 11 { return .one }
            if (2 ... 4).contains(last) && !(12 ... 14).contains(lastTwo) { return .few }
            return .many
        case .polish:
            if n == 1 { return .one }
            let last = n % 10, lastTwo = n % 100
            if (2 ... 4).contains(last) && !(12 ... 14).contains(lastTwo) { return .few }
            return .many
        case .czech:
            if n == 1 { return .one }
            return (2 ... 4).contains(n) ? .few : .other
        case .hebrew:
            return n == 1 ? .one : n == 2 ? .two : .other
        }
    }
}
