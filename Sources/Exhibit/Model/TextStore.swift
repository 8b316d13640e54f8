#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Texts of a gallery — ids, URLs, descriptions, comment texts — as UTF-8, back to back, read by
/// any number of threads at once.
///
/// A million images as Swift strings cost a heap allocation, a 32-byte header and reference
/// counting per string; here they cost their bytes. Records (``ImageRecord``, ``CommentRecord``)
/// say where their texts start and how long they are.
///
/// A store is made by a ``Builder``: it appends (one thread, while the database is read), then
/// ``Builder/finish()`` consumes it and returns the store. A store has no way to append and a
/// builder cannot be copied or shared, so texts are never read by other threads while they are
/// still appended to: the compiler checks it. ``bytes(_:_:)`` hands out pointers into the store
/// without copying: they stay valid as long as the store does (any copy of it, such as the one
/// in the ``Gallery`` that owns it), and must not be kept past it.
///
/// **Spilling.** A builder made with a `spillThreshold` moves its texts to an unlinked temporary
/// file once it holds that many bytes: appends then go to the file a block at a time, and reads
/// go through a read-only mapping of it. Its bytes live in the kernel's page cache, which can drop
/// and re-read them, instead of in the process's own memory. While a store is spilled,
/// ``ResidentPageWatch`` looks at the process's memory every few milliseconds: past
/// ``residentBudget`` bytes of mapped files, the pages read so far are unmapped (the next read
/// maps them again, from the page cache). A store that cannot make or write its file (a full or
/// read-only `$TMPDIR`) stays in memory for good: it tries once, so a failing disk costs one
/// attempt, not one per append.
///
/// `@unchecked Sendable`: once appending has ended nothing changes the storage but
/// ``releaseResidentPages()``, which takes the storage's lock.
package struct TextStore: @unchecked Sendable {
    /// The owner of the bytes, shared by every copy of the store.
    private let storage: TextStorage
    /// The first byte; it never moves once appending has ended. Nil when the store is empty.
    private let base: UnsafeRawPointer?
    /// Bytes stored.
    package let count: Int

    /// File-backed memory the process may hold (beyond what it held when its first store
    /// spilled) before the spilled stores unmap what they have mapped.
    static let residentBudget = 48 << 20

    /// The store of `storage`, whose appending ends here.
    fileprivate init(finishing storage: TextStorage) {
        storage.finishAppending()
        self.storage = storage
        base = UnsafeRawPointer(storage.base)
        count = storage.count
    }

    /// True when the texts live in a temporary file.
    var isSpilled: Bool { storage.isSpilled }

    /// Why the store could not spill (then it never tried again), for the build's notes.
    var spillFailure: String? { storage.spillFailure }

    /// Times the store tried to move to a file (at most once; tests check it).
    var spillAttempts: Int { storage.spillAttempts }

    /// The `length` bytes at `start`: valid while this store exists.
    @inline(__always)
    func bytes(_ start: UInt64, _ length: UInt32) -> UnsafeRawBufferPointer {
        guard length > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base! + Int(start), count: Int(length))
    }

    /// The `length` bytes at `start` as a string (a copy). The store holds valid UTF-8 only.
    func string(_ start: UInt64, _ length: UInt32) -> String {
        String(decoding: bytes(start, length), as: UTF8.self)
    }

    /// Unmaps the pages of a spilled store that reading has mapped (see
    /// ``TextStorage/releaseResidentPages()``). Safe while other threads read.
    func releaseResidentPages() { storage.releaseResidentPages() }
}

extension TextStore {
    /// Makes a ``TextStore``: appends texts on one thread, reads back what it has appended, and
    /// ``finish()`` ends appending and returns the store. It cannot be copied, and finishing
    /// consumes it.
    struct Builder: ~Copyable {
        private let storage: TextStorage

