/// Makes MongoDB-style ObjectIds for one table: 4 bytes of creation time, 5 bytes of
/// "process" randomness, a 3-byte counter — 24 lowercase hex digits, as the platform exports them.
///
/// Rows generated in time order get increasing ids, so SQLite appends to the primary-key index.
/// Ids never repeat: when the counter wraps, the process bytes change (as a restarted server's
/// would), and the process bytes of different tables and wraps differ.
struct ObjectIdGenerator {
    private let processBase: UInt64
    private var counter: UInt64
    private var wraps: UInt64 = 0

    init(seed: UInt64, table: UInt64) {
        var state = seed ^ 0x0B1E_C71D
        let mixed = DemoRandom.splitMix(&state)
        // 32 bits from the seed, then 8 bits naming the table (high 3 bits) and the wrap count.
        processBase = (mixed & 0xFFFF_FFFF) << 8 | (table & 0x7) << 5
        counter = (mixed >> 40) & 0xFF_FFFF
    }

    /// The next id, stamped with `ms` (milliseconds since 1970).
    mutating func next(at ms: Int64) -> String {
        let process = processBase | (wraps & 0x1F)
        let value = counter
        counter += 1
        if counter > 0xFF_FFFF { counter = 0; wraps += 1 }
        let time = UInt64(max(0, ms / 1000)) & 0xFFFF_FFFF
        return String(unsafeUninitializedCapacity: 24) { out in
            func put(_ number: UInt64, at offset: Int, digits: Int) {
                for i in 0..<digits {
                    out[offset + i] = DemoRandom.hexDigits[Int((number >> UInt64(4 * (digits - 1 - i))) & 0xF)]
                }
            }
            put(time, at: 0, digits: 8)
            put(process, at: 8, digits: 10)
            put(value, at: 18, digits: 6)
            return 24
        }
    }
}

extension DemoRandom {
    /// A Clerk user id: `user_2` and 25 base62 characters.
    mutating func clerkUserId() -> String { "user_2" + string(25, from: DemoRandom.base62) }
}

/// Minimal JSON array-of-strings writer, as the platform's `JSON.stringify` writes them:
/// quotes, backslashes and control characters escaped, everything else verbatim UTF-8.
enum DemoJSON {
    static func array(_ items: [String]) -> String {
        var out = "["
        for (index, item) in items.enumerated() {
            if index > 0 { out += "," }
            out += "\""
            if !item.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                out += item // nothing to escape: the common case
                out += "\""
                continue
            }
            for scalar in item.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            out += "\""
        }
        return out + "]"
    }
}
