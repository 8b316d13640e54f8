import CZlib
import Foundation

/// gzip (zlib, level 9) for precompressed uploads. Deterministic: the header's time is 0, so
/// the same file gives the same bytes (and the same ETag) on every machine with this zlib.
enum Gzip {
    static func compress(_ data: Data) -> Data? {
        var stream = z_stream()
        guard deflateInit2_(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return nil
        }
        defer { deflateEnd(&stream) }
        var output = Data(count: Int(deflateBound(&stream, uLong(data.count))) + 32)
        let produced: Int? = data.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { target -> Int? in
                stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = target.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(target.count)
                return deflate(&stream, Z_FINISH) == Z_STREAM_END ? Int(stream.total_out) : nil
            }
        }
        guard let produced else { return nil }
        return output.prefix(produced)
    }
}
