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
}

/// Output helpers for the template renderer: HTML escaping that skips eight bytes at a time
/// while none is special and copies clean runs in bulk, and decimal formatting without `String`.
enum HTMLEscaping {
    /// Appends `text` to `writer`, replacing & < > " ' with entities (`&#39;` for the apostrophe,
    /// matching ``Escape/html(_:)``).
    static func appendEscaped(_ text: String, to writer: inout ByteWriter) {
        // Non-mutating access: the caller's string is borrowed, not copied (no retain per value).
        if text.utf8.withContiguousStorageIfAvailable({ appendEscaped($0, to: &writer) }) == nil {
            var text = text
            text.withUTF8 { appendEscaped($0, to: &writer) }
        }
    }

    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// Whether any byte of `word` is one of & < > " ' (one branch for all five).
    @inline(__always)
    private static func hasSpecialByte(_ word: UInt64) -> Bool {
        (zeroBytes(word ^ 0x2626_2626_2626_2626) | zeroBytes(word ^ 0x3C3C_3C3C_3C3C_3C3C)
            | zeroBytes(word ^ 0x3E3E_3E3E_3E3E_3E3E) | zeroBytes(word ^ 0x2222_2222_2222_2222)
            | zeroBytes(word ^ 0x2727_2727_2727_2727)) != 0
    }

    /// Appends `bytes` HTML-escaped to `writer`.
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to writer: inout ByteWriter) {
        guard let start = bytes.baseAddress else { return }
        let count = bytes.count
        var runStart = 0
        var index = 0
        while index < count {
            if index + 8 <= count {
                let word = UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self)
                if !hasSpecialByte(word) {
                    index += 8
                    continue
                }
            }
            let entity: StaticString
            switch start[index] {
            case UInt8(ascii: "&"): entity = "&amp;"
            case UInt8(ascii: "<"): entity = "&lt;"
            case UInt8(ascii: ">"): entity = "&gt;"
            case UInt8(ascii: "\""): entity = "&quot;"
            case UInt8(ascii: "'"): entity = "&#39;"
            default:
                index += 1
                continue
            }
            if index > runStart { writer.append(start + runStart, count: index - runStart) }
            writer.append(entity.utf8Start, count: entity.utf8CodeUnitCount)
            index += 1
            runStart = index
        }
        if count > runStart { writer.append(start + runStart, count: count - runStart) }
    }

    /// Appends `text` unchanged.
    static func appendRaw(_ text: String, to writer: inout ByteWriter) {
        if text.utf8.withContiguousStorageIfAvailable({ writer.append($0) }) == nil {
            var text = text
            text.withUTF8 { writer.append($0) }
        }
    }

    /// Appends `number` in decimal.
    static func appendDecimal(_ number: Int, to writer: inout ByteWriter) {
        DecimalDigits.withASCII(number) { digits in
            writer.append(digits.baseAddress!.assumingMemoryBound(to: UInt8.self), count: digits.count)
        }
    }
}
