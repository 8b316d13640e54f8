import Foundation
import Testing
@testable import Exhibit
@testable import exhibit_bench

/// "More like this" (``RelatedImages``), per-user picks (``UserRecommendations``), the like graph
/// they read, and `recommendations/{user}.json`.
@Suite struct RecommendationTests {
    @Test func theLikeGraphHoldsOnlyPublishedImagesExistingUsersAndDistinctLikes() throws {
        let loaded = try TestSupport.likedGallery().load()
        let gallery = loaded.gallery
        let likes = gallery.likes
        #expect(likes.imageCount == gallery.images.count)
        // Profile users (u0…u3 own images) first, with their profile index; likers without a
        // profile (u4…u7, the lurker) after them; "nobody" does not exist.
        #expect(loaded.userIDs == ["u0", "u1", "u2", "u3"])
        #expect(likes.userCount == 4 + 5)
        var total = 0
        for (index, image) in gallery.images.enumerated() {
            let likers = likes.likers(of: index)
            #expect(likers.count == Int(image.likeCount), "likers of \(image.id)")
            #expect(Array(likers) == Array(likers).sorted())
            #expect(Set(likers).count == likers.count)
            total += likers.count
        }
        #expect(total == likes.likeCount)
        for user in 0 ..< likes.userCount {
            let images = Array(likes.images(likedBy: user))
            #expect(images == images.sorted())
            #expect(images.allSatisfy { $0 >= 0 && Int($0) < gallery.images.count })
        }
        let u0 = loaded.userIDs.firstIndex(of: "u0")!
        // p2, p6, p10 (liked twice: p2), none of the unpublished x0…x2, w0.
        #expect(likes.images(likedBy: u0).map { gallery.images[Int($0)].id }.sorted() == ["p10", "p2", "p6"])
        #expect(likes.images(likedBy: u0).map { gallery.images[Int($0)].id }.allSatisfy { $0.hasPrefix("p") })
    }

    @Test func relatedImagesAreOlderPublishedImagesNeverTheImageItselfAndDeterministic() throws {
        let gallery = try TestSupport.likedGallery().load().gallery
        let related = RelatedImages(gallery: gallery, limit: 12)
        var nonEmpty = 0
        for index in gallery.images.indices {
            let list = related.related(to: index)
            #expect(list == related.related(to: index))
            #expect(!list.contains(index))
            #expect(list.allSatisfy { $0 > index && $0 < gallery.images.count })
            #expect(Set(list).count == list.count)
            #expect(list.allSatisfy { gallery.images[$0].id.hasPrefix("p") })
            if !list.isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty == gallery.images.count - 1) // all but the oldest
        #expect(RelatedImages(gallery: gallery, limit: 0).related(to: 0).isEmpty)
        #expect(RelatedImages(gallery: gallery, limit: 3).related(to: 0).count == 3)
    }

    @Test func aRareSharedTagCountsMoreThanACommonOne() throws {
        let db = try TestDatabase { db in
            db.user("u", name: "U")
            db.user("v", name: "V")
            db.image("target", owner: "u", tags: .json(["everywhere", "rare"]), createdAt: "2024-02-01T00:00:00Z")
            db.image("sharesRare", owner: "v", tags: .json(["rare"]), createdAt: "2024-01-01T00:00:00Z")
            db.image("sharesCommon", owner: "v", tags: .json(["everywhere"]), createdAt: "2024-01-02T00:00:00Z")
            for i in 0 ..< 20 { db.image(.text("filler\(i)"), owner: "v", tags: .json(["everywhere"]), createdAt: "2023-06-01T00:00:00Z") }
        }
        let loaded = try db.load()
        let target = loaded.imageIDs.firstIndex(of: "target")!
        let list = RelatedImages(gallery: loaded.gallery, limit: 2).related(to: target).map { loaded.imageIDs[$0] }
        #expect(list.first == "sharesRare")
    }

    @Test func imagesLikedByTheSamePeopleAreRelated() throws {
        let db = try TestDatabase { db in
            for u in 0 ..< 6 { db.user(.text("u\(u)")) }
            // Same theme for all; without co-likes the newer "other" would come first.
            db.image("target", owner: "u0", theme: "T", createdAt: "2024-02-01T00:00:00Z")
            db.image("coLiked", owner: "u1", theme: "T", createdAt: "2024-01-01T00:00:00Z")
            db.image("other", owner: "u1", theme: "T", createdAt: "2024-01-02T00:00:00Z")
            for u in 2 ..< 6 {
                db.like(.text("a\(u)"), user: .text("u\(u)"), image: "target")
                db.like(.text("b\(u)"), user: .text("u\(u)"), image: "coLiked")
            }
        }
        let loaded = try db.load()
        let target = loaded.imageIDs.firstIndex(of: "target")!
        let list = RelatedImages(gallery: loaded.gallery, limit: 2).related(to: target).map { loaded.imageIDs[$0] }
        #expect(list == ["coLiked", "other"])
    }

