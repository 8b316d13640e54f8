/// Checks of the relative paths handed to the output writer (defence in depth: the renderers
/// already produce safe paths, but no path may ever reach outside the output folder).
package enum OutputPath {
    /// Names the writer keeps for itself at the top of the output folder.
    package static let manifestName = ".exhibit-manifest"
    static let stagingName = ".exhibit-staging"
    static let reservedPrefix: [UInt8] = Array(".exhibit-".utf8)
    static let maximumLength = 4096
    static let maximumSegmentLength = 255

    /// Why `path` is not a safe relative output path, or nil when it is: `/`-separated
    /// segments, none empty, `.` or `..`, none longer than 255 bytes, none hidden (starting with
    /// `.`), no NUL, backslash or control character, not absolute, not one of the writer's own
    /// `.exhibit-*` files.
    static func problem(_ path: String) -> String? {
        var copy = path
        return copy.withUTF8 { bytes -> String? in
            if bytes.isEmpty { return "empty path" }
            if bytes.count > maximumLength { return "path longer than \(maximumLength) bytes" }
            if bytes[0] == UInt8(ascii: "/") { return "absolute path" }
            var start = 0
            var first = true
            while start <= bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "/") {
                    let byte = bytes[end]
                    if byte == 0 { return "NUL byte" }
                    if byte == UInt8(ascii: "\\") { return "backslash" }
                    if byte < 0x20 || byte == 0x7F { return "control character" }
                    end += 1
                }
                let length = end - start
                if length == 0 { return "empty segment" }
                if length > maximumSegmentLength { return "segment longer than \(maximumSegmentLength) bytes" }
                if bytes[start] == UInt8(ascii: ".") {
                    if length == 1 || (length == 2 && bytes[start + 1] == UInt8(ascii: ".")) {
                        return "'.' or '..' segment"
                    }
                    if first && length >= reservedPrefix.count
                        && zip(reservedPrefix, bytes[start..<(start + reservedPrefix.count)]).allSatisfy({ $0 == $1 }) {
                        return "reserved for Exhibit's own files"
                    }
                    // Exhibit writes no hidden file (themes' hidden files are skipped): a manifest
                    // or journal that names one (`.git/config`, `.well-known/…`) was not Exhibit's.
                    return "hidden name (starts with '.')"
                }
                first = false
                start = end + 1
            }
            return nil
        }
    }

    /// The folder part of a valid path: `images/x` for `images/x/index.html`, "" for `feed.xml`.
    static func parent(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }
}
