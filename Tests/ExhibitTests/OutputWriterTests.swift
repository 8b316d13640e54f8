import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Exhibit

/// One file of an output tree as the tests see it: bytes, mtime (ns) and inode.
struct FileSnapshot: Equatable, CustomStringConvertible {
    var bytes: [UInt8]
    var modified: Int64
    var inode: UInt64
    var isLink: Bool
    var description: String { "\(bytes.count) bytes, mtime \(modified), inode \(inode)\(isLink ? ", link" : "")" }
}

/// Helpers: temporary folders, tree snapshots, a writer run over a set of files.
enum OutputFixture {
    static func temporaryFolder() -> String {
        var template = Array((NSTemporaryDirectory() + "exhibit-output-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil)
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    /// Every entry under `root` (files, links and folders — folders as empty byte arrays).
    static func snapshot(_ root: String) -> [String: FileSnapshot] {
        var result: [String: FileSnapshot] = [:]
        func walk(_ relative: String) {
            let full = relative.isEmpty ? root : root + "/" + relative
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: full) else { return }
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(root + "/" + path, &info) == 0 else { continue }
                let kind = info.st_mode & 0o170000
                let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
                if kind == 0o040000 {
                    result[path + "/"] = FileSnapshot(bytes: [], modified: 0, inode: UInt64(info.st_ino), isLink: false)
                    walk(path)
                } else {
                    let bytes = kind == 0o100000 ? [UInt8](FileManager.default.contents(atPath: root + "/" + path) ?? Data()) : []
                    result[path] = FileSnapshot(bytes: bytes, modified: modified, inode: UInt64(info.st_ino), isLink: kind == 0o120000)
                }
            }
        }
        walk("")
        return result
    }

    /// Runs a whole build: writes every file (concurrently when asked), commits.
    @discardableResult
    static func build(_ directory: String, _ files: [String: String], options: OutputOptions = OutputOptions(),
                      concurrent: Bool = false) throws -> OutputStats {
        let writer = try OutputWriter(directory: directory, options: options)
        try write(writer, files, concurrent: concurrent)
        return try writer.commit()
    }

    static func write(_ writer: OutputWriter, _ files: [String: String], concurrent: Bool = false) throws {
        let list = files.sorted { $0.key < $1.key }
        if concurrent {
            let failures = ErrorBox()
            DispatchQueue.concurrentPerform(iterations: list.count) { index in
                do { try writer.write(list[index].key, Array(list[index].value.utf8)) } catch { failures.set(error) }
            }
            if let error = failures.error { throw error }
        } else {
            for (path, text) in list { try writer.write(path, Array(text.utf8)) }
        }
    }

    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    static let site: [String: String] = [
        "index.html": "<h1>home</h1>",
        "feed.xml": "<rss/>",
        "images/a/index.html": "image a",
        "images/b/index.html": "image b",
        "images/c/index.html": "image c",
        "tags/red/index.html": "red",
        "tags/red/page/2/index.html": "red 2",
        "users/u1/index.html": "user 1",
    ]

    static var isRoot: Bool { geteuid() == 0 }
}

final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    func set(_ error: any Error) { lock.withLock { if stored == nil { stored = error } } }
    var error: (any Error)? { lock.withLock { stored } }
}

