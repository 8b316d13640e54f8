import Foundation
import Testing
@testable import Exhibit

@Suite struct ConfigFileTests {
    @Test func readsEveryKindOfValueOnTopOfTheDefaults() throws {
        var config = SiteConfig()
        try config.apply(toml: """
        # a comment
        [site]
        title = "Night \\"Lights\\" # not a comment"
        base_url = "https://example.org/gallery"   # trailing slash added
        page_size = 1_0
        pretty_urls = true
        list_feed_formats = ["json", "rss", "rss"]
        """, file: "exhibit.toml")
        #expect(config.title == #"Night "Lights" # not a comment"#)
        #expect(config.baseURL == "https://example.org/gallery/")
        #expect(config.pageSize == 10)
        #expect(config.prettyURLs)
        #expect(config.listFeedFormats == [.rss, .json])
        #expect(config.feedItems == SiteConfig().feedItems)
    }

    @Test func unknownKeysAreErrorsWithLineAndSuggestion() {
        var config = SiteConfig()
        #expect(throws: ConfigError(file: "exhibit.toml", line: 2, message: #"unknown key "titel"; did you mean "title"?"#)) {
            try config.apply(toml: "\ntitel = \"x\"\n", file: "exhibit.toml")
        }
    }

    @Test func valuesOfTheWrongKindOrRangeAreErrors() {
        var config = SiteConfig()
        #expect(throws: ConfigError.self) { try config.apply(toml: "page_size = \"48\"", file: "c") }
        #expect(throws: ConfigError.self) { try config.apply(toml: "page_size = 0", file: "c") }
        #expect(throws: ConfigError.self) { try config.apply(toml: "base_url = \"javascript:alert(1)\"", file: "c") }
        #expect(throws: ConfigError.self) { try config.apply(toml: "site_feed_formats = [\"rdf\"]", file: "c") }
        #expect(throws: ConfigError.self) { try config.apply(toml: "title = \"unterminated", file: "c") }
        #expect(throws: ConfigError.self) { try config.apply(toml: "title = \"a\"\ntitle = \"b\"", file: "c") }
    }

    @Test func theDocsDocumentEveryConfigurationKey() throws {
        let text = try TestSupport.readRepositoryFile("docs/configuration.md")
        for (key, _) in SiteConfig.fileKeys {
            #expect(text.contains("`\(key)`"), "docs/configuration.md does not document configuration key \(key)")
        }
    }
}

@Suite struct ReadmeTests {
    static func readme() throws -> String { try TestSupport.readRepositoryFile("README.md") }

    @Test func theDocsListEveryTemplateFieldAsTheThemeDeclaresIt() throws {
        #expect(try TestSupport.readRepositoryFile("docs/templates.md").contains(Theme.fieldReference().trimmingCharacters(in: .whitespacesAndNewlines)),
                "docs/templates.md's template fields differ from `exhibit templates fields`: paste its output under ## Template fields")
    }

    @Test func theQuickStartIsExactlyTwoCommands() throws {
        let readme = try Self.readme()
        let quickStart = try #require(readme.range(of: "## Quick start"))
        let block = readme[quickStart.upperBound...].drop { $0 != "`" }.dropFirst(6)
        let commands = block.prefix { $0 != "`" }.split(separator: "\n").filter { !$0.isEmpty }
        #expect(commands.count == 2)
        #expect(commands.first?.hasPrefix("swift run -c release exhibit build --demo") == true)
        #expect(commands.last?.hasPrefix("swift test") == true)
    }
}

@Suite struct BuildReportTests {
    @Test func theSummaryLineSaysWhatHappened() {
        var report = BuildReport()
        report.files = ["pages": 1203, "feeds": 95, "search": 40]
        report.written = 1338
        report.warningCount = 1
        report.seconds = 1.416
        #expect(report.summaryLine == "Built 1,203 pages, 95 feeds, 40 search files in 1.42 s — 1,338 written, 0 unchanged, 0 removed; 1 warning.")
        report.upToDate = true
        report.written = 0
        report.unchanged = 1338
        report.seconds = 0.04
        #expect(report.summaryLine == "Up to date: 1,203 pages, 95 feeds, 40 search files unchanged since the last build (checked in 0.04 s); nothing written.")
    }
}
