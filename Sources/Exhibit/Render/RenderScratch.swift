#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Room for the texts one page makes — links, thumbnail URLs, labels — that its template values
/// point at (``TemplateValue/bytes(_:)``) until the page is written: blocks that never move,
/// freed together when the page is done. One allocation per block instead of one string per
/// value, and no reference counting.
final class RenderScratch {
    private static let blockSize = 16 * 1024
    private var blocks: [UnsafeMutableRawPointer] = []
    private var cursor: UnsafeMutableRawPointer?
    private var left = 0

    init() {}

    deinit { for block in blocks { free(block) } }

    /// Runs `body` with a fresh scratch space, freed afterwards: the values made in it must not
    /// outlive `body`.
    static func with<Result>(_ body: (RenderScratch) throws -> Result) rethrows -> Result {
        let scratch = RenderScratch()
        return try withExtendedLifetime(scratch) { try body(scratch) }
    }

    /// Room for `count` bytes.
    private func reserve(_ count: Int) -> UnsafeMutableRawPointer {
        if count > left {
            let size = max(Self.blockSize, count)
            guard let block = malloc(size) else { fatalError("out of memory") }
            blocks.append(block)
            cursor = block
            left = size
        }
        let start = cursor!
        cursor = start + count
        left -= count
        return start
    }

    /// The pieces written back to back.
    func join(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer = .init(start: nil, count: 0),
              _ c: UnsafeRawBufferPointer = .init(start: nil, count: 0),
              _ d: UnsafeRawBufferPointer = .init(start: nil, count: 0)) -> TemplateBytes {
        let total = a.count + b.count + c.count + d.count
        guard total > 0 else { return TemplateBytes(UnsafeRawBufferPointer(start: nil, count: 0)) }
        let start = reserve(total)
        var offset = 0
        Self.put(a, at: start, &offset)
        Self.put(b, at: start, &offset)
        Self.put(c, at: start, &offset)
        Self.put(d, at: start, &offset)
        return TemplateBytes(UnsafeRawBufferPointer(start: start, count: total))
    }

    /// The pieces written back to back, `separator` before each piece that follows written bytes
    /// (`a, b, c`; leading empty pieces add none).
    func join<Pieces: Collection<UnsafeRawBufferPointer>>(_ pieces: Pieces, separator: StaticString) -> TemplateBytes {
        var capacity = 0
        for piece in pieces { capacity += piece.count + separator.utf8CodeUnitCount }
        return make(capacity: capacity) { out in
            var offset = 0
            for piece in pieces {
                if offset > 0 { Self.put(separator.rawBytes, at: out, &offset) }
                Self.put(piece, at: out, &offset)
            }
            return offset
        }
    }

    /// Copies `piece` to `start + offset` and moves `offset` past it.
    @inline(__always)
    private static func put(_ piece: UnsafeRawBufferPointer, at start: UnsafeMutableRawPointer, _ offset: inout Int) {
        guard piece.count > 0 else { return }
        (start + offset).copyMemory(from: piece.baseAddress!, byteCount: piece.count)
        offset += piece.count
    }

    /// Bytes written by `body` into a buffer of at most `capacity` bytes (it returns how many).
    func make(capacity: Int, _ body: (UnsafeMutableRawPointer) -> Int) -> TemplateBytes {
        guard capacity > 0 else { return TemplateBytes(UnsafeRawBufferPointer(start: nil, count: 0)) }
        let start = reserve(capacity)
        let used = body(start)
        // Give back what was not used (only the latest reservation can shrink).
        cursor = start + used
        left += capacity - used
        return TemplateBytes(UnsafeRawBufferPointer(start: start, count: used))
    }

    /// A copy of `text` that lives as long as the scratch space.
    func copy(_ text: String) -> TemplateBytes {
        var text = text
        return text.withUTF8 { join(UnsafeRawBufferPointer($0)) }
    }
}

extension StaticString {
    /// The UTF-8 bytes (static strings live for the whole run).
    @inline(__always)
    var rawBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: utf8Start, count: utf8CodeUnitCount) }
}

/// Writes pieces back to back into memory reserved by ``RenderScratch/make(capacity:_:)``,
/// which must have room for all of them.
struct ScratchCursor {
    let start: UnsafeMutableRawPointer
    private(set) var offset = 0

    init(_ start: UnsafeMutableRawPointer) { self.start = start }

    @inline(__always)
    mutating func put(_ piece: UnsafeRawBufferPointer) {
        guard piece.count > 0 else { return }
        (start + offset).copyMemory(from: piece.baseAddress!, byteCount: piece.count)
        offset += piece.count
    }

    @inline(__always)
    mutating func put(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { put($0) }
    }
}
