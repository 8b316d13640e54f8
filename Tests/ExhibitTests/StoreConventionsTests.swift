import Testing
@testable import Exhibit

@Suite struct StoreConventionsTests {
    private func ms(_ year: Int, _ month: Int, _ day: Int, _ h: Int = 0, _ m: Int = 0, _ s: Int = 0, _ milli: Int64 = 0) -> Int64 {
        Timestamp.days(year: year, month: month, day: day) * 86_400_000 + Int64(h * 3_600_000 + m * 60_000 + s * 1000) + milli
    }

    @Test func onlyInteger1AndText1OrTrueArePublic() {
        #expect(StoreConventions.isPublic(.integer(1)))
        #expect(StoreConventions.isPublic(.text("1")))
        #expect(StoreConventions.isPublic(.text("true")))
        for value: StoreConventions.Value in [.integer(0), .integer(2), .integer(-1), .null, .real(1.0), .text("TRUE"), .text("True"),
                                              .text("yes"), .text(" 1"), .text("1 "), .text("on"), .text(""), .blob([0x31])] {
            #expect(!StoreConventions.isPublic(value), "\(value) must be private")
        }
    }

    @Test func parsesIsoDatesWithZoneOffsetAndFraction() {
        #expect(StoreConventions.parseDate("2024-05-01T12:30:00Z")?.millisecondsSince1970 == ms(2024, 5, 1, 12, 30))
        #expect(StoreConventions.parseDate("2024-05-01T12:30:00.5Z")?.millisecondsSince1970 == ms(2024, 5, 1, 12, 30, 0, 500))
        #expect(StoreConventions.parseDate("2024-05-01T12:30:00.123456789Z")?.millisecondsSince1970 == ms(2024, 5, 1, 12, 30, 0, 123))
        #expect(StoreConventions.parseDate("2024-05-01T14:30:00+02:00")?.millisecondsSince1970 == ms(2024, 5, 1, 12, 30))
        #expect(StoreConventions.parseDate("2024-05-01T10:00:00-0230")?.millisecondsSince1970 == ms(2024, 5, 1, 12, 30))
        #expect(StoreConventions.parseDate("2024-05-01T12:30Z")?.millisecondsSince1970 == ms(2024, 5, 1, 12, 30))
        #expect(StoreConventions.parseDate("2024-05-01t12:30:00z")?.millisecondsSince1970 == ms(2024, 5, 1, 12, 30))
    }

    @Test func parsesSQLiteDatesAndPlainDatesAsUTC() {
        #expect(StoreConventions.parseDate("2024-05-01 12:30:00")?.millisecondsSince1970 == ms(2024, 5, 1, 12, 30))
        #expect(StoreConventions.parseDate("2024-05-01 12:30:00.250")?.millisecondsSince1970 == ms(2024, 5, 1, 12, 30, 0, 250))
        #expect(StoreConventions.parseDate(" 2024-05-01 ")?.millisecondsSince1970 == ms(2024, 5, 1))
        #expect(StoreConventions.parseDate("2024-02-29")?.millisecondsSince1970 == ms(2024, 2, 29))
    }

    @Test func unixNumbersAreSecondsBelowTheThresholdAndMillisecondsAbove() {
        #expect(StoreConventions.timestamp(.integer(1_714_566_600))?.millisecondsSince1970 == 1_714_566_600_000)
        #expect(StoreConventions.timestamp(.integer(1_714_566_600_123))?.millisecondsSince1970 == 1_714_566_600_123)
        #expect(StoreConventions.timestamp(.integer(99_999_999_999))?.millisecondsSince1970 == 99_999_999_999_000)
        #expect(StoreConventions.timestamp(.integer(100_000_000_000))?.millisecondsSince1970 == 100_000_000_000)
        #expect(StoreConventions.timestamp(.integer(0))?.millisecondsSince1970 == 0)
        #expect(StoreConventions.timestamp(.real(1_714_566_600.5))?.millisecondsSince1970 == 1_714_566_600_500)
        #expect(StoreConventions.timestamp(.text("1714566600"))?.millisecondsSince1970 == 1_714_566_600_000)
        #expect(StoreConventions.timestamp(.text("1714566600123"))?.millisecondsSince1970 == 1_714_566_600_123)
    }

    @Test func rejectsGarbageAndImpossibleDates() {
        for text in ["", "   ", "yesterday", "2024-13-01", "2024-02-30", "2023-02-29", "2024-05-01T24:00:00Z", "2024-05-01T12:60:00Z",
                     "2024-05-01T12:30:60Z", "2024-05-01T12:30:00+25:00", "2024-05-01T12:30:00Q", "2024-05-01T12:30:00.Z",
                     "2024-5-1", "2024-05-01T", "01/05/2024", "1e10", "12.", "--1", "0000-01-01"] {
            #expect(StoreConventions.parseDate(text) == nil, "\(text) must be rejected")
        }
        #expect(StoreConventions.timestamp(.real(.nan)) == nil)
        #expect(StoreConventions.timestamp(.real(.infinity)) == nil)
        #expect(StoreConventions.timestamp(.integer(Int64.max)) == nil)
        #expect(StoreConventions.timestamp(.integer(Int64.min)) == nil)
        #expect(StoreConventions.timestamp(.blob([0x31])) == nil)
        #expect(StoreConventions.timestamp(.null) == nil)
    }

