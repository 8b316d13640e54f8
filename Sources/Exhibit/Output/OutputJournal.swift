/// The list of operations a commit performs in the output folder, written to
/// `.exhibit-staging/journal` before the first of them (the commit point), so that a build
/// killed during its commit is completed by the next one.
///
/// Text, one operation a line (paths hold no control characters, so lines are unambiguous):
///
///     exhibit-journal 1
///     T images/abc            move the staged folder t/images/abc into place
///     F 17 images/x/index.html   move the staged file f/17 into place
///     R tags/old/index.html   remove a file the previous build wrote
///     end 3
///
/// The journal is written as `journal.tmp` and renamed to `journal` when complete: a `journal`
/// file is always whole.
struct OutputJournal: Equatable {
    enum Operation: Equatable {
        case moveFolder(String)
        case moveFile(Int, String)
        case remove(String)
    }

    var operations: [Operation] = []

    static let header = "exhibit-journal 1"

    func encoded() -> [UInt8] {
        var text = OutputJournal.header + "\n"
        for operation in operations {
            switch operation {
            case .moveFolder(let path): text += "T \(path)\n"
            case .moveFile(let number, let path): text += "F \(number) \(path)\n"
            case .remove(let path): text += "R \(path)\n"
            }
        }
        text += "end \(operations.count)\n"
        return Array(text.utf8)
    }

    /// Parses a journal; nil when it is damaged (wrong header, bad line, unsafe path, count).
    init?(bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3, lines.removeLast().isEmpty, lines.removeFirst() == OutputJournal.header else { return nil }
        let last = lines.removeLast()
        guard last.hasPrefix("end "), Int(last.dropFirst(4)) == lines.count else { return nil }
        for line in lines {
            guard line.count >= 3 else { return nil }
            let kind = line.first!
            let rest = line.dropFirst(2)
            switch kind {
            case "T":
                guard OutputPath.problem(String(rest)) == nil else { return nil }
                operations.append(.moveFolder(String(rest)))
            case "F":
                guard let space = rest.firstIndex(of: " "), let number = Int(rest[..<space]), number >= 0 else { return nil }
                let path = String(rest[rest.index(after: space)...])
                guard OutputPath.problem(path) == nil else { return nil }
                operations.append(.moveFile(number, path))
            case "R":
                guard OutputPath.problem(String(rest)) == nil else { return nil }
                operations.append(.remove(String(rest)))
            default:
                return nil
            }
        }
    }

    init(operations: [Operation]) {
        self.operations = operations
    }
}
