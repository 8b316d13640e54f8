#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The list of operations a commit performs in the output folder, written to
/// `.exhibit-staging/journal` before the first of them (the commit point), so that a build
/// killed during its commit is completed by the next one.
///
/// Text, one operation a line (paths hold no control characters, so lines are unambiguous), in
/// any order (no two operations touch the same path):
///
///     exhibit-journal 1
///     F 17 images/x/index.html   move the staged file f/17 into place
///     T images/abc            move the staged folder t/images/abc into place
///     R tags/old/index.html   remove a file the previous build wrote
///     end 3
///
/// The build writes file moves into `journal.tmp` as it stages files, adds the rest at commit,
/// and renames it to `journal` when complete: a `journal` file is always whole. It is written
/// and read a block at a time, never held whole.
struct OutputJournal: Equatable {
    enum Operation: Equatable {
        case moveFolder(String)
        case moveFile(Int, String)
        case remove(String)
    }

    var operations: [Operation] = []

    static let header = "exhibit-journal 1"

    init(operations: [Operation]) {
        self.operations = operations
    }

    /// The journal as bytes (tests; builds stream theirs with ``Writer``).
    func encoded() -> [UInt8] {
        var text = OutputJournal.header + "\n"
        for operation in operations { text += Self.line(operation) }
        text += "end \(operations.count)\n"
        return Array(text.utf8)
    }

    /// Parses a journal held in memory; nil when it is damaged (wrong header, bad line, unsafe
    /// path, count).
    init?(bytes: [UInt8]) {
        var operations: [Operation] = []
        var offset = 0
        let complete = Self.read({ target in
            let count = min(target.count, bytes.count - offset)
            bytes.withUnsafeBytes { target.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
            offset += count
            return count
        }, { operations.append($0) })
        guard complete else { return nil }
        self.operations = operations
    }

    static func line(_ operation: Operation) -> String {
        switch operation {
        case .moveFolder(let path): return "T \(path)\n"
        case .moveFile(let number, let path): return "F \(number) \(path)\n"
        case .remove(let path): return "R \(path)\n"
        }
    }

    /// One line (without its line feed) as an operation; nil when it is not one.
    static func operation(_ line: Substring) -> Operation? {
        guard line.utf8.count >= 3 else { return nil }
        let kind = line.first!
        let rest = line.dropFirst(2)
        guard line.dropFirst().first == " " else { return nil }
        switch kind {
        case "T":
            guard OutputPath.problem(String(rest)) == nil else { return nil }
            return .moveFolder(String(rest))
        case "F":
            guard let space = rest.firstIndex(of: " "), let number = Int(rest[..<space]), number >= 0 else { return nil }
            let path = String(rest[rest.index(after: space)...])
            guard OutputPath.problem(path) == nil else { return nil }
            return .moveFile(number, path)
        case "R":
            guard OutputPath.problem(String(rest)) == nil else { return nil }
            return .remove(String(rest))
        default:
            return nil
        }
    }

    /// Reads a journal from `read` (which fills what it can of its buffer and returns the count,
    /// 0 at the end, negative on error), calling `body` for each operation; true when the journal
    /// is whole and valid. `body` sees operations before the end is checked: callers that act on
    /// them validate first with a `body` that does nothing.
    static func read(_ read: (UnsafeMutableRawBufferPointer) -> Int, _ body: (Operation) throws -> Void) rethrows -> Bool {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var filled = 0
        var sawHeader = false
        var ended: Int?
        var count = 0
        var atEnd = false
        while !atEnd {
            let got = buffer.withUnsafeMutableBytes { read(UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if got < 0 { return false }
            if got == 0 { atEnd = true } else { filled += got }
            // Whole lines in the buffer.
            var start = 0
            while let newline = buffer[start ..< filled].firstIndex(of: 0x0A) {
                guard ended == nil else { return false } // nothing after "end N"
                guard let text = String(validating: buffer[start ..< newline], as: UTF8.self) else { return false }
                start = newline + 1
                if !sawHeader {
                    guard text == header else { return false }
                    sawHeader = true
                } else if text.hasPrefix("end ") {
                    guard let number = Int(text.dropFirst(4)) else { return false }
                    ended = number
                } else {
                    guard let operation = operation(Substring(text)) else { return false }
                    count += 1
                    try body(operation)
                }
            }
            if start > 0 {
                buffer.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: $0.baseAddress! + start, byteCount: filled - start) }
                filled -= start
            } else if filled == buffer.count {
                buffer.append(contentsOf: repeatElement(0, count: buffer.count)) // a line longer than the buffer
            }
        }
        return filled == 0 && sawHeader && ended == count
    }

    /// Reads the journal `name` in `directory` a block at a time (see ``read(_:_:)``).
    static func read(_ directory: Int32, _ name: String, _ body: (Operation) throws -> Void) throws -> Bool {
        let descriptor = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return try read({ OutputFileSystem.readSome(descriptor, into: $0) }, body)
    }

    /// Writes a journal into a file as operations come.
    struct Writer {
        private let file: BlockFile
        private(set) var count = 0

        init(_ file: BlockFile) throws {
            self.file = file
            try file.append(OutputJournal.header + "\n")
        }

        mutating func append(_ operation: Operation) throws {
            try file.append(OutputJournal.line(operation))
            count += 1
        }

        /// Ends the journal and closes the file.
        func finish(sync: Bool) throws {
            try file.append("end \(count)\n")
            try file.close(sync: sync)
        }
    }
}

