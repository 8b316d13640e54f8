import Testing
@testable import Exhibit

@Suite struct SearchTokenizerTests {
    @Test func normalisationDropsCaseAndDiacritics() {
        #expect(SearchTokenizer.normalize("Café") == "cafe")
        #expect(SearchTokenizer.normalize("SÃO Paulo") == "sao paulo")
        #expect(SearchTokenizer.normalize("Crème Brûlée") == "creme brulee")
        #expect(SearchTokenizer.normalize("Zu\u{0308}rich") == "zurich")  // already decomposed
    }

    @Test func normalisationFoldsLigaturesSharpSAndStrokes() {
        #expect(SearchTokenizer.normalize("ﬁsh Straße ẞ") == "fish strasse ss")
        #expect(SearchTokenizer.normalize("Æsop Œuvre Møller Łódź") == "aesop oeuvre moller lodz")
        #expect(SearchTokenizer.normalize("½") == "1⁄2")
    }

    @Test func turkishDottedAndDotlessIBothBecomePlainI() {
        #expect(SearchTokenizer.normalize("İstanbul") == "istanbul")
        #expect(SearchTokenizer.normalize("ırmak") == "irmak")
    }

    @Test func greekFinalSigmaMatchesMedialSigma() {
        #expect(SearchTokenizer.normalize("ΣΟΦΟΣ σοφός") == "σοφοσ σοφοσ")
    }

    @Test func hangulAndKanaAreRecomposedAfterDecomposition() {
        #expect(SearchTokenizer.normalize("서울") == "서울")
        #expect(SearchTokenizer.normalize("ガイド") == "ガイド")
        #expect(SearchTokenizer.normalize("ｶﾞｲﾄﾞ") == "ガイド")  // halfwidth katakana
    }

    @Test func wordsSplitOnEverythingButLettersDigitsAndMarks() {
        #expect(SearchTokenizer.indexTokens("Hello, world! 2024-05 rock'n'roll 😀emoji_x") ==
                ["hello", "world", "2024", "05", "rock", "n", "roll", "emoji", "x"])
        #expect(SearchTokenizer.indexTokens("हिन्दी") == ["हिन्दी"])  // the virama keeps the word whole
    }

    @Test func longWordsAreCutToTheMaximumTokenLength() {
        let long = String(repeating: "a", count: 50)
        #expect(SearchTokenizer.indexTokens(long) == [String(repeating: "a", count: SearchTokenizer.maxTokenLength)])
        #expect(SearchTokenizer.queryTerms(long).map(\.token) == [String(repeating: "a", count: SearchTokenizer.maxTokenLength)])
    }

    @Test func spacelessScriptsAreIndexedAsCharactersAndBigrams() {
        #expect(SearchTokenizer.indexTokens("東京タワー") ==
                ["東", "京", "タ", "ワ", "ー", "東京", "京タ", "タワ", "ワー"])
        #expect(SearchTokenizer.indexTokens("東京tower") == ["東", "京", "東京", "tower"])
    }

    @Test func queryTermsMakeOnlyTheLastWordAPrefix() {
        let terms = SearchTokenizer.queryTerms("São pau")
        #expect(terms == [.init(token: "sao", isPrefix: false), .init(token: "pau", isPrefix: true)])
    }

    @Test func spacelessQueriesUseBigramsOrTheSingleCharacter() {
        #expect(SearchTokenizer.queryTerms("東京タワー").map(\.token) == ["東京", "京タ", "タワ", "ワー"])
        #expect(SearchTokenizer.queryTerms("東京タワー").allSatisfy { !$0.isPrefix })
        #expect(SearchTokenizer.queryTerms("東") == [.init(token: "東", isPrefix: false)])
    }

    @Test func repeatedQueryWordsCountOnce() {
        #expect(SearchTokenizer.queryTerms("cat cat dog").map(\.token) == ["cat", "dog"])
    }

    @Test func emptyAndPunctuationOnlyQueriesHaveNoTerms() {
        #expect(SearchTokenizer.queryTerms("").isEmpty)
        #expect(SearchTokenizer.queryTerms("  ?!… — 😀 ").isEmpty)
    }

    @Test func postingListsRoundTrip() throws {
        var bytes: [UInt8] = []
        // weight 5: images 0, 40, 1100; weight 1: image 7
        for number in [5, 3, 0, 39, 1059, 1, 1, 7] { SearchPostings.appendNumber(number, to: &bytes) }
        let decoded = try SearchPostings.decode(String(decoding: bytes, as: UTF8.self))
        #expect(decoded.map(\.doc) == [0, 40, 1100, 7])
        #expect(decoded.map(\.weight) == [5, 5, 5, 1])
        #expect(throws: SiteSearchError.self) { try SearchPostings.decode("W") }
    }
}
