import Foundation
import Testing
@testable import Exhibit

/// The texts of a big gallery move to a temporary file; nothing else may change.
@Suite struct TextStoreTests {
    static func texts(_ count: Int) -> [String] {
        (0 ..< count).map { "text \($0) " + String(repeating: "é東", count: $0 % 50) }
    }

    @Test func aSpilledStoreReadsBackEveryTextAfterItsPagesAreReleased() throws {
        var builder = TextStore.Builder(spillThreshold: 4096)
        var places: [(UInt64, UInt32)] = []
        let texts = Self.texts(20_000) // about 2 MB: several blocks of the file
        for text in texts { places.append((builder.append(text), UInt32(text.utf8.count))) }
        // Read while still appending: mapped on demand.
        let readWhileAppending = builder.bytes(places[3].0, places[3].1).utf8String
        #expect(readWhileAppending == texts[3])
        builder.append("more")
        let store = builder.finish()
        #expect(store.isSpilled)
        for round in 0 ..< 2 {
            for index in stride(from: 0, to: texts.count, by: 7) {
                #expect(store.string(places[index].0, places[index].1) == texts[index], "round \(round)")
            }
            store.releaseResidentPages()
        }
        #expect(store.string(places.last!.0, places.last!.1) == texts.last!)
    }

    #if os(Linux)
    @Test func readingASpilledStoreBeyondTheBudgetLeavesItsPagesUnmapped() throws {
        var builder = TextStore.Builder(spillThreshold: 1 << 20)
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        let size = TextStore.residentBudget + (32 << 20)
        for _ in 0 ..< size / chunk.count { chunk.withUnsafeBytes { builder.append($0) } }
        let store = builder.finish()
        #expect(store.isSpilled)
        let before = try #require(ResidentPageWatch.residentFileBytes())
        // Touch every page: without the watch, all of them would stay mapped.
        var sum = 0
        for offset in stride(from: 0, to: size, by: 4096) {
            sum &+= Int(store.bytes(UInt64(offset), 1)[0])
        }
        #expect(sum == (size / 4096) * Int(UInt8(ascii: "x")))
        // The watch unmaps once the process holds more than the budget above its baseline (at
        // most `before`), so the growth since `before` ends within the budget.
        var grown = try #require(ResidentPageWatch.residentFileBytes()) - before
        for _ in 0 ..< 200 where grown > TextStore.residentBudget {
            Thread.sleep(forTimeInterval: 0.01)
            grown = try #require(ResidentPageWatch.residentFileBytes()) - before
        }
        #expect(grown <= TextStore.residentBudget, "mapped file bytes grown by \(grown)")
    }
    #endif

    @Test func aStoreWhoseFileCannotBeMadeStaysInMemory() {
        var builder = TextStore.Builder(spillThreshold: 16, spillDirectory: "/nonexistent/exhibit-spill")
        let texts = Self.texts(500)
        let places = texts.map { (builder.append($0), UInt32($0.utf8.count)) }
        let store = builder.finish()
        #expect(!store.isSpilled)
        for (index, text) in texts.enumerated() { #expect(store.string(places[index].0, places[index].1) == text) }
    }

    @Test func aStoreThatCannotSpillTriesOnceAndSaysWhy() {
        var builder = TextStore.Builder(spillThreshold: 16, spillDirectory: "/nonexistent/exhibit-spill")
        for text in Self.texts(2_000) { builder.append(text) }
        let store = builder.finish()
        #expect(store.spillAttempts == 1)
        #expect(store.spillFailure?.contains("/nonexistent/exhibit-spill") == true)
    }

    /// A `$TMPDIR` that fills up while texts spill: the store goes back to memory once and stays
    /// there (before, every later append made a new file and copied everything: quadratic).
    @Test(.enabled(if: TemporaryDisk.canMount, "needs root to mount a small tmpfs"))
    func aStoreWhoseDiskFillsUpGoesBackToMemoryOnce() throws {
        let disk = try TemporaryDisk(megabytes: 1)
        defer { disk.remove() }
        var builder = TextStore.Builder(spillThreshold: 1024, spillDirectory: disk.path)
        let text = String(repeating: "a text that fills a small disk quickly. ", count: 2_000)
        var places: [UInt64] = []
        for _ in 0 ..< 200 { places.append(builder.append(text)) }
        let store = builder.finish()
        #expect(!store.isSpilled)
        #expect(store.spillAttempts == 1)
        #expect(store.spillFailure?.contains("No space left") == true, "\(store.spillFailure ?? "nil")")
        for place in places { #expect(store.string(place, UInt32(text.utf8.count)) == text) }
    }

    /// The same database built with its texts in memory and spilled to a file: every byte of
    /// every output file is the same.
    @Test func aBuildWithSpilledTextsIsByteIdenticalToOneInMemory() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-spill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("g.sqlite").path
        _ = try DemoDatabase.generate(at: database, options: DemoOptions(images: 400, seed: 11))

        var loadOptions = LoadOptions()
        loadOptions.textSpillThreshold = 1024
        let (spilled, _) = try GalleryLoader.load(databasePath: database, options: loadOptions, diagnostics: DiagnosticLog())
        #expect(spilled.images.texts.isSpilled && spilled.images.keys.isSpilled)

        var trees: [[String: Data]] = []
        for threshold in [nil, 1024] as [Int?] {
            var options = BuildOptions(databasePath: database)
            options.outputDirectory = folder.appendingPathComponent("out-\(threshold ?? 0)").path
            options.textSpillThreshold = threshold
            _ = try SiteBuilder.build(options, diagnostics: DiagnosticLog())
            trees.append(try TestSupport.tree(options.outputDirectory))
        }
        #expect(trees[0].count > 500)
        #expect(trees[0] == trees[1])
    }
}
