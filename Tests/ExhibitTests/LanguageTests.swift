import Foundation
import Testing
@testable import Exhibit

/// The site's language: CLDR plural rules, the shipped catalogs, dates and numbers, and what a
/// publisher's catalog or template may and may not do (docs/languages.md).
@Suite struct LanguageTests {
    static func language(_ tag: String, overrides: [String: String] = [:]) throws(CatalogError) -> (SiteLanguage, [Diagnostic]) {
        var sources = Theme.builtInCatalogs
        for (tag, text) in overrides { sources.overrides[tag] = ("DIR/i18n/\(tag).toml", Array(text.utf8)) }
        let loaded = try SiteLanguage.load(tag: tag, from: sources)
        return (loaded.language, loaded.warnings)
    }

    static var shippedLanguages: [String] { Theme.builtInCatalogs.builtIn.keys.sorted() }

    @Test func pluralCategoriesFollowCLDRForWholeNumbers() throws {
        func categories(_ tag: String, _ numbers: [Int]) -> [PluralCategory] {
            let rule = PluralRule(language: tag)!
            return numbers.map(rule.category)
        }
        #expect(categories("ar", [0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111, 1000]) ==
                [.zero, .one, .two, .few, .few, .many, .many, .other, .other, .few, .many, .other])
        #expect(categories("uk", [0, 1, 2, 4, 5, 11, 12, 21, 22, 25, 111, 112, 1001]) ==
                [.many, .one, .few, .few, .many, .many, .many, .one, .few, .many, .many, .many, .one])
        #expect(categories("fr", [0, 1, 2, 999_999, 1_000_000, 2_000_000]) == [.one, .one, .other, .other, .many, .many])
        #expect(categories("pt-BR", [0, 1, 2, 1_000_000]) == [.one, .one, .other, .many])
        #expect(categories("es", [0, 1, 2, 1_000_000]) == [.other, .one, .other, .many])
        #expect(categories("de", [0, 1, 2]) == [.other, .one, .other])
        #expect(categories("ja", [0, 1, 2]) == [.other, .other, .other])
        #expect(PluralRule(language: "tlh") == nil)
    }

    @Test func placeholdersAreNamesInBracesAndAnyOtherBraceIsText() {
        #expect(TextPattern("{{a}} {x y} {} {b_2}!").pieces == [.literal("{"), .placeholder("a"), .literal("} {x y} {} "), .placeholder("b_2"), .literal("!")])
        #expect(TextPattern("Photo by {name}").aroundPlaceholder! == ("Photo by ", ""))
        // A hostile catalog text of a million braces is read in one pass.
        let hostile = String(repeating: "{", count: 1 << 20) + "a}"
        #expect(TextPattern(hostile).placeholders == ["a"])
        #expect(TextPattern(String(repeating: "{a", count: 1 << 19)).placeholders.isEmpty)
    }

    @Test func everyShippedCatalogIsCompleteAndLoadsWithoutWarnings() throws {
        let english = try Self.language("en").0
        #expect(Self.shippedLanguages == ["ar", "de", "en", "es", "fr", "ja", "pt-BR", "uk"])
        for tag in Self.shippedLanguages {
            let (language, warnings) = try Self.language(tag)
            #expect(warnings.isEmpty, "\(tag): \(warnings.prefix(3))")
            #expect(Set(language.texts.keys) == Set(english.texts.keys), "\(tag)")
            for key in CountKey.allCases {
                #expect(language.forms(key).map(\.category) == language.plural.categories.map(\.rawValue), "\(tag) \(key)")
            }
        }
        #expect(try Self.language("ar").0.isRightToLeft)
        #expect(try !Self.language("ja").0.isRightToLeft)
    }

    @Test func everyKeyTheCodeUsesIsInTheEnglishCatalog() throws {
        let english = try Self.language("en").0
        for key in TextKey.allCases { #expect(english.texts[key.rawValue] != nil, "\(key.rawValue)") }
        for key in CountKey.allCases { #expect(!english.forms(key).isEmpty, "\(key.rawValue)") }
    }

    @Test func countsPickTheFormOfTheLanguagesPluralRule() throws {
        let english = try Self.language("en").0, ukrainian = try Self.language("uk").0, arabic = try Self.language("ar").0
        #expect(english.counted(.likes, 1) == "1 like")
        #expect(english.counted(.likes, 1234) == "1,234 likes")
        #expect(ukrainian.counted(.comments, 1) != ukrainian.counted(.comments, 2))
        #expect(ukrainian.counted(.comments, 2) != ukrainian.counted(.comments, 5))
        #expect(ukrainian.counted(.comments, 21).hasPrefix("21"))
        #expect(arabic.counted(.images, 3) == "٣ صور")
        #expect(arabic.counted(.images, 11) == "١١ صورة")
        #expect(arabic.counted(.images, 2) == "صورتان")
    }

    @Test func numbersAndDatesAreWrittenTheLanguagesWay() throws {
        let day = Timestamp(millisecondsSince1970: 1_641_340_800_000) // 2022-01-05
        let expected: [(String, String, String, String)] = [
            ("en", "5 January 2022", "January 2022", "1,234,567"),
            ("es", "5 de enero de 2022", "enero de 2022", "1.234.567"),
            ("fr", "5 janvier 2022", "janvier 2022", "1\u{202F}234\u{202F}567"),
            ("de", "5. Januar 2022", "Januar 2022", "1.234.567"),
            ("pt-BR", "5 de janeiro de 2022", "janeiro de 2022", "1.234.567"),
            ("ja", "2022年1月5日", "2022年1月", "1,234,567"),
            ("ar", "٥ يناير ٢٠٢٢", "يناير ٢٠٢٢", "١٬٢٣٤٬٥٦٧"),
            ("uk", "5 січня 2022 р.", "січень 2022 р.", "1\u{00A0}234\u{00A0}567"),
        ]
        for (tag, date, month, number) in expected {
            let language = try Self.language(tag).0
            #expect(language.date(day) == date, "\(tag)")
            #expect(language.monthYear(year: 2022, month: 1) == month, "\(tag)")
            #expect(language.number(1_234_567) == number, "\(tag)")
        }
        // Spanish groups only from five digits (CLDR minimumGroupingDigits 2).
        #expect(try Self.language("es").0.number(1234) == "1234")
        #expect(try Self.language("es").0.number(12345) == "12.345")
    }

    @Test func aPublishersCatalogReplacesKeysOneByOne() throws {
        let (french, warnings) = try Self.language("fr", overrides: ["fr": "[nav]\nhome = \"Départ\"\n"])
        let builtIn = try Self.language("fr").0
        #expect(warnings.isEmpty)
        #expect(french.text(.navHome) == "Départ")
        #expect(french.text(.navTags) == builtIn.text(.navTags))
        // A regional tag falls back to its language's catalog: fr-CA reads fr.toml.
        #expect(try Self.language("fr-CA").0.text(.navTags) == builtIn.text(.navTags))
    }

    @Test func keysACatalogLacksFallBackToEnglishWithAWarningEach() throws {
        let (italian, warnings) = try Self.language("it", overrides: ["it": "[nav]\nhome = \"Inizio\"\n"])
        #expect(italian.text(.navHome) == "Inizio")
        #expect(italian.text(.navTags) == "Tags")
        #expect(warnings.contains { $0.table == "DIR/i18n/it.toml" && $0.id == "nav.tags" && $0.message.contains("English") })
        #expect(!warnings.contains { $0.id == "nav.home" })
        // A counted text English gives a language with more forms still has its noun in each.
        let (polish, _) = try Self.language("pl", overrides: ["pl": "[nav]\nhome = \"Start\"\n"])
        #expect(polish.counted(.likes, 3) == "3 likes")
        #expect(polish.counted(.likes, 5) == "5 likes")
        // No catalog at all: one warning, not one per key.
        let (_, none) = try Self.language("it")
        #expect(none.count == 1 && none[0].message.contains("no catalog"))
        // A missing plural form uses the catalog's "other", with a warning.
        let (ukrainian, formWarnings) = try Self.language("uk", overrides: ["uk": "[count.likes]\none = \"{count} вподобання\"\nother = \"{count} вподобань\"\n"])
        #expect(ukrainian.counted(.likes, 3) == "3 вподобань")
        #expect(formWarnings.contains { $0.id == "count.likes" && $0.message.contains("few") })
    }

    @Test func aCatalogThatCannotBeUsedIsAnErrorWithItsLine() throws {
        func failure(_ text: String, tag: String = "fr") -> CatalogError? {
            do { _ = try Self.language(tag, overrides: [tag: text]) } catch { return error }
            return nil
        }
        let unknown = failure("[nav]\nhome = \"Départ\"\nhomme = \"x\"\n")
        #expect(unknown?.description == "DIR/i18n/fr.toml:3: nav.homme is not a key of the theme's catalog; did you mean nav.home?")
        #expect(failure("[grid]\nphoto_by = \"Photo\"\n")?.description.contains("photo_by has no placeholder; it must have {name}") == true)
        #expect(failure("[nav]\nhome = \"{site}\"\n")?.line == 2)
        #expect(failure("[count.likes]\ntwo = \"{count}\"\n", tag: "uk")?.message.contains("no \"two\" form") == true)
        #expect(failure("[count.likes]\nsome = \"{count}\"\n")?.message.contains("zero, one, two, few, many and other") == true)
        #expect(failure("[nav\n")?.column != nil)
        #expect(failure("[nav]\nhome = 3\n")?.message == "nav.home must be a text, as in the English catalog")
        #expect(failure("[format]\nmonths = [\"a\"]\n") != nil)
        #expect(failure("[language]\ndirection = \"up\"\n") != nil)
    }

    @Test func templatesReachTextsByKeyAndAnUnknownKeyIsALoadError() throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let partials = folder.appendingPathComponent("partials")
        try FileManager.default.createDirectory(at: partials, withIntermediateDirectories: true)
        let footer = partials.appendingPathComponent("footer.mustache")
        try Data("<footer>\n<p>{{t.site.colophn}}</p>\n</footer>\n".utf8).write(to: footer)
        #expect {
            try Theme.load(overridesDirectory: folder.path)
        } throws: { error in
            "\(error)" == "\(footer.path):2:4: unknown text key \"t.site.colophn\" (the keys are in i18n/en.toml; `exhibit templates keys` lists them); did you mean \"t.site.colophon\"?"
        }
        for (text, message) in [("{{t.image.by}}", "has a placeholder"), ("{{#t.site.colophon}}x{{/t.site.colophon}}", "has no placeholder"),
                                ("{{^t.image.by}}x{{/t.image.by}}", "not a condition"), ("{{t.count.likes}}", "counted text")] {
            try Data("<footer>\(text)</footer>\n".utf8).write(to: footer)
            #expect { try Theme.load(overridesDirectory: folder.path) } throws: { "\($0)".contains(message) }
        }
        // A text with a placeholder wraps the section's content; texts are escaped.
        try Data("<footer>{{#t.image.by}}<b>{{siteTitle}}</b>{{/t.image.by}}|{{t.site.colophon}}</footer>\n".utf8).write(to: footer)
        let catalogs = folder.appendingPathComponent("i18n")
        try FileManager.default.createDirectory(at: catalogs, withIntermediateDirectories: true)
        try Data("[site]\ncolophon = \"<script>x</script> & co\"\n[image]\nby = \"{name} の作品\"\n".utf8)
            .write(to: catalogs.appendingPathComponent("ja.toml"))
        let theme = try Theme.load(overridesDirectory: folder.path, language: "ja")
        var config = SiteConfig()
        config.title = "Exhibit"
        let files = try RenderFixture.renderAll(try RenderFixture.renderer(RenderFixture.gallery(imageCount: 3), config, theme: theme))
        let page = try #require(files["404.html"])
        #expect(page.contains("<footer><b>Exhibit</b> の作品|&lt;script&gt;x&lt;/script&gt; &amp; co</footer>"))
    }
}
