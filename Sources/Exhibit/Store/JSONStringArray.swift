/// A small, fast parser for the JSON arrays of strings the platform stores in `images.tags` and
/// `collections.image_ids` (full JSON string escapes, `\uXXXX` surrogate pairs included).
package enum JSONStringArray {
    /// What was wrong with the value, when something was.
    package enum Problem: Sendable, Equatable {
        /// Not valid JSON: nothing is used.
        case malformed
        /// Valid JSON but not an array (an object, a string, a number…): nothing is used.
        case notAnArray
        /// An array holding other values than strings: the strings are kept, the rest ignored.
        case nonStringElements(Int)
        /// A lone UTF-16 surrogate escape, replaced with U+FFFD.
        case loneSurrogate
    }

    /// The strings, and the problem found (nil when the value was a clean array of strings).
    package struct Result: Sendable, Equatable {
        package var strings: [String]
        package var problem: Problem?
    }

    /// Parses `text` (NULL, empty or blank text is an empty array, without a problem).
    package static func parse(_ text: String) -> Result {
        var copy = text
        return copy.withUTF8 { buffer in
            var parser = Parser(bytes: buffer)
            return parser.parseTopLevel()
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var loneSurrogate = false

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0a, 0x0d: index += 1
                default: return
                }
            }
        }

        mutating func parseTopLevel() -> Result {
            skipWhitespace()
            if index == bytes.count { return Result(strings: [], problem: nil) }
            guard bytes[index] == UInt8(ascii: "[") else {
                let valid = skipValue(depth: 0)
                skipWhitespace()
                return Result(strings: [], problem: valid && index == bytes.count ? .notAnArray : .malformed)
            }
            index += 1
            var strings: [String] = []
            var others = 0
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                index += 1
            } else {
                while true {
                    skipWhitespace()
                    guard index < bytes.count else { return Result(strings: [], problem: .malformed) }
                    if bytes[index] == UInt8(ascii: "\"") {
                        guard let string = parseString() else { return Result(strings: [], problem: .malformed) }
                        strings.append(string)
                    } else {
                        guard skipValue(depth: 1) else { return Result(strings: [], problem: .malformed) }
                        others += 1
                    }
                    skipWhitespace()
                    guard index < bytes.count else { return Result(strings: [], problem: .malformed) }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; break }
                    return Result(strings: [], problem: .malformed)
                }
            }
            skipWhitespace()
            guard index == bytes.count else { return Result(strings: [], problem: .malformed) }
            if others > 0 { return Result(strings: strings, problem: .nonStringElements(others)) }
            return Result(strings: strings, problem: loneSurrogate ? .loneSurrogate : nil)
        }

        /// Parses a string at `index` (which is at its opening quote); nil when malformed.
        mutating func parseString() -> String? {
            index += 1
            let start = index
            // Fast path: no escapes.
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let string = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    index += 1
                    return string
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            var out = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if byte < 0x20 { return nil }
                if byte != UInt8(ascii: "\\") {
                    out.append(byte)
                    index += 1
                    continue
                }
                index += 1
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5c)
                case UInt8(ascii: "/"): out.append(0x2f)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0c)
                case UInt8(ascii: "n"): out.append(0x0a)
                case UInt8(ascii: "r"): out.append(0x0d)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard let unit = hex4() else { return nil }
                    var scalarValue: UInt32
                    if (0xd800...0xdbff).contains(unit) {
                        // A high surrogate: a low one must follow as another \u escape.
                        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                            let save = index
                            index += 2
                            guard let low = hex4() else { return nil }
                            if (0xdc00...0xdfff).contains(low) {
                                scalarValue = 0x10000 + ((UInt32(unit) - 0xd800) << 10) + (UInt32(low) - 0xdc00)
                            } else {
                                index = save
                                scalarValue = 0xfffd
                                loneSurrogate = true
                            }
                        } else {
                            scalarValue = 0xfffd
                            loneSurrogate = true
                        }
                    } else if (0xdc00...0xdfff).contains(unit) {
                        scalarValue = 0xfffd
                        loneSurrogate = true
                    } else {
                        scalarValue = UInt32(unit)
                    }
                    let scalar = Unicode.Scalar(scalarValue) ?? "\u{fffd}"
                    out.append(contentsOf: UTF8.encode(scalar)!)
                default:
                    return nil
                }
            }
            return nil
        }

        mutating func hex4() -> UInt16? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt16 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt16(digit)
                index += 1
            }
            return value
        }

        /// Skips one JSON value of any kind; false when it is malformed.
        mutating func skipValue(depth: Int) -> Bool {
            guard depth < 64 else { return false }
            skipWhitespace()
            guard index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                return parseString() != nil
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                let isObject = bytes[index] == UInt8(ascii: "{")
                let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                index += 1
                skipWhitespace()
                if index < bytes.count && bytes[index] == close { index += 1; return true }
                while true {
                    skipWhitespace()
                    if isObject {
                        guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), parseString() != nil else { return false }
                        skipWhitespace()
                        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
                        index += 1
                    }
                    guard skipValue(depth: depth + 1) else { return false }
                    skipWhitespace()
                    guard index < bytes.count else { return false }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == close { index += 1; return true }
                    return false
                }
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return skipNumber()
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += count
            return true
        }

        /// JSON number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
        mutating func skipNumber() -> Bool {
            func isDigit(_ i: Int) -> Bool { i < bytes.count && (0x30...0x39).contains(bytes[i]) }
            if index < bytes.count && bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { return false }
            if bytes[index] == UInt8(ascii: "0") { index += 1 } else { while isDigit(index) { index += 1 } }
            if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard isDigit(index) else { return false }
                while isDigit(index) { index += 1 }
            }
            if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
                index += 1
                if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
                guard isDigit(index) else { return false }
                while isDigit(index) { index += 1 }
            }
            return true
        }
    }
}
