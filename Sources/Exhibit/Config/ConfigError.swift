/// A problem in the configuration file, with where it is:
/// `exhibit.toml:3: unknown key "titel"; did you mean "title"?`, or with the column for a syntax
/// error: `exhibit.toml:2:9: …`.
package struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    package var file: String
    /// 1-based; 0 when the problem is the whole file.
    package var line: Int
    /// 1-based; 0 when only the line is known (every problem but a syntax error).
    package var column: Int
    package var message: String

    package init(file: String, line: Int, column: Int = 0, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    package var description: String {
        guard line > 0 else { return "\(file): \(message)" }
        return column > 0 ? "\(file):\(line):\(column): \(message)" : "\(file):\(line): \(message)"
    }
}
