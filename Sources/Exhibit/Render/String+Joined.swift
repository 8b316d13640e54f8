/// Concatenation of a few strings in one allocation: the byte counts are summed, the UTF-8 is
/// copied once. Links and labels are built this way on the hot paths (every grid cell of every
/// page), where `a + b + c` would allocate and re-check each intermediate string.
extension String {
    /// Copies the UTF-8 of `text` to `base + offset`; returns the offset after it.
    @inline(__always)
    static func copyUTF8(_ text: String, to base: UnsafeMutablePointer<UInt8>, at offset: Int) -> Int {
        let count = text.utf8.count
        guard count > 0 else { return offset }
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            (base + offset).update(from: bytes.baseAddress!, count: bytes.count)
        }
        if copied == nil {
            var position = offset
            for byte in text.utf8 {
                base[position] = byte
                position += 1
            }
        }
        return offset + count
    }

    static func joined(_ a: String, _ b: String) -> String {
        let total = a.utf8.count + b.utf8.count
        guard total > 0 else { return "" }
        return String(unsafeUninitializedCapacity: total) { out in
            let base = out.baseAddress!
            return copyUTF8(b, to: base, at: copyUTF8(a, to: base, at: 0))
        }
    }

    static func joined(_ a: String, _ b: String, _ c: String) -> String {
        let total = a.utf8.count + b.utf8.count + c.utf8.count
        guard total > 0 else { return "" }
        return String(unsafeUninitializedCapacity: total) { out in
            let base = out.baseAddress!
            var offset = copyUTF8(a, to: base, at: 0)
            offset = copyUTF8(b, to: base, at: offset)
            return copyUTF8(c, to: base, at: offset)
        }
    }

    static func joined(_ a: String, _ b: String, _ c: String, _ d: String) -> String {
        let total = a.utf8.count + b.utf8.count + c.utf8.count + d.utf8.count
        guard total > 0 else { return "" }
        return String(unsafeUninitializedCapacity: total) { out in
            let base = out.baseAddress!
            var offset = copyUTF8(a, to: base, at: 0)
            offset = copyUTF8(b, to: base, at: offset)
            offset = copyUTF8(c, to: base, at: offset)
            return copyUTF8(d, to: base, at: offset)
        }
    }
}

extension String {
    /// `prefix`, `middle` and `suffix` in one allocation (a path from a borrowed segment).
    init(joining prefix: StaticString, _ middle: UnsafeRawBufferPointer, _ suffix: StaticString) {
        let total = prefix.utf8CodeUnitCount + middle.count + suffix.utf8CodeUnitCount
        self.init(unsafeUninitializedCapacity: total) { out in
            let base = UnsafeMutableRawPointer(out.baseAddress!)
            base.copyMemory(from: prefix.utf8Start, byteCount: prefix.utf8CodeUnitCount)
            var offset = prefix.utf8CodeUnitCount
            if let bytes = middle.baseAddress { (base + offset).copyMemory(from: bytes, byteCount: middle.count) }
            offset += middle.count
            (base + offset).copyMemory(from: suffix.utf8Start, byteCount: suffix.utf8CodeUnitCount)
            return total
        }
    }
}
