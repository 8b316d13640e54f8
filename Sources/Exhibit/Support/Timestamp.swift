/// A moment in UTC, to the millisecond. Formatting never depends on the clock, locale or time zone.
package struct Timestamp: Sendable, Hashable, Comparable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    package var millisecondsSince1970: Int64

    package init(millisecondsSince1970: Int64) {
        self.millisecondsSince1970 = millisecondsSince1970
    }

    package init(secondsSince1970: Int64) {
        self.millisecondsSince1970 = secondsSince1970 * 1000
    }

    package static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSince1970 < rhs.millisecondsSince1970
    }

    /// The calendar fields of this moment in UTC (proleptic Gregorian).
    package var components: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int) {
        let ms = millisecondsSince1970
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        // 1970-01-01 was a Thursday (weekday 4 with Sunday = 0).
        let weekday = Int(((days % 7) + 7 + 4) % 7)
        // Howard Hinnant's civil_from_days.
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        return (year, month, day, secondOfDay / 3600, (secondOfDay / 60) % 60, secondOfDay % 60, weekday)
    }

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
    package static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// English month names, for RFC 822 dates (RSS); dates visitors read are the site language's.
    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"]
    private static let dayAbbreviations = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// `2024-05-01T12:30:00Z` (RFC 3339, for Atom, JSON Feed, JSON-LD, `<time datetime>`).
    package var iso8601: String {
        let c = components
        guard (0 ... 9999).contains(c.year) else {
            return "\(Self.pad(c.year, 4))-\(Self.pad(c.month, 2))-\(Self.pad(c.day, 2))T\(Self.pad(c.hour, 2)):\(Self.pad(c.minute, 2)):\(Self.pad(c.second, 2))Z"
        }
        // Byte by byte: this runs for every image page, comment and feed entry.
        return String(unsafeUninitializedCapacity: 20) { out in
            Self.put(c.year, digits: 4, into: out, at: 0)
            out[4] = UInt8(ascii: "-")
            Self.put(c.month, digits: 2, into: out, at: 5)
            out[7] = UInt8(ascii: "-")
            Self.put(c.day, digits: 2, into: out, at: 8)
            out[10] = UInt8(ascii: "T")
            Self.put(c.hour, digits: 2, into: out, at: 11)
            out[13] = UInt8(ascii: ":")
            Self.put(c.minute, digits: 2, into: out, at: 14)
            out[16] = UInt8(ascii: ":")
            Self.put(c.second, digits: 2, into: out, at: 17)
            out[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    /// Writes `value` (non-negative, fits in `digits`) zero-padded at `offset`.
    @inline(__always)
    private static func put(_ value: Int, digits: Int, into out: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var rest = value
        var position = offset + digits - 1
        while position >= offset {
            out[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            position -= 1
        }
    }

    /// `2024-05-01` (sitemap `lastmod`).
    package var isoDate: String {
        let c = components
        return "\(Self.pad(c.year, 4))-\(Self.pad(c.month, 2))-\(Self.pad(c.day, 2))"
    }

    /// `Wed, 01 May 2024 12:30:00 +0000` (RFC 822 with a four-digit year, for RSS).
    package var rfc822: String {
        let c = components
        return "\(Self.dayAbbreviations[c.weekday]), \(Self.pad(c.day, 2)) \(Self.monthNames[c.month - 1].prefix(3)) \(Self.pad(c.year, 4)) \(Self.pad(c.hour, 2)):\(Self.pad(c.minute, 2)):\(Self.pad(c.second, 2)) +0000"
    }
}
