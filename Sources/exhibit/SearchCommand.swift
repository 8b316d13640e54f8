import ArgumentParser
import Exhibit

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search a built site's index, as its search page does: prints image ids, best first.",
        discussion: "Answers from the generated files alone (search/index.json and its shards), like GET search:{query} on the platform."
    )

    @Option(name: .customLong("site"), help: ArgumentHelp("A folder built by `exhibit build`.", valueName: "dir"))
    var site: String

    @Option(help: ArgumentHelp("Most ids to print.", valueName: "n"))
    var limit = 50

    @Argument(help: "The query: every word must match, the last one as a prefix.")
    var query: String

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        if OutputWriter.hasInterruptedCommit(in: site) {
            throw CommandFailure(kind: .unusableInput, message: "\(site) holds a build that was interrupted while it was put in place "
                                 + "(a mix of two builds); run the build again, which finishes it, then search")
        }
        let ids: [String]
        do {
            ids = try SiteSearch.query(siteDirectory: site, query: query, limit: limit)
        } catch {
            throw CommandFailure(kind: .unusableInput, message: "\(error)")
        }
        // Ids are database text: escaped (TerminalText), one per line.
        for id in ids { Terminal.printLine(id) }
    }
}