        /// A builder with room for `capacity` bytes before it first grows; with a
        /// `spillThreshold`, its texts move to a temporary file in `spillDirectory` (default:
        /// `$TMPDIR`, else `/tmp`) past that many bytes; with a `finishedSpillThreshold`, they move
        /// there when appending ends, if there are more (for texts looked up while they are
        /// appended).
        init(reservingCapacity capacity: Int = 0, spillThreshold: Int? = nil, finishedSpillThreshold: Int? = nil,
             spillDirectory: String? = nil) {
            storage = TextStorage(reservingCapacity: capacity, spillThreshold: spillThreshold,
                                  finishedSpillThreshold: finishedSpillThreshold, spillDirectory: spillDirectory)
        }

        /// Appends `bytes` and returns where they start.
        @discardableResult
        mutating func append(_ bytes: UnsafeRawBufferPointer) -> UInt64 { storage.append(bytes) }

        /// Appends the UTF-8 of `text` and returns where it starts.
        @discardableResult
        mutating func append(_ text: String) -> UInt64 {
            var text = text
            return text.withUTF8 { storage.append(UnsafeRawBufferPointer($0)) }
        }

        /// The `length` bytes at `start`, appended earlier: valid until the next append (growing
        /// may move them).
        @inline(__always)
        func bytes(_ start: UInt64, _ length: UInt32) -> UnsafeRawBufferPointer { storage.bytes(start, length) }

        /// Ends appending: spilled texts are written out and mapped whole (texts past the
        /// `finishedSpillThreshold` move to their file first). The store may then be read by any
        /// number of threads.
        consuming func finish() -> TextStore { TextStore(finishing: storage) }
    }
}

/// The memory behind a ``TextStore``: a block of memory, or a temporary file mapped into a
/// reserved address range; the only type that touches it. Appended to through one
/// ``TextStore/Builder`` (one thread), then only read through the stores it made, so
/// `@unchecked Sendable`: ``releaseResidentPages()``, which the watch calls from its thread,
/// takes a lock.
final class TextStorage: @unchecked Sendable {
    /// The first byte: of the memory block, or of the reserved address range the file is mapped into.
    fileprivate private(set) var base: UnsafeMutableRawPointer?
    /// Bytes stored.
    fileprivate private(set) var count = 0
    /// In memory: the block's size. Spilled: the size of the reserved address range.
    private var capacity = 0
    private let spillThreshold: Int?
    private var spill: Spill?
    /// Why the store could not spill (then it never tries again), for the build's notes.
    fileprivate private(set) var spillFailure: String?
    /// Times the store tried to move to a file (at most once; tests check it).
    fileprivate private(set) var spillAttempts = 0
    /// Bytes that can be read in place: all of them in memory; those mapped when spilled.
    private var readable = 0
    /// The mapped part of a spilled store (address, bytes), for ``releaseResidentPages()`` on the
    /// watch's thread. Changed under its lock before the mapping changes, so that a release
    /// never touches memory the store no longer maps (unmapping the pages of an anonymous
    /// block would zero them).
    private let releasable = Mutex<(address: UInt, count: Int)>((0, 0))

    /// The temporary file behind a spilled store.
    private struct Spill {
        var descriptor: Int32
        /// Bytes written to the file.
        var written = 0
        /// Bytes of the file mapped at `base`.
        var mapped = 0
        /// Appended, not yet written.
        var pending: [UInt8] = []
    }

    /// Bytes a spilled store collects before writing them to its file.
    private static let blockSize = 1 << 20

    /// Where spilled texts go: `directory`, else `$TMPDIR`, else `/tmp`.
    private let spillDirectory: String
    /// Bytes past which the store moves to its file when appending ends.
    private let finishedSpillThreshold: Int?

    /// See ``Builder/init(reservingCapacity:spillThreshold:finishedSpillThreshold:spillDirectory:)``.
    fileprivate init(reservingCapacity capacity: Int, spillThreshold: Int?, finishedSpillThreshold: Int?,
                     spillDirectory: String?) {
        self.spillThreshold = spillThreshold
        self.finishedSpillThreshold = finishedSpillThreshold
        self.spillDirectory = spillDirectory ?? Self.temporaryDirectory
        if capacity > 0 { grow(toAtLeast: capacity) }
    }

    deinit {
        if let spill {
            munmap(base, capacity)
            close(spill.descriptor)
        } else {
            free(base)
        }
    }

