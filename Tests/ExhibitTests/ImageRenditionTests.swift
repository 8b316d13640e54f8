import Foundation
import Testing
@testable import Exhibit

/// Renditions (docs/urls.md, "Images"): which URLs an image is offered at, and how pages use them.
@Suite struct ImageRenditionTests {
    let plain = ImageRenditions(pattern: "", thumbnailWidth: 400)
    let cloudinary = "https://res.cloudinary.com/demo/image/upload/v1/a/b.jpg"

    @Test func cloudinaryImagesGetASquareCropPerGridWidthAndALimitForDisplay() throws {
        let grid = try #require(plain.srcset(for: cloudinary, ImageRenditions.grid))
        #expect(grid == ImageRenditions.grid.widths.map {
            "https://res.cloudinary.com/demo/image/upload/c_fill,g_auto,w_\($0),h_\($0),q_auto,f_auto/v1/a/b.jpg \($0)w"
        }.joined(separator: ", "))
        #expect(plain.fallbackURL(for: cloudinary, ImageRenditions.display)
            == "https://res.cloudinary.com/demo/image/upload/c_limit,w_1200,q_auto,f_auto/v1/a/b.jpg")
        #expect(plain.url(for: cloudinary, width: 1200, shape: .fitKeepingFormat)
            == "https://res.cloudinary.com/demo/image/upload/c_limit,w_1200,q_auto/v1/a/b.jpg")
    }

    @Test func everyLadderStepsByAtMostTwiceSoNoImageIsMoreThanTwiceAsWideAsShown() {
        for ladder in [ImageRenditions.grid, ImageRenditions.small, ImageRenditions.avatar, ImageRenditions.display] {
            #expect(ladder.widths == ladder.widths.sorted())
            #expect(ladder.widths.contains(ladder.fallback))
            for (smaller, larger) in zip(ladder.widths, ladder.widths.dropFirst()) { #expect(larger <= 2 * smaller) }
        }
    }

    @Test func avatarsOnGravatarAndClerkUseTheirOwnSizeParameters() {
        #expect(plain.url(for: "https://www.gravatar.com/avatar/abc?d=identicon", width: 96, shape: .square)
            == "https://www.gravatar.com/avatar/abc?d=identicon&s=96")
        #expect(plain.url(for: "https://img.clerk.com/eyJ0", width: 96, shape: .square)
            == "https://img.clerk.com/eyJ0?width=96&height=96&fit=crop")
        // A size already chosen is left alone: only the original exists.
        #expect(plain.srcset(for: "https://www.gravatar.com/avatar/abc?s=80", ImageRenditions.avatar) == nil)
    }

    @Test func otherHostsUseThePatternWithItsWidthOrOnlyTheOriginal() {
        let s3 = "https://bucket.s3.amazonaws.com/a.jpg"
        #expect(plain.srcset(for: s3, ImageRenditions.grid) == nil)
        #expect(plain.fallbackURL(for: s3, ImageRenditions.grid) == s3)
        let patterned = ImageRenditions(pattern: "https://img.example.net/fit/{width}?u={url}", thumbnailWidth: 400)
        #expect(patterned.srcset(for: s3, ImageRenditions.small)
            == "https://img.example.net/fit/64?u=https%3A%2F%2Fbucket.s3.amazonaws.com%2Fa.jpg 64w, "
            + "https://img.example.net/fit/128?u=https%3A%2F%2Fbucket.s3.amazonaws.com%2Fa.jpg 128w, "
            + "https://img.example.net/fit/192?u=https%3A%2F%2Fbucket.s3.amazonaws.com%2Fa.jpg 192w")
        // Without {width} every size is the same URL: nothing to choose between.
        let fixed = ImageRenditions(pattern: "https://img.example.net/thumb?u={url}", thumbnailWidth: 400)
        #expect(fixed.srcset(for: s3, ImageRenditions.grid) == nil)
    }

    @Test func aURLThatCannotBeASrcsetCandidateGetsNoSrcset() {
        #expect(plain.srcset(for: "https://res.cloudinary.com/d/image/upload/a.jpg,", ImageRenditions.grid) == nil)
        #expect(plain.srcset(for: "https://res.cloudinary.com/d/image/upload/a b.jpg", ImageRenditions.grid) == nil)
    }

    @Test func imagesWithoutRenditionsGetOneWarningThatSaysHowToSetAPattern() throws {
        let gallery = RenderFixture.gallery(imageCount: 4) // odd images are on cdn.example.org, even on Cloudinary
        let warning = try #require(plain.originalsWarning(gallery))
        #expect(warning.description.hasPrefix("configuration[thumbnail_pattern]: 2 of 4 images are not on Cloudinary"))
        #expect(warning.description.contains("thumbnail_pattern = \"https://"))
        #expect(ImageRenditions(pattern: "https://img.example.net/{width}/{url}", thumbnailWidth: 400).originalsWarning(gallery) == nil)
    }

    // MARK: Loading width and height

    @Test func optionalWidthAndHeightColumnsGiveTheOriginalsSize() throws {
        let db = try TestDatabase { db in
            db.execute("ALTER TABLE images ADD COLUMN width")
            db.execute("ALTER TABLE images ADD COLUMN height")
            db.user("u1")
            db.image("sized", owner: "u1")
            db.image("text", owner: "u1")
            db.image("none", owner: "u1")
            db.image("bad", owner: "u1")
            db.image("huge", owner: "u1")
            db.execute("UPDATE images SET width = 4000, height = 3000 WHERE image_id = 'sized'")
            db.execute("UPDATE images SET width = '3000', height = '4000' WHERE image_id = 'text'")
            db.execute("UPDATE images SET width = -5, height = 10 WHERE image_id = 'bad'")
            db.execute("UPDATE images SET width = 200000, height = 1000 WHERE image_id = 'huge'")
        }
        let loaded = try db.load()
        #expect(loaded.image("sized")?.pixelSize == PixelSize(width: 4000, height: 3000))
        #expect(loaded.image("text")?.pixelSize == PixelSize(width: 3000, height: 4000))
        #expect(loaded.image("none")?.pixelSize == nil)
        #expect(loaded.warnings("images", "none").isEmpty)
        #expect(loaded.image("bad")?.pixelSize == nil)
        #expect(loaded.warnings("images", "bad", "width").count == 1)
        // Past 65,535 pixels both sides are scaled down together: the aspect ratio is what pages use.
        #expect(loaded.image("huge")?.pixelSize == PixelSize(width: 65_535, height: 328))
    }

    @Test func aDatabaseWithoutTheColumnsLoadsAsBefore() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.image("i1", owner: "u1")
        }
        let loaded = try db.load()
        #expect(loaded.image("i1")?.pixelSize == nil)
        #expect(loaded.warnings("images", "i1").isEmpty)
    }

    // MARK: Pages

    static func imagePage(description: String, pixelSize: PixelSize?, url: String = "https://res.cloudinary.com/d/image/upload/v1/a.jpg") throws -> String {
        let image = PublishedImage(id: "i1", pathSegment: "i1", owner: 0, url: url, description: description, tags: [], theme: nil,
                                   createdAt: Timestamp(secondsSince1970: 1_700_000_000), pixelSize: pixelSize)
        var user = PublishedUser(id: "u1", pathSegment: "u1", name: "Ann", avatarURL: nil, bio: "", createdAt: nil)
        user.images = [0]
        let gallery = Gallery(images: [image], users: [user], collections: [], tags: [], themes: [], comments: [])
        let files = try RenderFixture.renderAll(RenderFixture.renderer(gallery, RenderFixture.config()))
        return try #require(files["images/i1/index.html"])
    }

    @Test func theMainImageReservesItsBoxFromItsSizeOrAFixedStage() throws {
        let sized = try Self.imagePage(description: "A fox.", pixelSize: PixelSize(width: 3000, height: 4000))
        // The ratio is a style too: an image of another shape than the database says fits inside.
        #expect(sized.contains(#"width="3000" height="4000" style="aspect-ratio: 3000 / 4000" fetchpriority="high""#))
        #expect(!sized.contains(#"class="stage""#))
        let unknown = try Self.imagePage(description: "A fox.", pixelSize: nil)
        #expect(unknown.contains(#"class="stage" fetchpriority="high""#))
        // The page shows a display rendition with its srcset; the link opens the original.
        #expect(unknown.contains(#"<a class="photo-frame" href="https://res.cloudinary.com/d/image/upload/v1/a.jpg"><img src="https://res.cloudinary.com/d/image/upload/c_limit,w_1200,q_auto,f_auto/v1/a.jpg" srcset=""#))
    }

    @Test func aShortDescriptionIsTheHeadingOnceAndALongOneIsCaptionedInFullAfterIt() throws {
        let short = try Self.imagePage(description: "A fox in the snow.", pixelSize: nil)
        let main = try #require(short.range(of: "<main").map { short[$0.lowerBound...] })
        #expect(main.components(separatedBy: "A fox in the snow.").count - 1 == 2) // the heading and the alt text
        #expect(!short.contains("<figcaption"))
        let long = String(repeating: "A fox walks in the deep snow of the valley. ", count: 4)
            .trimmingCharacters(in: .whitespaces)
        let page = try Self.imagePage(description: long, pixelSize: nil)
        let heading = try #require(page.range(of: #"<h1 class="photo-heading" dir="auto">"#))
        let caption = try #require(page.range(of: "<figcaption dir=\"auto\">\(long)</figcaption>"))
        #expect(heading.upperBound < caption.lowerBound)
    }
}

