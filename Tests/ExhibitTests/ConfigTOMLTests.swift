import Foundation
import Testing
@testable import Exhibit

/// `exhibit.toml` is real TOML (read by TOMLKit): any valid document with the known keys is read,
/// and every error keeps its file and line.
@Suite struct ConfigTOMLTests {
    static func config(_ toml: String) throws -> SiteConfig {
        var config = SiteConfig()
        try config.apply(toml: toml, file: "exhibit.toml")
        return config
    }

    static func error(_ toml: String) -> ConfigError? {
        var config = SiteConfig()
        do {
            try config.apply(toml: toml, file: "exhibit.toml")
            return nil
        } catch {
            return error
        }
    }

    @Test func literalStringsKeepTheirBackslashes() throws {
        let config = try Self.config(#"""
        title = 'Night \Lights\'
        thumbnail_pattern = 'https://cdn.example/fit/{width}/{url}'
        """#)
        #expect(config.title == #"Night \Lights\"#)
        #expect(config.thumbnailPattern == "https://cdn.example/fit/{width}/{url}")
    }

    @Test func multiLineStringsAreReadWhenTheyMakeOneLine() throws {
        let config = try Self.config(#"""
        description = """Night \
            lights"""
        title = '''
        Night's gallery'''
        """#)
        #expect(config.description == "Night lights")
        #expect(config.title == "Night's gallery")
    }

    @Test func aNewlineInATitleIsAnErrorWithItsLine() throws {
        for toml in ["\ntitle = \"\"\"\nNight\nLights\"\"\"", "\ntitle = '''Night\nLights'''", "\ntitle = \"Night\\nLights\""] {
            let error = try #require(Self.error(toml), "\(toml)")
            #expect(error.description == "exhibit.toml:2: title contains U+000A (a control character) at character 6; settings take one line of text without control characters, bidi controls or noncharacters")
        }
    }

    @Test func arraysMaySpanLinesWithCommentsAndATrailingComma() throws {
        let config = try Self.config("""
        list_feed_formats = [
            "rss",   # the classic
            # JSON Feed later
            'atom',
        ]
        site_feed_formats = [ "json" ]
        """)
        #expect(config.listFeedFormats == [.rss, .atom])
        #expect(config.siteFeedFormats == [.json])
    }

    @Test func commentsMayStandAnywhereAndHashesInStringsAreText() throws {
        let config = try Self.config("""
        # heading
        [site] # the settings
          # indented comment
        title = "Night # 1" # trailing
        page_size = 12#no space
        description = 'Gallery # 2'
        # last line without newline
        """)
        #expect(config.title == "Night # 1")
        #expect(config.pageSize == 12)
        #expect(config.description == "Gallery # 2")
    }

    @Test func escapesAreDecodedAndThenChecked() throws {
        let config = try Self.config(#"title = "Caf\u00e9 \"\U0001F303\" \\ night""#)
        #expect(config.title == "Café \"🌃\" \\ night")
        let tab = try #require(Self.error("# tabs\n\ntitle = \"Night\\tLights\""))
        #expect(tab.description == "exhibit.toml:3: title contains U+0009 (a control character) at character 6; settings take one line of text without control characters, bidi controls or noncharacters")
        let rawTab = try #require(Self.error("title = \"Night\tLights\""))
        #expect(rawTab.line == 1 && rawTab.message.hasPrefix("title contains U+0009"))
    }

    @Test func settingsMayBeDottedKeysOrAnInlineTableUnderSite() throws {
        let dotted = try Self.config("site.title = \"Night\"\nsite.page_size = 7")
        #expect(dotted.title == "Night" && dotted.pageSize == 7)
        let inline = try Self.config("site = { title = \"Night\", pretty_urls = true }")
        #expect(inline.title == "Night" && inline.prettyURLs)
        let quoted = try Self.config("\"title\" = \"Night\"\n[site]\n'page_size' = 9")
        #expect(quoted.title == "Night" && quoted.pageSize == 9)
    }

    @Test func unknownDottedKeysAndTablesAreErrorsWithTheirLine() throws {
        let dotted = try #require(Self.error("title = \"x\"\n\nfeed.items = 3"))
        #expect(dotted.description == #"exhibit.toml:3: unknown key "feed.items"; did you mean "feed_items"?"#)
        let table = try #require(Self.error("title = \"x\"\n[feeds]\nitems = 3"))
        #expect(table.description == "exhibit.toml:2: unknown table [feeds]; only [site] is allowed")
        let typo = try #require(Self.error("\n[sit]\ntitle = \"x\""))
        #expect(typo.description == "exhibit.toml:2: unknown table [sit]; did you mean [site]?")
        let nested = try #require(Self.error("[site]\ntitle = \"x\"\n[site.feeds]\nitems = 3"))
        #expect(nested.description == "exhibit.toml:3: unknown table [site.feeds]; only [site] is allowed")
        let arrayOfTables = try #require(Self.error("[[build]]\njobs = 2"))
        #expect(arrayOfTables.description == "exhibit.toml:1: unknown table [build]; only [site] is allowed")
        let inline = try #require(Self.error("\nsite = { title = \"x\", titel = \"y\" }"))
        #expect(inline.description == #"exhibit.toml:2: unknown key "titel"; did you mean "title"?"#)
    }

    @Test func aKeyTypoNamesTheLineAndTheClosestKey() throws {
        let top = try #require(Self.error("# settings\n\npage_sise = 10"))
        #expect(top == ConfigError(file: "exhibit.toml", line: 3, message: #"unknown key "page_sise"; did you mean "page_size"?"#))
        let inSite = try #require(Self.error("[site]\ntitle = \"x\"\nrecomendations = true"))
        #expect(inSite.description == #"exhibit.toml:3: unknown key "recomendations"; did you mean "recommendations"?"#)
        let far = try #require(Self.error("colour = \"red\""))
        #expect(far.description == #"exhibit.toml:1: unknown key "colour""#)
    }

    @Test func linesAreCountedPastMultiLineStrings() throws {
        let error = try #require(Self.error(#"""
        description = """
        Night \
        titel = "not a key" \
        """
        thumbnail_pattern = '''
        '''
        titel = "a key"
        """#))
        #expect(error.description == #"exhibit.toml:7: unknown key "titel"; did you mean "title"?"#)
    }

    @Test func valuesOfTheWrongTypeNameTheKeyAndTheExpectedType() throws {
        let cases: [(String, String)] = [
            ("title = 3", "title must be a string (got an integer)"),
            ("title.main = \"x\"", "title must be a string (got a table)"),
            ("page_size = 4.5", "page_size must be an integer (got a floating-point number)"),
            ("page_size = \"48\"", "page_size must be an integer (got a string)"),
            ("feed_items = 1979-05-27", "feed_items must be an integer (got a date)"),
            ("pretty_urls = \"yes\"", "pretty_urls must be true or false (got a string)"),
            ("list_feed_formats = \"rss\"", #"list_feed_formats must be an array of strings, e.g. ["rss", "atom"] (got a string)"#),
            ("list_feed_formats = [\"rss\", 3]", #"list_feed_formats must be an array of strings, e.g. ["rss", "atom"] (item 2 is an integer)"#),
            ("site = 3", "site must be a table of settings, e.g. [site] (got an integer)"),
        ]
        for (toml, message) in cases {
            let error = try #require(Self.error("# c\n" + toml), "\(toml)")
            #expect(error.line == 2 && error.message == message, "\(toml): \(error)")
        }
    }

    @Test func aSyntaxErrorHasItsLineAndColumn() throws {
        let error = try #require(Self.error("title = \"x\"\npage_size = = 3\n"))
        #expect(error.line == 2 && error.column == 13, "\(error)")
        #expect(error.description.hasPrefix("exhibit.toml:2:13: not valid TOML: "), "\(error)")
        let unterminated = try #require(Self.error("\n\ntitle = \"Night"))
        #expect(unterminated.line == 3 && unterminated.column > 0, "\(unterminated)")
        let twice = try #require(Self.error("title = \"a\"\ntitle = \"b\""))
        #expect(twice.line == 2 && twice.column > 0, "\(twice)")
    }

    @Test func aSettingAtTheTopAndInSiteIsSetTwice() throws {
        let error = try #require(Self.error("title = \"a\"\n[site]\ntitle = \"b\""))
        #expect(error.description == #"exhibit.toml:3: key "title" is set twice (at the top level and in [site])"#)
    }

    @Test func windowsLineEndingsKeepTheLineNumbers() throws {
        let config = try Self.config("title = \"Night\"\r\nlist_feed_formats = [\r\n  \"atom\",\r\n]\r\n")
        #expect(config.title == "Night" && config.listFeedFormats == [.atom])
        let error = try #require(Self.error("title = \"Night\"\r\n\r\ntitel = 1\r\n"))
        #expect(error.line == 3)
    }

    @Test func aNulCannotCutTheDocumentOrAString() throws {
        let raw = try #require(Self.error("title = \"x\"\npage_size = 3\u{0}\ntitel = 1"))
        #expect(raw.description == "exhibit.toml:2:14: the file contains a NUL byte (U+0000), which TOML does not allow")
        let escaped = try #require(Self.error("\ntitle = \"Night\\u0000Lights\""))
        #expect(escaped.line == 2 && escaped.message.contains("U+0000"), "\(escaped)")
        let key = try #require(Self.error("\"title\\u0000x\" = \"Night\""))
        #expect(key.line == 1 && key.message.contains("U+0000"), "\(key)")
        #expect(try Self.config("title = 'Night\\u0000Lights'").title == #"Night\u0000Lights"#)
    }

    @Test func hostileDocumentsAreErrorsNotCrashes() throws {
        let deep = try #require(Self.error("page_size = " + String(repeating: "[", count: 100_000)))
        #expect(deep.line == 1 && deep.column > 0)
        let long = try #require(Self.error("\"" + String(repeating: "k", count: 10_000) + "\" = 1"))
        #expect(long.message.count < 200, "\(long.message.count)")
        let ansi = try #require(Self.error("\"\\u001B[31mtitle\" = 1"))
        #expect(!ansi.message.unicodeScalars.contains("\u{1B}"), "\(ansi.message)")
        let huge = try #require(Self.error("title = 99999999999999999999"))
        #expect(huge.line == 1 && huge.column > 0)
    }

    @Test func aFileLargerThanTheLimitIsNotRead() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("exhibit.toml")
        try Data(("# " + String(repeating: "x", count: SiteConfig.maximumFileSize) + "\n").utf8).write(to: file)
        #expect(throws: ConfigError(file: file.path, line: 0, message: "the configuration file is larger than 1 MiB")) {
            try SiteConfig.load(file: file.path)
        }
        try Data("title = 'Night'\n".utf8).write(to: file)
        #expect(try SiteConfig.load(file: file.path).title == "Night")
    }
}
