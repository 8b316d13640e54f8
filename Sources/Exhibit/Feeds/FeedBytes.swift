/// Byte-level writing of feed text: escaping untrusted strings straight into an output buffer,
/// without intermediate `String`s or Foundation.
///
/// Every untrusted string goes through ``FeedBytes/append(_:to:as:)``, which first drops the
/// characters XML 1.0 forbids or discourages (C0 controls other than tab, LF and CR; DEL; C1
/// controls; U+FDD0–U+FDEF; U+FFFE/U+FFFF) and then escapes for the context. The same
/// characters are dropped from JSON feeds, so the three formats carry the same text.
enum FeedBytes {
    /// The escaping applied to text.
    enum Context {
        /// XML or HTML text and quoted attribute values: `& < > " '` become entities, so `]]>`
        /// and `</description>` can never appear in the output.
        case markup
        /// The inside of a JSON string literal (quotes not included).
        case json
    }

    /// Appends `text`, cleaned and escaped for `context`.
    @inline(__always)
    static func append(_ text: String, to out: inout [UInt8], as context: Context, lineBreaks: Bool = false) {
        var text = text
        text.withUTF8 { append(bytes: $0, to: &out, as: context, lineBreaks: lineBreaks) }
    }

    /// Appends UTF-8 `bytes` (already valid UTF-8), cleaned and escaped for `context`; with
    /// `lineBreaks`, line ends (`\n`, `\r\n`, `\r`) become `<br>` (HTML captions).
    static func append(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], as context: Context, lineBreaks: Bool = false) {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return }
        let table = context == .markup ? markupTable : jsonTable
        var runStart = 0
        var index = 0
        @inline(__always) func flush(_ end: Int) {
            if end > runStart { out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: end - runStart)) }
        }
        while index < count {
            let byte = base[index]
            // Most bytes (letters, digits, most punctuation, UTF-8 continuation bytes) pass as they are.
            if table[Int(byte)] == 0 {
                index += 1
                continue
            }
            var skip = 0
            var replacement: StaticString? = nil
            if byte < 0x80 {
                switch byte {
                case 0x0A where lineBreaks:
                    replacement = "<br>"; skip = 1
                case 0x0D where lineBreaks:
                    replacement = index + 1 < count && base[index + 1] == 0x0A ? nil : "<br>"; skip = 1
                case 0x09, 0x0A, 0x0D:
                    if context == .json {
                        replacement = byte == 0x09 ? "\\t" : (byte == 0x0A ? "\\n" : "\\r")
                        skip = 1
                    }
                case 0x00 ..< 0x20, 0x7F:
                    skip = 1
                case UInt8(ascii: "&"):
                    replacement = "&amp;"; skip = 1
                case UInt8(ascii: "<"):
                    replacement = "&lt;"; skip = 1
                case UInt8(ascii: ">"):
                    replacement = "&gt;"; skip = 1
                case UInt8(ascii: "\""):
                    replacement = context == .markup ? "&quot;" : "\\\""
                    skip = 1
                case UInt8(ascii: "'"):
                    replacement = "&#39;"; skip = 1
                case UInt8(ascii: "\\"):
                    replacement = "\\\\"; skip = 1
                default:
                    break
                }
            } else if byte == 0xC2, index + 1 < count, base[index + 1] < 0xA0 {
                skip = 2 // U+0080–U+009F
            } else if byte == 0xEF, index + 2 < count, base[index + 1] == 0xBF, base[index + 2] >= 0xBE {
                skip = 3 // U+FFFE, U+FFFF
            } else if byte == 0xEF, index + 2 < count, base[index + 1] == 0xB7, (0x90 ... 0xAF).contains(base[index + 2]) {
                skip = 3 // U+FDD0–U+FDEF
            } else if context == .json, byte == 0xE2, index + 2 < count, base[index + 1] == 0x80,
                      base[index + 2] == 0xA8 || base[index + 2] == 0xA9 {
                replacement = base[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                skip = 3
            }
            if skip == 0 {
                index += 1
                continue
            }
            flush(index)
            if let replacement { raw(replacement, to: &out) }
            index += skip
            runStart = index
        }
        flush(count)
    }

    /// Bytes that need a look in markup: controls, `& < > " '`, and lead bytes of sequences that may
    /// be dropped (0xC2: C1 controls; 0xEF: U+FDD0–U+FDEF, U+FFFE/F).
    private static let markupTable: [UInt8] = table(special: Array("&<>\"'".utf8) + [0xC2, 0xEF])
    /// The same for JSON: controls, `" \\`, droppable sequences and 0xE2 (U+2028/U+2029).
    private static let jsonTable: [UInt8] = table(special: Array("\"\\".utf8) + [0xC2, 0xEF, 0xE2])

    private static func table(special: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in 0 ..< 0x20 { table[byte] = 1 }
        table[0x7F] = 1
        for byte in special { table[Int(byte)] = 1 }
        return table
    }

    /// Appends trusted ASCII markup or syntax.
    @inline(__always)
    static func raw(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Appends a trusted string (dates, numbers, names of formats) as it is.
    @inline(__always)
    static func raw(_ text: String, to out: inout [UInt8]) {
        out.append(contentsOf: text.utf8)
    }

    /// Appends already-clean bytes (e.g. an HTML fragment built by ``append(_:to:as:)``),
    /// escaped once more for `context`: HTML inside an XML element, or inside a JSON string.
    static func append(fragment: [UInt8], to out: inout [UInt8], as context: Context) {
        fragment.withUnsafeBufferPointer { append(bytes: $0, to: &out, as: context) }
    }
}