    /// True once the texts live in a temporary file.
    fileprivate var isSpilled: Bool { spill != nil }

    /// Appends `bytes` and returns where they start.
    fileprivate func append(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let start = count
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return UInt64(start) }
        if spill == nil, spillFailure == nil, let spillThreshold, count + bytes.count > spillThreshold { startSpilling() }
        if spill != nil {
            spill!.pending.append(contentsOf: bytes)
            count += bytes.count
            if spill!.pending.count >= Self.blockSize { writePending() }
            return UInt64(start)
        }
        if count + bytes.count > capacity { grow(toAtLeast: count + bytes.count) }
        (base! + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
        readable = count
        return UInt64(start)
    }

    /// The `length` bytes at `start`, while appending (a spilled store maps what it has written
    /// when they are not mapped yet).
    @inline(__always)
    fileprivate func bytes(_ start: UInt64, _ length: UInt32) -> UnsafeRawBufferPointer {
        guard length > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        if Int(start) + Int(length) > readable { mapWritten() }
        return UnsafeRawBufferPointer(start: base! + Int(start), count: Int(length))
    }

    /// Ends appending: a spilled store writes what it holds and maps all of it, so that any
    /// number of threads can read it.
    fileprivate func finishAppending() {
        if spill == nil, spillFailure == nil, let finishedSpillThreshold, count > finishedSpillThreshold { startSpilling() }
        if spill != nil { mapWritten() }
    }

    /// Unmaps the pages of a spilled store that reading has mapped (they stay in the page cache;
    /// the next read of one maps it again). Safe while other threads read. Nothing for a store
    /// in memory.
    func releaseResidentPages() {
        releasable.withLock { range in
            guard range.count > 0, let start = UnsafeMutableRawPointer(bitPattern: range.address) else { return }
            _ = madvise(start, Self.pageRounded(range.count), MADV_DONTNEED)
        }
    }

    // MARK: In memory

    /// Grows by doubling. Large blocks are moved by `realloc` with `mremap` on Linux (no copy and
    /// no second copy held), and capacity never written is never resident.
    private func grow(toAtLeast needed: Int) {
        var newCapacity = max(capacity * 2, 64 * 1024)
        while newCapacity < needed { newCapacity *= 2 }
        guard let grown = realloc(base, newCapacity) else {
            fatalError("out of memory: cannot hold \(newCapacity) bytes of gallery text")
        }
        base = grown
        capacity = newCapacity
    }

    // MARK: Spilled

    /// Address space reserved for the mapping: never touched past the file's size, so it costs
    /// no memory; it only has to be larger than any gallery's texts.
    private static let reservations = [1 << 40, 1 << 36, 1 << 32]

    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    private static func pageRounded(_ size: Int) -> Int {
        (size + pageSize - 1) / pageSize * pageSize
    }

