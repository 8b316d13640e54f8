/// The compact text encoding of a posting list (see README "Search" and `search.js`).
///
/// A posting list is a sequence of numbers written as base-32 varints in a JSON-safe alphabet:
/// each character carries 5 bits, least significant first; characters from the second half of
/// ``alphabet`` mean "more digits follow". The numbers are groups, highest weight first:
/// `weight, count, gap₁ … gap_count`, where the gaps are the image indices of that weight,
/// ascending, delta-encoded (`gap = index − previous − 1`, previous starting at −1 in each group).
enum SearchPostings {
    /// 32 terminal digits followed by 32 continuation digits; no character needs JSON escaping.
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".utf8)

    static let decodeTable: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (i, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(i) }
        return table
    }()

    @inline(__always)
    static func appendNumber(_ value: Int, to out: inout [UInt8]) {
        var rest = value
        while rest >= 32 {
            out.append(alphabet[32 + (rest & 31)])
            rest >>= 5
        }
        out.append(alphabet[rest])
    }

    /// Decodes a posting list into (image index, weight) pairs, in stored order.
    static func decode(_ text: String) throws -> [(doc: Int, weight: Int)] {
        var numbers: [Int] = []
        var value = 0, shift = 0
        for byte in text.utf8 {
            let digit = byte < 128 ? Int(decodeTable[Int(byte)]) : -1
            guard digit >= 0, shift <= 55 else { throw SiteSearchError.corrupt("bad posting list") }
            value |= (digit & 31) << shift
            if digit >= 32 { shift += 5 } else { numbers.append(value); value = 0; shift = 0 }
        }
        guard shift == 0 else { throw SiteSearchError.corrupt("truncated posting list") }
        var result: [(doc: Int, weight: Int)] = []
        var i = 0
        while i < numbers.count {
            guard i + 1 < numbers.count else { throw SiteSearchError.corrupt("truncated posting group") }
            let weight = numbers[i], count = numbers[i + 1]
            i += 2
            guard count <= numbers.count - i else { throw SiteSearchError.corrupt("truncated posting group") }
            var previous = -1
            for _ in 0 ..< count {
                // Numbers are below 2^60 and `previous` at least −1: only the sum can overflow.
                guard numbers[i] < Int.max - 1 - previous else { throw SiteSearchError.corrupt("image number out of range") }
                previous += numbers[i] + 1
                result.append((previous, weight))
                i += 1
            }
        }
        return result
    }
}
