import ArgumentParser
import Exhibit
import Foundation

/// `exhibit-bench`: micro-benchmarks and evaluations of Exhibit's hot paths. Run in release:
/// `swift run -c release exhibit-bench templates`. Add a subcommand by adding a command below
/// and a file with its function.
@main
struct ExhibitBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exhibit-bench",
        abstract: "Benchmarks of Exhibit's hot paths (run in release on a quiet machine).",
        discussion: """
            Build in release first: swift run -c release exhibit-bench <subcommand>.
            The search, recommend and memory benchmarks read a platform database; make one with:
              exhibit demo-db /tmp/g.sqlite --images 100000
            """,
        subcommands: [Memory.self, Pages.self, Recommend.self, Search.self, Templates.self, Writer.self]
    )

    struct Templates: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render a realistic image page single-threaded; prints pages/s and MB/s.")

        @Argument(help: "Seconds to render for (thread CPU time).")
        var seconds: Double = 3

        @Flag(name: .customLong("print"), help: "Print the rendered page once instead.")
        var printPage = false

        func validate() throws {
            guard seconds > 0 else { throw ValidationError("seconds must be more than 0") }
        }

        func run() { benchmarkTemplates(seconds: seconds, printPage: printPage) }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search index of a database: size, files, build time, bytes per query (raw, gzipped).")

        @Argument(help: ArgumentHelp("The platform database.", valueName: "database"))
        var database: String

        @Argument(help: "Queries to measure (default: typical queries of the gallery).")
        var queries: [String] = []

        func run() { benchmarkSearch(database: database, queries: queries.isEmpty ? nil : queries) }
    }

    struct Recommend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recommendations of a database: hit@10 of each user's latest like vs most popular; time added to a build.",
            discussion: """
                Environment variables TREND_DAYS, COLIKE, COLIKE_TREND, THEME, TAG, TRENDING, RECENT, SAMPLE and \
                PER_LIKER override the recommender's tuning; ONLY_EVAL=1 skips the timings.
                """)

        @Argument(help: ArgumentHelp("The platform database.", valueName: "database"))
        var database: String

        func run() { benchmarkRecommend(database: database) }
    }

    struct Memory: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Memory of the published gallery of a database, part by part, and resident memory after each step.")

        @Argument(help: ArgumentHelp("The platform database.", valueName: "database"))
        var database: String

        func run() { probeMemory(database: database) }
    }

    struct Pages: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render every page of a synthetic gallery single-threaded.")

        @Argument(help: "Images in the synthetic gallery.")
        var images = 100_000

        @Argument(help: "Related images per image page (default: the configuration's).")
        var related: Int?

        @Option(help: ArgumentHelp("The site's language (BCP 47), to compare languages.", valueName: "tag"))
        var language = "en"

        func validate() throws {
            guard images > 0 else { throw ValidationError("images must be at least 1") }
            if let related, !(0 ... 100).contains(related) {
                throw ValidationError("related must be between 0 and 100 (like related_images in exhibit.toml)")
            }
        }

        func run() { benchmarkPages(images: images, related: related, language: language) }
    }

    struct Writer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The output writer on all cores: small files written fresh, rebuilt unchanged, then with 1 % changed.")

        @Argument(help: "Files to write, one folder each.")
        var files = 100_000

        @Argument(help: ArgumentHelp("The folder to write into; removed first, so it must be new or hold an earlier run.",
                                     valueName: "folder"))
        var folder = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-bench-writer").path

        func validate() throws {
            guard files > 0 else { throw ValidationError("files must be at least 1") }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else { return }
            let entries = try? FileManager.default.contentsOfDirectory(atPath: folder)
            guard isFolder.boolValue, let entries, entries.isEmpty || entries.contains(OutputPath.manifestName) else {
                throw ValidationError("\(folder) would be removed, but it is not an output folder (no \(OutputPath.manifestName)); choose another")
            }
        }

        func run() { print(OutputWriterBenchmark.run(files: files, directory: folder)) }
    }
}
