import Testing
@testable import Exhibit

@Suite struct PathSegmentTests {
    @Test func safeIdsAreUsedAsTheyAre() {
        for id in ["user_2nfxyz", "65a1b2c3d4e5f60718293a4b", "a", "a-b_c", "console", String(repeating: "x", count: 128)] {
            #expect(PathSegment.isSafe(id))
            #expect(PathSegment.encode(id) == id)
        }
    }

    @Test func unsafeIdsGetATildeAndBase32() {
        #expect(PathSegment.encode("") == "~")
        // RFC 4648 test vectors, lowercase, no padding.
        #expect(PathSegment.base32(Array("f".utf8)) == "my")
        #expect(PathSegment.base32(Array("fo".utf8)) == "mzxq")
        #expect(PathSegment.base32(Array("foobar".utf8)) == "mzxw6ytboi")
        #expect(PathSegment.encode("foo.bar") == "~mzxw6ltcmfza")
        #expect(PathSegment.encode("..") == "~fyxa")
        #expect(PathSegment.encode("a/b") == "~mexwe")
        #expect(PathSegment.encode(String(repeating: "x", count: 129)).hasPrefix("~"))
    }

    @Test func hostileIdsNeverEscapeTheirFolder() {
        let hostile = ["..", ".", "../../etc/passwd", "a/b", "a\\b", "a\u{0}b", "~abc", "~", " ", "é", "e\u{301}", "日本",
                       "CON", "a b", "%2e%2e", String(repeating: "é", count: 300)]
        var seen = Set<String>()
        for id in hostile {
            let segment = PathSegment.encode(id)
            #expect(!segment.isEmpty)
            #expect(segment != "." && segment != "..")
            #expect(segment.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
            })
            #expect(segment.utf8.count <= 200)
            #expect(seen.insert(segment).inserted, "two ids share the segment \(segment)")
        }
    }

    @Test func encodedFormsNeverCollideWithSafeIds() {
        // "~abc" is not safe, so it is encoded rather than passed through; a safe id never has "~".
        #expect(!PathSegment.isSafe("~abc"))
        #expect(PathSegment.encode("~abc") != "~abc")
        #expect(PathSegment.encode("e\u{301}") != PathSegment.encode("é"))
    }

    @Test func veryLongIdsAreHashedWithSHA256() {
        let long = String(repeating: "ü", count: 200)
        let segment = PathSegment.encode(long)
        #expect(segment == "~h" + String(SHA256.hexDigest(long).prefix(32)))
        #expect(segment.count == 34)
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hexDigest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hexDigest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hexDigest(String(repeating: "a", count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // 55, 56 and 64 bytes: the padding boundaries.
        #expect(SHA256.hexDigest(String(repeating: "a", count: 55)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(SHA256.hexDigest(String(repeating: "a", count: 56)) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(SHA256.hexDigest(String(repeating: "a", count: 64)) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }
}
