/// The record of what a deploy put in the bucket, kept there at `PREFIX/.exhibit-deploy-manifest`
/// and replaced only when a deploy ends. Text, one object a line, paths last:
///
///     exhibit-deploy-manifest 1
///     <sha-256 of the file, hex, or "-" when unknown> <size> <header digest, 16 hex> <path>
///
/// It names only the site's public files and their hashes (the bucket may be public). "-"
/// marks an object a deploy was changing when it stopped: the next deploy sends it again, or
/// deletes it when it left the site. A manifest that fails any check is not used at all (the
/// deploy then lists the bucket).
package struct DeployManifest: Sendable, Equatable {
    package static let name = ".exhibit-deploy-manifest"
    static let header = "exhibit-deploy-manifest 1"
    /// The largest manifest read (a 1.3-million-file site needs about 130 MB).
    package static let sizeLimit = 1 << 30

    package struct Entry: Sendable, Equatable {
        /// SHA-256 of the local file in hex, nil when unknown (an interrupted upload).
        package var hash: String?
        package var size: UInt64
        package var headers: String
        package init(hash: String?, size: UInt64, headers: String) {
            self.hash = hash
            self.size = size
            self.headers = headers
        }
    }

    package private(set) var entries: [String: Entry] = [:]

    package init() {}

    package var count: Int { entries.count }
    package subscript(path: String) -> Entry? {
        get { entries[path] }
        set { entries[path] = newValue }
    }

    /// The manifest's bytes: entries sorted by path (same site, same bytes).
    package func encoded() -> [UInt8] {
        var out = Array((DeployManifest.header + "\n").utf8)
        out.reserveCapacity(entries.count * 110)
        for path in entries.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let entry = entries[path]!
            out.append(contentsOf: (entry.hash ?? "-").utf8)
            out.append(0x20)
            out.append(contentsOf: String(entry.size).utf8)
            out.append(0x20)
            out.append(contentsOf: entry.headers.utf8)
            out.append(0x20)
            out.append(contentsOf: path.utf8)
            out.append(0x0A)
        }
        return out
    }

    /// Parses a manifest; nil (with the reason) when any line fails its checks or a path is
    /// listed twice, unsafe, or outside `namespace`.
    package static func parse(_ input: some Collection<UInt8>, namespace: OutputNamespace) -> Result<DeployManifest, ManifestProblem> {
        let bytes = Array(input)
        return bytes.withUnsafeBufferPointer { buffer -> Result<DeployManifest, ManifestProblem> in
            var manifest = DeployManifest()
            manifest.entries.reserveCapacity(buffer.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 })
            var lineNumber = 0
            var position = 0
            guard buffer.last == 0x0A else { return .failure(.init(line: 0, reason: "does not end with a newline")) }
            while position < buffer.count {
                lineNumber += 1
                var end = position
                while buffer[end] != 0x0A { end += 1 }
                let line = UnsafeBufferPointer(rebasing: buffer[position ..< end])
                position = end + 1
                if lineNumber == 1 {
                    guard line.elementsEqual(header.utf8) else { return .failure(.init(line: 1, reason: "not a deploy manifest (version 1)")) }
                    continue
                }
                // <hash> <size> <digest> <path>
                guard let space1 = line.firstIndex(of: 0x20) else { return .failure(.init(line: lineNumber, reason: "not four fields")) }
                guard let space2 = line[(space1 + 1)...].firstIndex(of: 0x20) else { return .failure(.init(line: lineNumber, reason: "not four fields")) }
                guard let space3 = line[(space2 + 1)...].firstIndex(of: 0x20) else { return .failure(.init(line: lineNumber, reason: "not four fields")) }
                let hashField = line[..<space1], sizeField = line[(space1 + 1) ..< space2], headerField = line[(space2 + 1) ..< space3]
                var hash: String?
                if !(hashField.count == 1 && hashField.first == UInt8(ascii: "-")) {
                    guard hashField.count == 64, hashField.allSatisfy(isLowerHex) else { return .failure(.init(line: lineNumber, reason: "bad hash")) }
                    hash = String(decoding: UnsafeBufferPointer(rebasing: hashField), as: UTF8.self)
                }
                guard (1 ... 19).contains(sizeField.count), sizeField.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                    return .failure(.init(line: lineNumber, reason: "bad size"))
                }
                var size: UInt64 = 0
                for digit in sizeField { size = size * 10 + UInt64(digit - 0x30) }
                guard headerField.count == 16, headerField.allSatisfy(isLowerHex) else { return .failure(.init(line: lineNumber, reason: "bad header digest")) }
                guard let path = String(validating: UnsafeBufferPointer(rebasing: line[(space3 + 1)...]), as: UTF8.self),
                      OutputPath.problem(path) == nil, namespace.contains(path) else {
                    return .failure(.init(line: lineNumber, reason: "a path that is not one of the site's"))
                }
                let entry = Entry(hash: hash, size: size, headers: String(decoding: UnsafeBufferPointer(rebasing: headerField), as: UTF8.self))
                guard manifest.entries.updateValue(entry, forKey: path) == nil else {
                    return .failure(.init(line: lineNumber, reason: "a path listed twice"))
                }
            }
            return .success(manifest)
        }
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
    }
}

/// Why a remote manifest was not used.
package struct ManifestProblem: Error, Sendable, CustomStringConvertible {
    package var line: Int
    package var reason: String
    package var description: String { "line \(line): \(reason)" }
}
