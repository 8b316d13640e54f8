/// Byte-level JSON writing for the recommendation files and the search index's document chunks:
/// strings escaped by ``Escape/appendScriptJSON(_:to:)`` (safe inside `<script>` too) without
/// building intermediate strings.
enum JSONBytes {
    /// Appends `text` as a JSON string literal, quotes included. Runs of bytes that need no
    /// escaping (nearly all of them) are copied at once.
    static func appendString(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendString(UnsafeRawBufferPointer($0), to: &buffer) }
    }

    /// ``appendString(_:to:)`` of text borrowed in place (a gallery text).
    @inline(__always)
    static func appendString(_ text: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        Escape.appendScriptJSONString(text.uint8, to: &buffer)
    }

    /// Appends the ASCII bytes of `text` (keys and punctuation).
    static func appendRaw(_ text: StaticString, to buffer: inout [UInt8]) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }
}
