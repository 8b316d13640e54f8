/// A string compared and hashed by its exact UTF-8 bytes.
///
/// Swift's `String` equality is Unicode canonical equivalence (`"é"` == `"e\u{301}"`); ids and
/// spellings must be compared exactly (SPEC §1), so dictionaries keyed by them use this.
struct ExactKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: ExactKey, rhs: ExactKey) -> Bool {
        lhs.text.utf8.count == rhs.text.utf8.count && lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        var copy = text
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension String {
    /// Byte order of the UTF-8 encodings (the order documented for ids, slugs and spellings).
    @inline(__always)
    func utf8Precedes(_ other: String) -> Bool {
        utf8.lexicographicallyPrecedes(other.utf8)
    }
}