    @Test func publishingANewImageChangesNoOlderImagesRelatedList() throws {
        let db = try TestSupport.likedGallery()
        let before = try db.load().gallery
        try db.add { db in
            db.image("newest", owner: "u2", tags: .json(["common", "even", "odd"]), theme: "Nature", createdAt: "2024-03-01T00:00:00Z")
        }
        let after = try db.load().gallery
        #expect(after.images.count == before.images.count + 1)
        func lists(_ gallery: Gallery) -> [String: [String]] {
            let related = RelatedImages(gallery: gallery, limit: 12)
            var result: [String: [String]] = [:]
            for index in gallery.images.indices { result[gallery.images[index].id] = related.related(to: index).map { gallery.images[$0].id } }
            return result
        }
        var expected = lists(before)
        let got = lists(after)
        #expect(got["newest"]?.isEmpty == false)
        expected["newest"] = got["newest"]
        #expect(got == expected)
    }

    @Test func userPicksNeverIncludeTheirOwnOrLikedImagesNorUnpublishedOnes() throws {
        let gallery = try TestSupport.likedGallery().load().gallery
        let recommender = UserRecommendations(gallery: gallery, limit: 24)
        for user in 0 ..< gallery.likes.userCount {
            let picks = recommender.picks(for: user)
            #expect(picks == recommender.picks(for: user))
            #expect(Set(picks).count == picks.count)
            let liked = Set(gallery.likes.images(likedBy: user).map(Int.init))
            #expect(picks.allSatisfy { !liked.contains($0) })
            if user < gallery.users.count { #expect(picks.allSatisfy { gallery.images[$0].owner != Int32(user) }) }
            #expect(picks.allSatisfy { gallery.images[$0].id.hasPrefix("p") })
        }
    }

    @Test func usersWithoutLikesGetWhatIsTrendingExceptTheirOwn() throws {
        let db = try TestDatabase { db in
            for u in 0 ..< 4 { db.user(.text("u\(u)")) }
            for i in 0 ..< 6 { db.image(.text("i\(i)"), owner: .text("u\(i % 2)"), createdAt: .text("2024-01-0\(i + 1)T00:00:00Z")) }
            // i5 (newest) liked by 2, i0 (oldest) liked by 3; u0 (owner of i0, i2, i4) likes nothing.
            db.like("a", user: "u2", image: "i5"); db.like("b", user: "u3", image: "i5")
            db.like("c", user: "u1", image: "i0"); db.like("d", user: "u2", image: "i0"); db.like("e", user: "u3", image: "i0")
            db.like("f", user: "u2", image: "i3")
        }
        let loaded = try db.load()
        let u0 = loaded.userIDs.firstIndex(of: "u0")!
        #expect(loaded.gallery.likes.images(likedBy: u0).isEmpty)
        let picks = UserRecommendations(gallery: loaded.gallery).picks(for: u0).map { loaded.imageIDs[$0] }
        #expect(picks == ["i5", "i3", "i1"]) // liked images by trend, not u0's own i0; then the newest
    }

    @Test func tasteAndCoLikesBeatPopularityOnStructuredLikes() throws {
        // Two camps of users, each liking its own theme; the most liked image overall is in the other camp.
        let db = try TestDatabase { db in
            for u in 0 ..< 10 { db.user(.text("u\(u)")) }
            db.user("owner")
            db.image("hello", owner: "owner", theme: "Other", createdAt: "2023-01-01T00:00:00Z")
            for u in 0 ..< 10 { db.comment(.text("k\(u)"), user: .text("u\(u)"), image: "hello", "Hi") } // gives them profiles
            for i in 0 ..< 10 {
                db.image(.text("n\(i)"), owner: "owner", theme: "Nature", createdAt: .text("2024-01-\(String(format: "%02d", i + 10))T00:00:00Z"))
                db.image(.text("c\(i)"), owner: "owner", theme: "City", createdAt: .text("2024-01-\(String(format: "%02d", i + 10))T06:00:00Z"))
            }
            var n = 0
            for u in 0 ..< 10 {
                let camp = u < 5 ? "n" : "c"
                for i in 0 ..< 10 where (i + u) % 3 != 0 { db.like(.text("l\(n)"), user: .text("u\(u)"), image: .text("\(camp)\(i)")); n += 1 }
            }
        }
        let loaded = try db.load()
        let recommender = UserRecommendations(gallery: loaded.gallery, limit: 3)
        for u in 0 ..< 10 {
            let user = loaded.userIDs.firstIndex(of: "u\(u)")!
            let picks = recommender.picks(for: user).map { loaded.imageIDs[$0] }
            #expect(!picks.isEmpty)
            #expect(picks.allSatisfy { $0.hasPrefix(u < 5 ? "n" : "c") }, "u\(u): \(picks)")
        }
    }

    @Test func onADemoGalleryPicksFindHeldOutLikesAtLeastTwiceAsOftenAsMostLiked() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("demo.sqlite").path
        _ = try DemoDatabase.generate(at: path, options: DemoOptions(images: 4000, seed: 1))
        let gallery = try GalleryLoader.load(databasePath: path, options: LoadOptions(), diagnostics: DiagnosticLog()).0
        let evaluation = try RecommendationEvaluation.run(gallery: gallery, databasePath: path)
        #expect(evaluation.users > 200)
        #expect(evaluation.hits >= 2 * max(1, evaluation.baselineHits), "\(evaluation)")
        // Deterministic.
        #expect(try RecommendationEvaluation.run(gallery: gallery, databasePath: path).hits == evaluation.hits)
    }

