/// Escaping of untrusted text for each output context (SPEC §3). Every user-written field goes
/// through one of these on its way out; none of them trusts its input.
public enum Escape {
    /// Text for HTML content or a quoted attribute value: `& < > " '` escaped.
    public static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// True for a scalar XML 1.0 allows in a document.
    @inline(__always)
    public static func isXMLCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF: return true
        case 0xE000...0xFFFD: return true
        case 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Text for XML content or a quoted attribute: characters XML forbids are dropped,
    /// `& < > " '` escaped (so `]]>` can never appear).
    public static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars where isXMLCharacter(scalar.value) {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A JSON string literal, quotes included. Safe inside `<script>` too: `<`, `>`, `&`,
    /// U+2028 and U+2029 are written as `\u` escapes, so `</script>` cannot close the element.
    public static func jsonString(_ text: String) -> String {
        var utf8 = text.utf8
        let escaped: String? = utf8.withContiguousStorageIfAvailable { bytes -> String in
            jsonStringBytes(bytes)
        }
        if let escaped { return escaped }
        var copy = text
        copy.makeContiguousUTF8()
        utf8 = copy.utf8
        return utf8.withContiguousStorageIfAvailable { jsonStringBytes($0) }!
    }

    /// ``jsonString(_:)`` on valid UTF-8, byte by byte (U+2028/U+2029 are `E2 80 A8/A9`).
    private static func jsonStringBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 2)
        appendJSONString(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a byte needs attention in a JSON string: quote, backslash, controls, `<`, `>`, `&`,
    /// DEL, and 0xE2 (lead byte of U+2028/U+2029).
    @inline(__always)
    static func isJSONSpecial(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0x7F || byte == 0xE2
    }

    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// Whether any byte of `word` satisfies ``isJSONSpecial(_:)`` (may report a false positive
    /// only for bytes the byte loop then checks exactly).
    @inline(__always)
    private static func hasJSONSpecialByte(_ word: UInt64) -> Bool {
        // Bytes below 0x20: (b - 0x20) borrows into the high bit for b < 0x20 when b < 0x80.
        let below = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
        return (below | zeroBytes(word ^ 0x2222_2222_2222_2222) | zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C)
            | zeroBytes(word ^ 0x3C3C_3C3C_3C3C_3C3C) | zeroBytes(word ^ 0x3E3E_3E3E_3E3E_3E3E)
            | zeroBytes(word ^ 0x2626_2626_2626_2626) | zeroBytes(word ^ 0x7F7F_7F7F_7F7F_7F7F)
            | zeroBytes(word ^ 0xE2E2_E2E2_E2E2_E2E2)) != 0
    }

    /// Appends ``jsonString(_:)`` of valid UTF-8 `bytes` to `out`: clean runs are copied in bulk.
    static func appendJSONString(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendJSONStringContent(bytes, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// ``appendJSONString(_:to:)`` without the quotes (to write one string from several parts).
    static func appendJSONStringContent(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        func unicodeEscape(_ value: UInt32) {
            let hex: StaticString = "0123456789abcdef"
            out.append(UInt8(ascii: "\\"))
            out.append(UInt8(ascii: "u"))
            for shift in stride(from: 12, through: 0, by: -4) { out.append(hex.utf8Start[Int((value >> UInt32(shift)) & 0xF)]) }
        }
        var runStart = 0
        var i = 0
        while i < bytes.count {
            // Eight bytes at a time while none needs attention (most text).
            if i + 8 <= bytes.count && !hasJSONSpecialByte(UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                i += 8
                continue
            }
            let byte = bytes[i]
            guard isJSONSpecial(byte) else {
                i += 1
                continue
            }
            if i > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart ..< i])) }
            switch byte {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            case 0x3C, 0x3E, 0x26, 0x7F: unicodeEscape(UInt32(byte))
            case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                unicodeEscape(bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029)
                i += 2
            default:
                if byte < 0x20 { unicodeEscape(UInt32(byte)) } else { out.append(byte) }
            }
            i += 1
            runStart = i
        }
        if bytes.count > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart ..< bytes.count])) }
    }

    /// Percent-encodes everything outside RFC 3986's unreserved set (for a URL component).
    public static func urlComponent(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
