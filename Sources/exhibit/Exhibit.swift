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
        Quick start: exhibit serve --demo   (or exhibit build --demo, then serve Output/)
        """,
        version: ExhibitVersion.current,
        subcommands: [BuildCommand.self, ServeCommand.self, DeployCommand.self, CheckCommand.self, SearchCommand.self,
                      DemoDBCommand.self, TemplatesCommand.self]
    )

    /// Runs the command line; maps every failure to the exit codes of README.md "Exit codes" (never ArgumentParser's 64).
    static func main() {
        AllocatorTuning.applyOnce()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            Terminal.error(failure.message)
            Foundation.exit(processExitCode(for: failure.kind))
        } catch let failure as BuildFailure {
            Terminal.error(failure.message)
            Foundation.exit(processExitCode(for: failure.kind))
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            // Usage errors (unknown option, missing argument, validation): exit 2 with the usage.
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(processExitCode(for: .unusableInput))
        }
    }

    /// The exit code (README.md "Exit codes") for a kind of failure: 1 the build failed, 2 unusable input or usage.
    /// The one place the command line turns failures into exit codes.
    static func processExitCode(for kind: BuildFailure.Kind) -> Int32 {
        switch kind {
        case .buildFailed: 1
        case .unusableInput: 2
        }
    }
}

/// A failure the command line itself detects (an option, a file it writes), in one line, of the
/// same kinds as the library's ``BuildFailure``.
struct CommandFailure: Error {
    var kind: BuildFailure.Kind
    var message: String
}
