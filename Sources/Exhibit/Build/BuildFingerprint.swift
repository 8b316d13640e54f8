import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A hash of everything a build's output depends on: the database file's bytes, the
/// configuration, the template overrides, the output options and the `exhibit` executable itself.
///
/// After a successful build without warnings, the build stores it with its report in
/// `.exhibit-fingerprint` in the output folder. A later build whose fingerprint is the same, over
/// an output folder whose files are all still as that build left them (size and modification
/// time of every file in the manifest), has nothing to do: it reads neither the database nor
/// renders anything. Any doubt — a `-wal` or `-journal` file beside the database (a writer may be active), a
/// missing or damaged fingerprint, a file changed in the output, warnings last time — means a
/// normal build. The fingerprint is removed before a commit starts and written after it ends,
/// so a killed build never leaves a fingerprint that does not describe the output.
struct BuildFingerprint: Equatable {
    static let fileName = ".exhibit-fingerprint"
    static let magic = Array("EXHFP001".utf8)

    let value: UInt64

    /// The fingerprint of a build, or nil when it cannot be trusted (the database has a `-wal` or
    /// `-journal` file, or a file cannot be read).
    init?(options: BuildOptions) {
        var hasher = StreamHasher()
        // A `-wal` or `-journal` beside the database: a writer may be active, read it properly.
        for suffix in ["-wal", "-journal"] where FileManager.default.fileExists(atPath: options.databasePath + suffix) {
            return nil
        }
        guard hasher.addFile(options.databasePath) else { return nil }
        #if os(Linux)
        guard hasher.addFile("/proc/self/exe") else { return nil }
        #else
        guard let executable = Bundle.main.executablePath, hasher.addFile(executable) else { return nil }
        #endif
        hasher.add(ExhibitVersion.current)
        hasher.add(String(reflecting: options.config))
        hasher.add("strict=\(options.strict) offline=\(options.offlineDemoMedia)")
        if !options.config.favicon.isEmpty {
            guard hasher.addFile(options.config.favicon) else { return nil }
        }
        if let templates = options.templatesDirectory {
            let base = URL(fileURLWithPath: templates)
            guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return nil }
            var paths: [String] = []
            while let url = enumerator.nextObject() as? URL {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    paths.append(url.path)
                }
            }
            for path in paths.sorted() {
                hasher.add(path)
                guard hasher.addFile(path) else { return nil }
            }
        }
        value = hasher.finish()
    }

    /// The fingerprint and report the last build stored in `directory`, if any.
    static func stored(in directory: String) -> (value: UInt64, report: BuildReport)? {
        guard let data = FileManager.default.contents(atPath: Self.path(in: directory)),
              data.count > 16, Array(data.prefix(8)) == Self.magic else { return nil }
        let value = data.subdata(in: 8 ..< 16).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard let report = try? JSONDecoder().decode(BuildReport.self, from: data.subdata(in: 16 ..< data.count)) else { return nil }
        return (value, report)
    }


    /// Stores this fingerprint and `report` in `directory` (written to a temporary name, then renamed).
    func store(_ report: BuildReport, in directory: String) {
        // The output folder is published: only the public part of the report is kept there.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let json = try? encoder.encode(report.publicPart) else { return }
        var data = Data(Self.magic)
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        let path = Self.path(in: directory)
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }

    /// Removes the stored fingerprint (before the output changes).
    static func remove(in directory: String) {
        unlink(path(in: directory))
    }

    static func path(in directory: String) -> String {
        directory.isEmpty ? fileName : (directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName)
    }
}

/// XXH64 over a stream of pieces, each prefixed with its length.
struct StreamHasher {
    private var parts: [UInt64] = []

    mutating func add(_ text: String) {
        var copy = text
        parts.append(copy.withUTF8 { XXHash64.hash(UnsafeRawBufferPointer($0), seed: UInt64($0.count)) })
    }

    /// Adds a whole file's bytes, read in 1 MiB blocks; false when it cannot be read.
    mutating func addFile(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let block = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: block, alignment: 16)
        defer { buffer.deallocate() }
        var blocks: [UInt64] = []
        var total: UInt64 = 0
        while true {
            let got = OutputFileSystem.readSome(descriptor, into: UnsafeMutableRawBufferPointer(start: buffer, count: block))
            if got < 0 { return false }
            if got == 0 { break }
            blocks.append(XXHash64.hash(UnsafeRawBufferPointer(start: buffer, count: got), seed: UInt64(blocks.count)))
            total += UInt64(got)
        }
        blocks.append(total)
        parts.append(blocks.withUnsafeBytes { XXHash64.hash($0, seed: 1) })
        return true
    }

    func finish() -> UInt64 {
        parts.withUnsafeBytes { XXHash64.hash($0, seed: 2) }
    }
}
