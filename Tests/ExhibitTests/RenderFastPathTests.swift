import Testing
@testable import Exhibit

/// The byte-level fast paths of the page renderer give exactly what the general code gives.
@Suite struct RenderFastPathTests {
    @Test func commonFieldsComeFirstInEveryPageSchema() {
        // What lets one set of common slots fill every page kind.
        for (name, schema) in PageSchemas.pages {
            for (position, field) in PageSchemas.commonFields.enumerated() {
                #expect(schema.fields[position].name == field.name, "\(name) field \(position)")
            }
        }
    }

    @Test func aSlotSetsTheFieldItIsNamedAfter() {
        let schema = PageSchemas.gridItem
        var bySlot = TemplateObject(schema), byName = TemplateObject(schema)
        bySlot[schema.slot("height")] = .number(7)
        byName["height"] = .number(7)
        #expect("\(bySlot.values)" == "\(byName.values)")
        let slots = PageSlots()
        #expect(slots.image.hasRelated.position == PageSchemas.image.index["hasRelated"])
        #expect(slots.common.pager.position == PageSchemas.notFound.index["pager"])
        #expect(slots.comment.dateISO.position == PageSchemas.comment.index["dateISO"])
    }

    @Test func standaloneScalarsAreCharactersOfTheirOwnWithTheSameWhitespace() {
        // Every listed scalar next to a sample of listed neighbours stays two characters, and
        // `Character.isWhitespace` agrees with the scalar's property.
        let neighbours: [UInt32] = [0x41, 0x20, 0x0A, 0x0D, 0xE9, 0x3B1, 0x1ED9, 0x2014, 0x2026, 0x3002, 0x6771, 0x1F4F7, 0x3000, 0xA0, 0x30A2]
        var checked = 0
        for value in UInt32(0x80) ... 0x1F64F where TextFormat.isStandaloneScalar(value) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(Character(scalar).isWhitespace == scalar.properties.isWhitespace, "U+\(String(value, radix: 16))")
            for neighbour in neighbours {
                let other = Unicode.Scalar(neighbour)!
                var pair = String.UnicodeScalarView()
                pair.append(scalar); pair.append(other)
                if String(pair).count != 2 { Issue.record("U+\(String(value, radix: 16)) joins U+\(String(neighbour, radix: 16))") }
                pair = String.UnicodeScalarView()
                pair.append(other); pair.append(scalar)
                if String(pair).count != 2 && !(neighbour == 0x0D && value == 0x0A) {
                    Issue.record("U+\(String(neighbour, radix: 16)) joins U+\(String(value, radix: 16))")
                }
            }
            checked += 1
        }
        #expect(checked > 20_000)
        // ASCII: the scalar path's whitespace rule is `Character.isWhitespace`.
        for value in UInt8(0) ..< 0x80 {
            let expected = Character(Unicode.Scalar(value)).isWhitespace
            #expect((value == 0x20 || (0x09 ... 0x0D).contains(value)) == expected, "U+\(String(value, radix: 16))")
        }
        for control: Character in ["\u{0B}", "\u{0C}", "\u{1C}", "\u{1F}", "\u{00}", "\u{85}", "\u{AD}"] {
            let text = "a\(control)b \(control) c\(control)\(control)d"
            for limit in [1, 2, 3, 5, 80] {
                #expect(TextFormat.excerpt(text, limit: limit) == TextFormat.characterExcerpt(text, limit: limit))
            }
        }
    }

    @Test func scalarExcerptMatchesTheCharacterExcerpt() {
        let pieces = ["a", "B", "word", " ", "  ", "\t", "\n", "\r\n", "\u{A0}", "\u{3000}", "é", "—", "…", "東京", "📷",
                      "α", "ộ", "e\u{301}", "🇫🇷", "👍🏽", "\u{200D}", "한", "x"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0 ..< 4000 {
            var text = ""
            for _ in 0 ..< Int.random(in: 0 ... 60, using: &generator) { text += pieces.randomElement(using: &generator)! }
            for limit in [1, 2, 5, 10, 80, 200] {
                let expected = TextFormat.characterExcerpt(text, limit: limit)
                #expect(TextFormat.excerpt(text, limit: limit) == expected, "\(text.debugDescription) limit \(limit)")
                if let fast = TextFormat.scalarExcerpt(text, limit: limit) {
                    #expect(fast == expected, "\(text.debugDescription) limit \(limit)")
                }
            }
        }
    }

    @Test func countedLabelsGroupDigits() {
        let english = TestSupport.english
        #expect(english.counted(.likes, 0) == "0 likes")
        #expect(english.counted(.likes, 1) == "1 like")
        #expect(english.counted(.images, 999) == "999 images")
        #expect(english.counted(.images, 1000) == "1,000 images")
        #expect(english.counted(.images, 1_234_567) == "1,234,567 images")
        #expect(english.counted(.images, -1234) == "-1,234 images")
    }

    @Test func joinedStringsConcatenate() {
        #expect(String.joined("", "") == "")
        #expect(String.joined("../", "images/", "é—📷", "/index.html") == "../images/é—📷/index.html")
        #expect(String.joined("a", "", "c") == "ac")
    }

    @Test func datesFormatLikeTheirComponents() {
        for ms: Int64 in [0, 1, 86_399_999, 951_782_400_000, 1_714_566_600_000, 253_402_300_799_000, -62_135_596_800_000, -1] {
            let t = Timestamp(millisecondsSince1970: ms)
            let c = t.components
            let pad = { (v: Int, w: Int) -> String in let s = String(v); return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s }
            #expect(t.iso8601 == "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))Z")
            let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
            #expect(TestSupport.english.date(t) == "\(c.day) \(months[c.month - 1]) \(c.year)")
        }
    }

    @Test func jsonLDEscapesLikeEscapeJSONString() {
        let samples = ["plain", "quote \" back \\ </script> & \u{2028}\u{2029} \u{7F} \u{1} \n\r\t", "東京 — 📷", "\u{E2}", "", "\u{2027}"]
        for sample in samples {
            var writer = JSONLDWriter(type: "Thing", context: false)
            writer.string("name", sample)
            writer.string("joined", "a", sample, sample)
            writer.string("list", joining: [sample, sample], separator: ", ")
            let expected = "{\"@type\":\"Thing\",\"name\":" + Escape.jsonString(sample) + ",\"joined\":"
                + Escape.jsonString("a" + sample + sample) + ",\"list\":" + Escape.jsonString(sample + ", " + sample) + "}"
            #expect(writer.finished == expected)
        }
    }

    @Test func nestedJSONLDObjectsWrittenInPlaceMatchNestedWriters() {
        var nested = JSONLDWriter(type: "Outer")
        var inner = JSONLDWriter(type: "Inner", context: false)
        inner.string("name", "x \"y\"")
        inner.number("count", -1234)
        nested.object("member", inner)
        nested.number("zero", 0)
        var inPlace = JSONLDWriter(type: "Outer")
        inPlace.beginObject("member", type: "Inner")
        inPlace.string("name", "x \"y\"")
        inPlace.number("count", -1234)
        inPlace.endObject()
        inPlace.number("zero", 0)
        #expect(inPlace.finished == nested.finished)
        #expect(nested.finished == "{\"@context\":\"https://schema.org\",\"@type\":\"Outer\",\"member\":{\"@type\":\"Inner\",\"name\":\"x \\\"y\\\"\",\"count\":-1234},\"zero\":0}")
    }

    @Test func cloudinaryThumbnailsAreRewrittenByteByByte() {
        let thumbnails = ImageRenditions(pattern: "", thumbnailWidth: 200)
        #expect(thumbnails.thumbnailURL(for: "https://res.cloudinary.com/demo/image/upload/v1/a/b.jpg")
            == "https://res.cloudinary.com/demo/image/upload/c_fill,g_auto,w_400,h_400,q_auto,f_auto/v1/a/b.jpg")
        #expect(thumbnails.thumbnailURL(for: "http://res.cloudinary.com/image/upload/x.jpg")
            == "http://res.cloudinary.com/image/upload/c_fill,g_auto,w_400,h_400,q_auto,f_auto/x.jpg")
        #expect(thumbnails.thumbnailURL(for: "https://example.org/image/upload/x.jpg") == "https://example.org/image/upload/x.jpg")
        #expect(thumbnails.thumbnailURL(for: "https://res.cloudinary.com/demo/raw/x.jpg") == "https://res.cloudinary.com/demo/raw/x.jpg")
    }

    @Test func theBytePathOfGridCellsMakesTheSameRenditionsAsTheStringPath() {
        // Grid cells, avatars and the image page make their URLs from borrowed bytes; the string
        // forms are the reference, whatever the host and the pattern.
        let plain = ImageRenditions(pattern: "", thumbnailWidth: 200)
        let patterned = ImageRenditions(pattern: "https://t.example/{width}/{url}", thumbnailWidth: 100)
        let urls = ["https://res.cloudinary.com/demo/image/upload/v1/a/b.jpg", "http://res.cloudinary.com/image/upload/x.jpg",
                    "https://res.cloudinary.com/d/image/upload/image/upload/x.jpg", "https://res.cloudinary.com/d/x/image/upload",
                    "https://res.cloudinary.com/d/image/uploa", "https://example.org/image/upload/x.jpg?a=1&b='2'",
                    "https://res.cloudinary.com/", "https://res.cloudinary.co/d/image/upload/x.jpg",
                    "https://www.gravatar.com/avatar/abc?d=identicon", "https://www.gravatar.com/avatar/abc?s=80",
                    "https://img.clerk.com/eyJ0", "https://res.cloudinary.com/d/image/upload/a b.jpg",
                    "https://res.cloudinary.com/d/image/upload/a.jpg,"]
        RenderScratch.with { scratch in
            for url in urls {
                for rule in [plain, patterned] {
                    var bytes = url
                    for ladder in [ImageRenditions.grid, ImageRenditions.small, ImageRenditions.avatar, ImageRenditions.display] {
                        let fallback = bytes.withUTF8 { rule.fallbackURL(for: UnsafeRawBufferPointer($0), ladder, in: scratch).string }
                        #expect(fallback == rule.fallbackURL(for: url, ladder), "\(url)")
                        let srcset = bytes.withUTF8 { rule.srcset(for: UnsafeRawBufferPointer($0), ladder, in: scratch)?.string }
                        #expect(srcset == rule.srcset(for: url, ladder), "\(url)")
                    }
                    let thumbnail = bytes.withUTF8 { rule.thumbnailURL(for: UnsafeRawBufferPointer($0), in: scratch).string }
                    #expect(thumbnail == rule.thumbnailURL(for: url), "\(url)")
                }
            }
        }
    }
}
