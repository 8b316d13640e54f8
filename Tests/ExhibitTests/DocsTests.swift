import Foundation
import Testing

/// The rules live in the repository (`docs/`), and the code points there, never outside.
@Suite struct DocsTests {
    static func swiftFiles(below folder: String) -> [URL] {
        let walker = FileManager.default.enumerator(at: TestSupport.repositoryRoot.appendingPathComponent(folder),
                                                    includingPropertiesForKeys: nil)
        var files: [URL] = []
        while let url = walker?.nextObject() as? URL {
            if url.pathExtension == "swift" { files.append(url) }
        }
        return files
    }

    @Test func everyDocsPageIsListedInTheReadme() throws {
        let readme = try TestSupport.readRepositoryFile("README.md")
        let pages = try FileManager.default.contentsOfDirectory(atPath: TestSupport.repositoryRoot.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }
        #expect(pages.count >= 8)
        for page in pages { #expect(readme.contains("(docs/\(page))"), "README.md does not link docs/\(page)") }
    }

    @Test func everyRelativeLinkInTheDocsResolves() throws {
        let link = try Regex(#"\]\(([^)#:]+)(?:#[^)]*)?\)"#)
        for page in ["README.md", "ARCHITECTURE.md"] + (try FileManager.default.contentsOfDirectory(atPath: TestSupport.repositoryRoot.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }) {
            let folder = TestSupport.repositoryRoot.appendingPathComponent(page).deletingLastPathComponent()
            for match in try TestSupport.readRepositoryFile(page).matches(of: link) {
                let target = String(match.output[1].substring ?? "")
                #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(target).path), "\(page) links to \(target)")
            }
        }
    }

    /// Comments cite `docs/…` pages that exist, and nothing outside the repository.
    @Test func codeCommentsPointIntoTheRepository() throws {
        let cited = try Regex(#"docs/[a-z-]+\.md"#)
        for file in Self.swiftFiles(below: "Sources") + Self.swiftFiles(below: "Tests") where file.lastPathComponent != "DocsTests.swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("SPEC §") && !text.contains("shared/seed") && !text.contains("SPEC.md"),
                    "\(file.lastPathComponent) cites a file outside the repository")
            for match in text.matches(of: cited) {
                let page = String(text[match.range])
                #expect(FileManager.default.fileExists(atPath: TestSupport.repositoryRoot.appendingPathComponent(page).path),
                        "\(file.lastPathComponent) cites \(page), which does not exist")
            }
        }
    }
}
