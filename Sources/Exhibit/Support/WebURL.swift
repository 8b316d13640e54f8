import Foundation

/// Validation of URLs that come from the database: only absolute `http`/`https` URLs with a host
/// are ever emitted as a link or an image source (docs/urls.md).
package enum WebURL {
    /// The URL, trimmed, when it is an absolute http(s) URL with a host and no whitespace or
    /// control characters; nil otherwise (`javascript:`, `data:`, relative, malformed).
    package static func validated(_ raw: String?) -> String? {
        guard let raw else { return nil }
        // Fast path: Foundation's trimming bridges through NSString, costly at 1M images.
        let needsTrimming = raw.utf8.first.map { $0 <= 0x20 || $0 >= 0x80 } ?? false
            || raw.utf8.last.map { $0 <= 0x20 || $0 >= 0x80 } ?? false
        let text = needsTrimming ? raw.trimmingCharacters(in: .whitespacesAndNewlines) : raw
        guard text.utf8.count <= 4096 else { return nil }
        // Everything below works on UTF-8 bytes: this runs once per image and user.
        let bytes = Array(text.utf8.prefix(8)).map { $0 >= 0x41 && $0 <= 0x5a ? $0 + 0x20 : $0 }
        let schemeLength: Int
        if bytes.starts(with: "https://".utf8) {
            schemeLength = 8
        } else if bytes.starts(with: "http://".utf8) {
            schemeLength = 7
        } else {
            return nil
        }
        // Same rules as per scalar: no space, control, DEL, \ " < > `, and no C1 control
        // (U+0080–U+009F, encoded C2 80…C2 9F).
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
        // The authority runs to the first / ? #; the host is what follows its last @.
        var hostStart = schemeLength
        var hostEnd = schemeLength
        var offset = 0
        for byte in text.utf8 {
            defer { offset += 1 }
            if offset < schemeLength { continue }
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            if byte == UInt8(ascii: "@") { hostStart = offset + 1 }
            hostEnd = offset + 1
        }
        guard hostEnd > hostStart else { return nil }
        let firstHostByte = text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: hostStart)]
        guard firstHostByte != UInt8(ascii: ":") else { return nil }
        return text
    }
}
