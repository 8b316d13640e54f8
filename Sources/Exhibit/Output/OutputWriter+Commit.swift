import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension OutputWriter {
    /// Puts the build in place: writes the new manifest and the journal (the commit point),
    /// moves staged files into place, removes files of the previous build that are no longer
    /// written and the folders that left empty. In a dry run, only counts.
    ///
    /// Throws if a `write` failed (after discarding the staging folder: the output is
    /// untouched), if a path was written twice, or if a step of the commit itself failed — then
    /// the journal stays and the next writer on this folder completes the commit.
    package func commit() throws -> OutputStats {
        try state.withLock { state in
            defer { unlockFolder() }
            return try commitLocked(&state)
        }
    }

    private func commitLocked(_ state: inout State) throws -> OutputStats {
        guard state.phase == .open else {
            throw OutputError(path: shown(""), operation: "commit", reason: "the output was already committed or aborted")
        }
        if let failure = state.failure {
            discardStaging(&state)
            state.phase = .aborted
            throw failure
        }
        do {
            return try commitChecked(&state)
        } catch let error as OutputError {
            if state.phase == .open {
                discardStaging(&state)
                state.phase = .aborted
            }
            throw error
        }
    }

    /// `removed 3 files WHY: Output/a, Output/b, …` (the first five, sorted).
    private func removalNote(_ paths: [String], _ why: String) -> String {
        (options.dryRun ? "would remove " : "removed ") + "\(paths.count) file\(paths.count == 1 ? "" : "s") \(why): "
            + paths.prefix(5).map { shown($0) }.joined(separator: ", ") + (paths.count > 5 ? ", …" : "")
    }

    private func commitChecked(_ state: inout State) throws -> OutputStats {
        var stats = state.counts
        stats.dryRun = options.dryRun
        let limit = options.changedPathLimit
        if state.foreignCount > 0 && !options.replaceForeignFiles {
            let sorted = state.foreignPaths.sorted { $0.utf8Precedes($1) }
            let more = state.foreignCount - sorted.count
            throw OutputError(path: shown(sorted[0]), operation: "replace",
                              reason: "Exhibit did not write it" + (state.foreignCount > 1 ? " (nor \(state.foreignCount - 1) more: "
                                  + sorted.dropFirst().joined(separator: ", ") + (more > 0 ? ", …" : "") + ")" : "")
                                  + "; build into an empty folder, or pass --force to replace such files", code: EEXIST)
        }
        // Files of the previous build not written this time: prune those still there.
        var removals: [String] = []
        var editedRemovals: [String] = []
        if let previous {
            for index in 0..<previous.count where !state.seen[index] {
                let path = previous.path(index)
                guard root >= 0, (try? directoryState(OutputPath.parent(of: path), &state)) == .existing else { continue }
                if let found = OutputFileSystem.status(root, path), !found.isDirectory {
                    removals.append(path)
                    if found.size != previous.sizes[index] || found.modified != previous.modified[index] {
                        editedRemovals.append(path)
                    }
                }
            }
        } else if adoptsNamespace, let namespace = options.namespace, root >= 0 {
            // No record of what the previous build wrote: every file in the namespace the build
            // did not write goes (privacy fails closed: it may show what is no longer public).
            let written = state.adoptedWritten
            for name in namespace.topLevelNames {
                try OutputFileSystem.visitFiles(root, name) { path in
                    if !written.contains(path) { removals.append(path) }
                }
            }
            removals.sort { $0.utf8Precedes($1) }
            if !removals.isEmpty { state.noteList.append(removalNote(removals, "the site no longer has")) }
        }
        if !editedRemovals.isEmpty {
            editedRemovals.sort { $0.utf8Precedes($1) }
            state.noteList.append(removalNote(editedRemovals, "changed by hand since Exhibit wrote " + (editedRemovals.count == 1 ? "it" : "them")))
        }
        stats.removed = removals.count
        var listed = state.changed
        listed.append(contentsOf: removals.sorted { $0.utf8Precedes($1) }.prefix(limit))
        listed.sort { $0.utf8Precedes($1) }
        stats.changedPaths = Array(listed.prefix(limit))

        if options.dryRun {
            state.phase = .committed
            return stats
        }
        let manifestUnchanged = stats.written == 0 && removals.isEmpty && state.adopted == 0
            && stats.written + stats.unchanged == (previous?.count ?? -1)
        if manifestUnchanged {
            discardStaging(&state)
            state.phase = .committed
            return stats
        }

        try openStaging(&state) // a build without a single file still writes its (empty) manifest
        // 1. The new manifest (its entries were written with the files), complete.
        try state.manifestDraft!.finish(sync: options.durable)
        state.manifestDraft = nil
        // 2. The journal: moves of files staged beside existing ones are in already; then the
        // folders new to the output, then the removals.
        for folder in state.topMissing.sorted() { try state.journalDraft!.append(.moveFolder(folder)) }
        for path in removals { try state.journalDraft!.append(.remove(path)) }
        if options.durable {
            sync() // syncfs(2) is not exported by Swift's Glibc module; sync(2) flushes every file system.
        }
        try state.journalDraft!.finish(sync: options.durable)
        state.journalDraft = nil
        // 3. The commit point: from here on, a killed build is completed, not undone.
        if renameat(state.staging, "journal.tmp", state.staging, "journal") != 0 {
            throw OutputError.system("write", shown(OutputPath.stagingName + "/journal"), errno: errno)
        }
        if options.durable { fsync(state.staging) }
        state.phase = .interrupted
        var known = Set<String>()
        for (path, folder) in state.directories where folder == .existing { known.insert(path) }
        stats.removedFolders = try OutputWriter.apply(root: root, staging: state.staging, outputDirectory: directory,
                                                      knownFolders: known, crashAfter: state.crashAfterOperations)
        close(state.staging)
        state.staging = -1
        state.phase = .committed
        return stats
    }

    /// Carries out the journal in the staging folder, idempotently (a step already done is
    /// skipped): moves, removals, empty folders, the manifest, then deletes the staging folder.
    /// Used by commit and by recovery (which checks the journal whole first). Never follows a
    /// symlink: a target whose parent is not a real folder is an error (moves) or skipped
    /// (removals). Returns the number of folders removed.
    static func apply(root: Int32, staging: Int32, outputDirectory: String,
                      knownFolders: Set<String>, crashAfter: Int?) throws -> Int {
        // The journal was checked (safe paths, inside the namespace) before the first step.
        func shown(_ path: String) -> String {
            outputDirectory.isEmpty ? path : (outputDirectory.hasSuffix("/") ? outputDirectory + path : outputDirectory + "/" + path)
        }
        var real = knownFolders
        real.insert("")
        func isRealFolder(_ path: String) -> Bool {
            if real.contains(path) { return true }
            if real.count >= folderCacheLimit { real = [""] }
            guard isRealFolder(OutputPath.parent(of: path)),
                  let found = OutputFileSystem.status(root, path), found.isDirectory else { return false }
            real.insert(path)
            return true
        }
        var done = 0
        func step() throws {
            if let crashAfter, done >= crashAfter {
                throw OutputError(path: shown(""), operation: "commit", reason: "simulated crash after \(done) steps")
            }
            TestPausePoint.reached("commit", done)
            done += 1
        }
        func move(_ from: String, _ to: String) throws {
            guard isRealFolder(OutputPath.parent(of: to)) else {
                throw OutputError(path: shown(OutputPath.parent(of: to)), operation: "move files into",
                                  reason: "not a real folder (a symbolic link or missing)")
            }
            if renameat(staging, from, root, to) != 0 {
                let code = errno
                if code == ENOENT && OutputFileSystem.status(staging, from) == nil { return } // done before
                throw OutputError.system("move into place", shown(to), errno: code)
            }
        }
        var emptied = Set<String>()
        let complete = try OutputJournal.read(staging, "journal") { operation in
            try step()
            switch operation {
            case .moveFolder(let path):
                try move("t/" + path, path)
            case .moveFile(let number, let path):
                try move("f/\(number)", path)
            case .remove(let path):
                let parent = OutputPath.parent(of: path)
                guard isRealFolder(parent), let found = OutputFileSystem.status(root, path), !found.isDirectory else { return }
                if unlinkat(root, path, 0) != 0 && errno != ENOENT {
                    throw OutputError.system("remove", shown(path), errno: errno)
                }
                var folder = parent
                while !folder.isEmpty {
                    emptied.insert(folder)
                    folder = OutputPath.parent(of: folder)
                }
            }
        }
        guard complete else {
            throw OutputError(path: shown(OutputPath.stagingName + "/journal"), operation: "commit",
                              reason: "the journal could not be read back whole")
        }
        // Folders left empty by removals, deepest first (a child sorts after its parent).
        var removedFolders = 0
        for folder in emptied.sorted(by: >) where isRealFolder(folder) {
            if unlinkat(root, folder, AT_REMOVEDIR) == 0 { removedFolders += 1; real.remove(folder) }
        }
        try step()
        if renameat(staging, "manifest", root, OutputPath.manifestName) != 0 {
            let code = errno
            if !(code == ENOENT && OutputFileSystem.status(staging, "manifest") == nil) {
                throw OutputError.system("write", shown(OutputPath.manifestName), errno: code)
            }
        }
        try step()
        try OutputFileSystem.removeTree(root, OutputPath.stagingName)
        return removedFolders
    }

    /// True when a build was killed during its commit in `directory` (its journal is complete and
    /// not yet carried out): the folder is then a mix of two builds until the next build finishes
    /// the commit. Readers Exhibit controls (`exhibit search`, …) refuse such a folder.
    package static func hasInterruptedCommit(in directory: String) -> Bool {
        let staging = directory.isEmpty ? OutputPath.stagingName : directory + "/" + OutputPath.stagingName
        var info = stat()
        return lstat(staging + "/journal", &info) == 0
    }

    /// Finishes or discards what a killed build left in the output folder.
    static func recover(root: Int32, shown outputDirectory: String, namespace: OutputNamespace?) throws -> OutputRecovery {
        guard let found = OutputFileSystem.status(root, OutputPath.stagingName) else { return .none }
        let shownStaging = outputDirectory + "/" + OutputPath.stagingName
        if !found.isDirectory {
            if unlinkat(root, OutputPath.stagingName, 0) != 0 { throw OutputError.system("remove", shownStaging, errno: errno) }
            return .rolledBack
        }
        let staging = OutputFileSystem.openDirectory(root, OutputPath.stagingName)
        guard staging >= 0 else { throw OutputError.system("open", shownStaging, errno: errno) }
        defer { close(staging) }
        if OutputFileSystem.status(staging, "journal") != nil {
            // Checked whole before the first step is taken.
            // A journal only moves files staged inside the staging folder to paths inside the
            // namespace, and removes only paths inside it: one that names anything else was not
            // written by Exhibit and is not carried out.
            var foreign: String?
            guard try OutputJournal.read(staging, "journal", { operation in
                guard foreign == nil, let namespace else { return }
                switch operation {
                case .moveFolder(let path), .moveFile(_, let path), .remove(let path):
                    if !namespace.contains(path) { foreign = path }
                }
            }) else {
                throw OutputError(path: shownStaging + "/journal", operation: "finish the interrupted build from",
                                  reason: "the journal is damaged; check the output folder and remove \(shownStaging) by hand")
            }
            if let foreign {
                throw OutputError(path: shownStaging + "/journal", operation: "finish the interrupted build from",
                                  reason: "it names \(Diagnostic.printable(foreign)), which Exhibit does not write, so Exhibit did not write this journal; "
                                      + "check the output folder and remove \(shownStaging) by hand")
            }
            _ = try apply(root: root, staging: staging, outputDirectory: outputDirectory, knownFolders: [], crashAfter: nil)
            return .rolledForward
        }
        try OutputFileSystem.removeTree(root, OutputPath.stagingName)
        return .rolledBack
    }
}
