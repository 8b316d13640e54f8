import ArgumentParser
import Exhibit
import Foundation

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Work with the default theme.",
        subcommands: [Export.self, Fields.self, Keys.self]
    )

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the default theme's files to a folder, to start a custom theme.",
            discussion: "Edit the copies, delete the ones you keep as they are, and build with --templates DIR."
        )

        @Argument(help: ArgumentHelp("Folder to write to (created; existing files are not overwritten).", valueName: "dir"))
        var directory: String

        @Flag(help: "Overwrite files that already exist.")
        var force = false

        func run() throws {
            let files = Theme.defaultFiles
            var written = 0
            for name in files.keys.sorted() {
                let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: url.path) && !force {
                    throw CommandFailure(kind: .unusableInput, message: "\(url.path) exists; use --force to overwrite")
                }
                do {
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(files[name]!.utf8).write(to: url)
                } catch {
                    throw CommandFailure(kind: .buildFailed, message: "cannot write \(url.path): \(error.localizedDescription)")
                }
                written += 1
            }
            print("Wrote \(written) theme files to \(directory). Build with: exhibit build --templates \(directory) …")
        }
    }

    struct Fields: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every page template and the fields it receives (Markdown).")

        func run() throws {
            print(Theme.fieldReference())
        }
    }

    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every text key of the theme's catalogs and its text in a language (Markdown).",
            discussion: "Templates write a key as {{t.KEY}}, or as a section when its text has a placeholder. Catalogs are i18n/LANG.toml in the theme; a file of the same name in --templates DIR replaces keys one by one."
        )

        @Option(help: ArgumentHelp("The language (BCP 47) whose texts to show.", valueName: "tag"))
        var language = "en"

        @Option(help: ArgumentHelp("A folder of templates and catalogs overriding the default theme's.", valueName: "dir"))
        var templates: String?

        func run() throws {
            let theme: Theme
            do {
                theme = try Theme.load(overridesDirectory: templates, language: language)
            } catch {
                throw CommandFailure(kind: .buildFailed, message: "\(error)")
            }
            for warning in theme.languageWarnings { Terminal.warning("\(warning)") }
            print(theme.keyReference(), terminator: "")
        }
    }
}