    // MARK: recommendations/{user}.json

    @Test func recommendationsAreOffByDefault() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try TestSupport.buildSite(in: directory)
        let files = TestSupport.files(below: directory.appendingPathComponent("site"))
        #expect(!files.contains { $0.hasPrefix("recommendations") })
        #expect(SiteConfig().recommendations == false)
        var config = SiteConfig()
        try config.apply(toml: "recommendations = true\n", file: "exhibit.toml")
        #expect(config.recommendations)
    }

    @Test func oneValidJSONFilePerProfileWithHostileTextEscapedAndNothingUnpublished() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("platform.sqlite").path
        let hostile = "</script><b>\"quoted\" \\ \u{2028} & more"
        let db = try SQLiteDatabase.create(path: path)
        try db.execute(PlatformSchema.createStatements)
        let users = try db.prepare("INSERT INTO users VALUES (?,?,?,?,?,?,?)")
        for u in ["alice", "bob", "carol", "user with space"] { try users.run([u, "\(u)@example.com", hostile, nil, nil, "2022-01-01T00:00:00Z", nil]) }
        let images = try db.prepare("INSERT INTO images VALUES (?,?,?,?,?,?,?,?)")
        try images.run(["a1", "alice", "https://img.example/a1.jpg", hostile, #"["x"]"#, "T", 1, "2024-01-01T00:00:00Z"])
        try images.run(["b1", "bob", "https://img.example/b1.jpg", "", #"["x"]"#, "T", 1, "2024-01-02T00:00:00Z"])
        try images.run(["c1", "carol", "https://img.example/c1.jpg", hostile, #"["x"]"#, "T", 1, "2024-01-03T00:00:00Z"])
        try images.run(["s1", "user with space", "https://img.example/s1.jpg", "fine", #"["x"]"#, "T", 1, "2024-01-04T00:00:00Z"])
        try images.run(["secret-image", "alice", "https://img.example/secret.jpg", "PRIVATE-MARKER", #"["x"]"#, "T", 0, "2024-01-05T00:00:00Z"])
        let likes = try db.prepare("INSERT INTO interactions VALUES (?,?,?,?,?,?)")
        var n = 0
        for u in ["alice", "bob", "carol", "user with space"] {
            for target in ["secret-image", "a1", "b1"] where !(u == "alice" && target == "a1") && !(u == "bob" && target == "b1") {
                try likes.run(["l\(n)", u, target, "like", nil, "2024-02-01T00:00:00Z"]); n += 1
            }
        }
        _ = try TestSupport.buildSite(in: directory) { $0.config.recommendations = true }
        let site = directory.appendingPathComponent("site")
        let files = TestSupport.files(below: site).filter { $0.hasPrefix("recommendations/") }
        #expect(files == ["recommendations/alice.json", "recommendations/bob.json", "recommendations/carol.json",
                          "recommendations/\(PathSegment.encode("user with space")).json"])
        for file in files {
            let data = try Data(contentsOf: site.appendingPathComponent(file))
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("secret"), "\(file)")
            #expect(!text.contains("PRIVATE-MARKER"))
            #expect(!text.contains("<") && !text.contains(">") && !text.contains("&") && !text.contains("\u{2028}"))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let picks = try #require(object["images"] as? [[String: Any]])
            #expect(!picks.isEmpty, "\(file)")
            for pick in picks {
                let id = try #require(pick["id"] as? String)
                #expect(pick["path"] as? String == "images/\(id)/index.html")
                #expect((pick["thumbnail"] as? String)?.hasPrefix("https://img.example/") == true)
                #expect(pick["alt"] is String)
                #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("images/\(id)/index.html").path))
            }
        }
        let alice = try JSONSerialization.jsonObject(with: Data(contentsOf: site.appendingPathComponent("recommendations/alice.json"))) as! [String: Any]
        #expect(alice["user"] as? String == "alice")
        let alt = (alice["images"] as! [[String: Any]]).first { $0["id"] as? String == "c1" }?["alt"] as? String
        #expect(alt == hostile) // escaped in the file, intact once parsed
    }

    @Test func jsonBytesEscapeLikeEscapeJSONString() {
        for text in ["", "plain", "</script>", "\"q\" \\ b", "tab\tnew\nline\r", "\u{0}\u{1}\u{1f}\u{7f}", "\u{2028}\u{2029}", "é 東京 🙂", "a&b<c>d", "\u{e2}\u{80}"] {
            var bytes: [UInt8] = []
            JSONBytes.appendString(text, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == Escape.jsonString(text), "\(text.debugDescription)")
        }
    }
}
