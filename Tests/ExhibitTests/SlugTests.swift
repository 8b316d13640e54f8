import Testing
@testable import Exhibit

@Suite struct SlugTests {
    @Test func slugsAreLowercaseAsciiWithDiacriticsFolded() {
        #expect(Slug.base(for: Slug.groupKey("Café")) == "cafe")
        #expect(Slug.base(for: Slug.groupKey("São Paulo")) == "sao-paulo")
        #expect(Slug.base(for: Slug.groupKey("  Street   Photography! ")) == "street-photography")
        #expect(Slug.base(for: Slug.groupKey("Straße")) == "strasse")
        #expect(Slug.base(for: Slug.groupKey("Łódź")) == "lodz")
        #expect(Slug.base(for: Slug.groupKey("--a--b--")) == "a-b")
    }

    @Test func symbolsAreSpelledOut() {
        #expect(Slug.base(for: "c++") == "c-plus-plus")
        #expect(Slug.base(for: "c#") == "c-sharp")
        #expect(Slug.base(for: "r&d") == "r-and-d")
        #expect(Slug.base(for: "rock & roll") == "rock-and-roll")
        #expect(Slug.base(for: "@home") == "at-home")
    }

    @Test func namesWithNothingReadableGetAStableHashedSlug() {
        let japanese = Slug.base(for: Slug.groupKey("東京"))
        #expect(japanese.hasPrefix("t-"))
        #expect(japanese.count == 18)
        #expect(japanese == Slug.base(for: Slug.groupKey("東京")))
        #expect(Slug.base(for: "🌅") != japanese)
    }

    @Test func slugsAreCapped() {
        let long = Array(repeating: "word", count: 40).joined(separator: " ")
        let slug = Slug.base(for: long)
        #expect(slug.count <= Slug.maximumLength)
        #expect(!slug.hasSuffix("-"))
    }

    @Test func groupingFoldsCaseCompatibilityFormsAndWhitespace() {
        #expect(Slug.groupKey(Slug.spelling(" Sunset\t Beach ")) == "sunset beach")
        #expect(Slug.groupKey("ＣＡＦＥ") == Slug.groupKey("cafe"))
        #expect(Slug.groupKey("Cafe\u{301}") == Slug.groupKey("café"))
        #expect(Slug.groupKey("Café") != Slug.groupKey("Cafe"))
    }

    @Test func theGroupWhoseKeyIsTheSlugKeepsItOthersGetAHashSuffix() {
        let slugs = Slug.assign(keys: ["café", "cafe"])
        #expect(slugs[1] == "cafe")
        #expect(slugs[0] == "cafe" + Slug.suffix(for: "café"))
        #expect(slugs[0].count == "cafe".count + 9)
        // Independent of order and of unrelated names.
        #expect(Slug.assign(keys: ["cafe", "zebra", "café"]) == ["cafe", "zebra", slugs[0]])
    }

    @Test func aLoneNameKeepsItsReadableSlug() {
        #expect(Slug.assign(keys: ["são paulo"]) == ["sao-paulo"])
        #expect(Slug.assign(keys: ["c++", "c#"]) == ["c-plus-plus", "c-sharp"])
    }

    @Test func collidingNamesWithoutAnExactOwnerAllGetSuffixes() {
        let slugs = Slug.assign(keys: ["café", "cafè"])
        #expect(slugs[0] != slugs[1])
        #expect(slugs.allSatisfy { $0.hasPrefix("cafe-") })
    }

    @Test func aSuffixedSlugNeverMeetsALiteralOne() {
        let suffixed = "cafe" + Slug.suffix(for: "café")
        let slugs = Slug.assign(keys: ["cafe", "café", suffixed])
        #expect(Set(slugs).count == 3)
        #expect(slugs[2] == suffixed)
    }
}