/// The date archive (docs/urls.md, "Date archive").
@Suite struct DateArchiveTests {
    @Test func everyMonthLinksToTheHomeListPageHoldingItsNewestImage() throws {
        var user = PublishedUser(id: "u1", pathSegment: "u1", name: "Ann", avatarURL: nil, bio: "", createdAt: nil)
        var images = [PublishedImage]()
        for index in 0 ..< 20 { // newest first, 12 days apart: about seven months
            images.append(PublishedImage(id: "i\(index)", pathSegment: "i\(index)", owner: 0, url: "https://img.example/\(index).jpg",
                                         description: "", tags: [], theme: nil,
                                         createdAt: Timestamp(secondsSince1970: 1_700_000_000 - Int64(index) * 12 * 86_400)))
            user.images.append(Int32(index))
        }
        let gallery = Gallery(images: images, users: [user], collections: [], tags: [], themes: [], comments: [])
        let files = try RenderFixture.renderAll(RenderFixture.renderer(gallery, RenderFixture.config()))
        let archive = try #require(files["archive/index.html"])
        let links = archive.matches(of: /<li><a href="([^"]+)">(\w+) (\d{4})<\/a> <span class="meta">(\d+) images?<\/span><\/li>/)
        #expect(links.count >= 7)
        var counted = 0, position = 0
        for link in links {
            let href = String(link.1), count = Int(link.4)!
            #expect(href.hasPrefix("../"))
            let page = try #require(files[String(href.dropFirst(3))], "\(href)") // links are relative to archive/
            // The month's newest image is the next one in newest-first order, and its page shows it.
            #expect(page.contains("href=\"\(href.hasPrefix("../page/") ? "../../" : "")images/i\(position)/index.html\""), "\(href)")
            #expect(TestSupport.english.date(images[position].createdAt).hasSuffix("\(link.2) \(link.3)"))
            position += count
            counted += count
        }
        #expect(counted == images.count)
        #expect(files["index.html"]!.contains(#"<a href="archive/index.html">All images by year and month</a>"#))
    }
}

