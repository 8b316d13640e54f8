import Foundation
import Testing
import Exhibit

/// Loads a generated 100,000-image database and prints the time. Runs only when
/// `EXHIBIT_BENCHMARK=1` (use a release build:
/// `EXHIBIT_BENCHMARK=1 swift test -c release -Xswiftc -enable-testing --filter LoaderBenchmark`).
@Suite struct LoaderBenchmarkTests {
    static let enabled = ProcessInfo.processInfo.environment["EXHIBIT_BENCHMARK"] == "1"

    /// Writes a platform database with `images` images (deterministic content).
    static func generate(path: String, images: Int) throws {
        let db = try SQLiteDatabase.create(path: path)
        try db.execute(PlatformSchema.createStatements)
        try db.execute("BEGIN")
        var random: UInt64 = 0x9e37_79b9_7f4a_7c15
        func next(_ bound: Int) -> Int {
            random ^= random << 13; random ^= random >> 7; random ^= random << 17
            return Int(random % UInt64(bound))
        }
        let users = max(1, images / 10)
        let insertUser = try db.prepare("INSERT INTO users VALUES (?,?,?,?,?,?,?)")
        for u in 0..<users {
            try insertUser.run(["user_\(u)", "u\(u)@example.com", "User \(u)", "https://img.example/avatar/\(u).png", "Bio of user \(u)\nsecond line", "2023-01-01T00:00:00Z", nil])
        }
        let vocabulary = (0..<2000).map { "tag\($0)" } + ["Café", "café", "C++", "C#", "東京", "Street Photography"]
        let themes = ["Travel", "travel", "Nature", "Food", "Architecture", "Portrait"]
        let insertImage = try db.prepare("INSERT INTO images VALUES (?,?,?,?,?,?,?,?)")
        for i in 0..<images {
            let id = String(format: "%024x", i)
            var tags: [String] = []
            for _ in 0..<(1 + next(5)) { tags.append(vocabulary[next(vocabulary.count)]) }
            let tagJSON = "[" + tags.map { Escape.jsonString($0) }.joined(separator: ",") + "]"
            let created = 1_600_000_000 + i * 60
            let date: SQLiteBindable = i % 3 == 0 ? "2024-01-01T00:00:00Z" as String : (i % 3 == 1 ? Int64(created) : Int64(created) * 1000)
            try insertImage.run([id, "user_\(next(users))", "https://res.cloudinary.com/demo/image/upload/\(id).jpg",
                                 "Description of image \(i) with some words", tagJSON, themes[next(themes.count)],
                                 i % 10 == 0 ? 0 : 1, date])
        }
        let insertInteraction = try db.prepare("INSERT INTO interactions VALUES (?,?,?,?,?,?)")
        for k in 0..<images {
            let isLike = k % 3 != 0
            try insertInteraction.run(["int_\(k)", "user_\(next(users))", String(format: "%024x", next(images)), isLike ? "like" : "comment",
                                       isLike ? nil : "Comment number \(k)", "2024-02-01 10:00:00"])
        }
        let insertCollection = try db.prepare("INSERT INTO collections VALUES (?,?,?,?,?,?,?)")
        for c in 0..<(images / 20) {
            let members = (0..<10).map { _ in "\"" + String(format: "%024x", next(images)) + "\"" }.joined(separator: ",")
            try insertCollection.run(["col_\(c)", "user_\(next(users))", "Collection \(c)", "About \(c)", "[\(members)]", "2024-01-01T00:00:00Z", nil])
        }
        let insertReport = try db.prepare("INSERT INTO reports VALUES (?,?,?,?,?,?)")
        for r in 0..<(images / 100) {
            try insertReport.run(["rep_\(r)", "user_0", String(format: "%024x", next(images)), "spam", r % 2 == 0 ? "pending" : "resolved", "2024-01-01T00:00:00Z"])
        }
        try db.execute("COMMIT")
    }

    @Test(.enabled(if: enabled)) func loads100kImagesQuickly() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ProcessInfo.processInfo.environment
        // EXHIBIT_BENCHMARK_DB: a database to generate once and reuse (kept after the test).
        let path = environment["EXHIBIT_BENCHMARK_DB"] ?? directory.appendingPathComponent("bench.sqlite").path
        let count = Int(environment["EXHIBIT_BENCHMARK_IMAGES"] ?? "") ?? 100_000
        if !FileManager.default.fileExists(atPath: path) { try Self.generate(path: path, images: count) }
        var best = Double.infinity
        var published = 0
        for _ in 0..<3 {
            let start = ContinuousClock.now
            let (gallery, _) = try GalleryLoader.load(databasePath: path, options: LoadOptions(), diagnostics: DiagnosticLog())
            let elapsed = ContinuousClock.now - start
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            published = gallery.images.count
            #expect(gallery.tags.count > 2000)
        }
        print("BENCHMARK: loaded \(count) images (\(published) published) in \(String(format: "%.3f", best)) s (best of 3)")
        #expect(published > count * 8 / 10)
    }
}
