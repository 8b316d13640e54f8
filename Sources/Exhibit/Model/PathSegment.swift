/// Turns a database id into exactly one safe URL path segment (SPEC §3).
///
/// - An id of 1–128 characters from `[A-Za-z0-9_-]` is used as it is.
/// - Any other id becomes `~` + the RFC 4648 base32 of its UTF-8 bytes (lowercase, no padding)
///   when that is at most 200 characters, else `~h` + the first 32 hex characters of its SHA-256.
///
/// `~` never occurs in a safe id, and base32 is injective, so encoded forms never collide with
/// safe ids or with each other (the hashed form only by a SHA-256 collision). The result never
/// contains `/`, `.`, NUL or any character outside `[A-Za-z0-9_~-]`.
public enum PathSegment {
    /// Longest id used as it is.
    public static let maximumSafeLength = 128
    /// Longest base32 form; longer ids are hashed.
    public static let maximumEncodedLength = 200

    /// True when `id` is used as it is: 1–128 characters of `[A-Za-z0-9_-]`.
    public static func isSafe(_ id: String) -> Bool {
        let utf8 = id.utf8
        guard !utf8.isEmpty, utf8.count <= maximumSafeLength else { return false }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                continue
            default:
                return false
            }
        }
        return true
    }

    /// The path segment for `id` (see the type's documentation).
    public static func encode(_ id: String) -> String {
        if isSafe(id) { return id }
        let bytes = Array(id.utf8)
        if (bytes.count * 8 + 4) / 5 + 1 <= maximumEncodedLength {
            return "~" + base32(bytes)
        }
        return "~h" + String(SHA256.hex(SHA256.hash(bytes)).prefix(32))
    }

    /// RFC 4648 base32, lowercase alphabet, without padding.
    public static func base32(_ bytes: [UInt8]) -> String {
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
