import Foundation
import Synchronization

/// Renders every file of a set of ``ArtifactSource``s on `jobs` threads and hands each file's
/// bytes to a sink (the output writer).
///
/// Files are taken in chunks from one shared counter, so threads stay busy whatever the mix of
/// cheap and expensive files; each thread reuses one buffer. The order in which files reach the
/// sink varies from run to run, the bytes of each file never do.
package struct ParallelRenderer: Sendable {
    /// Files one thread takes at a time.
    static let chunkSize = 64

    package let sources: [any ArtifactSource]
    package let jobs: Int

    package init(sources: [any ArtifactSource], jobs: Int) {
        self.sources = sources
        self.jobs = max(1, jobs)
    }

    /// Total number of files.
    package var fileCount: Int { sources.reduce(0) { $0 + $1.count } }

    /// Renders everything. `sink(path, bytes)` is called concurrently from the render threads;
    /// `progress(done)` is called now and then from one of them. The first error stops the run
    /// and is rethrown, wrapped with the path of the file at fault.
    /// `keep(source, index, path)`, when given, is asked first for each file: true means the
    /// file is kept as the previous build left it and is not rendered.
    package func run(sink: @Sendable (String, UnsafeRawBufferPointer) throws -> Void,
                    keep: (@Sendable (_ source: Int, _ index: Int, _ path: String) throws -> Bool)? = nil,
                    progress: (@Sendable (Int) -> Void)? = nil) throws -> [String: Int] {
        var offsets: [Int] = []
        var running = 0
        for source in sources {
            offsets.append(running)
            running += source.count
        }
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
        let firstError = Mutex<(any Error)?>(nil)
        let sources = self.sources
        let starts = offsets
        let total = running

        DispatchQueue.concurrentPerform(iterations: jobs) { _ in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(64 * 1024)
            var sourceIndex = 0
            while !failed.load(ordering: .relaxed) {
                let chunkStart = next.add(Self.chunkSize, ordering: .relaxed).oldValue
                if chunkStart >= total { break }
                let chunkEnd = min(total, chunkStart + Self.chunkSize)
                for global in chunkStart..<chunkEnd {
                    while sourceIndex + 1 < starts.count && starts[sourceIndex + 1] <= global { sourceIndex += 1 }
                    while starts[sourceIndex] > global { sourceIndex -= 1 }
                    let source = sources[sourceIndex]
                    let local = global - starts[sourceIndex]
                    var path = ""
                    do {
                        path = source.path(local)
                        if let keep, try keep(sourceIndex, local, path) { continue }
                        buffer.removeAll(keepingCapacity: true)
                        try source.render(local, into: &buffer)
                        try buffer.withUnsafeBytes { try sink(path, $0) }
                    } catch {
                        failed.store(true, ordering: .relaxed)
                        firstError.withLock { stored in
                            if stored == nil { stored = RenderError(path: path, kind: source.kind, underlying: error) }
                        }
                        return
                    }
                }
                let finished = done.add(chunkEnd - chunkStart, ordering: .relaxed).newValue
                progress?(finished)
            }
        }
        if let error = firstError.withLock({ $0 }) { throw error }
        var counts: [String: Int] = [:]
        for source in sources { counts[source.kind, default: 0] += source.count }
        return counts
    }
}

/// A file that could not be rendered or written.
package struct RenderError: Error, CustomStringConvertible {
    package var path: String
    package var kind: String
    package var underlying: any Error

    package var description: String {
        if underlying is OutputError { return "\(underlying)" } // it names its path
        return "cannot render \(path): \(underlying)"
    }
}

