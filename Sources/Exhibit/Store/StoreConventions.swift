/// The platform export's storage conventions (docs/database.md), decided once and used by the loader.
package enum StoreConventions {
    /// Distinct tags kept per image; the rest of a longer list is dropped with a warning (a
    /// hostile list of thousands would make every one of their pages and feeds list them all).
    package static let maxTagsPerImage = 100

    // One long field is repeated on many pages (a user's name on each of their images' pages,
    // cards and feed entries; a description in related-image lists, feeds and the search index),
    // so each kind of text is cut, with a warning, where it is read. The limits are far above
    // what people write (Instagram captions stop at 2,200 characters, a display name at 30–64,
    // a hashtag is a word or three) and keep the worst case of each field a small multiple of
    // an ordinary one.
    /// Characters kept of a user's or a collection's name.
    package static let maxNameCharacters = 200
    /// Characters kept of a tag or a theme.
    package static let maxTermCharacters = 100
    /// Characters kept of a description, a bio or a comment.
    package static let maxTextCharacters = 5_000
    /// Bytes of an image or avatar URL past which it is treated as unusable (2,048: what
    /// browsers, CDNs and sitemaps reliably accept).
    package static let maxURLBytes = 2_048

    /// A column value, as far as these conventions need it.
    package enum Value: Sendable, Equatable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
        case blob([UInt8])
    }

    /// Column `index` of the current row of `statement`, as a ``Value``.
    package static func value(_ statement: SQLiteStatement, _ index: Int32) -> Value {
        switch statement.type(index) {
        case .null: return .null
        case .integer: return .integer(statement.int64(index))
        case .real: return .real(statement.double(index))
        case .text: return .text(statement.checkedText(index)?.text ?? "")
        case .blob: return .blob(statement.bytes(index) ?? [])
        }
    }

    // MARK: is_public

    /// Whether an `images.is_public` value means public. Fails closed: only INTEGER 1, or the
    /// exact TEXT `1` or `true` (lowercase, no surrounding spaces) are public. Everything else is
    /// private: 0, NULL, REAL 1.0, `TRUE`, `yes`, `' 1'`, blobs.
    package static func isPublic(_ value: Value) -> Bool {
        switch value {
        case .integer(let number): return number == 1
        case .text(let text): return text == "1" || text == "true"
        case .null, .real, .blob: return false
        }
    }

    /// True for the values that plainly mean private (0, NULL, `'0'`, `'false'`): no warning.
    package static func isPlainlyPrivate(_ value: Value) -> Bool {
        switch value {
        case .null: return true
        case .integer(let number): return number == 0
        case .text(let text): return text == "0" || text == "false"
        case .real, .blob: return false
        }
    }

    // MARK: Pixel sizes

    /// Largest width or height taken from the optional `width`/`height` columns.
    package static let maxPixelSide: Int64 = 1_000_000

    /// A side of an image in pixels: a whole number from 1 to ``maxPixelSide`` (INTEGER, or TEXT
    /// of ASCII digits); nil for anything else.
    package static func pixelSide(_ value: Value) -> Int? {
        switch value {
        case .integer(let number): return (1...maxPixelSide).contains(number) ? Int(number) : nil
        case .text(let text):
            guard !text.isEmpty, text.utf8.count <= 7, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let number = Int64(text), (1...maxPixelSide).contains(number) else { return nil }
            return Int(number)
        case .null, .real, .blob: return nil
        }
    }

    // MARK: Dates

    /// Integers (and reals) at least this large in magnitude are milliseconds, smaller ones
    /// seconds: 10^11 seconds is the year 5138, 10^11 milliseconds is March 1973.
    package static let millisecondThreshold: Int64 = 100_000_000_000

    /// Earliest and latest moments accepted: years 0001–9999.
    static let earliestMilliseconds: Int64 = Timestamp.days(year: 1, month: 1, day: 1) * 86_400_000
    static let latestMilliseconds: Int64 = Timestamp.days(year: 10_000, month: 1, day: 1) * 86_400_000 - 1

    /// The moment a date value stands for, or nil when it is unusable (NULL is the caller's).
    ///
    /// Accepted: INTEGER unix seconds or milliseconds (see ``millisecondThreshold``), REAL
    /// seconds (or milliseconds) with a fraction, TEXT holding such a number, and TEXT dates
    /// ``parseDate(_:)`` accepts.
    package static func timestamp(_ value: Value) -> Timestamp? {
        switch value {
        case .null, .blob: return nil
        case .integer(let number): return timestamp(unix: number)
        case .real(let number): return timestamp(unix: number)
        case .text(let text): return parseDate(text)
        }
    }

    static func timestamp(unix number: Int64) -> Timestamp? {
        let magnitude = number == Int64.min ? Int64.max : abs(number)
        let (milliseconds, overflow) = magnitude >= millisecondThreshold ? (number, false) : number.multipliedReportingOverflow(by: 1000)
        guard !overflow, milliseconds >= earliestMilliseconds, milliseconds <= latestMilliseconds else { return nil }
        return Timestamp(millisecondsSince1970: milliseconds)
    }

    static func timestamp(unix number: Double) -> Timestamp? {
        guard number.isFinite, abs(number) < 1e17 else { return nil }
        let milliseconds = abs(number) >= Double(millisecondThreshold) ? number : number * 1000
        let whole = Int64(milliseconds.rounded(.down))
        guard whole >= earliestMilliseconds, whole <= latestMilliseconds else { return nil }
        return Timestamp(millisecondsSince1970: whole)
    }

    /// Parses a TEXT date (surrounding whitespace ignored), without Foundation:
    ///
    /// - `YYYY-MM-DD`, midnight UTC;
    /// - `YYYY-MM-DDTHH:MM[:SS[.fraction]]` or with a space instead of `T` (SQLite's form),
    ///   followed by `Z`, `±HH:MM`, `±HHMM`, `±HH`, or nothing (UTC). The fraction may have any
    ///   number of digits; it is cut to milliseconds;
    /// - a decimal number: unix seconds or milliseconds, as for INTEGER and REAL values.
    ///
    /// Calendar fields are checked (no February 30th, no hour 24, no second 60).
    package static func parseDate(_ text: String) -> Timestamp? {
        var copy = text
        return copy.withUTF8 { parseDate(bytes: $0) }
    }

    static func parseDate(bytes all: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        var start = 0
        var end = all.count
        while start < end, all[start] == 0x20 || all[start] == 0x09 || all[start] == 0x0a || all[start] == 0x0d { start += 1 }
        while end > start, all[end - 1] == 0x20 || all[end - 1] == 0x09 || all[end - 1] == 0x0a || all[end - 1] == 0x0d { end -= 1 }
        guard end > start else { return nil }
        let b = UnsafeBufferPointer(rebasing: all[start..<end])
        let n = b.count
        func digit(_ i: Int) -> Int? {
            guard i < n, (0x30...0x39).contains(b[i]) else { return nil }
            return Int(b[i] - 0x30)
        }
        func number(_ i: Int, _ width: Int) -> Int? {
            var value = 0
            for k in 0..<width {
                guard let d = digit(i + k) else { return nil }
                value = value * 10 + d
            }
            return value
        }
        // A plain number: unix seconds or milliseconds.
        if n < 10 || b[4] != UInt8(ascii: "-") {
            return parseUnixNumber(b)
        }
        guard let year = number(0, 4), b[4] == UInt8(ascii: "-"), let month = number(5, 2),
              n >= 10, b[7] == UInt8(ascii: "-"), let day = number(8, 2) else { return nil }
        guard year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var milliseconds = Timestamp.days(year: year, month: month, day: day) * 86_400_000
        var i = 10
        if i == n { return Timestamp(millisecondsSince1970: milliseconds) }
        guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let hour = number(i, 2), i + 2 < n, b[i + 2] == UInt8(ascii: ":"), let minute = number(i + 3, 2),
              hour < 24, minute < 60 else { return nil }
        i += 5
        var second = 0
        var fraction = 0
        if i < n && b[i] == UInt8(ascii: ":") {
            guard let s = number(i + 1, 2), s < 60 else { return nil }
            second = s
            i += 3
            if i < n && (b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",")) {
                i += 1
                var digits = 0
                while let d = digit(i) {
                    if digits < 3 { fraction = fraction * 10 + d }
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<max(digits, 3) { fraction *= 10 }
            }
        }
        milliseconds += Int64(hour * 3_600_000 + minute * 60_000 + second * 1000 + fraction)
        if i < n {
            // An optional space before the zone (`2024-01-01 10:00:00 +02:00`).
            if b[i] == UInt8(ascii: " ") && i + 1 < n { i += 1 }
            if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
                i += 1
            } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                let sign: Int64 = b[i] == UInt8(ascii: "+") ? 1 : -1
                i += 1
                guard let offsetHours = number(i, 2), offsetHours < 24 else { return nil }
                i += 2
                var offsetMinutes = 0
                if i < n && b[i] == UInt8(ascii: ":") {
                    guard let m = number(i + 1, 2) else { return nil }
                    offsetMinutes = m
                    i += 3
                } else if let m = number(i, 2) {
                    offsetMinutes = m
                    i += 2
                }
                guard offsetMinutes < 60 else { return nil }
                milliseconds -= sign * Int64(offsetHours * 3_600_000 + offsetMinutes * 60_000)
            } else {
                return nil
            }
        }
        guard i == n, milliseconds >= earliestMilliseconds, milliseconds <= latestMilliseconds else { return nil }
        return Timestamp(millisecondsSince1970: milliseconds)
    }

    /// `-?[0-9]+(\.[0-9]+)?` as unix seconds or milliseconds.
    private static func parseUnixNumber(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        var i = 0
        var negative = false
        if b[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        var whole: Int64 = 0
        var digits = 0
        while i < b.count, (0x30...0x39).contains(b[i]) {
            guard digits < 18 else { return nil }
            whole = whole * 10 + Int64(b[i] - 0x30)
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        if i == b.count { return timestamp(unix: negative ? -whole : whole) }
        guard b[i] == UInt8(ascii: ".") else { return nil }
        i += 1
        var fraction = 0.0
        var scale = 0.1
        var fractionDigits = 0
        while i < b.count, (0x30...0x39).contains(b[i]) {
            fraction += Double(b[i] - 0x30) * scale
            scale /= 10
            fractionDigits += 1
            i += 1
        }
        guard fractionDigits > 0, i == b.count else { return nil }
        let value = Double(whole) + fraction
        return timestamp(unix: negative ? -value : value)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
