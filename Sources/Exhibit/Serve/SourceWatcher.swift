import Foundation

/// What the preview watches: the database and its `-wal`/`-journal`, the configuration file and
/// every file below the templates folder. Polled with `stat` only — nothing is opened for
/// writing, and SQLite is not involved: a committed transaction changes the `-wal`'s size or
/// modification time (or the database file's, in rollback-journal mode).
package struct SourceWatcher: Sendable {
    package var databasePath: String?
    package var configFile: String?
    package var templatesDirectory: String?

    package init(databasePath: String?, configFile: String?, templatesDirectory: String?) {
        self.databasePath = databasePath
        self.configFile = configFile
        self.templatesDirectory = templatesDirectory
    }

    /// The current stamps of everything watched (a missing file has no entry).
    package func snapshot() -> [String: FileStamp] {
        var stamps: [String: FileStamp] = [:]
        func add(_ path: String) {
            if let stamp = FileStamp.of(path) { stamps[path] = stamp }
        }
        if let databasePath {
            for suffix in ["", "-wal", "-journal"] { add(databasePath + suffix) }
        }
        if let configFile { add(configFile) }
        if let templatesDirectory {
            add(templatesDirectory)
            let root = URL(fileURLWithPath: templatesDirectory)
            if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil,
                                                           options: [.skipsHiddenFiles]) {
                var count = 0
                for case let url as URL in walker {
                    add(url.path)
                    count += 1
                    if count > 10_000 { break } // a templates folder is small; do not walk a disk
                }
            }
        }
        return stamps
    }

    /// The watched paths whose stamps differ between two snapshots.
    package static func changes(from old: [String: FileStamp], to new: [String: FileStamp]) -> [String] {
        var changed: [String] = []
        for (path, stamp) in new where old[path] != stamp { changed.append(path) }
        for path in old.keys where new[path] == nil { changed.append(path) }
        return changed.sorted()
    }
}
