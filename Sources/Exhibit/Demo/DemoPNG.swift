import CZlib

/// A minimal PNG writer for the demo's raster media (social cards and feeds reject SVG): 8-bit
/// RGB, one IDAT chunk. Pictures are rows of one colour with at most one band of another (a
/// vertical gradient with a disc), written straight in PNG's "Sub" filter form, where a flat run
/// is zeros: no per-pixel work, so even a debug build makes hundreds in a blink, and they
/// deflate to a few kilobytes. Deterministic: the same picture gives the same bytes.
///
/// Written by hand rather than taken from a library: the demo needs only this, on the zlib the
/// build already links.
enum DemoPNG {
    typealias Color = (r: UInt8, g: UInt8, b: UInt8)

    /// One row: its colour, and optionally the pixel columns `band` drawn in `bandColor`.
    struct Row {
        var color: Color
        var band: Range<Int>? = nil
        var bandColor: Color = (0, 0, 0)
    }

    /// The PNG file of a `width` × `height` picture whose row `y` is `row(y)`.
    static func encode(width: Int, height: Int, row: (Int) -> Row) -> [UInt8] {
        let stride = width * 3 + 1
        var filtered = [UInt8](repeating: 0, count: height * stride)
        for y in 0 ..< height {
            let line = row(y), start = y * stride
            filtered[start] = 1 // Sub: each byte minus the byte of the pixel to its left
            put(line.color, minus: (0, 0, 0), at: start + 1, in: &filtered)
            if let band = line.band?.clamped(to: 0 ..< width), !band.isEmpty {
                if band.lowerBound > 0 { put(line.bandColor, minus: line.color, at: start + 1 + band.lowerBound * 3, in: &filtered) }
                else { put(line.bandColor, minus: (0, 0, 0), at: start + 1, in: &filtered) }
                if band.upperBound < width { put(line.color, minus: line.bandColor, at: start + 1 + band.upperBound * 3, in: &filtered) }
            }
        }
        var header = [UInt8]()
        appendBigEndian(UInt32(width), to: &header)
        appendBigEndian(UInt32(height), to: &header)
        header += [8, 2, 0, 0, 0] // 8 bits, RGB, deflate, adaptive filtering, no interlace
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        appendChunk("IHDR", header, to: &out)
        appendChunk("IDAT", deflated(filtered), to: &out)
        appendChunk("IEND", [], to: &out)
        return out
    }

    private static func put(_ color: Color, minus previous: Color, at index: Int, in bytes: inout [UInt8]) {
        bytes[index] = color.r &- previous.r
        bytes[index + 1] = color.g &- previous.g
        bytes[index + 2] = color.b &- previous.b
    }

    private static func deflated(_ bytes: [UInt8]) -> [UInt8] {
        var size = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let status = out.withUnsafeMutableBufferPointer { target in
            bytes.withUnsafeBufferPointer { source in compress2(target.baseAddress, &size, source.baseAddress, uLong(source.count), 6) }
        }
        precondition(status == Z_OK, "zlib compress2 failed: \(status)")
        return Array(out.prefix(Int(size)))
    }

    private static func appendChunk(_ type: StaticString, _ data: [UInt8], to out: inout [UInt8]) {
        appendBigEndian(UInt32(data.count), to: &out)
        let typeBytes = Array(UnsafeBufferPointer(start: type.utf8Start, count: type.utf8CodeUnitCount))
        var crc = crc32(0, typeBytes, uInt(typeBytes.count))
        crc = data.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        out += typeBytes
        out += data
        appendBigEndian(UInt32(crc), to: &out)
    }

    private static func appendBigEndian(_ value: UInt32, to out: inout [UInt8]) {
        out += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
