import Foundation
import Testing
@testable import Exhibit

/// Privacy in its strongest form: a gallery with extra private, withheld and unusable images (and
/// their likes, comments, reports, collections and a user who only touched them) gives output
/// byte-identical to the same gallery where those rows never existed — so no count, spelling,
/// slug, page number or related list can betray them.
@Suite(.serialized) struct PrivacyEquivalenceTests {
    /// Builds both databases and returns the two sites' files (without `.exhibit-*`).
    static func buildBoth(_ with: TestDatabase, _ without: TestDatabase) throws -> (with: [String: Data], without: [String: Data], folder: URL) {
        let folder = try TestSupport.temporaryDirectory()
        let a = folder.appendingPathComponent("a"), b = folder.appendingPathComponent("b")
        try FileManager.default.createDirectory(at: a, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: b, withIntermediateDirectories: true)
        _ = try TestSupport.buildSite(of: with, into: a)
        _ = try TestSupport.buildSite(of: without, into: b)
        return (try HostileSiteInspector.contents(of: a.appendingPathComponent("site")),
                try HostileSiteInspector.contents(of: b.appendingPathComponent("site")), folder)
    }

    static func expectIdentical(_ with: [String: Data], _ without: [String: Data]) {
        let extra = Set(with.keys).subtracting(without.keys).sorted()
        let missing = Set(without.keys).subtracting(with.keys).sorted()
        #expect(extra.isEmpty, "files only in the build with private rows: \(extra.prefix(20))")
        #expect(missing.isEmpty, "files only in the build without private rows: \(missing.prefix(20))")
        let differing = with.keys.filter { without[$0] != nil && without[$0] != with[$0] }.sorted()
        #expect(differing.isEmpty, "files that differ: \(differing.prefix(20))")
    }

    /// A plain gallery whose counts, spellings and slugs private rows could disturb.
    static func plainGallery(_ db: TestDatabase.Builder, withPrivate: Bool) {
        db.user("ann", name: "Ann", email: "ann-PRIVMARK@example.com")
        db.user("bo", name: "Bo", email: "bo-PRIVMARK@example.com")
        db.user("cy", name: "Cy", email: "cy-PRIVMARK@example.com")
        for n in 0..<7 {
            db.image(.text("p\(n)"), owner: n % 2 == 0 ? "ann" : "bo", description: .text("Public \(n)"),
                     tags: .json(n % 2 == 0 ? ["Café", "C++"] : ["café", "street"]), theme: n % 3 == 0 ? "Travel" : "travel",
                     createdAt: .text("2024-01-0\(n + 1)T00:00:00Z"))
        }
        db.like("l1", user: "bo", image: "p0")
        db.like("l2", user: "cy", image: "p0")
        db.comment("c1", user: "cy", image: "p1", "Nice")
        db.collection("col", owner: "ann", name: "Mixed", imageIDs: withPrivate ? .json(["p0", "P0", "x-private", "p2", "x-reported"]) : .json(["p0", "p2"]))
        guard withPrivate else { return }
        db.user("lurker", name: "PRIVMARK lurker", email: "lurker@example.com")
        // Private, withheld, orphaned and unusable images, newer than every public one (they
        // would otherwise sit on the first page and shift pagination), with spellings that
        // would win the "most frequent spelling" vote and slugs that would collide.
        let privateTags: SQLValue = .json(["CAFÉ", "CAFÉ", "Street", "C#", "PRIVMARK"])
        db.image("P0", owner: "ann", description: "PRIVMARK case twin", tags: privateTags, theme: "TRAVEL", isPublic: 0, createdAt: "2024-02-01T00:00:00Z")
        db.image("x-private", owner: "bo", description: "PRIVMARK private", tags: privateTags, theme: "TRAVEL", isPublic: "yes", createdAt: "2024-02-02T00:00:00Z")
        db.image("x-private2", owner: "bo", description: "PRIVMARK private", tags: .json(["CAFÉ"]), theme: "TRAVEL", isPublic: nil, createdAt: "2024-02-03T00:00:00Z")
        db.image("x-reported", owner: "ann", description: "PRIVMARK reported", tags: privateTags, theme: "TRAVEL", createdAt: "2024-02-04T00:00:00Z")
        db.report("r1", image: "x-reported", user: "cy", reason: "PRIVMARK reason")
        db.report("r2", image: "p1", user: "cy", reason: "PRIVMARK resolved", status: "resolved")
        db.image("x-orphan", owner: "PRIVMARK-ghost", description: "PRIVMARK orphan", tags: privateTags, theme: "TRAVEL", createdAt: "2024-02-05T00:00:00Z")
        db.image("x-lurker", owner: "lurker", description: "PRIVMARK lurker image", tags: privateTags, theme: "TRAVEL", isPublic: 0, createdAt: "2024-02-06T00:00:00Z")
        db.image("x-nourl", owner: "ann", url: "javascript:alert(1)", description: "PRIVMARK no url", tags: privateTags, theme: "TRAVEL", createdAt: "2024-02-07T00:00:00Z")
        for image in ["P0", "x-private", "x-reported", "x-orphan", "x-lurker", "x-nourl"] {
            db.like(.text("like-\(image)"), user: "lurker", image: .text(image))
            db.like(.text("like2-\(image)"), user: "cy", image: .text(image))
            db.comment(.text("com-\(image)"), user: "lurker", image: .text(image), "PRIVMARK comment")
            db.comment(.text("com2-\(image)"), user: "bo", image: .text(image), "PRIVMARK comment by bo")
        }
        db.collection("x-col", owner: "bo", name: "PRIVMARK only private", imageIDs: .json(["x-private", "x-reported"]))
    }

    @Test func privateRowsChangeNoByteOfTheOutput() throws {
        let with = try TestDatabase { Self.plainGallery($0, withPrivate: true) }
        let without = try TestDatabase { Self.plainGallery($0, withPrivate: false) }
        let (a, b, folder) = try Self.buildBoth(with, without)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(a.count > 30)
        Self.expectIdentical(a, b)
        #expect(HostileSiteInspector.problems(site: folder.appendingPathComponent("a/site"), markers: ["PRIVMARK", "x-private", "x-reported", "x-orphan", "x-lurker", "x-nourl", "@example.com"]).isEmpty)
    }

    @Test func theHostileDatabaseWithAndWithoutItsPrivateRowsBuildsTheSameSite() throws {
        let (a, b, folder) = try Self.buildBoth(try HostileDatabase.make(includePrivate: true), try HostileDatabase.make(includePrivate: false))
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(a.count > 200)
        Self.expectIdentical(a, b)
    }
}
