import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a request path names inside the served site.
package enum SitePath: Equatable, Sendable {
    /// A file or folder below the site root: its relative path ("" is the root, "a/" a folder).
    case site(String)
    /// The preview's own endpoints below `<mount>__exhibit/`: the rest of the path.
    case internalEndpoint(String)
    /// Redirect to this absolute path (the mount point itself, `/` when mounted below it).
    case redirect(String)
    /// Outside the site, hidden, or malformed: answered with the site's 404 page.
    case notFound
    /// Not a usable path at all (bad percent-encoding, NUL): 400.
    case badRequest
}

/// One file read from the site, with what conditional requests need.
package struct SiteFile: Sendable {
    /// The file's path relative to the site root.
    package var path: String
    package var bytes: [UInt8]
    package var size: Int
    /// Modification time in nanoseconds since 1970.
    package var modified: Int64

    /// A strong validator from size and modification time (the writer replaces a changed file,
    /// so a new version has a new mtime; an unchanged one keeps both).
    package var etag: String {
        "\"\(String(size, radix: 16))-\(String(modified, radix: 16))\""
    }
}

/// Maps request paths to files of one folder and reads them without ever leaving it.
package struct SiteFiles: Sendable {
    /// The served folder.
    package var root: String
    /// The path the site is mounted at: "/" or "/gallery/" (always starts and ends with "/").
    package var mount: String

    package init(root: String, mount: String) {
        self.root = root
        self.mount = SiteFiles.normalizedMount(mount)
    }

    /// "/gallery" → "/gallery/"; "" → "/".
    package static func normalizedMount(_ mount: String) -> String {
        var value = mount.hasPrefix("/") ? mount : "/" + mount
        if !value.hasSuffix("/") { value += "/" }
        return value
    }

    /// Classifies a raw (percent-encoded) request path.
    package func classify(_ rawPath: String) -> SitePath {
        guard rawPath.hasPrefix("/"), let decoded = rawPath.removingPercentEncoding else { return .badRequest }
        if decoded.utf8.contains(0) || decoded.contains("\\") { return .badRequest }
        if mount != "/" && (decoded == "/" || decoded + "/" == mount) { return .redirect(mount) }
        guard decoded.hasPrefix(mount) else { return .notFound }
        let relative = String(decoded.dropFirst(mount.count))
        if relative.hasPrefix("__exhibit/") { return .internalEndpoint(String(relative.dropFirst("__exhibit/".count))) }
        let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            // An empty segment is only allowed last ("dir/"); "." and ".." never; hidden names
            // (".exhibit-manifest", staging folders) never.
            if segment.isEmpty && index != segments.count - 1 { return .notFound }
            if segment.hasPrefix(".") { return .notFound }
        }
        return .site(relative)
    }

    /// The outcome of opening a site path.
    package enum Opened: Sendable {
        case file(SiteFile)
        /// A folder asked for without its slash: redirect to the path with one.
        case folder
        case missing
    }

    /// Opens `relative` (from ``classify(_:)``) below the root, one component at a time with
    /// `O_NOFOLLOW` (a symbolic link anywhere is a miss). `dir/` reads
    /// `dir/index.html`. Call with the ``SiteGate`` held: only the open needs it.
    package func openFile(_ relative: String) -> (descriptor: Int32, path: String)? {
        var path = relative
        if path.isEmpty || path.hasSuffix("/") { path += "index.html" }
        var components = path.split(separator: "/").map(String.init)
        guard let last = components.popLast() else { return nil }
        var directory = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { return nil }
        for component in components {
            let next = openat(directory, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            close(directory)
            guard next >= 0 else { return nil }
            directory = next
        }
        let file = openat(directory, last, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        close(directory)
        guard file >= 0 else { return nil }
        return (file, path)
    }

    /// Reads an open descriptor (and closes it): a regular file, or `.folder`.
    package static func load(descriptor: Int32, path: String, limit: Int = 512 << 20) -> Opened {
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .missing }
        if (status.st_mode & S_IFMT) == S_IFDIR { return .folder }
        guard (status.st_mode & S_IFMT) == S_IFREG, status.st_size <= limit else { return .missing }
        let size = Int(status.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + done, size - done) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            done += count
        }
        if done < size { bytes.removeSubrange(done...) }
        let modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        return .file(SiteFile(path: path, bytes: bytes, size: done, modified: modified))
    }
}