@Suite struct OutputWriterTests {
    @Test func firstBuildWritesEveryFileAndLeavesNoStaging() throws {
        let root = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(root) }
        let out = root + "/Output"
        let stats = try OutputFixture.build(out, OutputFixture.site)
        #expect(stats.written == OutputFixture.site.count)
        #expect(stats.created == OutputFixture.site.count)
        #expect(stats.unchanged == 0 && stats.removed == 0)
        #expect(stats.bytesWritten == OutputFixture.site.values.reduce(0) { $0 + $1.utf8.count })
        for (path, text) in OutputFixture.site {
            #expect(OutputFixture.read(out + "/" + path) == text, "\(path)")
        }
        let names = Set(OutputFixture.snapshot(out).keys)
        #expect(!names.contains { $0.hasPrefix(".exhibit-staging") })
        #expect(names.contains(".exhibit-manifest"))
    }

    @Test func identicalRebuildWritesNothingAndKeepsMtimesAndInodes() throws {
        let out = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(out) }
        try OutputFixture.build(out, OutputFixture.site)
        let before = OutputFixture.snapshot(out)
        usleep(20_000)
        let stats = try OutputFixture.build(out, OutputFixture.site)
        #expect(stats.written == 0)
        #expect(stats.unchanged == OutputFixture.site.count)
        #expect(stats.removed == 0)
        #expect(OutputFixture.snapshot(out) == before)
    }

    @Test func oneChangedFileIsTheOnlyFileWritten() throws {
        let out = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(out) }
        try OutputFixture.build(out, OutputFixture.site)
        let before = OutputFixture.snapshot(out)
        var next = OutputFixture.site
        next["images/b/index.html"] = "image b, edited"
        let stats = try OutputFixture.build(out, next)
        #expect(stats.written == 1 && stats.created == 0)
        #expect(stats.unchanged == OutputFixture.site.count - 1)
        #expect(stats.changedPaths == ["images/b/index.html"])
        let after = OutputFixture.snapshot(out)
        #expect(OutputFixture.read(out + "/images/b/index.html") == "image b, edited")
        for path in OutputFixture.site.keys where path != "images/b/index.html" {
            #expect(after[path] == before[path], "\(path) was touched")
        }
    }

    @Test func sameSizeEditOnDiskIsRepairedByTheNextBuild() throws {
        let out = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(out) }
        try OutputFixture.build(out, OutputFixture.site)
        usleep(10_000)
        try Data("image X".utf8).write(to: URL(fileURLWithPath: out + "/images/a/index.html"))
        let stats = try OutputFixture.build(out, OutputFixture.site)
        #expect(stats.written == 1)
        #expect(OutputFixture.read(out + "/images/a/index.html") == "image a")
    }

    @Test func filesNoLongerInTheSiteArePrunedWithTheirEmptyFolders() throws {
        let out = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(out) }
        try OutputFixture.build(out, OutputFixture.site)
        var next = OutputFixture.site
        next["tags/red/page/2/index.html"] = nil
        next["images/c/index.html"] = nil
        next["users/u1/index.html"] = nil
        let stats = try OutputFixture.build(out, next)
        #expect(stats.removed == 3)
        #expect(stats.written == 0)
        #expect(stats.changedPaths == ["images/c/index.html", "tags/red/page/2/index.html", "users/u1/index.html"])
        let names = Set(OutputFixture.snapshot(out).keys)
        #expect(!names.contains("images/c/") && !names.contains("tags/red/page/") && !names.contains("users/"))
        #expect(names.contains("tags/red/index.html") && names.contains("images/a/index.html"))
        #expect(stats.removedFolders == 5) // images/c, tags/red/page/2, tags/red/page, users/u1, users
    }

    @Test func foreignFilesAreNeverRemoved() throws {
        let out = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(out) }
        try OutputFixture.build(out, OutputFixture.site)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: out + "/CNAME"))
        try Data("mine too".utf8).write(to: URL(fileURLWithPath: out + "/images/a/notes.txt"))
        let stats = try OutputFixture.build(out, ["index.html": "<h1>home</h1>"])
        #expect(stats.removed == OutputFixture.site.count - 1)
        let names = Set(OutputFixture.snapshot(out).keys)
        #expect(names.contains("CNAME") && names.contains("images/a/notes.txt"))
        #expect(!names.contains("images/b/") && !names.contains("tags/"))
        #expect(!names.contains("images/a/index.html"))
    }

    @Test func abortAndFailedBuildsLeaveThePreviousOutputByteIdentical() throws {
        let out = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(out) }
        try OutputFixture.build(out, OutputFixture.site)
        let before = OutputFixture.snapshot(out)

        let aborted = try OutputWriter(directory: out, options: OutputOptions())
        try aborted.write("images/a/index.html", Array("changed".utf8))
        try aborted.write("images/new/index.html", Array("new".utf8))
        try aborted.write("brand/new/deep/file.html", Array("new".utf8))
        aborted.abort()
        #expect(OutputFixture.snapshot(out) == before)
        #expect(throws: OutputError.self) { try aborted.commit() }

        // A write that fails makes commit fail and discards what was staged.
        let failing = try OutputWriter(directory: out, options: OutputOptions())
        try failing.write("images/a/index.html", Array("changed".utf8))
        #expect(throws: OutputError.self) { try failing.write("images/b", Array("a folder is there".utf8)) }
        #expect(throws: OutputError.self) { try failing.commit() }
        #expect(OutputFixture.snapshot(out) == before)

        // A writer dropped without commit (the build threw) cleans up too.
        do {
            let dropped = try OutputWriter(directory: out, options: OutputOptions())
            try dropped.write("images/z/index.html", Array("z".utf8))
        }
        #expect(OutputFixture.snapshot(out) == before)
    }

    @Test func buildKilledBeforeItsCommitPointIsRolledBack() throws {
        let out = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(out) }
        try OutputFixture.build(out, OutputFixture.site)
        let before = OutputFixture.snapshot(out)
        do {
            let killed = try OutputWriter(directory: out, options: OutputOptions())
            try killed.write("images/a/index.html", Array("changed".utf8))
            try killed.write("images/q/index.html", Array("new".utf8))
            killed.simulateKill()
        }
        #expect(OutputFixture.snapshot(out)[".exhibit-staging/"] != nil)
        let next = try OutputWriter(directory: out, options: OutputOptions())
        #expect(next.recovery == .rolledBack)
        #expect(OutputFixture.snapshot(out) == before)
        next.abort()
    }

    @Test func buildKilledDuringItsCommitIsCompletedByTheNextWriter() throws {
        var second = OutputFixture.site
        second["images/a/index.html"] = "image a v2"
        second["images/new/index.html"] = "new image"
        second["fresh/deep/page/index.html"] = "fresh"
        second["tags/red/page/2/index.html"] = nil
        second["feed.xml"] = "<rss>v2</rss>"
        // Steps: folders fresh, images/new; files a, feed.xml; 1 removal; the manifest; staging cleanup.
        for crashAfter in 0...6 {
            let out = OutputFixture.temporaryFolder()
            defer { OutputFixture.remove(out) }
            try OutputFixture.build(out, OutputFixture.site)
            let writer = try OutputWriter(directory: out, options: OutputOptions())
            writer.crashAfterOperations = crashAfter
            try OutputFixture.write(writer, second)
            #expect(throws: OutputError.self, "crash after \(crashAfter)") { try writer.commit() }

            let recovering = try OutputWriter(directory: out, options: OutputOptions())
            #expect(recovering.recovery == .rolledForward, "crash after \(crashAfter)")
            recovering.abort()
            let tree = OutputFixture.snapshot(out)
            let files = Set(tree.keys.filter { !$0.hasSuffix("/") && $0 != ".exhibit-manifest" })
            #expect(files == Set(second.keys), "crash after \(crashAfter)")
            for (path, text) in second { #expect(OutputFixture.read(out + "/" + path) == text) }
            #expect(tree["tags/red/page/"] == nil)
            let again = try OutputFixture.build(out, second)
            #expect(again.written == 0 && again.removed == 0 && again.unchanged == second.count, "crash after \(crashAfter)")
        }
    }

    @Test func unsafePathsAreRejectedByName() throws {
        let root = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(root) }
        let out = root + "/Output"
        let writer = try OutputWriter(directory: out, options: OutputOptions())
        let long = String(repeating: "x", count: 256)
        for path in ["", "/etc/passwd", "../escape.html", "a/../../b", "a//b", "a/./b", "a/", ".",
                     "a\\b", "a\u{0}b", "a\nb", "\(long)/index.html", ".exhibit-manifest",
                     ".exhibit-staging/journal", ".exhibit-anything"] {
            do {
                try writer.write(path, Array("x".utf8))
                Issue.record("accepted \(path.debugDescription)")
            } catch let error as OutputError {
                #expect(error.reason.hasPrefix("unsafe path"))
                #expect(error.description.hasPrefix("cannot write \(out)"))
            }
        }
        writer.abort()
        #expect(OutputFixture.snapshot(root).keys.sorted() == ["Output/"])
        #expect(OutputPath.problem("images/a.b/index.html") == nil)
        #expect(OutputPath.problem(".well-known/x") != nil)
        #expect(OutputPath.problem("images/.git/config") != nil)
        #expect(OutputPath.problem(String(repeating: "y", count: 255)) == nil)
    }

    @Test func plantedSymlinksAreNeverFollowed() throws {
        let root = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(root) }
        let out = root + "/Output", elsewhere = root + "/elsewhere"
        try OutputFixture.build(out, ["images/a/index.html": "a", "index.html": "home"])
        try FileManager.default.createDirectory(atPath: elsewhere + "/a", withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: URL(fileURLWithPath: elsewhere + "/a/index.html"))
        try FileManager.default.removeItem(atPath: out + "/images")
        #expect(symlink(elsewhere, out + "/images") == 0)

        // Writing through it fails, naming the link.
        let writer = try OutputWriter(directory: out, options: OutputOptions())
        #expect {
            try writer.write("images/b/index.html", Array("b".utf8))
        } throws: { error in
            (error as? OutputError)?.description.contains("\(out)/images") == true
        }
        writer.abort()
        // Pruning through it skips the file instead of deleting outside the output.
        let stats = try OutputFixture.build(out, ["index.html": "home"])
        #expect(stats.removed == 0)
        #expect(OutputFixture.read(elsewhere + "/a/index.html") == "precious")
        #expect(OutputFixture.snapshot(elsewhere).keys.sorted() == ["a/", "a/index.html"])

        // A symlink in place of a file is replaced by the file, its target untouched.
        #expect(symlink(elsewhere + "/a/index.html", out + "/about.html") == 0)
        try OutputFixture.build(out, ["index.html": "home", "about.html": "about"])
        #expect(OutputFixture.snapshot(out)["about.html"]?.isLink == false)
        #expect(OutputFixture.read(out + "/about.html") == "about")
        #expect(OutputFixture.read(elsewhere + "/a/index.html") == "precious")
    }

    @Test func plantedStagingSymlinkIsRemovedNotFollowed() throws {
        let root = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(root) }
        let out = root + "/Output", elsewhere = root + "/elsewhere"
        try OutputFixture.build(out, ["index.html": "home"])
        try FileManager.default.createDirectory(atPath: elsewhere + "/f", withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: elsewhere + "/journal"))
        #expect(symlink(elsewhere, out + "/.exhibit-staging") == 0)
        let writer = try OutputWriter(directory: out, options: OutputOptions())
        #expect(writer.recovery == .rolledBack)
        try writer.write("index.html", Array("home v2".utf8))
        #expect(try writer.commit().written == 1)
        #expect(OutputFixture.snapshot(elsewhere).keys.sorted() == ["f/", "journal"])
        #expect(OutputFixture.read(out + "/index.html") == "home v2")
    }

    @Test func concurrentWritesFromManyThreadsProduceTheRightTree() throws {
        let out = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(out) }
        var files: [String: String] = [:]
        for index in 0..<3000 {
            files["images/\(index % 300)/\(index)/index.html"] = "image \(index) " + String(repeating: "x", count: index % 97)
        }
        for index in 0..<200 { files["root-\(index).html"] = "root \(index)" }
        let first = try OutputFixture.build(out, files, concurrent: true)
        #expect(first.written == files.count)
        let tree = OutputFixture.snapshot(out)
        #expect(Set(tree.keys.filter { !$0.hasSuffix("/") && $0 != ".exhibit-manifest" }) == Set(files.keys))
        for (path, text) in files where tree[path]?.bytes != Array(text.utf8) {
            Issue.record("wrong bytes in \(path)")
        }
        var next = files
        for index in stride(from: 0, to: 3000, by: 100) { next["images/\(index % 300)/\(index)/index.html"] = "changed \(index)" }
        next["images/7/new/index.html"] = "new"
        let second = try OutputFixture.build(out, next, concurrent: true)
        #expect(second.written == 31 && second.created == 1 && second.unchanged == files.count - 30)
        let third = try OutputFixture.build(out, next, concurrent: true)
        #expect(third.written == 0 && third.unchanged == next.count)
    }

    @Test func unwritableOutputFolderIsAnErrorNamingIt() throws {
        let root = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(root) }
        try Data("a file".utf8).write(to: URL(fileURLWithPath: root + "/file"))
        #expect {
            _ = try OutputWriter(directory: root + "/file/Output", options: OutputOptions())
        } throws: { error in
            guard let error = error as? OutputError else { return false }
            return error.code == ENOTDIR && error.description.contains(root + "/file")
        }
        // chmod 0555 only stops a non-root user (root bypasses permissions, as in CI).
        if !OutputFixture.isRoot {
            let locked = root + "/locked"
            try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
            chmod(locked, 0o555)
            defer { chmod(locked, 0o755) }
            #expect(throws: OutputError.self) { _ = try OutputWriter(directory: locked, options: OutputOptions()) }
        }
    }

    @Test func secondWriterOnTheSameFolderIsRefusedWhileTheFirstIsOpen() throws {
        let out = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(out) }
        let first = try OutputWriter(directory: out, options: OutputOptions())
        #expect(throws: OutputError.self) { _ = try OutputWriter(directory: out, options: OutputOptions()) }
        first.abort()
    }

    @Test func dryRunWritesNothingAndCountsWhatWouldChange() throws {
        let root = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(root) }
        let missing = root + "/never"
        let fresh = try OutputFixture.build(missing, OutputFixture.site, options: OutputOptions(dryRun: true))
        #expect(fresh.dryRun && fresh.written == OutputFixture.site.count && fresh.created == OutputFixture.site.count)
        #expect(!FileManager.default.fileExists(atPath: missing))

        let out = root + "/Output"
        try OutputFixture.build(out, OutputFixture.site)
        let before = OutputFixture.snapshot(out)
        var next = OutputFixture.site
        next["images/a/index.html"] = "changed"
        next["images/n/index.html"] = "new"
        next["users/u1/index.html"] = nil
        let stats = try OutputFixture.build(out, next, options: OutputOptions(dryRun: true, changedPathLimit: 2))
        #expect(stats.written == 2 && stats.created == 1 && stats.removed == 1)
        #expect(stats.unchanged == OutputFixture.site.count - 2)
        #expect(stats.changedPaths == ["images/a/index.html", "images/n/index.html"])
        #expect(OutputFixture.snapshot(out) == before)
    }

    @Test func pathWrittenTwiceFailsTheCommit() throws {
        let out = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(out) }
        let writer = try OutputWriter(directory: out, options: OutputOptions())
        try writer.write("a/index.html", Array("one".utf8))
        try writer.write("b.html", Array("one".utf8))
        #expect { try writer.write("a/index.html", Array("two".utf8)) } throws: { "\($0)".contains("wrote this path twice") }
        // Beside files the output already has, or in a folder new to it: refused when written.
        #expect { try writer.write("b.html", Array("two".utf8)) } throws: { "\($0)".contains("wrote this path twice") }
        #expect { try writer.commit() } throws: { "\($0)".contains("wrote this path twice") }
        #expect(OutputFixture.snapshot(out).isEmpty)
    }

    @Test func existingIdenticalFilesWithoutManifestAreAdoptedNotRewritten() throws {
        let out = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(out) }
        try OutputFixture.build(out, OutputFixture.site)
        unlink(out + "/.exhibit-manifest")
        try Data("other".utf8).write(to: URL(fileURLWithPath: out + "/feed.xml"))
        let before = OutputFixture.snapshot(out)
        let stats = try OutputFixture.build(out, OutputFixture.site)
        #expect(stats.written == 1 && stats.unchanged == OutputFixture.site.count - 1)
        let after = OutputFixture.snapshot(out)
        for path in OutputFixture.site.keys where path != "feed.xml" { #expect(after[path] == before[path]) }
        #expect(try OutputFixture.build(out, OutputFixture.site).written == 0)
    }

    @Test func damagedManifestIsIgnoredAndNothingIsPruned() throws {
        let out = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(out) }
        try OutputFixture.build(out, OutputFixture.site)
        var bytes = [UInt8](FileManager.default.contents(atPath: out + "/.exhibit-manifest")!)
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: out + "/.exhibit-manifest"))
        let writer = try OutputWriter(directory: out, options: OutputOptions())
        #expect(writer.notes.contains { $0.contains("not a valid manifest") })
        try writer.write("index.html", Array("<h1>home</h1>".utf8))
        let stats = try writer.commit()
        #expect(stats.removed == 0 && stats.unchanged == 1)
        #expect(FileManager.default.fileExists(atPath: out + "/images/a/index.html"))
    }

    @Test func manifestRoundTripsAndRejectsUnsafePathsAndDuplicates() throws {
        let bytes = OutputManifest.encode(seed: 42, entries: [("b/c.html", 2, -5, 7), ("a.html", 1, -5, 7)])
        let manifest = try #require(OutputManifest(bytes: bytes))
        #expect(manifest.seed == 42 && manifest.count == 2)
        #expect(manifest.find("b/c.html") == 0 && manifest.find("a.html") == 1 && manifest.find("b") == nil)
        #expect(manifest.sizes == [2, 1] && manifest.modified == [-5, -5] && manifest.hashes == [7, 7])
        #expect(OutputManifest(bytes: OutputManifest.encode(seed: 1, entries: [("../../etc/passwd", 1, 0, 0)])) == nil)
        #expect(OutputManifest(bytes: OutputManifest.encode(seed: 1, entries: [("a.html", 1, 0, 0), ("a.html", 2, 0, 0)])) == nil)
        #expect(OutputManifest(bytes: Array(bytes.dropLast(1))) == nil)
    }

    /// Version 1 manifests (count first, sorted by path), written by earlier Exhibits, still load.
    @Test func aVersionOneManifestIsStillRead() throws {
        var bytes = Array("EXHMAN01".utf8)
        func append64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        append64(9)
        append64(2)
        for (path, size) in [("a.html", UInt64(3)), ("b/c.html", 4)] {
            withUnsafeBytes(of: UInt16(path.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: path.utf8)
            append64(size)
            append64(0)
            append64(1)
        }
        let sorted = bytes
        append64(bytes.withUnsafeBytes { XXHash64.hash($0, seed: 0) })
        let manifest = try #require(OutputManifest(bytes: bytes))
        #expect(manifest.seed == 9 && manifest.count == 2 && manifest.find("b/c.html") == 1 && manifest.sizes == [3, 4])
        // Version 1 requires the order.
        var swapped = sorted
        let first = Array(swapped[24 ..< 24 + 32]), second = Array(swapped[56 ..< 56 + 34])
        swapped.replaceSubrange(24 ..< 90, with: second + first)
        swapped.append(contentsOf: withUnsafeBytes(of: swapped.withUnsafeBytes { XXHash64.hash($0, seed: 0) }.littleEndian) { Array($0) })
        #expect(OutputManifest(bytes: swapped) == nil)
    }

    @Test func journalRoundTripsAndRejectsDamage() {
        let journal = OutputJournal(operations: [.moveFolder("images/x"), .moveFile(3, "a b/index.html"), .remove("old.html")])
        #expect(OutputJournal(bytes: journal.encoded()) == journal)
        #expect(OutputJournal(bytes: Array(journal.encoded().dropLast(4))) == nil)
        #expect(OutputJournal(bytes: Array("exhibit-journal 1\nR ../x\nend 1\n".utf8)) == nil)
    }

    @Test func xxHash64MatchesReferenceVectors() {
        func hash(_ text: String) -> UInt64 { XXHash64.hash(text) }
        #expect(hash("") == 0xEF46_DB37_51D8_E999)
        #expect(hash("a") == 0xD24E_C4F1_A98C_6E5B)
        #expect(hash("abc") == 0x44BC_2CF5_AD77_0999)
        #expect(hash("Nobody inspects the spammish repetition") == 0xFBCE_A83C_8A37_8BF1)
    }

    @Test func xxHash64InPiecesEqualsTheHashOfTheWhole() {
        var random = SystemRandomNumberGenerator()
        for length in [0, 1, 7, 31, 32, 33, 100, 1000, 4099] {
            let bytes = (0 ..< length).map { _ in UInt8.random(in: 0 ... 255, using: &random) }
            let whole = bytes.withUnsafeBytes { XXHash64.hash($0, seed: 9) }
            for _ in 0 ..< 5 {
                var stream = XXHash64.Stream(seed: 9)
                var offset = 0
                while offset < length {
                    let piece = min(length - offset, Int.random(in: 1 ... 70, using: &random))
                    bytes.withUnsafeBytes { stream.update(UnsafeRawBufferPointer(rebasing: $0[offset ..< offset + piece])) }
                    offset += piece
                }
                #expect(stream.finish() == whole, "length \(length)")
            }
        }
    }

    @Test func aManifestAndAJournalOfManyBlocksAreWrittenAndReadAPieceAtATime() throws {
        let folder = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(folder) }
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY)
        defer { close(descriptor) }
        // About 3 MiB each: several blocks of the writers and of the readers.
        let paths = (0 ..< 60_000).map { "images/\(String(1_000_000 + $0 * 7919 % 60_000))/index.html" }
        var manifestWriter = try OutputManifest.Writer(BlockFile(descriptor, "m", displayPath: "m", hashing: true), seed: 5)
        var journalWriter = try OutputJournal.Writer(BlockFile(descriptor, "j", displayPath: "j"))
        for (index, path) in paths.enumerated() {
            var path = path
            try path.withUTF8 { try manifestWriter.append(path: UnsafeRawBufferPointer($0), size: UInt64(index), modified: Int64(-index), hash: 3) }
            try journalWriter.append(.moveFile(index, path))
        }
        try manifestWriter.finish(sync: false)
        try journalWriter.finish(sync: false)
        let manifest = try #require(OutputManifest.read(descriptor, "m"))
        #expect(manifest.count == paths.count && manifest.seed == 5)
        for index in stride(from: 0, to: paths.count, by: 997) {
            #expect(manifest.find(paths[index]) == index && manifest.sizes[index] == UInt64(index))
        }
        var read: [OutputJournal.Operation] = []
        #expect(try OutputJournal.read(descriptor, "j") { read.append($0) })
        #expect(read == paths.enumerated().map { .moveFile($0.offset, $0.element) })
        // One byte changed anywhere: the whole manifest is refused.
        var bytes = [UInt8](FileManager.default.contents(atPath: folder + "/m")!)
        bytes[bytes.count / 3] ^= 1
        #expect(OutputManifest(bytes: bytes) == nil)
        // A journal cut short is refused.
        let journal = [UInt8](FileManager.default.contents(atPath: folder + "/j")!)
        #expect(OutputJournal(bytes: Array(journal.dropLast(5))) == nil)
    }

    /// The writer keeps counters, not a record per file: written, unchanged and changed paths
    /// come out right for a build of many files written from many threads.
    @Test func countsAndChangedPathsOfAManyFileBuildFromManyThreads() throws {
        let out = OutputFixture.temporaryFolder()
        defer { OutputFixture.remove(out) }
        var files: [String: String] = [:]
        for index in 0 ..< 3000 { files["p/\(index % 37)/\(index).html"] = "page \(index)" }
        let first = try OutputFixture.build(out, files, options: OutputOptions(changedPathLimit: 5), concurrent: true)
        #expect(first.written == 3000 && first.created == 3000 && first.unchanged == 0)
        #expect(first.changedPaths == Array(files.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.prefix(5)))
        var next = files
        for index in stride(from: 0, to: 3000, by: 100) { next["p/\(index % 37)/\(index).html"] = "changed \(index)" }
        next["p/0/0.html"] = nil
        let second = try OutputFixture.build(out, next, options: OutputOptions(changedPathLimit: 1000), concurrent: true)
        #expect(second.written == 29 && second.unchanged == 2970 && second.removed == 1)
        #expect(second.changedPaths.count == 30 && second.changedPaths.contains("p/0/0.html"))
        let third = try OutputFixture.build(out, next, concurrent: true)
        #expect(third.written == 0 && third.removed == 0 && third.unchanged == 2999)
    }
}
