import Foundation
import Testing
@testable import Exhibit

@Suite struct GalleryLoaderTests {
    // MARK: Publication of images

    @Test func isPublicFailsClosed() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.image("int1", owner: "u1", isPublic: 1)
            db.image("text1", owner: "u1", isPublic: "1")
            db.image("true", owner: "u1", isPublic: "true")
            db.image("null", owner: "u1", isPublic: nil)
            db.image("zero", owner: "u1", isPublic: 0)
            db.image("yes", owner: "u1", isPublic: "yes")
            db.image("upper", owner: "u1", isPublic: "TRUE")
            db.image("real", owner: "u1", isPublic: 1.0)
            db.image("blob", owner: "u1", isPublic: .blob([0x31]))
        }
        let loaded = try db.load()
        #expect(Set(loaded.imageIDs) == ["int1", "text1", "true"])
        for id in ["null", "zero", "yes", "upper", "real", "blob"] { #expect(loaded.withheld(id) == .notPublic) }
        #expect(loaded.warnings("images", "yes", "is_public").count == 1)
        #expect(loaded.warnings("images", "real", "is_public").count == 1)
        #expect(loaded.warnings("images", "zero").isEmpty)
        #expect(loaded.warnings("images", "null").isEmpty)
        #expect(loaded.audit.withheld.map(\.id) == ["blob", "null", "real", "upper", "yes", "zero"])
        #expect(loaded.audit.privateCount == 6)
    }

    @Test func imagesOfMissingOwnersAreWithheldWithAWarning() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.image("ok", owner: "u1")
            db.image("orphan", owner: "ghost")
            db.image("noowner", owner: nil)
        }
        let loaded = try db.load()
        #expect(loaded.imageIDs == ["ok"])
        #expect(loaded.withheld("orphan") == .missingOwner("ghost"))
        #expect(loaded.withheld("noowner") == .missingOwner(""))
        #expect(loaded.warnings("images", "orphan", "user_id").count == 1)
        #expect(loaded.userIDs == ["u1"])
    }

    @Test func moderationThresholdCountsOnlyPendingReports() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.image("none", owner: "u1")
            db.image("one", owner: "u1")
            db.image("two", owner: "u1")
            db.image("resolved", owner: "u1")
            db.report("r1", image: "one")
            db.report("r2", image: "two")
            db.report("r3", image: "two", status: " Pending ")
            db.report("r4", image: "resolved", status: "resolved")
            db.report("r5", image: "resolved", status: "dismissed")
            db.report("r6", image: "resolved", status: nil)
        }
        let threshold1 = try db.load(withholdPendingReports: 1)
        #expect(threshold1.imageIDs.sorted() == ["none", "resolved"])
        #expect(threshold1.withheld("one") == .pendingReports(1))
        #expect(threshold1.withheld("two") == .pendingReports(2))
        #expect(threshold1.audit.moderatedCount == 2)
        let threshold2 = try db.load(withholdPendingReports: 2)
        #expect(threshold2.imageIDs.sorted() == ["none", "one", "resolved"])
        let off = try db.load(withholdPendingReports: 0)
        #expect(off.imageIDs.count == 4)
        #expect(off.audit.withheld.isEmpty)
    }

    @Test func unusableURLsAndDatesWithholdTheImage() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.image("js", owner: "u1", url: "javascript:alert(1)")
            db.image("nourl", owner: "u1", url: nil)
            db.image("badutf8", owner: "u1", url: .textBytes(Array("https://x.example/".utf8) + [0xff]))
            db.image("nodate", owner: "u1", createdAt: nil)
            db.image("baddate", owner: "u1", createdAt: "last Tuesday")
            db.image("ok", owner: "u1", url: " https://x.example/ok.jpg ")
        }
        let loaded = try db.load()
        #expect(loaded.imageIDs == ["ok"])
        #expect(loaded.image("ok")?.url == "https://x.example/ok.jpg")
        for id in ["js", "nourl", "badutf8", "nodate", "baddate"] {
            guard case .unusable = loaded.withheld(id) else { Issue.record("\(id) not withheld as unusable"); continue }
            #expect(!loaded.warnings("images", id).isEmpty)
        }
        #expect(loaded.warnings("images", "baddate", "created_at").first?.message == "not a recognised date; image not published")
    }

    @Test func everyDateFormIsReadForImages() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.image("iso", owner: "u1", createdAt: "2024-01-01T00:00:05Z")
            db.image("offset", owner: "u1", createdAt: "2024-01-01T02:00:04+02:00")
            db.image("sqlite", owner: "u1", createdAt: "2024-01-01 00:00:03")
            db.image("seconds", owner: "u1", createdAt: .integer(1_704_067_202))
            db.image("millis", owner: "u1", createdAt: .integer(1_704_067_201_000))
            db.image("day", owner: "u1", createdAt: "2024-01-01")
        }
        let loaded = try db.load()
        #expect(loaded.imageIDs == ["iso", "offset", "sqlite", "seconds", "millis", "day"])
        #expect(loaded.diagnostics.isEmpty)
    }

    @Test func duplicateImageIdsPublishNoCopy() throws {
        let db = try TestDatabase(schema: PlatformSchema.createStatements.replacingOccurrences(of: "image_id TEXT PRIMARY KEY", with: "image_id TEXT")) { db in
            db.user("u1")
            db.image("dup", owner: "u1", description: "public copy")
            db.image("dup", owner: "u1", description: "private copy", isPublic: 0)
            db.image("solo", owner: "u1")
        }
        let loaded = try db.load()
        #expect(loaded.imageIDs == ["solo"])
        #expect(loaded.audit.withheld.filter { $0.id == "dup" }.count == 2)
        #expect(loaded.withheld("dup") == .unusable("duplicate image_id"))
        #expect(loaded.warnings("images", "dup", "image_id").count == 1)
    }

    @Test func idsAreComparedExactlyAndIntegerIdsUseTheirTextForm() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.user("U1", name: "Other")
            db.user("e\u{301}")
            db.image(.integer(42), owner: "u1")
            db.image("café", owner: "e\u{301}")  // owner spelled decomposed; only the decomposed user matches
            db.image("x", owner: "é")
            db.collection("c1", owner: "u1", imageIDs: #"["42"]"#)
        }
        let loaded = try db.load()
        #expect(loaded.imageIDs.sorted() == ["42", "café"])
        #expect(loaded.withheld("x") == .missingOwner("é"))
        #expect(loaded.collection("c1")?.images.map { loaded.gallery.images[Int($0)].id } == ["42"])
        #expect(loaded.userIDs == ["e\u{301}", "u1"])
    }

    @Test func invalidUTF8IsRepairedWithAWarningOrTheIdIsRejected() throws {
        let db = try TestDatabase { db in
            db.user("u1", name: .textBytes(Array("Ann".utf8) + [0xff]))
            db.image("i1", owner: "u1", description: .textBytes([0x61, 0xc3, 0x28]))
            db.image(.textBytes([0x62, 0xff]), owner: "u1")
        }
        let loaded = try db.load()
        #expect(loaded.user("u1")?.name == "Ann\u{fffd}")
        #expect(loaded.image("i1")?.description == "a\u{fffd}(")
        #expect(loaded.warnings("users", "u1", "name").first?.message == "invalid UTF-8 repaired with U+FFFD")
        #expect(loaded.warnings("images", "i1", "description").count == 1)
        #expect(loaded.imageIDs == ["i1"])
        #expect(loaded.withheld("b\u{fffd}") == .unusable("image_id is not valid UTF-8"))
        #expect(loaded.warnings("images", "b\u{fffd}", "image_id").count == 1)
    }

    @Test func controlCharactersAreStrippedFromUserText() throws {
        let db = try TestDatabase { db in
            db.user("u1", name: "  Ann\u{0}\u{1b}  Lee ", bio: "line 1\nline\t2\u{7}")
            db.image("i1", owner: "u1", description: " hello\r\nworld ")
        }
        let loaded = try db.load()
        #expect(loaded.user("u1")?.name == "Ann Lee")
        #expect(loaded.user("u1")?.bio == "line 1\nline\t2")
        #expect(loaded.image("i1")?.description == "hello\nworld")
        #expect(loaded.warnings("users", "u1", "name").count == 1)
        #expect(loaded.warnings("users", "u1", "bio").count == 1)
        #expect(loaded.warnings("images", "i1").isEmpty)
    }

    @Test func usersGetFallbackNamesAndOnlyWebAvatars() throws {
        let db = try TestDatabase { db in
            db.user("u1", name: nil, avatar: "javascript:x")
            db.user("u2", name: "Bo", avatar: "https://a.example/bo.png")
            db.image("i1", owner: "u1")
            db.image("i2", owner: "u2")
        }
        let loaded = try db.load()
        #expect(loaded.user("u1")?.name == "Anonymous")
        #expect(loaded.user("u1")?.avatarURL == nil)
        #expect(loaded.warnings("users", "u1", "avatar_url").count == 1)
        #expect(loaded.user("u2")?.avatarURL == "https://a.example/bo.png")
    }

    @Test func duplicateUserAndCollectionIdsAreSkippedWithAWarning() throws {
        let schema = PlatformSchema.createStatements
            .replacingOccurrences(of: "user_id TEXT PRIMARY KEY", with: "user_id TEXT")
            .replacingOccurrences(of: "collection_id TEXT PRIMARY KEY", with: "collection_id TEXT")
        let db = try TestDatabase(schema: schema) { db in
            db.user("twice", name: "First")
            db.user("twice", name: "Second")
            db.user("u1")
            db.user(nil, name: "No id")
            db.image("byTwice", owner: "twice")
            db.image("i1", owner: "u1")
            db.collection("c", owner: "u1", imageIDs: #"["i1"]"#)
            db.collection("c", owner: "u1", imageIDs: #"["i1"]"#)
            db.collection("c2", owner: "u1", imageIDs: #"["i1"]"#)
        }
        let loaded = try db.load()
        #expect(loaded.userIDs == ["u1"])
        #expect(loaded.withheld("byTwice") == .missingOwner("twice"))
        #expect(loaded.warnings("users", "twice", "user_id").count == 1)
        #expect(loaded.warnings("users", "", "user_id").count == 1)
        #expect(loaded.collectionIDs == ["c2"])
        #expect(loaded.warnings("collections", "c", "collection_id").count == 1)
    }

    @Test func badSecondaryDatesAreLeftEmptyWithAWarning() throws {
        let db = try TestDatabase { db in
            db.user("u1", createdAt: "never")
            db.image("i1", owner: "u1")
            db.collection("c1", owner: "u1", imageIDs: #"["i1"]"#, createdAt: .integer(1_704_067_200), updatedAt: .blob([1]))
            db.comment("k1", user: "u1", image: "i1", "hi", createdAt: "soon")
        }
        let loaded = try db.load()
        #expect(loaded.user("u1")?.createdAt == nil)
        #expect(loaded.collection("c1")?.createdAt == Timestamp(secondsSince1970: 1_704_067_200))
        #expect(loaded.collection("c1")?.updatedAt == nil)
        #expect(loaded.gallery.comments.first?.createdAt == nil)
        #expect(loaded.warnings("users", "u1", "created_at").count == 1)
        #expect(loaded.warnings("collections", "c1", "updated_at").count == 1)
        #expect(loaded.warnings("interactions", "k1", "created_at").count == 1)
    }

    // MARK: Orders

    @Test func ordersAreTheDocumentedOnes() throws {
        let db = try TestDatabase { db in
            db.user("u2")
            db.user("u1")
            db.image("b", owner: "u1", createdAt: "2024-01-01T00:00:00Z")
            db.image("a", owner: "u1", createdAt: "2024-01-01T00:00:00Z")
            db.image("new", owner: "u2", createdAt: "2024-06-01T00:00:00Z")
            db.image("old", owner: "u1", createdAt: "2023-06-01T00:00:00Z")
            db.collection("c2", owner: "u1", imageIDs: #"["old", "a"]"#)
            db.collection("c1", owner: "u2", imageIDs: #"["a"]"#)
            db.comment("k2", user: "u2", image: "a", "later", createdAt: "2024-03-02T00:00:00Z")
            db.comment("k1", user: "u1", image: "a", "earlier", createdAt: "2024-03-01T00:00:00Z")
            db.comment("k0", user: "u1", image: "new", "on new", createdAt: "2024-09-01T00:00:00Z")
        }
        let loaded = try db.load()
        #expect(loaded.imageIDs == ["new", "a", "b", "old"])
        #expect(loaded.userIDs == ["u1", "u2"])
        #expect(loaded.collectionIDs == ["c1", "c2"])
        #expect(loaded.user("u1")?.images == [1, 2, 3])
        #expect(loaded.collection("c2")?.images == [3, 1])
        #expect(loaded.image("a")?.collections == [0, 1])
        #expect(loaded.gallery.comments.map(\.id) == ["k0", "k1", "k2"])
        let a = try #require(loaded.image("a"))
        #expect(loaded.gallery.comments(of: a).map(\.content) == ["earlier", "later"])
    }

    // MARK: Collections

    @Test func collectionsListOnlyPublishedMembersOnceInStoredOrder() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.image("i1", owner: "u1", createdAt: "2024-01-01T00:00:00Z")
            db.image("i2", owner: "u1", createdAt: "2024-01-02T00:00:00Z")
            db.image("secret", owner: "u1", isPublic: 0)
            db.collection("c1", owner: "u1", imageIDs: #"["i1", "secret", "missing", "i2", "i1"]"#)
            db.collection("onlyprivate", owner: "u1", imageIDs: #"["secret"]"#)
            db.collection("empty", owner: "u1", imageIDs: "[]")
            db.collection("orphan", owner: "ghost", imageIDs: #"["i1"]"#)
            db.collection("bad", owner: "u1", imageIDs: "i1, i2")
        }
        let loaded = try db.load()
        #expect(loaded.collectionIDs == ["c1"])
        #expect(loaded.collection("c1")?.images.map { loaded.gallery.images[Int($0)].id } == ["i1", "i2"])
        #expect(loaded.warnings("collections", "orphan", "user_id").count == 1)
        #expect(loaded.warnings("collections", "bad", "image_ids").first?.message == "malformed JSON array; no images used")
        #expect(loaded.warnings("collections", "c1").isEmpty)
        #expect(!loaded.diagnostics.contains { $0.message.contains("secret") })
    }

    @Test func aCollectionAloneGivesItsOwnerAProfile() throws {
        let db = try TestDatabase { db in
            db.user("owner")
            db.user("curator")
            db.user("nobody")
            db.image("i1", owner: "owner")
            db.collection("c1", owner: "curator", imageIDs: #"["i1"]"#)
        }
        let loaded = try db.load()
        #expect(loaded.userIDs == ["curator", "owner"])
        #expect(loaded.user("curator")?.collections == [0])
    }

    // MARK: Interactions

    @Test func commentsNeedContentAnExistingAuthorAndAPublishedImage() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.user("commenter")
            db.image("pub", owner: "u1")
            db.image("priv", owner: "u1", isPublic: 0)
            db.comment("ok", user: "commenter", image: "pub", "  Nice  ")
            db.comment("blank", user: "u1", image: "pub", "   ")
            db.comment("null", user: "u1", image: "pub", nil)
            db.comment("ghost", user: "ghost", image: "pub", "boo")
            db.comment("onprivate", user: "u1", image: "priv", "hidden")
            db.comment("nowhere", user: "u1", image: "missing", "lost")
            db.interaction("upper", user: "u1", image: "pub", type: " Comment ", content: "shouting type")
        }
        let loaded = try db.load()
        #expect(loaded.gallery.comments.map(\.content).sorted() == ["Nice", "shouting type"])
        #expect(loaded.userIDs == ["commenter", "u1"])
        #expect(loaded.warnings("interactions", "ghost", "user_id").count == 1)
        #expect(loaded.warnings("interactions", "blank").isEmpty) // docs/publishing.md: a blank comment is simply not published
        #expect(loaded.warnings("interactions", "nowhere", "image_id").count == 1)
        #expect(loaded.warnings("interactions", "onprivate").isEmpty)
        #expect(loaded.image("pub")?.commentCount == 2)
    }

    @Test func aCommentOnAPrivateImageGivesNoProfile() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.user("lurker")
            db.image("pub", owner: "u1")
            db.image("priv", owner: "u1", isPublic: 0)
            db.comment("c", user: "lurker", image: "priv", "hi")
        }
        #expect(try db.load().userIDs == ["u1"])
    }

    @Test func likesCountDistinctExistingUsersOnPublishedImages() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.user("u2")
            db.image("pub", owner: "u1")
            db.image("priv", owner: "u1", isPublic: 0)
            db.like("l1", user: "u1", image: "pub")
            db.like("l2", user: "u1", image: "pub")
            db.like("l3", user: "u2", image: "pub")
            db.like("l4", user: "ghost", image: "pub")
            db.like("l5", user: "u2", image: "priv")
            db.interaction("l6", user: "u2", image: "pub", type: "LIKE")
        }
        let loaded = try db.load()
        #expect(loaded.image("pub")?.likeCount == 2)
        #expect(loaded.warnings("interactions", "l4", "user_id").count == 1)
    }

    @Test func unknownInteractionTypesAreCounted() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.image("i1", owner: "u1")
            db.interaction("a", user: "u1", image: "i1", type: "share")
            db.interaction("b", user: "u1", image: "i1", type: "share")
            db.interaction("c", user: "u1", image: "i1", type: nil)
        }
        let loaded = try db.load()
        #expect(loaded.audit.unknownInteractionTypes == ["share": 2, "": 1])
        #expect(loaded.audit.rowsRead["interactions"] == 3)
    }

    // MARK: Tags and themes

    @Test func tagsGroupCaseInsensitivelyAndShowTheMostFrequentSpelling() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.image("i1", owner: "u1", tags: .json(["Sunset", " sunset  beach "]))
            db.image("i2", owner: "u1", tags: .json(["sunset", "Sunset Beach"]))
            db.image("i3", owner: "u1", tags: .json(["sunset", "SUNSET", "sunset"]))
            db.image("i4", owner: "u1", tags: .json(["ＳＵＮＳＥＴ"]))
        }
        let loaded = try db.load()
        let sunset = try #require(loaded.tag("sunset"))
        #expect(sunset.name == "sunset")
        #expect(sunset.images.count == 4)
        let beach = try #require(loaded.tag("sunset-beach"))
        #expect(beach.name == "Sunset Beach")  // one each: ties go to byte order ("S" < "s")
        #expect(loaded.image("i3")?.tags.count == 1)
        #expect(loaded.gallery.tags.map(\.slug) == ["sunset", "sunset-beach"])
    }

    @Test func aTagOnlyOnPrivateImagesDoesNotExistAndPrivateImagesDoNotCount() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.image("pub", owner: "u1", tags: .json(["shared"]), theme: "Travel")
            db.image("priv", owner: "u1", tags: .json(["shared", "secret-tag"]), theme: "Hidden", isPublic: 0)
            db.image("held", owner: "u1", tags: .json(["shared", "Shared", "SHARED", "moderated"]), theme: "travel")
            db.report("r", image: "held")
        }
        let loaded = try db.load()
        #expect(loaded.gallery.tags.map(\.name) == ["shared"])
        #expect(loaded.tag("shared")?.images.count == 1)
        #expect(loaded.gallery.themes.map(\.name) == ["Travel"])
        #expect(loaded.gallery.themes.first?.images.count == 1)
    }

    @Test func collidingTagsGetDistinctStableSlugs() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.image("i1", owner: "u1", tags: .json(["C++", "C#", "Café", "cafe", "東京"]))
        }
        let loaded = try db.load()
        let slugs = Set(loaded.gallery.tags.map(\.slug))
        #expect(slugs.count == 5)
        #expect(slugs.contains("c-plus-plus"))
        #expect(slugs.contains("c-sharp"))
        #expect(slugs.contains("cafe"))
        #expect(loaded.tag("cafe")?.name == "cafe")
        #expect(slugs.contains("cafe" + Slug.suffix(for: "café")))
        #expect(loaded.tagNames(of: "i1") == ["C++", "C#", "Café", "cafe", "東京"])
        #expect(loaded.gallery.tags.map(\.slug) == loaded.gallery.tags.map(\.slug).sorted())
    }

    @Test func tagsAndThemesAreSeparateNamespaces() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.image("i1", owner: "u1", tags: .json(["travel"]), theme: "Travel")
        }
        let loaded = try db.load()
        #expect(loaded.gallery.tags.map(\.slug) == ["travel"])
        #expect(loaded.gallery.themes.map(\.slug) == ["travel"])
        #expect(loaded.image("i1")?.theme == 0)
    }

    @Test func badTagValuesAreWarnedAbout() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.image("malformed", owner: "u1", tags: #"["unclosed"#)
            db.image("object", owner: "u1", tags: #"{"tag": "x"}"#)
            db.image("mixed", owner: "u1", tags: #"["keep", 3, null]"#)
            db.image("blank", owner: "u1", tags: #"["  ", "ok"]"#)
            db.image("number", owner: "u1", tags: 5)
            db.image("escaped", owner: "u1", tags: #"["caf\u00e9", "\ud83c\udf05"]"#)
        }
        let loaded = try db.load()
        #expect(loaded.imageIDs.count == 6)
        #expect(loaded.warnings("images", "malformed", "tags").first?.message == "malformed JSON array; no tags used")
        #expect(loaded.warnings("images", "object", "tags").first?.message == "not a JSON array; no tags used")
        #expect(loaded.warnings("images", "number", "tags").first?.message == "not a JSON array; no tags used")
        #expect(loaded.tagNames(of: "mixed") == ["keep"])
        #expect(loaded.warnings("images", "mixed", "tags").count == 1)
        #expect(loaded.tagNames(of: "blank") == ["ok"])
        #expect(loaded.warnings("images", "blank", "tags").first?.message == "empty tag dropped")
        #expect(loaded.tagNames(of: "escaped") == ["café", "🌅"])
        #expect(loaded.warnings("images", "escaped").isEmpty)
    }

    // MARK: Path segments

    @Test func unsafeIdsGetEncodedPathSegments() throws {
        let db = try TestDatabase { db in
            db.user("../../etc")
            db.image("a/b", owner: "../../etc")
            db.image("65a1b2c3d4e5f60718293a4b", owner: "../../etc")
        }
        let loaded = try db.load()
        #expect(loaded.user("../../etc")?.pathSegment == PathSegment.encode("../../etc"))
        #expect(loaded.user("../../etc")?.pathSegment.hasPrefix("~") == true)
        #expect(loaded.image("a/b")?.pathSegment == "~mexwe")
        #expect(loaded.image("65a1b2c3d4e5f60718293a4b")?.pathSegment == "65a1b2c3d4e5f60718293a4b")
    }

    // MARK: Never published

    @Test func privateDataNeverEntersTheGallery() throws {
        let db = try TestDatabase { db in
            db.user("u1", email: "ann@example.com")
            db.image("pub", owner: "u1", description: "fine")
            db.image("PRIVATEID", owner: "u1", url: "https://x.example/PRIVATEURL.jpg", description: "PRIVATEDESC",
                     tags: .json(["PRIVATETAG"]), theme: "PRIVATETHEME", isPublic: 0)
            db.comment("k", user: "u1", image: "PRIVATEID", "PRIVATECOMMENT")
            db.report("r", image: "pub", reason: "PRIVATEREASON", status: "resolved")
        }
        let loaded = try db.load()
        let dump = String(describing: loaded.gallery)
        for secret in ["PRIVATE", "ann@example.com", "REASON"] { #expect(!dump.contains(secret)) }
    }

    // MARK: Input errors and read-only access

    @Test func aMissingTableOrColumnIsNamed() throws {
        let noReports = try TestDatabase(schema: PlatformSchema.createStatements.replacingOccurrences(of: "CREATE TABLE reports", with: "CREATE TABLE old_reports"))
        #expect(throws: InputError.missingTable("reports")) { try noReports.load() }
        let noTheme = try TestDatabase(schema: PlatformSchema.createStatements.replacingOccurrences(of: "    theme TEXT,\n", with: ""))
        #expect(throws: InputError.missingColumn(table: "images", column: "theme")) { try noTheme.load() }
        let error = InputError.missingColumn(table: "images", column: "theme")
        #expect(error.description.contains("images") && error.description.contains("theme"))
    }

    @Test func schemaNamesAreCaseInsensitiveAndExtrasIgnored() throws {
        let schema = PlatformSchema.createStatements
            .replacingOccurrences(of: "CREATE TABLE users", with: "CREATE TABLE Users")
            .replacingOccurrences(of: "avatar_url TEXT", with: "Avatar_URL TEXT, extra_column TEXT")
            + "\nCREATE TABLE unrelated (x);"
        let db = try TestDatabase(schema: schema) { db in
            db.user("u1", avatar: "https://a.example/x.png")
            db.image("i1", owner: "u1")
        }
        let loaded = try db.load()
        #expect(loaded.imageIDs == ["i1"])
        #expect(loaded.user("u1")?.avatarURL == "https://a.example/x.png")
    }

    @Test func unusableFilesAreInputErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func load(_ path: String) throws { _ = try GalleryLoader.load(databasePath: path, options: LoadOptions(), diagnostics: DiagnosticLog()) }

        let missing = directory.appendingPathComponent("missing.sqlite").path
        #expect(throws: InputError.missingDatabase(path: missing)) { try load(missing) }
        #expect(!FileManager.default.fileExists(atPath: missing))

        let text = directory.appendingPathComponent("notes.txt").path
        try Data(String(repeating: "not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: text))
        do { try load(text); Issue.record("a text file loaded") } catch let error as InputError {
            guard case .notADatabase(let path, _) = error else { Issue.record("\(error)"); return }
            #expect(path == text)
        }

        let empty = directory.appendingPathComponent("empty.sqlite").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        do { try load(empty); Issue.record("an empty file loaded") } catch let error as InputError {
            guard case .notADatabase = error else { Issue.record("\(error)"); return }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty)

        #expect(throws: InputError.unreadable(path: directory.path, detail: "it is a directory")) { try load(directory.path) }
    }

    @Test func loadingNeverWritesOrCreatesFilesBesideTheDatabase() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.image("i1", owner: "u1")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: db.path))
        let filesBefore = try FileManager.default.contentsOfDirectory(atPath: db.directory.path).sorted()
        _ = try db.load()
        _ = try db.load()
        #expect(try Data(contentsOf: URL(fileURLWithPath: db.path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: db.directory.path).sorted() == filesBefore)
        #expect(filesBefore == ["platform.sqlite"])
    }

    @Test func aWriterHoldingAnExclusiveLockIsReportedAsLocked() throws {
        let db = try TestDatabase { db in db.user("u1") }
        let writer = try SQLiteDatabase.create(path: db.path)
        try writer.execute("PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE")
        defer { try? writer.execute("ROLLBACK") }
        let start = Date()
        #expect(throws: InputError.locked(path: db.path)) { try db.load() }
        #expect(Date().timeIntervalSince(start) < 30)
    }
}
