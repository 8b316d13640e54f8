/// The demo generator's own pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// Everything the generator draws comes from here, so a seed gives the same database on every
/// run and every platform: only integer arithmetic and correctly rounded floating-point
/// operations (`+ - * /`, `squareRoot`) are used — never `log`/`pow`/`exp`, whose last bits
/// differ between C libraries.
struct DemoRandom {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator for one independent `stream` (users, images, …) of a seed.
    init(seed: UInt64, stream: UInt64) {
        var mixer = seed ^ (stream &* 0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03
        s0 = Self.splitMix(&mixer); s1 = Self.splitMix(&mixer)
        s2 = Self.splitMix(&mixer); s3 = Self.splitMix(&mixer)
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// One SplitMix64 step (also a good 64-bit mixer for hashing).
    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift, unbiased). `bound` must be > 0.
    mutating func below(_ bound: Int) -> Int {
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// A uniform integer in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A uniform double in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform double in (0, 1].
    mutating func unitOpenBelow() -> Double { Double((next() >> 11) + 1) * 0x1.0p-53 }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// `floor(x + u)` for a uniform u: an integer whose mean is exactly `x` (stochastic rounding).
    mutating func round(_ x: Double) -> Int { Int((x + unit()).rounded(.down)) }

    /// A Pareto(α = 2, minimum 1) draw, `1/√U`: heavy-tailed with mean 2.
    mutating func pareto2() -> Double { 1 / unitOpenBelow().squareRoot() }

    /// A Lomax(α = 2) draw with the given mean: mostly small, occasionally large (delays).
    mutating func lomax(mean: Double) -> Double { mean * (pareto2() - 1) }

    /// Fisher–Yates shuffle.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, below(i + 1))
        }
    }

    /// `count` random characters from `alphabet` (ASCII).
    mutating func string(_ count: Int, from alphabet: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: count) { bytes in
            for i in 0..<count { bytes[i] = alphabet[below(alphabet.count)] }
            return count
        }
    }

    static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    static let hexDigits = Array("0123456789abcdef".utf8)
}

/// A discrete distribution over `0..<count` with a cumulative table: draws in O(log n), and can
/// be restricted to a prefix (the items that exist at a given moment).
///
/// A coarse table (every 64th cumulative value) is searched first, so a draw touches a few
/// cache lines instead of one per bisection step on tables of tens of thousands of users.
struct WeightedTable {
    /// `cumulative[i]` = sum of the weights of items `0...i`.
    private(set) var cumulative: [Double] = []
    /// `coarse[b]` = `cumulative[64 * b + 63]`, for every complete block of 64 items.
    private var coarse: [Double] = []
    private static let blockShift = 6

    init() {}

    init(weights: [Double]) {
        cumulative.reserveCapacity(weights.count)
        for weight in weights { append(weight) }
    }

    mutating func append(_ weight: Double) {
        cumulative.append((cumulative.last ?? 0) + max(0, weight))
        if cumulative.count & ((1 << Self.blockShift) - 1) == 0 { coarse.append(cumulative[cumulative.count - 1]) }
    }

    var count: Int { cumulative.count }

    /// Total weight of the first `prefix` items.
    func total(prefix: Int) -> Double { prefix <= 0 ? 0 : cumulative[min(prefix, count) - 1] }

    /// An index in `0..<prefix` drawn by weight (the first whose cumulative weight exceeds a
    /// uniform target), or nil when they all weigh nothing.
    func draw(_ random: inout DemoRandom, prefix: Int? = nil) -> Int? {
        let limit = min(prefix ?? count, count)
        let total = total(prefix: limit)
        guard total > 0 else { return nil }
        let target = random.unit() * total
        // The first complete block (inside the prefix) whose last cumulative value exceeds the target.
        let block = coarse[..<(limit >> Self.blockShift)].partitioningIndex { $0 > target }
        // Then the item inside that block (or inside the incomplete tail of the prefix): its
        // last item is the answer when no earlier one exceeds the target.
        let first = block << Self.blockShift
        let last = max(first, min(first + (1 << Self.blockShift), limit) - 1)
        return cumulative[first ..< last].partitioningIndex { $0 > target }
    }

    /// Zipf–Mandelbrot weights `1/(rank + q)` for ranks 0..<count.
    static func zipf(count: Int, q: Double = 1) -> WeightedTable {
        WeightedTable(weights: (0..<count).map { 1 / (Double($0) + q) })
    }
}

/// FNV-1a over UTF-8 bytes followed by a SplitMix finaliser: a stable 64-bit hash of a string.
func demoHash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
    var state = hash
    return DemoRandom.splitMix(&state)
}
