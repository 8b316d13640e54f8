import ArgumentParser
import Exhibit
import Foundation

/// `exhibit`: publishes the platform's public gallery as a static site.
@main
struct ExhibitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exhibit",
        abstract: "Publish the image platform's public gallery as a static site, feeds and search index.",
        discussion: """
        Exit codes: 0 success (warnings allowed), 1 build failed, 2 bad usage or unusable input.
        Quick start: exhibit build --demo   (then open Output/index.html)
        """,
        version: ExhibitVersion.current,
        subcommands: [BuildCommand.self, CheckCommand.self, SearchCommand.self, DemoDBCommand.self, TemplatesCommand.self, DeployCommand.self]
    )

    /// Runs the command line; maps every failure to SPEC §5's exit codes (never ArgumentParser's 64).
    static func main() {
        AllocatorTuning.applyOnce()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            Terminal.error(failure.message)
            Foundation.exit(failure.exitCode)
        } catch let failure as BuildFailure {
            Terminal.error(failure.message)
            Foundation.exit(failure.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            // Usage errors (unknown option, missing argument, validation): exit 2 with the usage.
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// A failure a command reports in one line, with its exit code.
struct CommandFailure: Error {
    var exitCode: Int32
    var message: String
}
