import Foundation
import Testing
@testable import Exhibit

/// Configuration is input: every value of `exhibit.toml` and of the flags is validated like a row,
/// and a bad one is an error naming the file, the line and the key (exit 2).
@Suite struct HostileConfigTests {
    static func error(_ toml: String) -> ConfigError? {
        var config = SiteConfig()
        do {
            try config.apply(toml: toml, file: "exhibit.toml")
            return nil
        } catch {
            return error
        }
    }

    @Test func aThumbnailPatternMustMakeHttpURLs() throws {
        for pattern in ["javascript:alert({url})", "data:text/html,{url}", "//cdn.example/{url}", "{url}",
                        "https://cdn.example/ {url}", "https://cdn.example/\\u0000{url}", "https:///{url}"] {
            let error = try #require(Self.error("# thumbnails\nthumbnail_pattern = \"\(pattern)\""), "\(pattern)")
            #expect(error.line == 2, "\(pattern)")
            #expect(error.message.hasPrefix("thumbnail_pattern "), "\(pattern): \(error.message)")
        }
        let javascript = try #require(Self.error("thumbnail_pattern = \"javascript:alert({url})\""))
        #expect(javascript.description == #"exhibit.toml:1: thumbnail_pattern must make absolute http(s) URLs, e.g. "https://images.example.net/fit/{width}/{url}""#)
    }

    @Test func aThumbnailPatternNeedsTheURLAndOnlyKnownPlaceholders() throws {
        let none = try #require(Self.error("thumbnail_pattern = \"https://cdn.example/{width}/a.jpg\""))
        #expect(none.message == #"thumbnail_pattern must contain {url} or {raw_url}, e.g. "https://images.example.net/fit/{width}/{url}""#)
        let typo = try #require(Self.error("thumbnail_pattern = \"https://cdn.example/{widht}/{url}\""))
        #expect(typo.message == "thumbnail_pattern has an unknown placeholder {widht}; did you mean {width}? (placeholders are {url}, {raw_url}, {width})")
        let unknown = try #require(Self.error("thumbnail_pattern = \"https://cdn.example/{size}/{url}\""))
        #expect(unknown.message == "thumbnail_pattern has an unknown placeholder {size} (placeholders are {url}, {raw_url}, {width})")
        let open = try #require(Self.error("thumbnail_pattern = \"https://cdn.example/{url\""))
        #expect(open.message == "thumbnail_pattern has an unmatched {; placeholders are {url}, {raw_url}, {width}")
        let close = try #require(Self.error("thumbnail_pattern = \"https://cdn.example/url}\""))
        #expect(close.message.hasPrefix("thumbnail_pattern has an unmatched }"))
    }

    @Test func goodThumbnailPatternsAreAccepted() throws {
        for pattern in ["", "https://images.example.net/fit/{width}/{url}", "{raw_url}?w={width}", "http://cdn.example/x?u={url}&w={width}"] {
            var config = SiteConfig()
            try config.apply(toml: "thumbnail_pattern = \"\(pattern)\"", file: "exhibit.toml")
            #expect(config.thumbnailPattern == pattern)
        }
    }

    @Test func thePlaceholderListIsWhatThumbnailsSubstitute() {
        let pattern = "https://cdn.example/" + SiteConfig.thumbnailPlaceholders.joined(separator: "/")
        let url = ImageRenditions(pattern: pattern, thumbnailWidth: 400).thumbnailURL(for: "https://example.org/a.jpg")
        #expect(!url.contains("{") && !url.contains("}"), "\(url)")
    }

    @Test func textSettingsRejectControlsBidiAndNoncharacters() throws {
        let bad: [(String, String)] = [
            ("\\u202E", "U+202E (a bidi control)"), ("\\u2066", "U+2066 (a bidi control)"),
            ("\\u200F", "U+200F (a bidi control)"), ("\\u061C", "U+061C (a bidi control)"),
            ("\\n", "U+000A (a control character)"), ("\\t", "U+0009 (a control character)"),
            ("\\u001B[31m", "U+001B (a control character)"), ("\\u0085", "U+0085 (a control character)"),
            ("\\u2028", "U+2028 (a line separator)"), ("\\uFFFE", "U+FFFE (a noncharacter)"),
            ("\\uFDD0", "U+FDD0 (a noncharacter)"), ("\\U0010FFFF", "U+10FFFF (a noncharacter)"),
        ]
        for key in ["title", "description"] {
            for (escape, what) in bad {
                let error = try #require(Self.error("\n\(key) = \"Night\(escape)Lights\""), "\(key) \(escape)")
                #expect(error.line == 2)
                #expect(error.message == "\(key) contains \(what) at character 6; settings take one line of text without control characters, bidi controls or noncharacters", "\(error.message)")
            }
        }
        var config = SiteConfig()
        try config.apply(toml: "title = \"Café 東京 👩‍👩‍👧 עברית\"", file: "exhibit.toml")
        #expect(config.title == "Café 東京 👩‍👩‍👧 עברית")
    }

    @Test func theLanguageIsALanguageTag() throws {
        for tag in ["en us", "en\\u202E", "<script>", "", "-en", "toolongtag"] {
            let error = try #require(Self.error("language = \"\(tag)\""), "\(tag)")
            #expect(error.message.hasPrefix("language "), "\(error.message)")
        }
        var config = SiteConfig()
        try config.apply(toml: "language = \"pt-BR\"", file: "exhibit.toml")
        #expect(config.language == "pt-BR")
    }

    @Test func theBaseURLTakesNoBidiControls() throws {
        let error = try #require(Self.error("base_url = \"https://example.org/\\u202Eevil/\""))
        #expect(error.message.hasPrefix("base_url contains U+202E (a bidi control)"), "\(error.message)")
        var config = SiteConfig()
        config.baseURL = "https://example.org/\u{2066}x/"
        #expect(throws: SiteConfig.ValueError.self) { try config.validate() }
        config = SiteConfig()
        config.thumbnailPattern = "javascript:{url}"
        #expect(throws: SiteConfig.ValueError.self) { try config.validate() }
        #expect(throws: Never.self) { try SiteConfig().validate() }
    }

    @Test func theCommandLineRejectsBadValuesWithExitTwo() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("o").path
        let toml = directory.appendingPathComponent("exhibit.toml")
        try Data("title = \"Gallery\"\nthumbnail_pattern = \"javascript:alert({raw_url})\"\n".utf8).write(to: toml)
        let file = try TestSupport.runExhibit(["build", "--demo", "--config", toml.path, "--out", out])
        #expect(file.status == 2)
        #expect(file.stderr.hasPrefix("error: \(toml.path):2: thumbnail_pattern must make absolute http(s) URLs"), "\(file.stderr)")
        try Data("title = \"Night\\u202Egnik\"\n".utf8).write(to: toml)
        let title = try TestSupport.runExhibit(["check", "--db", "/nonexistent.sqlite", "--config", toml.path])
        #expect(title.status == 2)
        #expect(title.stderr.hasPrefix("error: \(toml.path):1: title contains U+202E (a bidi control) at character 6"), "\(title.stderr)")
        let flag = try TestSupport.runExhibit(["build", "--demo", "--base-url", "https://example.org/\u{202E}x/", "--out", out])
        #expect(flag.status == 2)
        #expect(flag.stderr.hasPrefix("error: --base-url"), "\(flag.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
