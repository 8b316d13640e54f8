import ArgumentParser
import Exhibit
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "List problems in the database and what is withheld, without writing anything.",
        discussion: "Prints every skipped or repaired row (table, id, column) and every image that is not published, with the reason. Exit 0 when the database is usable, 2 when it is not."
    )

    @Option(name: .customLong("db"), help: ArgumentHelp("The platform's SQLite database.", valueName: "path"))
    var database: String

    @OptionGroup var configOptions: ConfigOptions

    func run() throws {
        let config = try configOptions.load()
        var options = LoadOptions()
        options.withholdPendingReports = config.withholdPendingReports
        let diagnostics = DiagnosticLog()
        let gallery: Gallery
        let audit: GalleryAudit
        do {
            (gallery, audit) = try GalleryLoader.load(databasePath: database, options: options, diagnostics: diagnostics)
        } catch let error as InputError {
            throw CommandFailure(kind: .unusableInput, message: "\(error)")
        }
        if let warning = ImageRenditions(config: config).originalsWarning(gallery) { diagnostics.append(warning) }
        let warnings = diagnostics.sorted
        // Ids, types and messages hold user data: every line is escaped (TerminalText) so it cannot
        // forge lines, reorder text (bidi controls) or drive the terminal.
        for warning in warnings { Terminal.printLine("warning: \(warning)") }
        for item in audit.withheld { Terminal.printLine("withheld: images[\(item.id)]: \(item.reason)") }
        for (type, count) in audit.unknownInteractionTypes.sorted(by: { $0.key < $1.key }) {
            Terminal.printLine("ignored: \(count) interaction\(count == 1 ? "" : "s") of unknown type \"\(type)\"")
        }
        Terminal.printLine("Checked \(database): \(BuildReport.grouped(gallery.images.count)) images published, \(BuildReport.grouped(audit.withheld.count)) withheld, \(BuildReport.grouped(gallery.users.count)) profiles, \(BuildReport.grouped(gallery.collections.count)) collections, \(BuildReport.grouped(gallery.tags.count)) tags, \(BuildReport.grouped(gallery.themes.count)) themes; \(warnings.count) warning\(warnings.count == 1 ? "" : "s").")
    }
}
