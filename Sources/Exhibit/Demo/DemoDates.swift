/// A value bound into one column of a generated row.
enum DemoValue: Equatable {
    case text(String)
    case integer(Int64)
    case null
}

/// Every date storage form of docs/database.md the platform's export uses.
enum DemoDateForm: Int, CaseIterable {
    /// `2024-05-01T12:30:00.123Z` (JavaScript's `toISOString`, the export's usual form).
    case isoMillisZ
    /// `2024-05-01T12:30:00Z`.
    case isoZ
    /// `2024-05-01T12:30:00.123456Z`.
    case isoMicrosZ
    /// `2024-05-01T14:30:00+02:00` (local time with its offset).
    case isoOffset
    /// `2024-05-01T08:00:00.123-04:30`.
    case isoOffsetFraction
    /// `2024-05-01 12:30:00` (SQLite's `CURRENT_TIMESTAMP`, UTC).
    case sqlite
    /// INTEGER unix seconds.
    case unixSeconds
    /// INTEGER unix milliseconds.
    case unixMillis
}

/// The fixed calendar the demo lives in (never the clock): accounts from autumn 2021, uploads
/// over 2022–2025, activity until the end of 2025.
enum DemoCalendar {
    static let usersStart = Timestamp.days(year: 2021, month: 10, day: 1) * 86_400_000
    static let usersEnd = Timestamp.days(year: 2025, month: 9, day: 30) * 86_400_000
    static let imagesStart = Timestamp.days(year: 2022, month: 1, day: 1) * 86_400_000
    static let imagesEnd = Timestamp.days(year: 2025, month: 11, day: 1) * 86_400_000
    /// Nothing happens at or after this instant (2026-01-01T00:00:00Z).
    static let activityEnd = Timestamp.days(year: 2026, month: 1, day: 1) * 86_400_000

    static let dayMillis: Int64 = 86_400_000

    /// UTC offsets (minutes) used by the ISO-with-offset forms.
    static let offsets = [120, -300, 330, 540, -180, 0, -480, 345, 60, -270]

    /// Maps `fraction` ∈ [0, 1) to a moment in `start..<end` on a growing platform: activity
    /// rises linearly, four times busier at the end than at the start (inverse CDF, exact
    /// arithmetic only).
    static func growing(_ fraction: Double, from start: Int64, to end: Int64) -> Int64 {
        let tau = ((1 + 15 * fraction).squareRoot() - 1) / 3
        return start + Int64((Double(end - start) * tau).rounded(.down))
    }

    /// Maps `fraction` ∈ [0, 1) to a moment in `start..<end` with activity falling linearly to
    /// zero at the end (sign-ups: most accounts are old).
    static func frontLoaded(_ fraction: Double, from start: Int64, to end: Int64) -> Int64 {
        let tau = 1 - (1 - fraction).squareRoot()
        return start + Int64((Double(end - start) * tau).rounded(.down))
    }

    /// The inverse of ``growing(_:from:to:)``: the fraction of the timeline before `moment`.
    static func fractionBefore(_ moment: Int64, from start: Int64, to end: Int64) -> Double {
        let tau = min(1, max(0, Double(moment - start) / Double(end - start)))
        return (tau + 1.5 * tau * tau) / 2.5
    }

    /// The moment `ms` stored in `form` (offset forms use `offsetMinutes`).
    static func format(_ ms: Int64, as form: DemoDateForm, offsetMinutes: Int = 0) -> DemoValue {
        switch form {
        case .unixSeconds: return .integer(ms / 1000)
        case .unixMillis: return .integer(ms)
        case .isoMillisZ: return .text(iso(ms, fractionDigits: 3, offsetMinutes: nil, separator: UInt8(ascii: "T")))
        case .isoZ: return .text(iso(ms, fractionDigits: 0, offsetMinutes: nil, separator: UInt8(ascii: "T")))
        case .isoMicrosZ: return .text(iso(ms, fractionDigits: 6, offsetMinutes: nil, separator: UInt8(ascii: "T")))
        case .isoOffset: return .text(iso(ms, fractionDigits: 0, offsetMinutes: offsetMinutes, separator: UInt8(ascii: "T")))
        case .isoOffsetFraction: return .text(iso(ms, fractionDigits: 3, offsetMinutes: offsetMinutes, separator: UInt8(ascii: "T")))
        case .sqlite: return .text(iso(ms, fractionDigits: -1, offsetMinutes: nil, separator: UInt8(ascii: " ")))
        }
    }

    /// ISO-8601 text; `fractionDigits` -1 means SQLite's form (no fraction, no zone designator).
    private static func iso(_ ms: Int64, fractionDigits: Int, offsetMinutes: Int?, separator: UInt8) -> String {
        let local = ms + Int64(offsetMinutes ?? 0) * 60_000
        let c = Timestamp(millisecondsSince1970: local).components
        return String(unsafeUninitializedCapacity: 40) { buffer in
            var count = 0
            func append(_ byte: UInt8) { buffer[count] = byte; count += 1 }
            func digits(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                var rest = value
                while divisor > 0 {
                    append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                    rest %= divisor
                    divisor /= 10
                }
            }
            digits(c.year, 4); append(UInt8(ascii: "-")); digits(c.month, 2); append(UInt8(ascii: "-")); digits(c.day, 2)
            append(separator)
            digits(c.hour, 2); append(UInt8(ascii: ":")); digits(c.minute, 2); append(UInt8(ascii: ":")); digits(c.second, 2)
            let millis = Int(((local % 1000) + 1000) % 1000)
            if fractionDigits == 3 {
                append(UInt8(ascii: ".")); digits(millis, 3)
            } else if fractionDigits == 6 {
                // Microseconds: the milliseconds plus three stable sub-millisecond digits.
                append(UInt8(ascii: ".")); digits(millis * 1000 + Int(UInt64(bitPattern: ms) % 997), 6)
            }
            if fractionDigits >= 0 {
                if let offset = offsetMinutes {
                    append(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                    digits(abs(offset) / 60, 2); append(UInt8(ascii: ":")); digits(abs(offset) % 60, 2)
                } else {
                    append(UInt8(ascii: "Z"))
                }
            }
            return count
        }
    }
}
