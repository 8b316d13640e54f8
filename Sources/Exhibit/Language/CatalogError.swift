/// A catalog file that cannot be used: where (file, line, column when known) and why.
package struct CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the publisher knows it: `DIR/i18n/fr.toml` or `Templates/i18n/fr.toml (built-in)`.
    package var file: String
    package var line: Int
    package var column: Int?
    package var message: String

    /// `DIR/i18n/fr.toml:12: "{nom}" is not a placeholder of nav.home; …`
    package var description: String {
        "\(file):\(line)\(column.map { ":\($0)" } ?? ""): \(message)"
    }
}
