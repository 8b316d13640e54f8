import Testing
@testable import Exhibit

/// The published model packs each record's strings into one allocation; what goes in comes out.
@Suite struct PackedTextTests {
    @Test func everyPartComesBackExactlyIncludingEmptyAndNonASCIIParts() {
        let parts = ["img-1", "", "https://cdn.example/é/東京.jpg", "Café\u{301} at dawn — 🌅"]
        let packed = PackedText(parts[0], parts[1], parts[2], parts[3])
        for (index, part) in parts.enumerated() {
            #expect(Array(packed.part(index).utf8) == Array(part.utf8))
            #expect(packed.isEmpty(index) == part.isEmpty)
        }
    }

    @Test func partsCompareInByteOrder() {
        let a = PackedText("B", "x"), b = PackedText("a", "y"), c = PackedText("a\u{301}")
        #expect(a.partPrecedes(0, b)) // "B" (0x42) before "a" (0x61)
        #expect(!b.partPrecedes(0, a))
        #expect(b.partPrecedes(0, c) && !c.partPrecedes(0, b))
        #expect(!b.partPrecedes(0, b))
    }

    @Test func imageFieldsRoundTripAndSettersKeepTheOthers() {
        var image = PublishedImage(id: "a/b", pathSegment: "~mfxwe", owner: 0, url: "https://x.test/1.jpg",
                                   description: "", tags: [], theme: nil, createdAt: Timestamp(millisecondsSince1970: 0))
        #expect(image.id == "a/b" && image.pathSegment == "~mfxwe" && image.url == "https://x.test/1.jpg")
        #expect(!image.hasDescription && image.description.isEmpty)
        image.description = "Fog"
        #expect(image.hasDescription && image.description == "Fog" && image.pathSegment == "~mfxwe")
        image.id = "plain"
        image.pathSegment = "plain"
        #expect(image.id == "plain" && image.pathSegment == "plain" && image.url == "https://x.test/1.jpg")
        // A path segment canonically equal to the id but with other bytes is kept as written.
        image.id = "e\u{301}"
        image.pathSegment = "\u{e9}"
        #expect(Array(image.pathSegment.utf8) == [0xC3, 0xA9])
        var comment = PublishedComment(id: "c1", author: 2, content: "Lovely <b>light</b>", createdAt: nil)
        comment.content = "Edited"
        #expect(comment.id == "c1" && comment.content == "Edited")
    }
}
