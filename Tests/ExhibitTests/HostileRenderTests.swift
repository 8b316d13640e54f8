import Foundation
import Testing
@testable import Exhibit

/// Pages stay small however much the database holds for one of them.
@Suite struct HostileRenderTests {
    /// Builds a gallery of two images, with `comments[image]` comments on them, oldest first.
    static func buildWithComments(_ comments: [String: Int]) throws -> URL {
        let directory = try TestSupport.temporaryDirectory()
        let db = try SQLiteDatabase.create(path: directory.appendingPathComponent("platform.sqlite").path)
        try db.execute(PlatformSchema.createStatements)
        try db.execute("BEGIN")
        try db.prepare("INSERT INTO users VALUES (?,?,?,?,?,?,?)")
            .run(["user_ann", "ann@example.com", "Ann", nil, nil, "2022-01-01T00:00:00Z", nil])
        let images = try db.prepare("INSERT INTO images VALUES (?,?,?,?,?,?,?,?)")
        let insert = try db.prepare("INSERT INTO interactions VALUES (?,?,?,?,?,?)")
        for (image, count) in comments.sorted(by: { $0.key < $1.key }) {
            try images.run([image, "user_ann", "https://img.example/\(image).jpg", "Harbour", "[]", nil, 1, "2024-01-07T00:00:00Z"])
            for n in 0..<count {
                let date = Timestamp(millisecondsSince1970: 1_710_000_000_000 + Int64(n) * 1000).iso8601
                try insert.run(["c-\(image)-\(n)", "user_ann", image, "comment", "C-\(n)-X", date])
            }
        }
        try db.execute("COMMIT")
        _ = try TestSupport.buildSite(in: directory)
        return directory
    }

    static func page(_ directory: URL, _ image: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("site/images/\(image)/index.html"), encoding: .utf8)
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func anImageWithTwoThousandCommentsShowsTheFirst500AndSays1500More() throws {
        let directory = try Self.buildWithComments(["img7": 2_000, "img3": 500])
        defer { try? FileManager.default.removeItem(at: directory) }
        let crowded = try Self.page(directory, "img7")
        #expect(Self.count(#"<li class="comment">"#, in: crowded) == 500)
        #expect(crowded.contains(">C-0-X<") && crowded.contains(">C-499-X<") && !crowded.contains(">C-500-X<"))
        #expect(crowded.contains("2,000 comments"))
        #expect(crowded.contains(#"<p class="muted comments-not-shown">1,500 more comments are not shown.</p>"#))
        #expect(crowded.contains(#""commentCount":2000"#))
        // At the cap, nothing is left out and nothing is said.
        let full = try Self.page(directory, "img3")
        #expect(Self.count(#"<li class="comment">"#, in: full) == 500)
        #expect(full.contains(">C-499-X<"))
        #expect(!full.contains("not shown"))
    }

    @Test func theNotShownFieldsAreSetForThemes() throws {
        #expect(SiteRenderer.maximumCommentsShown == 500)
        let names = PageSchemas.image.fields.map(\.name)
        #expect(names.contains("commentsNotShown") && names.contains("commentsNotShownLabel"))
    }
}
