/// Escaping of untrusted text, one escaper per output context: HTML text and quoted attributes
/// (``appendHTML(_:to:)``), XML (``appendXML(_:to:lineBreaks:)``), a JSON string
/// (``appendJSON(_:to:)``), a JSON string that may sit inside `<script>` or HTML
/// (``appendScriptJSON(_:to:)``), and a URL component (``urlComponent(_:)``). Each works on
/// UTF-8 bytes straight into an output buffer; the `String` forms are thin wrappers for tests and
/// cold paths. Every user-written field goes through one of these on its way out; none of them
/// trusts its input (docs/publishing.md, "Escaping").
package enum Escape {
    // MARK: HTML

    /// Text for HTML content or a quoted attribute value: `& < > " '` escaped (`&#39;`).
    package static func html(_ text: String) -> String {
        var out = ByteWriter(capacity: text.utf8.count + 16)
        defer { out.deallocate() }
        appendHTML(text, to: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Appends `text` HTML-escaped to `writer`, borrowing the string's bytes (no copy, no retain).
    @inline(__always)
    static func appendHTML(_ text: String, to writer: inout ByteWriter) {
        if text.utf8.withContiguousStorageIfAvailable({ appendHTML($0, to: &writer) }) == nil {
            var text = text
            text.withUTF8 { appendHTML($0, to: &writer) }
        }
    }

    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// Whether any byte of `word` is one of & < > " ' (one branch for all five).
    @inline(__always)
    private static func hasHTMLSpecialByte(_ word: UInt64) -> Bool {
        (zeroBytes(word ^ 0x2626_2626_2626_2626) | zeroBytes(word ^ 0x3C3C_3C3C_3C3C_3C3C)
            | zeroBytes(word ^ 0x3E3E_3E3E_3E3E_3E3E) | zeroBytes(word ^ 0x2222_2222_2222_2222)
            | zeroBytes(word ^ 0x2727_2727_2727_2727)) != 0
    }

    /// Appends `bytes` HTML-escaped to `writer`: eight bytes at a time while none is special,
    /// clean runs copied in bulk.
    static func appendHTML(_ bytes: UnsafeBufferPointer<UInt8>, to writer: inout ByteWriter) {
        guard let start = bytes.baseAddress else { return }
        let count = bytes.count
        var runStart = 0
        var index = 0
        while index < count {
            if index + 8 <= count {
                let word = UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self)
                if !hasHTMLSpecialByte(word) {
                    index += 8
                    continue
                }
            }
            let entity: StaticString
            switch start[index] {
            case UInt8(ascii: "&"): entity = "&amp;"
            case UInt8(ascii: "<"): entity = "&lt;"
            case UInt8(ascii: ">"): entity = "&gt;"
            case UInt8(ascii: "\""): entity = "&quot;"
            case UInt8(ascii: "'"): entity = "&#39;"
            default:
                index += 1
                continue
            }
            if index > runStart { writer.append(start + runStart, count: index - runStart) }
            writer.append(entity.utf8Start, count: entity.utf8CodeUnitCount)
            index += 1
            runStart = index
        }
        if count > runStart { writer.append(start + runStart, count: count - runStart) }
    }

    // MARK: XML and JSON (feeds, sitemaps)

    /// True for a scalar XML 1.0 allows in a document.
    @inline(__always)
    package static func isXMLCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF: return true
        case 0xE000...0xFFFD: return true
        case 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Text for XML content or a quoted attribute (see ``appendXML(_:to:lineBreaks:)``).
    package static func xml(_ text: String) -> String {
        var out: [UInt8] = []
        var text = text
        text.withUTF8 { appendXML($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends valid UTF-8 `bytes` for XML content or a quoted attribute: the characters XML 1.0
    /// forbids or discourages are dropped (C0 controls other than tab, LF and CR; DEL; C1
    /// controls; U+FDD0–U+FDEF; U+FFFE/U+FFFF), `& < > " '` become entities (`&#39;`), so `]]>`
    /// and `</description>` can never appear. With `lineBreaks`, line ends (`\n`, `\r\n`, `\r`)
    /// become `<br>` (HTML captions carried in feeds).
    static func appendXML(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], lineBreaks: Bool = false) {
        appendCleaned(bytes, to: &out, json: false, lineBreaks: lineBreaks)
    }

    /// Appends valid UTF-8 `bytes` as the inside of a JSON string (quotes not included): the
    /// characters ``appendXML(_:to:lineBreaks:)`` drops are dropped here too (so a JSON feed
    /// carries the same text as the XML ones), `"` and `\\` escaped, tab, LF and CR as `\t \n
    /// \r`, U+2028/U+2029 as `\u` escapes. Not for `<script>`: see ``appendScriptJSON(_:to:)``.
    static func appendJSON(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        appendCleaned(bytes, to: &out, json: true, lineBreaks: false)
    }

    /// The XML and JSON escapers. A first pass adds up, per byte, how much it may grow
    /// (``markupGrowth``/``jsonGrowth``): zero means nothing to clean or escape, and the bytes are
    /// copied at once; otherwise the buffer is grown by that bound once and the escaped text
    /// written straight into it.
    private static func appendCleaned(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], json: Bool, lineBreaks: Bool) {
        let count = bytes.count
        guard let base = bytes.baseAddress, count > 0 else { return }
        let table = json ? jsonGrowth : markupGrowth
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
                        if json {
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
                        put(json ? "\\\"" : "&quot;")
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
                } else if json, byte == 0xE2, index + 2 < count, base[index + 1] == 0x80,
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

    /// For each byte, at most how many bytes XML escaping adds (at least 1 for every byte that
    /// needs a look: controls, `& < > " '`, and the lead bytes 0xC2 (C1 controls) and 0xEF
    /// (U+FDD0–U+FDEF, U+FFFE/F) of sequences that may be dropped); 0 for the rest.
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

    // MARK: JSON inside <script> (JSON-LD, search index, recommendations)

    /// A JSON string literal, quotes included (``appendScriptJSON(_:to:)``). Safe inside
    /// `<script>` too: `</script>` cannot close the element.
    package static func jsonString(_ text: String) -> String {
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
        appendScriptJSONString(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a byte needs attention in a JSON string: quote, backslash, controls, `<`, `>`, `&`,
    /// DEL, and 0xE2 (lead byte of U+2028/U+2029).
    @inline(__always)
    static func isJSONSpecial(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0x7F || byte == 0xE2
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

    /// Appends ``jsonString(_:)`` of valid UTF-8 `bytes` to `out`, quotes included.
    static func appendScriptJSONString(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendScriptJSON(bytes, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Appends valid UTF-8 `bytes` as the inside of a JSON string that is safe inside `<script>`
    /// and HTML too: `"` and `\\` escaped, `\n \r \t`, and `<`, `>`, `&`, DEL, other controls and
    /// U+2028/U+2029 as `\u` escapes. Clean runs are skipped eight bytes at a time and copied in
    /// bulk.
    static func appendScriptJSON(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
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

    // MARK: URL

    /// Percent-encodes everything outside RFC 3986's unreserved set (for a URL component).
    package static func urlComponent(_ text: String) -> String {
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
