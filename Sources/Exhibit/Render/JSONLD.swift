/// A small writer of schema.org JSON-LD objects. Every string goes through the escaping of
/// ``Escape/jsonString(_:)``, so the result is valid JSON and safe inside `<script>`. Writes UTF-8
/// bytes; `finished` makes the one `String`.
struct JSONLDWriter {
    private(set) var bytes: [UInt8] = []
    private var first = true

    init(type: String, context: Bool = true) {
        bytes.reserveCapacity(context ? 1000 : 120)
        bytes.append(UInt8(ascii: "{"))
        if context { key("@context"); Self.append("\"https://schema.org\"", to: &bytes) }
        key("@type"); Self.appendJSONString(type, to: &bytes)
    }

    /// A plain JSON object, without `@type` (data for the theme's script).
    static func plainObject() -> JSONLDWriter { JSONLDWriter() }

    private init() {
        bytes.append(UInt8(ascii: "{"))
    }

    @inline(__always)
    private static func append(_ text: StaticString, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    private static func append(_ text: String, to bytes: inout [UInt8]) {
        if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: text.utf8)
        }
    }

    private mutating func key(_ name: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        Self.appendJSONString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func string(_ name: String, _ value: String) {
        key(name)
        Self.appendJSONString(value, to: &bytes)
    }

    /// Appends ``Escape/jsonString(_:)`` of `value`, byte by byte.
    static func appendJSONString(_ value: String, to bytes: inout [UInt8]) {
        let done: Void? = value.utf8.withContiguousStorageIfAvailable { Escape.appendScriptJSONString($0, to: &bytes) }
        if done == nil { append(Escape.jsonString(value), to: &bytes) }
    }

    /// A string member whose value is the concatenation of the parts. Each part is valid UTF-8,
    /// so escaping the parts one by one escapes the whole.
    mutating func string(_ name: String, _ a: String, _ b: String, _ c: String = "", _ d: String = "") {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        Self.appendJSONStringContent(a, to: &bytes)
        Self.appendJSONStringContent(b, to: &bytes)
        Self.appendJSONStringContent(c, to: &bytes)
        Self.appendJSONStringContent(d, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A string member of text borrowed in place.
    mutating func string(_ name: String, bytes value: UnsafeRawBufferPointer) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        Escape.appendScriptJSON(value.uint8, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A string member whose value is the concatenation of a string, text borrowed in place and
    /// a static suffix (an absolute page URL: base, segment, `/`).
    mutating func string(_ name: String, _ prefix: String, _ middle: StaticString, _ segment: UnsafeRawBufferPointer,
                         _ suffix: StaticString) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        Self.appendJSONStringContent(prefix, to: &bytes)
        Escape.appendScriptJSON(middle.rawBytes.uint8, to: &bytes)
        Escape.appendScriptJSON(segment.uint8, to: &bytes)
        Escape.appendScriptJSON(suffix.rawBytes.uint8, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A string member whose value is `parts` joined with `separator`.
    mutating func string<Parts: Sequence<String>>(_ name: String, joining parts: Parts, separator: String) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        var first = true
        for part in parts {
            if !first { Self.appendJSONStringContent(separator, to: &bytes) }
            first = false
            Self.appendJSONStringContent(part, to: &bytes)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendJSONStringContent(_ value: String, to bytes: inout [UInt8]) {
        if value.isEmpty { return }
        let done: Void? = value.utf8.withContiguousStorageIfAvailable { Escape.appendScriptJSON($0, to: &bytes) }
        if done == nil {
            var copy = value
            copy.withUTF8 { Escape.appendScriptJSON($0, to: &bytes) }
        }
    }

    /// Appends ``Escape/jsonString(_:)`` of `value` to a `String`.
    static func appendJSONString(_ value: String, to text: inout String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 2)
        appendJSONString(value, to: &bytes)
        text += String(decoding: bytes, as: UTF8.self)
    }

    mutating func string(_ name: String, _ value: String?) {
        if let value { string(name, value) }
    }

    mutating func number(_ name: String, _ value: Int) {
        key(name)
        DecimalDigits.withASCII(value) { bytes.append(contentsOf: $0) }
    }

    /// Starts an object member written in place: `"name":{"@type":"type"`. Members follow;
    /// ``endObject()`` closes it. (Saves building a nested writer and copying it.)
    mutating func beginObject(_ name: String, type: String) {
        key(name)
        bytes.append(UInt8(ascii: "{"))
        first = true
        key("@type")
        Self.appendJSONString(type, to: &bytes)
    }

    /// Closes the object ``beginObject(_:type:)`` opened.
    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    mutating func object(_ name: String, _ value: JSONLDWriter) {
        key(name)
        bytes.append(contentsOf: value.bytes)
        bytes.append(UInt8(ascii: "}"))
    }

    /// A member whose value is already-serialised JSON (a cached object).
    mutating func raw(_ name: String, _ json: String) {
        key(name); Self.append(json, to: &bytes)
    }

    mutating func strings(_ name: String, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (position, value) in values.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            Self.appendJSONString(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// The object, closed, copied into a page's scratch space.
    func finish(in scratch: RenderScratch) -> TemplateBytes {
        bytes.withUnsafeBytes { scratch.join($0, StaticString("}").rawBytes) }
    }

    var finished: String {
        String(unsafeUninitializedCapacity: bytes.count + 1) { out in
            _ = out.initialize(from: bytes)
            out[bytes.count] = UInt8(ascii: "}")
            return bytes.count + 1
        }
    }
}
