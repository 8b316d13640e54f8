/// The decimal digits of an integer as ASCII bytes, without making a string.
enum DecimalDigits {
    /// Calls `body` with the ASCII of `value` in decimal (a leading `-` when negative); the bytes
    /// live on the stack for the duration of the call.
    static func withASCII(_ value: Int, _ body: (UnsafeRawBufferPointer) -> Void) {
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { raw in
            var position = raw.count
            repeat {
                position -= 1
                raw[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                position -= 1
                raw[position] = UInt8(ascii: "-")
            }
            body(UnsafeRawBufferPointer(rebasing: raw[position...]))
        }
    }
}
