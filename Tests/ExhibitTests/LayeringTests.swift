import Foundation
import Testing

/// The folders of `Sources/Exhibit/` are layers (ARCHITECTURE.md): a folder uses only the
/// folders below it. Checked by name: which folder declares each top-level type, and which
/// folders mention it outside comments and string literals.
@Suite struct LayeringTests {
    /// ARCHITECTURE.md's table, bottom first; folders on one row may not use each other.
    static let layers: [[String]] = [
        ["Support"], ["Config"], ["Language"], ["Model"], ["Store", "Mustache"], ["Feeds", "Search", "Recommend", "Demo"],
        ["Render"], ["Output"], ["Build"], ["Serve", "Deploy"],
    ]
    /// Uses across one row that the table allows.
    static let allowedSiblings: Set<String> = []

    static var sources: URL { TestSupport.repositoryRoot.appendingPathComponent("Sources/Exhibit") }

    static func level(_ folder: String) -> Int? { layers.firstIndex { $0.contains(folder) } }

    /// The source text without comments and string literals.
    static func code(_ text: String) -> String {
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var kept = ""
            var inString = false
            var previous: Character = " "
            var iterator = line.makeIterator()
            while let character = iterator.next() {
                if inString {
                    if character == "\"" && previous != "\\" { inString = false }
                    previous = character == "\\" && previous == "\\" ? " " : character
                    continue
                }
                if character == "/" && previous == "/" { kept.removeLast(); break }
                if character == "\"" { inString = true; kept.append("\"\""); previous = " "; continue }
                kept.append(character)
                previous = character
            }
            out += kept + "\n"
        }
        return out
    }

    @Test func everyFolderIsALayerAndUsesOnlyTheLayersBelowIt() throws {
        let manager = FileManager.default
        let folders = try manager.contentsOfDirectory(atPath: Self.sources.path).filter {
            var isDirectory: ObjCBool = false
            return manager.fileExists(atPath: Self.sources.appendingPathComponent($0).path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        #expect(folders.count >= 10)
        var declaredIn: [String: String] = [:]
        var texts: [String: String] = [:]
        let declaration = try Regex(#"(?m)^(?:(?:public|package|internal|private|fileprivate|final|@\w+)\s+)*(?:struct|enum|class|protocol|actor|typealias)\s+(\w+)"#)
        for folder in folders.sorted() {
            #expect(Self.level(folder) != nil, "\(folder)/ is in no layer of ARCHITECTURE.md")
            for file in try manager.contentsOfDirectory(atPath: Self.sources.appendingPathComponent(folder).path) where file.hasSuffix(".swift") {
                let text = try String(contentsOf: Self.sources.appendingPathComponent(folder).appendingPathComponent(file), encoding: .utf8)
                texts[folder, default: ""] += Self.code(text)
                for match in text.matches(of: declaration) {
                    if let name = match.output[1].substring { declaredIn[String(name)] = declaredIn[String(name)] ?? folder }
                }
            }
        }
        var violations: [String] = []
        for (folder, text) in texts.sorted(by: { $0.key < $1.key }) {
            guard let level = Self.level(folder) else { continue }
            var used: [String: Set<String>] = [:]
            let identifiers = text.split { !($0.isLetter || $0.isNumber || $0 == "_") }
            for identifier in identifiers where identifier.first?.isUppercase == true {
                let name = String(identifier)
                if let owner = declaredIn[name], owner != folder { used[owner, default: []].insert(name) }
            }
            for (owner, names) in used.sorted(by: { $0.key < $1.key }) {
                guard let ownerLevel = Self.level(owner) else { continue }
                if ownerLevel > level || (ownerLevel == level && !Self.allowedSiblings.contains("\(folder)->\(owner)")) {
                    violations.append("\(folder) uses \(owner): \(names.sorted().joined(separator: ", "))")
                }
            }
        }
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }
}
