/// Turns a database id into exactly one safe URL path segment (docs/urls.md), legal and distinct on
/// every file system, case-insensitive ones (macOS, Windows, most object stores) included.
///
/// - An id of 1–128 characters from `[a-z0-9_-]` is used as it is, unless it is a name Windows
///   reserves (``isReservedName(_:)``).
/// - An id of 1–128 characters from `[A-Za-z0-9_-]` with uppercase letters keeps its text and
///   gets `~` + the base32 of the bitmask of which of its letters are uppercase (`Alice` →
///   `Alice~qa`, `alicE` → `alicE~ba`): ids differing only in case differ in their mask.
/// - Any other id (and a reserved name) becomes `~` + the RFC 4648 base32 of its UTF-8 bytes
///   (lowercase, no padding) when that is at most 200 characters, else `~h` + the first 32 hex
///   characters of its SHA-256.
///
/// Plain ids never contain `~`, cased ones contain it after their text, the others start with
/// it; the text before a cased id's `~` gives the id back up to case and its mask the case, and
/// base32 is injective: so no two ids share a segment, even ignoring case (the hashed form only
/// by a SHA-256 collision). A segment depends on its id alone, never contains `/`, `.`, NUL or
/// any character outside `[A-Za-z0-9_~-]`, and is never a reserved name.
package enum PathSegment {
    /// Longest id used as it is.
    package static let maximumSafeLength = 128
    /// Longest base32 form; longer ids are hashed.
    package static let maximumEncodedLength = 200

    /// True when `id` is used as it is: 1–128 characters of `[a-z0-9_-]`, not a reserved name.
    package static func isSafe(_ id: String) -> Bool {
        kind(id) == .plain
    }

    private enum Kind { case plain, cased, other }

    /// Plain: `[a-z0-9_-]{1,128}` and not reserved; cased: `[A-Za-z0-9_-]{1,128}` with an
    /// uppercase letter and not reserved; other: the rest.
    private static func kind(_ id: String) -> Kind {
        let utf8 = id.utf8
        guard !utf8.isEmpty, utf8.count <= maximumSafeLength else { return .other }
        var cased = false
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                cased = true
            default:
                return .other
            }
        }
        if utf8.count <= 4 && isReservedName(id) { return .other }
        return cased ? .cased : .plain
    }

    /// True for the device names Windows reserves as file names, in any case: `CON`, `PRN`,
    /// `AUX`, `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9`.
    package static func isReservedName(_ name: String) -> Bool {
        let utf8 = name.utf8
        guard utf8.count == 3 || utf8.count == 4 else { return false }
        let lower = utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        let stem = String(decoding: lower.prefix(3), as: UTF8.self)
        if lower.count == 3 { return stem == "con" || stem == "prn" || stem == "aux" || stem == "nul" }
        return (stem == "com" || stem == "lpt") && (0x30...0x39).contains(lower[3])
    }

    /// The path segment for `id` (see the type's documentation).
    package static func encode(_ id: String) -> String {
        switch kind(id) {
        case .plain:
            return id
        case .cased:
            // Bit k (most significant first) of the mask: the k-th letter is uppercase.
            var mask = [UInt8]()
            var letters = 0
            for byte in id.utf8 where (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) {
                if letters % 8 == 0 { mask.append(0) }
                if byte <= 0x5A { mask[letters / 8] |= 0x80 >> UInt8(letters % 8) }
                letters += 1
            }
            return id + "~" + base32(mask)
        case .other:
            let bytes = Array(id.utf8)
            if (bytes.count * 8 + 4) / 5 + 1 <= maximumEncodedLength {
                return "~" + base32(bytes)
            }
            return "~h" + String(SHA256.hex(SHA256.hash(bytes)).prefix(32))
        }
    }

    /// RFC 4648 base32, lowercase alphabet, without padding.
    package static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int((buffer >> UInt32(bits)) & 31)])
            }
        }
        if bits > 0 {
            out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
