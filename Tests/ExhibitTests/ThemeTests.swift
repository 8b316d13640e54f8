import Foundation
import Testing
@testable import Exhibit

@Suite struct ThemeTests {
    static let templatesFolder = TestSupport.repositoryRoot.appendingPathComponent("Templates")

    @Test func embeddedThemeMatchesTemplatesFolderByteForByte() throws {
        let onDisk = try Theme.readFolder(Self.templatesFolder.path)
        #expect(!onDisk.isEmpty)
        let embedded = Theme.defaultFiles
        #expect(Set(onDisk.map(\.0)) == Set(embedded.keys), "run `python3 Scripts/embed-templates.py`")
        for (path, bytes) in onDisk {
            #expect(embedded[path].map { Array($0.utf8) } == bytes, "\(path) differs: run `python3 Scripts/embed-templates.py`")
        }
    }

    @Test func defaultThemeHasEveryPageTemplateAndAsset() throws {
        let theme = try Theme.load(overridesDirectory: nil)
        #expect(Set(theme.templates.pageNames) == Set(PageSchemas.pages.keys))
        #expect(theme.stylePath?.hasPrefix("assets/style.") == true && theme.stylePath?.hasSuffix(".css") == true)
        #expect(theme.scriptPath?.hasPrefix("assets/search.") == true && theme.scriptPath?.hasSuffix(".js") == true)
        #expect(theme.faviconPath?.hasSuffix(".svg") == true)
        #expect(Set(theme.assets.map(\.path)) == Set([theme.stylePath, theme.scriptPath, theme.faviconPath].compactMap { $0 }))
    }

    @Test func fingerprintedAssetNamesChangeExactlyWhenTheirBytesDo() throws {
        let path = Theme.fingerprintedPath("assets/style.css", bytes: Array("a{}".utf8))
        #expect(path.hasPrefix("assets/style.") && path.hasSuffix(".css") && path.count == "assets/style.".count + 10 + ".css".count)
        #expect(path == Theme.fingerprintedPath("assets/style.css", bytes: Array("a{}".utf8)))
        #expect(path != Theme.fingerprintedPath("assets/style.css", bytes: Array("b{}".utf8)))
        // A configured favicon replaces the theme's, under its own type.
        let theme = try Theme.load(overridesDirectory: nil, favicon: (name: "Icon.PNG", bytes: [0x89, 0x50, 0x4E, 0x47]))
        #expect(theme.faviconPath?.hasPrefix("assets/favicon.") == true && theme.faviconPath?.hasSuffix(".png") == true)
        #expect(!theme.assets.contains { $0.path.hasSuffix(".svg") })
    }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func write(_ text: String, to path: String, in folder: URL) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test func overrideReplacesOneFileAndKeepsTheRest() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("<footer class=\"custom\">CUSTOM FOOTER for {{siteTitle}}</footer>\n", to: "partials/footer.mustache", in: folder)
        try write("body { color: red; }\n", to: "assets/style.css", in: folder)
        try write("extra", to: "assets/logo.txt", in: folder)
        let theme = try Theme.load(overridesDirectory: folder.path)
        #expect(theme.assets.first { $0.path == theme.stylePath }?.bytes == Array("body { color: red; }\n".utf8))
        #expect(theme.assets.contains { $0.path == "assets/logo.txt" })
        let renderer = try RenderFixture.renderer(RenderFixture.gallery(imageCount: 2), RenderFixture.config(), theme: theme)
        let files = try RenderFixture.renderAll(renderer)
        let home = try #require(files["index.html"])
        #expect(home.contains("<footer class=\"custom\">CUSTOM FOOTER for Exhibit Gallery</footer>"))
        #expect(home.contains("<a class=\"skip-link\" href=\"#main\">"), "the default layout is still used")
        #expect(files["assets/logo.txt"] == "extra")
    }

    @Test func overrideNamingAnUnknownFieldFailsWithFileAndLine() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("{{<layout}}\n{{$main}}\n<p>{{likeCount}} {{titel}}</p>\n{{/main}}\n{{/layout}}\n", to: "image.mustache", in: folder)
        do {
            _ = try Theme.load(overridesDirectory: folder.path)
            Issue.record("an unknown field must fail the load")
        } catch let error as TemplateError {
            #expect(error.file == folder.path + "/image.mustache")
            #expect(error.line == 3)
            #expect(error.description.hasPrefix(folder.path + "/image.mustache:3:"))
        }
    }

    @Test func missingOverrideFolderIsAnError() {
        #expect(throws: ThemeError.notAFolder("/nonexistent/exhibit-templates")) {
            try Theme.load(overridesDirectory: "/nonexistent/exhibit-templates")
        }
    }

    @Test func fieldReferenceDocumentsEveryTemplateAndField() {
        let reference = Theme.fieldReference()
        for name in PageSchemas.pages.keys { #expect(reference.contains("`\(name).mustache`"), "\(name)") }
        for schema in Set(PageSchemas.pages.values.map { ObjectIdentifier($0) }).compactMap({ id in PageSchemas.pages.values.first { ObjectIdentifier($0) == id } }) {
            for field in schema.fields { #expect(reference.contains("| `\(field.name)` |"), "\(schema.name).\(field.name)") }
        }
        for field in PageSchemas.gridItem.fields + PageSchemas.comment.fields { #expect(reference.contains("| `\(field.name)` |")) }
    }
}
