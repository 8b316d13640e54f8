import Foundation
import Testing
@testable import Exhibit

/// A preview keeps the gallery it read and reuses it while the database's files are unchanged.
struct GalleryMemoTests {
    /// `directory/platform.sqlite` built into `directory/site` with `memo`, the templates of `templates`.
    private func build(_ directory: URL, templates: URL, memo: GalleryMemo) throws -> BuildReport {
        try TestSupport.buildSite(in: directory, configure: { $0.templatesDirectory = templates.path }, memo: memo)
    }

    private func home(_ directory: URL) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("site/index.html"), encoding: .utf8)
    }

    private func imagePage(_ directory: URL) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("site/images/img7/index.html"), encoding: .utf8)
    }

    @Test func aTemplateEditReRendersWithoutReadingTheDatabaseAgain() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let templates = directory.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let original = try TestSupport.readRepositoryFile("Templates/home.mustache")
        let memo = GalleryMemo()
        _ = try build(directory, templates: templates, memo: memo)
        #expect(memo.reads == 1)

        try (original + "<!-- EDIT-ONE -->\n").write(to: templates.appendingPathComponent("home.mustache"), atomically: true, encoding: .utf8)
        let edited = try build(directory, templates: templates, memo: memo)
        #expect(memo.reads == 1)
        #expect(try home(directory).contains("EDIT-ONE"))
        #expect(edited.changedPaths == ["index.html", "page/1/index.html"])
        // The reused read still knows what is not public.
        #expect(edited.privateImages == 1)
        #expect(edited.images == 5)
    }

    @Test func aCommittedRowIsReadAgainAndMakingAnImagePrivateRemovesIt() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let templates = directory.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let memo = GalleryMemo()
        _ = try build(directory, templates: templates, memo: memo)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("site/images/img7/index.html").path))

        let db = try SQLiteDatabase.create(path: directory.appendingPathComponent("platform.sqlite").path)
        try db.execute("UPDATE images SET is_public = 0 WHERE image_id = 'img7'")
        let after = try build(directory, templates: templates, memo: memo)
        #expect(memo.reads == 2)
        #expect(after.removed > 0)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("site/images/img7/index.html").path))
        #expect(!(try home(directory).contains("img7")))
    }

    @Test func aConfigurationChangeThatDecidesWhatIsPublishedReadsAgain() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let templates = directory.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let memo = GalleryMemo()
        let first = try build(directory, templates: templates, memo: memo)
        let lenient = try TestSupport.buildSite(in: directory, configure: {
            $0.templatesDirectory = templates.path
            $0.config.withholdPendingReports = 0
        }, memo: memo)
        #expect(memo.reads == 2)
        #expect(lenient.images == first.images + 1)
    }

    @Test func theReadsWarningsComeBackWithEveryBuildThatReusesIt() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("platform.sqlite").path
        try TestSupport.writeSmallGallery(to: database)
        let db = try SQLiteDatabase.create(path: database)
        try db.execute(#"INSERT INTO images VALUES ('bad','user_ann','https://x.example/a.jpg','d','["unclosed',NULL,1,'2024-01-01T00:00:00Z')"#)
        let templates = directory.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let memo = GalleryMemo()
        let first = try build(directory, templates: templates, memo: memo)
        try "<!-- edit -->\n".write(to: templates.appendingPathComponent("unused.txt"), atomically: true, encoding: .utf8)
        let second = try build(directory, templates: templates, memo: memo)
        #expect(memo.reads == 1)
        #expect(first.warningCount > 0)
        #expect(second.warningCount == first.warningCount)
        #expect(second.warnings == first.warnings)
    }

    /// SQLite run as root `fchown`s the `-wal` and `-shm` it opens, even to read: a preview that
    /// watched their change time rebuilt after each of its own reads, and never reused a read.
    @Test func readingAWALDatabaseChangesNoWatchedStampAndTheReadIsReused() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("platform.sqlite").path
        try TestSupport.writeSmallGallery(to: database)
        let writer = try SQLiteDatabase.create(path: database)
        try writer.execute("PRAGMA journal_mode=WAL")
        try writer.execute("UPDATE images SET description = 'Harbour at noon' WHERE image_id = 'img7'")
        #expect(FileManager.default.fileExists(atPath: database + "-wal"))
        let watcher = SourceWatcher(databasePath: database, configFile: nil, templatesDirectory: nil)
        let before = watcher.snapshot()
        let templates = directory.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let memo = GalleryMemo()
        _ = try build(directory, templates: templates, memo: memo)
        #expect(SourceWatcher.changes(from: before, to: watcher.snapshot()) == [])
        _ = try build(directory, templates: templates, memo: memo)
        #expect(memo.reads == 1)
        #expect(try imagePage(directory).contains("Harbour at noon"))

        try writer.execute("UPDATE images SET description = 'Harbour at dusk' WHERE image_id = 'img7'")
        _ = try build(directory, templates: templates, memo: memo)
        #expect(memo.reads == 2)
        #expect(try imagePage(directory).contains("Harbour at dusk"))
        withExtendedLifetime(writer) {}
    }

    // MARK: Rendering only what a template edit changed

    /// A folder with the small gallery and an empty templates folder.
    private func workspace() throws -> (directory: URL, templates: URL) {
        let directory = try TestSupport.temporaryDirectory()
        let templates = directory.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates.appendingPathComponent("partials"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: templates.appendingPathComponent("assets"), withIntermediateDirectories: true)
        return (directory, templates)
    }

    private func write(_ text: String, _ path: String, in templates: URL) throws {
        try text.write(to: templates.appendingPathComponent(path), atomically: true, encoding: .utf8)
    }

    /// The same database and templates built from scratch, without a memo, into another folder.
    private func expectSameAsAFullBuild(_ directory: URL, templates: URL, pageSize: Int = 2) throws {
        let other = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: other) }
        try FileManager.default.copyItem(at: directory.appendingPathComponent("platform.sqlite"),
                                         to: other.appendingPathComponent("platform.sqlite"))
        _ = try TestSupport.buildSite(in: other, configure: {
            $0.templatesDirectory = templates.path
            $0.config.pageSize = pageSize
        })
        let full = try TestSupport.tree(other.appendingPathComponent("site").path)
        let kept = try TestSupport.tree(directory.appendingPathComponent("site").path)
        #expect(full.keys.sorted() == kept.keys.sorted())
        #expect(full.filter { kept[$0.key] != $0.value }.keys.sorted() == [])
    }

    @Test func aPageTemplateEditRendersOnlyItsPagesAndTheOutputIsAFullBuilds() throws {
        let (directory, templates) = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let memo = GalleryMemo()
        let first = try build(directory, templates: templates, memo: memo)
        #expect(first.kept == 0)
        let original = try TestSupport.readRepositoryFile("Templates/home.mustache")
        try write(original + "<!-- EDIT-HOME -->\n", "home.mustache", in: templates)
        let edited = try build(directory, templates: templates, memo: memo)
        #expect(edited.kept == first.fileCount - first.pages["home", default: 0])
        #expect(edited.written == first.pages["home", default: 0])
        try expectSameAsAFullBuild(directory, templates: templates)
    }

    @Test func aPartialEditRendersThePagesThatReachIt() throws {
        let (directory, templates) = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tags = try TestSupport.readRepositoryFile("Templates/tags.mustache")
        try write(tags.replacingOccurrences(of: "{{>partials/pager}}", with: "{{>partials/pager}}{{>partials/extra}}"), "tags.mustache", in: templates)
        try write("<p>one</p>", "partials/extra.mustache", in: templates)
        let memo = GalleryMemo()
        let first = try build(directory, templates: templates, memo: memo)
        #expect(try String(contentsOf: directory.appendingPathComponent("site/tags/index.html"), encoding: .utf8).contains("<p>one</p>"))
        try write("<p>two</p>", "partials/extra.mustache", in: templates)
        let edited = try build(directory, templates: templates, memo: memo)
        #expect(edited.kept == first.fileCount - first.pages["tagIndex", default: 0])
        #expect(try String(contentsOf: directory.appendingPathComponent("site/tags/index.html"), encoding: .utf8).contains("<p>two</p>"))
        try expectSameAsAFullBuild(directory, templates: templates)
    }

    @Test func aLayoutEditRendersEveryPageAndAnAssetEditEverything() throws {
        let (directory, templates) = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let memo = GalleryMemo()
        let first = try build(directory, templates: templates, memo: memo)
        let layout = try TestSupport.readRepositoryFile("Templates/layout.mustache")
        try write(layout + "<!-- EDIT-LAYOUT -->\n", "layout.mustache", in: templates)
        let edited = try build(directory, templates: templates, memo: memo)
        let templated = first.pages.filter { !["robots", "sitemap", "sitemapChunk", "asset"].contains($0.key) }.values.reduce(0, +)
        #expect(edited.kept == first.fileCount - templated)
        try expectSameAsAFullBuild(directory, templates: templates)

        // The stylesheet's fingerprinted name is on every page: nothing is kept.
        let style = try TestSupport.readRepositoryFile("Templates/assets/style.css")
        try write(style + "\n/* edit */\n", "assets/style.css", in: templates)
        let restyled = try build(directory, templates: templates, memo: memo)
        #expect(restyled.kept == 0)
        try expectSameAsAFullBuild(directory, templates: templates)
    }

    @Test func aFileChangedInTheOutputOrAnotherBuildIntoItIsRenderedAgain() throws {
        let (directory, templates) = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let memo = GalleryMemo()
        let first = try build(directory, templates: templates, memo: memo)
        let imagePage = directory.appendingPathComponent("site/images/img1/index.html")
        try FileManager.default.removeItem(at: imagePage)
        let home = try TestSupport.readRepositoryFile("Templates/home.mustache")
        try write(home + "<!-- one -->\n", "home.mustache", in: templates)
        let edited = try build(directory, templates: templates, memo: memo)
        #expect(edited.kept == first.fileCount - first.pages["home", default: 0] - 1)
        #expect(FileManager.default.fileExists(atPath: imagePage.path))
        try expectSameAsAFullBuild(directory, templates: templates)

        // Another build into the folder (no memo, other templates): the next preview build keeps
        // nothing, though its own last build wrote the same bytes.
        let elsewhere = directory.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try write(try TestSupport.readRepositoryFile("Templates/layout.mustache") + "<!-- elsewhere -->\n", "layout.mustache", in: elsewhere)
        _ = try TestSupport.buildSite(in: directory, configure: { $0.templatesDirectory = elsewhere.path })
        try write(home + "<!-- two -->\n", "home.mustache", in: templates)
        let afterOther = try build(directory, templates: templates, memo: memo)
        #expect(afterOther.kept == 0)
        try expectSameAsAFullBuild(directory, templates: templates)
    }

    @Test func aConfigurationEditRendersEverythingFromTheSameRead() throws {
        let (directory, templates) = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let memo = GalleryMemo()
        _ = try build(directory, templates: templates, memo: memo)
        let retitled = try TestSupport.buildSite(in: directory, configure: {
            $0.templatesDirectory = templates.path
            $0.config.title = "Another title"
        }, memo: memo)
        #expect(memo.reads == 1)
        #expect(retitled.kept == 0)
        #expect(try home(directory).contains("Another title"))
    }

    // MARK: Keeping image pages after a committed row

    /// Each kind of change the platform makes, one after another on a 300-image demo gallery:
    /// every preview build equals a full build of the same database (so no image page whose
    /// inputs changed was kept), and image pages the change cannot reach are kept.
    @Test func afterEachKindOfRowChangeThePreviewEqualsAFullBuildAndKeepsTheImagePagesItCannotReach() throws {
        let (directory, templates) = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("platform.sqlite").path
        _ = try DemoDatabase.generate(at: database, options: DemoOptions(images: 300, seed: 7))
        let db = try SQLiteDatabase.create(path: database)
        let memo = GalleryMemo()
        let first = try TestSupport.buildSite(in: directory, configure: {
            $0.templatesDirectory = templates.path
            $0.config.pageSize = 24
        }, memo: memo)
        let imagePages = first.pages["image", default: 0]
        #expect(imagePages > 250)

        let publicImage = "SELECT image_id FROM images WHERE is_public = 1 AND image_id IN (SELECT image_id FROM interactions)"
        let changes: [(String, String)] = [
            ("a new image by the newest image's author, with its tags",
             "INSERT INTO images (image_id, user_id, url, description, tags, theme, is_public, created_at) SELECT 'new-image', user_id, url, 'A new harbour', tags, theme, 1, '2099-01-01T00:00:00Z' FROM images WHERE is_public = 1 ORDER BY created_at DESC LIMIT 1"),
            ("a like", "INSERT INTO interactions (interaction_id, user_id, image_id, type, content, created_at) VALUES ('new-like', (SELECT user_id FROM users ORDER BY user_id LIMIT 1), (\(publicImage) ORDER BY image_id LIMIT 1 OFFSET 20), 'like', NULL, '2099-01-02T00:00:00Z')"),
            ("a comment", "INSERT INTO interactions (interaction_id, user_id, image_id, type, content, created_at) VALUES ('new-comment', (SELECT user_id FROM users ORDER BY user_id LIMIT 1 OFFSET 1), (\(publicImage) ORDER BY image_id LIMIT 1 OFFSET 30), 'comment', 'Lovely light', '2099-01-03T00:00:00Z')"),
            ("an author renamed", "UPDATE users SET name = 'Renamed Author' WHERE user_id = (SELECT user_id FROM images WHERE is_public = 1 ORDER BY created_at LIMIT 1 OFFSET 40)"),
            ("an avatar changed", "UPDATE users SET avatar_url = 'https://img.example/new-avatar.png' WHERE user_id = (SELECT user_id FROM interactions WHERE type = 'comment' ORDER BY interaction_id LIMIT 1)"),
            ("an old image's tags changed", "UPDATE images SET tags = '[\"new-tag\",\"harbour\"]' WHERE image_id = (SELECT image_id FROM images WHERE is_public = 1 ORDER BY created_at LIMIT 1 OFFSET 10)"),
            ("an old image's description changed", "UPDATE images SET description = 'Other words' WHERE image_id = (SELECT image_id FROM images WHERE is_public = 1 ORDER BY created_at LIMIT 1 OFFSET 5)"),
            ("a collection renamed", "UPDATE collections SET name = 'Renamed collection' WHERE collection_id = (SELECT collection_id FROM collections ORDER BY collection_id LIMIT 1)"),
            ("an image made private", "UPDATE images SET is_public = 0 WHERE image_id = (\(publicImage) ORDER BY image_id LIMIT 1 OFFSET 3)"),
            ("a user deleted", "DELETE FROM users WHERE user_id = (SELECT user_id FROM images WHERE is_public = 1 ORDER BY created_at LIMIT 1 OFFSET 60)"),
        ]
        for (change, statement) in changes {
            try db.execute(statement)
            let report = try TestSupport.buildSite(in: directory, configure: {
                $0.templatesDirectory = templates.path
                $0.config.pageSize = 24
            }, memo: memo)
            #expect(report.kept > 0, "\(change): nothing kept")
            #expect(report.kept <= report.pages["image", default: 0], "\(change): only image pages are kept")
            if change.hasPrefix("a new image") {
                // The new page and its author's previously newest image (its "newer" link).
                #expect(report.kept == imagePages - 1)
            }
            try expectSameAsAFullBuild(directory, templates: templates, pageSize: 24)
        }
        #expect(memo.reads == changes.count + 1)
    }
}
