import Foundation

/// Validation of URLs that come from the database: only absolute `http`/`https` URLs with a host
/// are ever emitted as a link or an image source (SPEC §3).
public enum WebURL {
    /// The URL, trimmed, when it is an absolute http(s) URL with a host and no whitespace or
    /// control characters; nil otherwise (`javascript:`, `data:`, relative, malformed).
    public static func validated(_ raw: String?) -> String? {
        guard let raw else { return nil }
        // Fast path: Foundation's trimming bridges through NSString, costly at 1M images.
        let needsTrimming = raw.utf8.first.map { $0 <= 0x20 || $0 >= 0x80 } ?? false
            || raw.utf8.last.map { $0 <= 0x20 || $0 >= 0x80 } ?? false
        let text = needsTrimming ? raw.trimmingCharacters(in: .whitespacesAndNewlines) : raw
        guard text.utf8.count <= 4096 else { return nil }
        let lower = String(text.utf8.prefix(8).map { $0 >= 0x41 && $0 <= 0x5a ? $0 + 0x20 : $0 }.map { Character(Unicode.Scalar($0)) })
        let rest: Substring
        if lower.hasPrefix("https://") {
            rest = text.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            rest = text.dropFirst(7)
        } else {
            return nil
        }
        // Byte loop (same rules as per scalar): no space, control, DEL, \ " < > `, and no C1
        // control (U+0080–U+009F, encoded C2 80…C2 9F).
        var previous: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case 0...0x20, 0x7f, UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "`"):
                return nil
            case 0x80...0x9f where previous == 0xc2:
                return nil
            default:
                break
            }
            previous = byte
        }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostOnly = host.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        guard !hostOnly.isEmpty, !hostOnly.hasPrefix(":") else { return nil }
        return text
    }
}