    @Test func parsesJSONStringArraysWithEveryEscape() {
        let result = JSONStringArray.parse(#" [ "a", "b\"c", "\\ \/ \b\f\n\r\t", "\u00e9\u6771", "\ud83c\udf05" ] "#)
        #expect(result.problem == nil)
        #expect(result.strings == ["a", "b\"c", "\\ / \u{8}\u{c}\n\r\t", "é東", "🌅"])
        #expect(JSONStringArray.parse("[]") == .init(strings: [], problem: nil))
        #expect(JSONStringArray.parse("") == .init(strings: [], problem: nil))
        #expect(JSONStringArray.parse(#"["日本語"]"#).strings == ["日本語"])
    }

    @Test func malformedArraysYieldNothing() {
        for text in [#"["unclosed"#, #"["a",]"#, #"["a" "b"]"#, #"[,"a"]"#, #"["a"] x"#, #"["\x"]"#, #"["\u12"]"#, "[\"a\u{1}\"]", "[01]",
                     "[tru]", #"{"a":}"#, "nope", #"["a"]]"#, String(repeating: "[", count: 100) + String(repeating: "]", count: 100)] {
            let result = JSONStringArray.parse(text)
            #expect(result.problem == .malformed, "\(text)")
            #expect(result.strings.isEmpty)
        }
    }

    @Test func wrongShapesAreReported() {
        #expect(JSONStringArray.parse(#"{"a": "b"}"#) == .init(strings: [], problem: .notAnArray))
        #expect(JSONStringArray.parse(#""a""#) == .init(strings: [], problem: .notAnArray))
        #expect(JSONStringArray.parse("42") == .init(strings: [], problem: .notAnArray))
        #expect(JSONStringArray.parse(#"["a", 1, ["b"], {"c": [1.5e3]}, null, "d"]"#) == .init(strings: ["a", "d"], problem: .nonStringElements(4)))
        #expect(JSONStringArray.parse(#"["\ud800x"]"#) == .init(strings: ["\u{fffd}x"], problem: .loneSurrogate))
        #expect(JSONStringArray.parse(#"["\udc00\ud800\u0041"]"#) == .init(strings: ["\u{fffd}\u{fffd}A"], problem: .loneSurrogate))
    }

    @Test func textCleaningStripsControlsAndCollapsesSingleLineWhitespace() {
        #expect(TextCleaner.singleLine("  Ann \t\n  Lee ") == .init(text: "Ann Lee", removedControls: false))
        #expect(TextCleaner.singleLine("A\u{0}B\u{1b}[31m") == .init(text: "AB[31m", removedControls: true))
        #expect(TextCleaner.multiLine(" line 1\r\nline\t2\rline 3\u{7f}\u{85} ") == .init(text: "line 1\nline\t2\nline 3", removedControls: true))
        #expect(TextCleaner.multiLine("plain") == .init(text: "plain", removedControls: false))
        #expect(TextCleaner.singleLine("\u{a0}\u{3000}") == .init(text: "", removedControls: false))
    }

    @Test func urlValidationKeepsItsRulesOnTheFastPath() {
        #expect(WebURL.validated("https://x.example/é.jpg") == "https://x.example/é.jpg")
        #expect(WebURL.validated(" HTTPS://x.example/a ") == "HTTPS://x.example/a")
        #expect(WebURL.validated("https://x.example/\u{85}a") == nil)
        #expect(WebURL.validated("https://x.example/a b") == nil)
        #expect(WebURL.validated("https://x.example/\"x") == nil)
        #expect(WebURL.validated("javascript:alert(1)") == nil)
        #expect(WebURL.validated("https://") == nil)
        #expect(WebURL.validated("https://user@/x") == nil)
        #expect(WebURL.validated("https://:80/x") == nil)
        #expect(WebURL.validated("https://a@:80/x") == nil)
        #expect(WebURL.validated("https://user@host.example/x?y#z") == "https://user@host.example/x?y#z")
        #expect(WebURL.validated("http://h") == "http://h")
        #expect(WebURL.validated("http:/h") == nil)
        #expect(WebURL.validated("\u{a0}https://x.example/") == "https://x.example/")
    }

    /// `interactions.type` read from its bytes means what trimming and lowercasing the string means.
    @Test func interactionTypesReadFromBytesMatchTheStringRule() {
        let types = ["like", "LIKE", " Like\n", "\tcomment ", "Comment", "likes", "lik", "", " ", "share", "view",
                     "\u{212A}omment", "li\u{212A}e", "comment\u{00A0}", "likE\u{0301}", "COMMENT", "c0mment"]
        for type in types {
            var bytes = type
            let read = bytes.withUTF8 { TableReader.interactionKind(UnsafeRawBufferPointer($0)) }
            let rule = type.trimmingASCIIWhitespace().lowercased()
            let expected: TableReader.InteractionKind = rule == "like" ? .like : rule == "comment" ? .comment : .other
            #expect(read == expected, "\(type.debugDescription)")
        }
        #expect(TableReader.interactionKind(nil) == .other)
    }
}
