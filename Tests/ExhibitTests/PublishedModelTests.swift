import Testing
@testable import Exhibit

/// The published model keeps images and comments as number records with their texts in one
/// store: what goes in comes out, byte for byte.
@Suite struct PublishedModelTests {
    static func image(_ id: String, segment: String, url: String, description: String, tags: [Int32] = [],
                      collections: [Int32] = []) -> PublishedImage {
        PublishedImage(id: id, pathSegment: segment, owner: 1, url: url, description: description, tags: tags, theme: 2,
                       createdAt: Timestamp(millisecondsSince1970: -5), likeCount: 7, commentStart: 0, commentCount: 2,
                       collections: collections)
    }

    @Test func everyImageFieldComesBackExactlyIncludingEmptyAndNonASCIITexts() {
        let images = [
            Self.image("img-1", segment: "img-1", url: "https://cdn.example/é/東京.jpg", description: "Café\u{301} at dawn — 🌅",
                       tags: [3, 0, 2], collections: [1, 4]),
            Self.image("a/b", segment: "~mfxwe", url: "https://x.test/1.jpg", description: ""),
            // Canonically equal to the id but other bytes: kept as written, not taken for the id.
            Self.image("e\u{301}", segment: "\u{e9}", url: "http://x.test/2.png", description: "\n", collections: [0]),
        ]
        let gallery = Gallery(images: images)
        #expect(gallery.images.count == 3)
        for (index, image) in images.enumerated() {
            let stored = gallery.images[index]
            #expect(Array(stored.id.utf8) == Array(image.id.utf8))
            #expect(Array(stored.pathSegment.utf8) == Array(image.pathSegment.utf8))
            #expect(Array(stored.url.utf8) == Array(image.url.utf8))
            #expect(Array(stored.description.utf8) == Array(image.description.utf8))
            #expect(stored == image)
            #expect(Array(gallery.images.pathSegment(index)) == Array(image.pathSegment.utf8))
            #expect(gallery.images.hasDescription(index) == !image.description.isEmpty)
        }
        #expect(gallery.images.hasOwnPathSegment(1) && !gallery.images.hasOwnPathSegment(0) && gallery.images.hasOwnPathSegment(2))
    }

    @Test func idsCompareInByteOrder() {
        let gallery = Gallery(images: ["B", "a", "a\u{301}"].map { Self.image($0, segment: $0, url: "https://x.test/", description: "") })
        #expect(gallery.images.idPrecedes(0, 1)) // "B" (0x42) before "a" (0x61)
        #expect(!gallery.images.idPrecedes(1, 0))
        #expect(gallery.images.idPrecedes(1, 2) && !gallery.images.idPrecedes(2, 1))
        #expect(!gallery.images.idPrecedes(1, 1))
    }

    @Test func commentsComeBackExactlyWithAndWithoutDates() {
        let comments = [
            PublishedComment(id: "c1", author: 2, content: "Lovely <b>light</b>", createdAt: Timestamp(secondsSince1970: 3)),
            PublishedComment(id: "ç", author: 0, content: "東京 🌅", createdAt: nil),
        ]
        let gallery = Gallery(comments: comments)
        #expect(Array(gallery.comments) == comments)
        #expect(Array(gallery.comments.content(1)) == Array("東京 🌅".utf8))
        #expect(gallery.comments.createdAt(1) == nil && gallery.comments.author(0) == 2)
    }

    @Test func replacingImagesKeepsTheComments() {
        var gallery = Gallery(images: [Self.image("x", segment: "x", url: "https://x.test/", description: "old")],
                              comments: [PublishedComment(id: "c", author: 0, content: "kept", createdAt: nil)])
        var images = Array(gallery.images)
        images[0].description = "new"
        gallery.replaceImages(images)
        #expect(gallery.images[0].description == "new")
        #expect(gallery.comments[0].content == "kept")
    }

    @Test func aLargeStoreKeepsEveryTextInPlace() {
        // Past the first growth of the store (64 KiB): earlier texts are still read correctly.
        let images = (0 ..< 3000).map { Self.image("id\($0)", segment: "id\($0)", url: "https://x.test/\($0).jpg",
                                                   description: String(repeating: "word\($0) ", count: 5)) }
        let gallery = Gallery(images: images)
        for index in stride(from: 0, to: 3000, by: 97) { #expect(gallery.images[index] == images[index]) }
    }
}
