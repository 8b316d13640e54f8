/// The names a site's files live under at the top of the output folder, and the file that marks
/// a folder as a site Exhibit built.
///
/// With a namespace, the writer (see ``OutputWriter``):
/// - writes only inside it, and trusts a manifest or journal only when every path it lists is
///   inside it (a planted journal cannot remove `.git/config` or `CNAME`);
/// - without a trustworthy manifest (missing, damaged, or restored without the `.exhibit-*` files)
///   over a folder that holds the ``marker`` file, takes every file inside the namespace as its
///   own: the ones the new build does not write are removed, so a page of an image made private
///   does not outlive the record of it;
/// - without a manifest and without the marker, refuses to replace a file that holds other bytes
///   than the build's (a user's own `index.html`) unless ``OutputOptions/replaceForeignFiles``.
package struct OutputNamespace: Sendable, Equatable {
    /// Files at the top of the output folder: `index.html`, `feed.xml`, …
    package var rootFiles: Set<String>
    /// Folders at the top of the output folder, everything below them included: `images`, `tags`, …
    package var folders: Set<String>
    /// A file only this tool writes, and how it begins: its presence marks the folder as a site
    /// it built even when the manifest is gone.
    package var marker: Marker?

    /// A file and bytes it must begin with and contain near its start.
    package struct Marker: Sendable, Equatable {
        package var path: String
        package var prefix: [UInt8]
        package var contains: [UInt8]

        package init(path: String, prefix: String, contains: String) {
            self.path = path
            self.prefix = Array(prefix.utf8)
            self.contains = Array(contains.utf8)
        }
    }

    package init(rootFiles: Set<String>, folders: Set<String>, marker: Marker? = nil) {
        self.rootFiles = rootFiles
        self.folders = folders
        self.marker = marker
    }

    /// True when `path` (a relative output path) is inside the namespace.
    func contains(_ path: String) -> Bool {
        guard let slash = path.utf8.firstIndex(of: UInt8(ascii: "/")) else { return rootFiles.contains(path) }
        return folders.contains(String(path[..<slash]))
    }

    /// The namespace's top-level names, sorted (files and folders).
    var topLevelNames: [String] {
        (Array(rootFiles) + Array(folders)).sorted()
    }
}
