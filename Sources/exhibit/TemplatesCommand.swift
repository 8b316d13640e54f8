import ArgumentParser
import Exhibit
import Foundation

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Work with the default theme.",
        subcommands: [Export.self, Fields.self]
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
}
