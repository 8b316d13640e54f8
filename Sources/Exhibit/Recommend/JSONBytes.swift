/// Byte-level JSON writing for the recommendation files (one per user, a few dozen strings each):
/// the same escaping as ``Escape/jsonString(_:)`` — safe inside `<script>` too — without building
/// intermediate strings.
enum JSONBytes {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string literal, quotes included.
    static func appendString(_ text: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var position = 0
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                switch byte {
                case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\\")); buffer.append(byte)
                case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\")); buffer.append(byte)
                case 0x0a: buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "n"))
                case 0x0d: buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "r"))
                case 0x09: buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "t"))
                case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0 ..< 0x20, 0x7f:
                    appendEscape(UInt16(byte), to: &buffer)
                case 0xe2 where position + 1 < bytes.count && bytes[position] == 0x80 && (bytes[position + 1] == 0xa8 || bytes[position + 1] == 0xa9):
                    appendEscape(bytes[position + 1] == 0xa8 ? 0x2028 : 0x2029, to: &buffer)
                    position += 2
                default:
                    buffer.append(byte)
                }
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends `\uXXXX`.
    private static func appendEscape(_ value: UInt16, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) { buffer.append(hexDigits[Int(value >> UInt16(shift) & 0xf)]) }
    }

    /// Appends the ASCII bytes of `text` (keys and punctuation).
    static func appendRaw(_ text: StaticString, to buffer: inout [UInt8]) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }
}
