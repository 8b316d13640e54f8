/// A growable byte buffer for one render: appends are a bounds check and a `memcpy`. The renderer
/// copies the result into the caller's `[UInt8]` once at the end.
struct ByteWriter {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        self.base = .allocate(capacity: self.capacity)
    }

    /// Frees the storage; the writer must not be used afterwards.
    func deallocate() {
        base.deallocate()
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    private mutating func grow(toAtLeast needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ start: UnsafePointer<UInt8>, count length: Int) {
        if count + length > capacity { grow(toAtLeast: count + length) }
        (base + count).initialize(from: start, count: length)
        count += length
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        append(start, count: bytes.count)
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toAtLeast: count + 1) }
        base[count] = byte
        count += 1
    }

    /// Appends `text` unchanged (trusted markup, or text already escaped).
    mutating func appendRaw(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
            var text = text
            text.withUTF8 { append($0) }
        }
    }

    /// Appends `number` in decimal.
    mutating func appendDecimal(_ number: Int) {
        DecimalDigits.withASCII(number) { digits in
            append(digits.baseAddress!.assumingMemoryBound(to: UInt8.self), count: digits.count)
        }
    }
}

extension Array where Element == UInt8 {
    /// Appends trusted ASCII markup or syntax.
    @inline(__always)
    mutating func append(ascii text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }
}
