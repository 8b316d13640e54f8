extension OutputWriter {
    /// True when the previous build's output is exactly as it left it: a valid manifest of
    /// `expectedCount` files, nothing recovered, no staging folder, and every file of the
    /// manifest still a regular file with its recorded size and modification time (one
    /// `fstatat` each). Used to skip a build whose inputs did not change.
    public func previousOutputIntact(expectedCount: Int) -> Bool {
        guard let previous, previous.count == expectedCount, recovery == .none, root >= 0,
              OutputFileSystem.status(root, OutputPath.stagingName) == nil else { return false }
        for index in 0 ..< previous.count {
            guard let found = OutputFileSystem.status(root, previous.path(index)), found.isRegular,
                  found.size == previous.sizes[index], found.modified == previous.modified[index] else { return false }
        }
        return true
    }
}
