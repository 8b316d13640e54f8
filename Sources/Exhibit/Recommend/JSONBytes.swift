/// Byte-level JSON writing for the recommendation files and the search index's document chunks:
/// the same escaping as ``Escape/jsonString(_:)`` — safe inside `<script>` too — without building
/// intermediate strings.
enum JSONBytes {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string literal, quotes included. Runs of bytes that need no
    /// escaping (nearly all of them) are copied at once.
    static func appendString(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendString(UnsafeRawBufferPointer($0), to: &buffer) }
    }

    /// ``appendString(_:to:)`` of text borrowed in place (a gallery text).
    static func appendString(_ text: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        do {
            let bytes = text.uint8
            guard let base = bytes.baseAddress else { buffer.append(UInt8(ascii: "\"")); return }
            let count = bytes.count
            var runStart = 0
            var position = 0
            while position < count {
                let byte = base[position]
                // Printable ASCII other than " \\ < > & DEL, and every byte of a multi-byte
                // sequence but 0xE2 (U+2028/U+2029), pass as they are.
                if byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0x3C && byte != 0x3E && byte != 0x26
                    && byte != 0x7F && byte != 0xE2 {
                    position += 1
                    continue
                }
                if byte == 0xE2 && !(position + 2 < count && base[position + 1] == 0x80
                                     && (base[position + 2] == 0xA8 || base[position + 2] == 0xA9)) {
                    position += 1
                    continue
                }
                if position > runStart {
                    buffer.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: position - runStart))
                }
                position += 1
                switch byte {
                case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\\")); buffer.append(byte)
                case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\")); buffer.append(byte)
                case 0x0a: buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "n"))
                case 0x0d: buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "r"))
                case 0x09: buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "t"))
                case 0xe2:
                    appendEscape(base[position + 1] == 0xa8 ? 0x2028 : 0x2029, to: &buffer)
                    position += 2
                default: // < > & controls DEL
                    appendEscape(UInt16(byte), to: &buffer)
                }
                runStart = position
            }
            if count > runStart {
                buffer.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart))
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
