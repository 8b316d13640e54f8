/// Byte-level writing of the ``Timestamp`` formats feeds and sitemaps repeat for every item,
/// without building a `String` per date. Same bytes as ``Timestamp/iso8601``,
/// ``Timestamp/rfc822`` and ``Timestamp/isoDate``; years outside 0…9999 (never seen in practice)
/// take those properties as they are.
enum TimestampBytes {
    private static let monthAbbreviations: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let dayAbbreviations: [StaticString] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// `2024-05-01T12:30:00Z`.
    static func appendISO8601(_ time: Timestamp, to out: inout [UInt8]) {
        let c = time.components
        guard c.year >= 0 && c.year <= 9999 else { return out.append(contentsOf: time.iso8601.utf8) }
        digits(c.year, 4, &out)
        out.append(UInt8(ascii: "-"))
        digits(c.month, 2, &out)
        out.append(UInt8(ascii: "-"))
        digits(c.day, 2, &out)
        out.append(UInt8(ascii: "T"))
        digits(c.hour, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits(c.minute, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits(c.second, 2, &out)
        out.append(UInt8(ascii: "Z"))
    }

    /// `2024-05-01`.
    static func appendISODate(_ time: Timestamp, to out: inout [UInt8]) {
        let c = time.components
        guard c.year >= 0 && c.year <= 9999 else { return out.append(contentsOf: time.isoDate.utf8) }
        digits(c.year, 4, &out)
        out.append(UInt8(ascii: "-"))
        digits(c.month, 2, &out)
        out.append(UInt8(ascii: "-"))
        digits(c.day, 2, &out)
    }

    /// `Wed, 01 May 2024 12:30:00 +0000`.
    static func appendRFC822(_ time: Timestamp, to out: inout [UInt8]) {
        let c = time.components
        guard c.year >= 0 && c.year <= 9999 else { return out.append(contentsOf: time.rfc822.utf8) }
        dayAbbreviations[c.weekday].withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: ","))
        out.append(UInt8(ascii: " "))
        digits(c.day, 2, &out)
        out.append(UInt8(ascii: " "))
        monthAbbreviations[c.month - 1].withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: " "))
        digits(c.year, 4, &out)
        out.append(UInt8(ascii: " "))
        digits(c.hour, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits(c.minute, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits(c.second, 2, &out)
        out.append(ascii: " +0000")
    }

    /// `value` (0 ≤ value < 10^width) in exactly `width` decimal digits.
    @inline(__always)
    private static func digits(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
        var divisor = 1
        for _ in 1 ..< width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
