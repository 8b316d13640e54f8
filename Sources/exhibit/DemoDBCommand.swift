import ArgumentParser
import Exhibit

struct DemoDBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-db",
        abstract: "Write a realistic, deterministic demo database of any size.",
        discussion: "Same --images and --seed, same rows. Many users, Zipf-like tags with accents and spaces, themes, collections, likes with structure, comments, a few private images and reports, every date form the platform writes."
    )

    @Argument(help: ArgumentHelp("The database file to create (must not exist).", valueName: "path"))
    var path: String

    @Option(help: "Number of images.")
    var images = 1000

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    func validate() throws {
        if images < 0 { throw ValidationError("--images must not be negative") }
    }

    func run() throws {
        var options = DemoDatabase.bundled
        options.images = images
        options.seed = seed
        let summary: DemoSummary
        do {
            summary = try DemoDatabase.generate(at: path, options: options)
        } catch {
            throw CommandFailure(kind: .unusableInput, message: "\(error)")
        }
        print("Wrote \(path): \(summary)")
    }
}
