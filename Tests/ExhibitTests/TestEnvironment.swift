import Foundation

/// A small tmpfs mounted in a temporary folder, for tests of a full disk. Needs root (CI and
/// the development machines run as root); tests that use it are skipped visibly elsewhere with
/// `.enabled(if: TemporaryDisk.canMount)`.
struct TemporaryDisk {
    /// The mount point.
    let path: String
    private let parent: String

    /// Whether a tmpfs can be mounted here (tried once, with a real mount).
    static let canMount: Bool = {
        guard let disk = try? TemporaryDisk(megabytes: 1) else { return false }
        disk.remove()
        return true
    }()

    struct MountFailed: Error {}

    init(megabytes: Int) throws {
        parent = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-disk-\(UUID().uuidString)").path
        path = parent + "/disk"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard Self.shell("mount -t tmpfs -o size=\(megabytes)m tmpfs '\(path)'") == 0 else {
            try? FileManager.default.removeItem(atPath: parent)
            throw MountFailed()
        }
    }

    func remove() {
        _ = Self.shell("umount '\(path)'")
        try? FileManager.default.removeItem(atPath: parent)
    }

    /// Runs `command` with `/bin/sh` (stdout and stderr discarded); its exit status, -1 when it
    /// cannot start. The one way tests ask whether a tool is there.
    @discardableResult
    static func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Python 3 with its `sqlite3` module, for tests that need a second, independent SQLite client.
enum Python {
    static let isAvailable = TemporaryDisk.shell("python3 -c 'import sqlite3'") == 0
}
