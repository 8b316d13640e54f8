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

    /// Appends text borrowed in place (a gallery text), cleaned and escaped for `context`.
    @inline(__always)
    static func append(_ text: UnsafeRawBufferPointer, to out: inout [UInt8], as context: Context, lineBreaks: Bool = false) {
        append(bytes: text.uint8, to: &out, as: context, lineBreaks: lineBreaks)
    }

    /// Appends UTF-8 `bytes` (already valid UTF-8), cleaned and escaped for `context`; with
    /// `lineBreaks`, line ends (`\n`, `\r\n`, `\r`) become `<br>` (HTML captions).
    ///
    /// A first pass adds up, per byte, how much it may grow (``markupGrowth``/``jsonGrowth``):
    /// zero means nothing to clean or escape, and the bytes are copied at once; otherwise the
    /// buffer is grown by that bound once and the escaped text written straight into it.
    static func append(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], as context: Context, lineBreaks: Bool = false) {
        let count = bytes.count
        guard let base = bytes.baseAddress, count > 0 else { return }
        let table = context == .markup ? markupGrowth : jsonGrowth
        var growth = 0
        for index in 0 ..< count { growth &+= Int(table[Int(base[index])]) }
        if growth == 0 {
            out.append(contentsOf: bytes)
            return
        }
        let start = out.count
        let bound = count + growth
        out.append(contentsOf: repeatElement(0, count: bound))
        let written = out.withUnsafeMutableBufferPointer { buffer -> Int in
            let target = buffer.baseAddress! + start
            var o = 0
            @inline(__always) func put(_ text: StaticString) {
                let length = text.utf8CodeUnitCount
                (target + o).update(from: text.utf8Start, count: length)
                o += length
            }
            var index = 0
            while index < count {
                let byte = base[index]
                if table[Int(byte)] == 0 {
                    target[o] = byte
                    o += 1
                    index += 1
                    continue
                }
                if byte < 0x80 {
                    switch byte {
                    case 0x0A where lineBreaks:
                        put("<br>")
                    case 0x0D where lineBreaks:
                        if !(index + 1 < count && base[index + 1] == 0x0A) { put("<br>") }
                    case 0x09, 0x0A, 0x0D:
                        if context == .json {
                            put(byte == 0x09 ? "\\t" : (byte == 0x0A ? "\\n" : "\\r"))
                        } else {
                            target[o] = byte
                            o += 1
                        }
                    case 0x00 ..< 0x20, 0x7F:
                        break // dropped
                    case UInt8(ascii: "&"):
                        put("&amp;")
                    case UInt8(ascii: "<"):
                        put("&lt;")
                    case UInt8(ascii: ">"):
                        put("&gt;")
                    case UInt8(ascii: "\""):
                        put(context == .markup ? "&quot;" : "\\\"")
                    case UInt8(ascii: "'"):
                        put("&#39;")
                    case UInt8(ascii: "\\"):
                        put("\\\\")
                    default:
                        target[o] = byte
                        o += 1
                    }
                    index += 1
                    continue
                }
                var skip = 0
                if byte == 0xC2, index + 1 < count, base[index + 1] < 0xA0 {
                    skip = 2 // U+0080–U+009F
                } else if byte == 0xEF, index + 2 < count, base[index + 1] == 0xBF, base[index + 2] >= 0xBE {
                    skip = 3 // U+FFFE, U+FFFF
                } else if byte == 0xEF, index + 2 < count, base[index + 1] == 0xB7, (0x90 ... 0xAF).contains(base[index + 2]) {
                    skip = 3 // U+FDD0–U+FDEF
                } else if context == .json, byte == 0xE2, index + 2 < count, base[index + 1] == 0x80,
                          base[index + 2] == 0xA8 || base[index + 2] == 0xA9 {
                    put(base[index + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                    skip = 3
                }
                if skip == 0 {
                    target[o] = byte
                    o += 1
                    index += 1
                } else {
                    index += skip
                }
            }
            return o
        }
        out.removeLast(bound - written)
    }

    /// For each byte, at most how many bytes escaping adds in markup (at least 1 for every byte
    /// that needs a look: controls, `& < > " '`, and the lead bytes 0xC2 (C1 controls) and
    /// 0xEF (U+FDD0–U+FDEF, U+FFFE/F) of sequences that may be dropped); 0 for the rest.
    private static let markupGrowth: [UInt8] = growthTable([
        UInt8(ascii: "&"): 4, UInt8(ascii: "<"): 3, UInt8(ascii: ">"): 3, UInt8(ascii: "\""): 5, UInt8(ascii: "'"): 4,
        0x0A: 3, 0x0D: 3, 0xC2: 1, 0xEF: 1,
    ])
    /// The same for JSON: controls, `" \\`, droppable sequences and 0xE2 (U+2028/U+2029 become
    /// six bytes).
    private static let jsonGrowth: [UInt8] = growthTable([
        UInt8(ascii: "\""): 1, UInt8(ascii: "\\"): 1, 0x09: 1, 0x0A: 1, 0x0D: 1, 0xC2: 1, 0xEF: 1, 0xE2: 3,
    ])

    private static func growthTable(_ special: [UInt8: UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in 0 ..< 0x20 { table[byte] = 1 }
        table[0x7F] = 1
        for (byte, growth) in special { table[Int(byte)] = growth }
        return table
    }

    /// Appends trusted ASCII markup or syntax.
    @inline(__always)
    static func raw(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Appends a trusted string (dates, numbers, names of formats, markup) as it is.
    @inline(__always)
    static func raw(_ text: String, to out: inout [UInt8]) {
        if text.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) == nil {
            out.append(contentsOf: text.utf8)
        }
    }

    /// Appends already-clean bytes (e.g. an HTML fragment built by ``append(_:to:as:)``),
    /// escaped once more for `context`: HTML inside an XML element, or inside a JSON string.
    static func append(fragment: [UInt8], to out: inout [UInt8], as context: Context) {
        fragment.withUnsafeBufferPointer { append(bytes: $0, to: &out, as: context) }
    }
}
