// exhibit-bench: micro-benchmarks for Exhibit's hot paths. Run in release:
//   swift run -c release exhibit-bench templates
// Add a subcommand by adding a case below and a file with its function.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
let subcommands = ["templates": "render a realistic image page single-threaded; prints pages/s and MB/s",
                   "search": "search index of a database DB [QUERY…]: size, files, build time, bytes per query (raw, gzipped)",
                   "recommend": "recommendations of a database DB: hit@10 of each user's latest like vs most popular; time added to a build",
                   "memory": "memory of the published gallery of a database DB, part by part, and resident memory after each step",
                   "pages": "render every page of a synthetic gallery [IMAGES, default 100000] [RELATED, default 12] single-threaded"]

switch arguments.first {
case "templates":
    benchmarkTemplates(arguments: Array(arguments.dropFirst()))
case "search":
    benchmarkSearch(arguments: Array(arguments.dropFirst()))
case "recommend":
    benchmarkRecommend(arguments: Array(arguments.dropFirst()))
case "memory":
    probeMemory(arguments: Array(arguments.dropFirst()))
case "pages":
    benchmarkPages(arguments: Array(arguments.dropFirst()))
default:
    print("usage: exhibit-bench <subcommand>")
    for (name, help) in subcommands.sorted(by: { $0.key < $1.key }) {
        print("  \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(help)")
    }
    if let unknown = arguments.first, unknown != "help", unknown != "--help" {
        print("unknown subcommand \"\(unknown)\"")
        exit(2)
    }
}
