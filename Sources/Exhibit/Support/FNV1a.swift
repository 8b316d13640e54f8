/// FNV-1a, 64-bit: a fast, stable, non-cryptographic hash (slug disambiguation).
package enum FNV1a {
    /// The 64-bit FNV-1a hash of a string's UTF-8 bytes.
    package static func hash64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// `width` lowercase hex digits of the hash (the low bits when `width` < 16).
    package static func hex(_ value: UInt64, width: Int) -> String {
        let text = String(value, radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - text.count)) + text
        return String(padded.suffix(width))
    }
}
