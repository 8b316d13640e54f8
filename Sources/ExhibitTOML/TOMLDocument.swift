// TOMLKit, kept apart: it extends Int, String, Bool, Array and Dictionary with public members
// (`.int`, `.string`, `.type`, …), and Swift makes an extension imported by one file visible in
// every file of the module, which breaks unrelated code. This target turns its tables into plain
// values, so `Exhibit` never imports TOMLKit.
@_implementationOnly import TOMLKit

/// A TOML document parsed by TOMLKit (toml++), as plain Sendable values.
package enum TOMLDocument {
    /// A value of a TOML document.
    package indirect enum Value: Sendable, Equatable {
        case string(String)
        case integer(Int)
        case float(Double)
        case bool(Bool)
        /// A local date, local time or date-time (its text is not needed).
        case date, time, dateTime
        case array([Value])
        /// A table's entries, in TOMLKit's order (sorted by key).
        case table([Entry])
    }

    /// One key of a table.
    package struct Entry: Sendable, Equatable {
        package var key: String
        package var value: Value
    }

    /// A syntax error, where toml++ found it (1-based line and column).
    package struct SyntaxError: Error, Sendable, Equatable {
        package var line: Int
        package var column: Int
        package var message: String
    }

    /// The root table of `text`. The text must not contain U+0000 (TOMLKit passes it as a C
    /// string); strings and keys come back cut at an escaped U+0000 for the same reason.
    package static func parse(_ text: String) throws(SyntaxError) -> [Entry] {
        do {
            return entries(of: try TOMLTable(string: text))
        } catch let error as TOMLParseError {
            throw SyntaxError(line: error.source.begin.line, column: error.source.begin.column, message: error.description)
        } catch {
            throw SyntaxError(line: 0, column: 0, message: "\(error)")
        }
    }

    private static func entries(of table: TOMLTable) -> [Entry] {
        table.keys.compactMap { key in table[key].map { Entry(key: key, value: value($0.tomlValue)) } }
    }

    private static func value(_ node: TOMLValue) -> Value {
        switch node.type {
        case .string: return .string(node.string ?? "")
        case .int: return .integer(node.int ?? 0)
        case .double: return .float(node.double ?? 0)
        case .bool: return .bool(node.bool ?? false)
        case .date: return .date
        case .time: return .time
        case .dateTime: return .dateTime
        case .array: return .array(node.array.map { array in array.indices.map { value(array[$0].tomlValue) } } ?? [])
        case .table: return .table(node.table.map(entries(of:)) ?? [])
        }
    }
}