    /// Moves the texts to a new unlinked temporary file, mapped into a reserved address range
    /// (so pointers into it never move). Stays in memory when the file cannot be made.
    private func startSpilling() {
        spillAttempts += 1
        guard let descriptor = Self.makeTemporaryFile(in: spillDirectory) else {
            spillFailure = "cannot create a file in \(spillDirectory): \(String(cString: strerror(errno)))"
            return
        }
        var reserved: UnsafeMutableRawPointer?
        var size = 0
        for candidate in Self.reservations where count < candidate / 2 {
            let range = mmap(nil, candidate, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
            if let range, range != Self.mapFailed {
                reserved = range
                size = candidate
                break
            }
        }
        guard let reserved else {
            close(descriptor)
            spillFailure = "cannot reserve address space to map it"
            return
        }
        var spill = Spill(descriptor: descriptor)
        if count > 0 { spill.pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: count)) }
        spill.pending.reserveCapacity(Self.blockSize + 64 * 1024)
        free(base)
        base = reserved
        capacity = size
        readable = 0
        self.spill = spill
        writePending()
        ResidentPageWatch.shared.watch(self)
    }

    private static var mapFailed: UnsafeMutableRawPointer? { UnsafeMutableRawPointer(bitPattern: -1) }

    /// Brings a spilled store back into memory (its file could not be written or mapped). Only
    /// while appending, when no pointer into the store is held.
    private func unspill(because reason: String) {
        guard let spill else { return }
        spillFailure = reason
        releasable.withLock { $0 = (0, 0) }
        let file = spill.written
        guard let block = malloc(max(count, 1)) else { fatalError("out of memory: cannot hold \(count) bytes of gallery text") }
        var offset = 0
        while offset < file {
            let got = pread(spill.descriptor, block + offset, file - offset, off_t(offset))
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { fatalError("cannot read gallery text back from its temporary file: \(String(cString: strerror(errno)))") }
            offset += got
        }
        spill.pending.withUnsafeBytes { pending in
            if let source = pending.baseAddress { (block + file).copyMemory(from: source, byteCount: pending.count) }
        }
        munmap(base, capacity)
        close(spill.descriptor)
        self.spill = nil
        base = block
        capacity = max(count, 1)
        readable = count
    }

    /// Writes the pending bytes to the file. A write that fails (a full disk) leaves the store in
    /// a state it cannot read from: the build stops with a message rather than publish wrong text.
    private func writePending() {
        guard var spill, !spill.pending.isEmpty else { return }
        self.spill = nil // the array is changed below without a copy
        var code: Int32 = 0
        let failed = spill.pending.withUnsafeBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let written = pwrite(spill.descriptor, bytes.baseAddress! + offset, bytes.count - offset,
                                     off_t(spill.written + offset))
                if written < 0 {
                    if errno == EINTR { continue }
                    code = errno
                    return true
                }
                offset += written
            }
            return false
        }
        if failed {
            self.spill = spill
            // A full disk: the texts stay in memory instead, and the store does not try again.
            unspill(because: "cannot write to a file in \(spillDirectory): \(String(cString: strerror(code)))")
            return
        }
        spill.written += spill.pending.count
        spill.pending.removeAll(keepingCapacity: true)
        self.spill = spill
    }

    /// Maps everything written so far (writing what is pending first) at `base`.
    private func mapWritten() {
        writePending()
        guard var spill, spill.written > spill.mapped else { return }
        guard spill.written <= capacity,
              mmap(base, spill.written, PROT_READ, MAP_SHARED | MAP_FIXED, spill.descriptor, 0) != Self.mapFailed else {
            unspill(because: "cannot map its file in \(spillDirectory): \(String(cString: strerror(errno)))")
            return
        }
        // Grid cells read texts all over the file: no read-ahead.
        _ = madvise(base, spill.written, MADV_RANDOM)
        spill.mapped = spill.written
        readable = spill.mapped
        releasable.withLock { $0 = (UInt(bitPattern: base), spill.mapped) }
        self.spill = spill
    }

    private static var temporaryDirectory: String {
        if let value = getenv("TMPDIR"), value.pointee != 0 { return String(cString: value) }
        return "/tmp"
    }

    /// A new temporary file, already unlinked (it goes when the store does, or the process ends).
    private static func makeTemporaryFile(in directory: String) -> Int32? {
        var template = Array((directory + "/exhibit-text-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return descriptor
    }
}

extension UnsafeRawBufferPointer {
    /// The same bytes, typed (texts in a ``TextStore`` are bytes, and only ever read as such).
    @inline(__always)
    var uint8: UnsafeBufferPointer<UInt8> { assumingMemoryBound(to: UInt8.self) }

    /// The bytes as a string (a copy). For bytes known to be valid UTF-8.
    var utf8String: String { String(decoding: self, as: UTF8.self) }

    /// Byte-wise equality.
    @inline(__always)
    func bytesEqual(_ other: UnsafeRawBufferPointer) -> Bool {
        guard count == other.count else { return false }
        if count == 0 { return true }
        return memcmp(baseAddress!, other.baseAddress!, count) == 0
    }

    /// Byte order (a shorter prefix first).
    @inline(__always)
    func bytesPrecede(_ other: UnsafeRawBufferPointer) -> Bool {
        let common = Swift.min(count, other.count)
        if common > 0 {
            let order = memcmp(baseAddress!, other.baseAddress!, common)
            if order != 0 { return order < 0 }
        }
        return count < other.count
    }
}
