import Foundation
import Testing
@testable import Exhibit

/// Hostile themes (`--templates DIR`): recursion and deep nesting are load-time template errors
/// naming file:line:column, through the real build (exit 1), never a crash or a long wait.
@Suite struct HostileTemplateTests {
    /// Builds the demo with `files` (relative path → text) as the theme override folder.
    static func buildWithTheme(_ files: [String: String]) throws -> TestSupport.ExhibitRun {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let theme = directory.appendingPathComponent("theme")
        for (path, text) in files {
            let url = theme.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return try TestSupport.runExhibit(["build", "--demo", "--quiet", "--templates", theme.path,
                                         "--out", directory.appendingPathComponent("o").path])
    }

    @Test func aPartialThatIncludesItselfIsATemplateErrorNotACrash() throws {
        let run = try Self.buildWithTheme(["partials/footer.mustache": "<footer>\n  {{>partials/footer}}\n</footer>\n"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("partials/footer.mustache:2:3"), "\(run.stderr)")
        #expect(run.stderr.contains(#"partial "partials/footer" includes itself (partials/footer → partials/footer)"#), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func aCycleThroughAnotherPartialIsATemplateError() throws {
        let run = try Self.buildWithTheme([
            "partials/footer.mustache": "<footer>{{>partials/extra}}</footer>\n",
            "partials/extra.mustache": "x\ny {{>partials/footer}}\n",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("partials/extra.mustache:2:3"), "\(run.stderr)")
        #expect(run.stderr.contains("partials/footer → partials/extra → partials/footer"), "\(run.stderr)")
    }

    @Test func tenThousandNestedSectionsFailFastAtTheFirstLevelTooDeep() throws {
        let template = String(repeating: "{{#title}}", count: 10_000) + String(repeating: "{{/title}}", count: 10_000)
        let started = ContinuousClock.now
        let run = try Self.buildWithTheme(["image.mustache": template])
        #expect(run.status == 1, "\(run.stderr)")
        // The 101st opening tag: 100 tags of 10 characters before it.
        #expect(run.stderr.contains("image.mustache:1:1001"), "\(run.stderr)")
        #expect(run.stderr.contains(#"section "title" nests more than 100 levels deep"#), "\(run.stderr)")
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func nestingIsCountedAcrossPartials() throws {
        // 60 levels in the page and 60 in the partial it includes: 120 in all.
        let sixty = String(repeating: "{{#title}}", count: 60)
        let closes = String(repeating: "{{/title}}", count: 60)
        let error = try #require(Self.loadError([
            "image": sixty + "{{>deep}}" + closes,
            "deep": sixty + "x" + closes,
        ]))
        #expect(error.file == "deep")
        #expect(error.line == 1 && error.column == 39 * 10 + 1)
        #expect(error.message.contains("nests more than 100 levels deep"))
    }

    @Test func parentsUsedExponentiallyHitTheExpansionBound() throws {
        // Each level uses the next twice: 2^40 expansions without a bound.
        var templates = ["image": "{{<p0}}{{/p0}}"]
        for level in 0..<40 {
            templates["p\(level)"] = "{{<p\(level + 1)}}{{/p\(level + 1)}}{{<p\(level + 1)}}{{/p\(level + 1)}}"
        }
        templates["p40"] = "x"
        let error = try #require(Self.loadError(templates))
        #expect(error.message.contains("expands to more than"))
    }

    @Test func positionsOnOneLongLineOfTagsStayLinear() throws {
        // 200,000 tags on one line: column numbers found by scanning the line from its start
        // for every tag would take 2·10^10 steps.
        let template = String(repeating: "{{title}}", count: 200_000) + "{{titel}}"
        let started = ContinuousClock.now
        let error = try #require(Self.loadError(["image": template]))
        #expect(error.line == 1 && error.column == 200_000 * 9 + 1)
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func manyEmptyLinesParseInLinearTime() throws {
        let template = "{{title}}" + String(repeating: "\n", count: 400_000) + "{{titel}}"
        let started = ContinuousClock.now
        let error = try #require(Self.loadError(["image": template]))
        #expect(error.line == 400_001)
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    static func loadError(_ templates: [String: String]) -> TemplateError? {
        let page = TemplateSchema("image page", [TemplateField("title", .text, "Title.")])
        do {
            _ = try TemplateSet(templates: templates, pages: ["image": page])
            return nil
        } catch let error as TemplateError {
            return error
        } catch {
            return nil
        }
    }
}