/// The favicon setting (docs/configuration.md).
@Suite struct FaviconSettingTests {
    @Test func aConfiguredFaviconIsReadRelativeToItsFileAndPublishedFingerprinted() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]).write(to: directory.appendingPathComponent("icon.png"))
        let file = directory.appendingPathComponent("exhibit.toml").path
        try Data("favicon = \"icon.png\"\n".utf8).write(to: URL(fileURLWithPath: file))
        let config = try SiteConfig.load(file: file)
        #expect(config.favicon == directory.appendingPathComponent("icon.png").path)
        let favicon = try #require(try SiteBuilder.favicon(config.favicon))
        let theme = try Theme.load(overridesDirectory: nil, favicon: favicon)
        #expect(theme.faviconPath.map { $0.hasPrefix("assets/favicon.") && $0.hasSuffix(".png") } == true)
        #expect(theme.assets.first { $0.path == theme.faviconPath }?.bytes == [0x89, 0x50, 0x4E, 0x47, 1, 2, 3])
    }

    @Test func aFaviconOfAnotherTypeIsAConfigurationErrorWithItsLine() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("exhibit.toml").path
        try Data("title = \"T\"\nfavicon = \"icon.gif\"\n".utf8).write(to: URL(fileURLWithPath: file))
        #expect { try SiteConfig.load(file: file) } throws: { error in
            (error as? ConfigError).map { $0.line == 2 && $0.message.contains(".svg, .png or .ico") } == true
        }
        #expect(throws: BuildFailure.self) { try SiteBuilder.favicon(directory.appendingPathComponent("missing.png").path) }
    }
}
