/// Byte-level output helpers for the template renderer: HTML escaping that copies runs without
/// special characters in bulk, and decimal formatting without building a `String`.
enum HTMLEscaping {
    /// Appends `text` to `buffer`, replacing & < > " ' with entities (`&#39;` for the apostrophe,
    /// matching ``Escape/html(_:)``).
    static func appendEscaped(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in appendEscaped(bytes, to: &buffer) }
    }

    /// Appends `bytes` HTML-escaped to `buffer`.
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        var runStart = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            // Every special character is below 0x3F; most text bytes are letters above it.
            if byte < 0x3F {
                let entity: StaticString?
                switch byte {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: entity = nil
                }
                if let entity {
                    if index > runStart {
                        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                    }
                    entity.withUTF8Buffer { buffer.append(contentsOf: $0) }
                    runStart = index + 1
                }
            }
            index += 1
        }
        if count > runStart {
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
        }
    }

    /// Appends `text` unchanged.
    static func appendRaw(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }

    /// Appends `number` in decimal.
    static func appendDecimal(_ number: Int, to buffer: inout [UInt8]) {
        if number == 0 {
            buffer.append(UInt8(ascii: "0"))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var magnitude = number.magnitude
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            while magnitude > 0 {
                raw[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            if number < 0 { buffer.append(UInt8(ascii: "-")) }
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[(20 - count)..<20]))
        }
    }
}
