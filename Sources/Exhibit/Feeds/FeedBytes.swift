/// Byte-level writing of feed text: untrusted strings escaped straight into an output buffer by
/// ``Escape`` (XML for RSS and Atom, JSON for JSON Feed), without intermediate `String`s.
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

    /// Appends UTF-8 `bytes` (already valid UTF-8), cleaned and escaped for `context` by the one
    /// escaper of that context (``Escape/appendXML(_:to:lineBreaks:)``,
    /// ``Escape/appendJSON(_:to:)``); with `lineBreaks`, line ends become `<br>` (HTML captions).
    @inline(__always)
    static func append(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], as context: Context, lineBreaks: Bool = false) {
        switch context {
        case .markup: Escape.appendXML(bytes, to: &out, lineBreaks: lineBreaks)
        case .json: Escape.appendJSON(bytes, to: &out)
        }
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
