import Exhibit
import Foundation

/// Size and speed figures of the search index (`exhibit-bench search`).
enum SearchBenchmark {
    /// Builds the index of `gallery` in memory and reports: build time, total size and file
    /// count, and for each query the bytes a browser downloads for it — `index.json`, the term
    /// shards, the document chunks of the first page (`pageSize` results) and `search.js`
    /// (read from `scriptPath` when given) — raw and gzipped (`/usr/bin/gzip -9`). `pageSize` is
    /// the search page's first page (12 unless the page sets `data-page-size`).
    static func run(gallery: Gallery, config: SiteConfig = SiteConfig(), queries: [String]? = nil,
                    scriptPath: String? = "Templates/assets/search.js", pageSize: Int = 12) throws -> String {
        let clock = ContinuousClock()
        var source: SearchIndexSource!
        let buildTime = clock.measure { source = SearchIndexSource(gallery: gallery, config: config) }
        var files: [String: [UInt8]] = [:]
        var totalBytes = 0
        let renderTime = try clock.measure {
            for i in 0 ..< source.count {
                var buffer: [UInt8] = []
                try source.render(i, into: &buffer)
                totalBytes += buffer.count
                files[source.path(i)] = buffer
            }
        }
        let script = scriptPath.flatMap { FileManager.default.contents(atPath: $0) }.map { [UInt8]($0) } ?? []
        var out = "search index: \(gallery.images.count) images, \(source.count) files "
        out += "(\(source.termShardCount) term shards, \(source.docChunkCount) doc chunks of \(source.docChunkSize)), "
        out += "\(kib(totalBytes)) raw\n"
        out += "build (in memory): \(ms(buildTime)), rendering all files: \(ms(renderTime))\n"
        out += "search.js: \(kib(script.count)) raw, \(kib(try gzipSize(script))) gzipped\n"
        out += "query                  results  files       raw    gzipped  (gzipped term shards, doc chunks)\n"

        let manifest = try JSONDecoder().decode(SearchManifest.self, from: Data(files["search/index.json"]!))
        let chosen = queries ?? typicalQueries(gallery)
        for query in chosen {
            var fetched: [String] = ["search/index.json"]
            let ranked = try SiteSearch.rank(query: query, documents: manifest.documents, shardKeys: manifest.shards) { shard in
                let path = "search/terms/\(shard).json"
                if !fetched.contains(path) { fetched.append(path) }
                return try JSONDecoder().decode([String].self, from: Data(files[path] ?? []))
            }
            for doc in ranked.prefix(pageSize) {
                let path = "search/docs/\(doc / manifest.docChunkSize).json"
                if !fetched.contains(path) { fetched.append(path) }
            }
            var raw = script.count, gzipped = try gzipSize(script)
            var termsGzipped = 0, docsGzipped = 0
            for path in fetched {
                let bytes = files[path] ?? []
                let size = try gzipSize(bytes)
                raw += bytes.count
                gzipped += size
                if path.hasPrefix("search/terms/") { termsGzipped += size }
                if path.hasPrefix("search/docs/") { docsGzipped += size }
            }
            let name = query.count > 20 ? String(query.prefix(19)) + "…" : query
            out += name.padding(toLength: 22, withPad: " ", startingAt: 0)
            out += " " + pad(ranked.count, 7) + " " + pad(fetched.count + 1, 6)
            out += " " + kib(raw).leftPadded(9) + " " + kib(gzipped).leftPadded(10)
            out += "  (terms " + kib(termsGzipped) + ", docs " + kib(docsGzipped) + ")\n"
        }
        return out
    }

    /// One-word queries of several frequencies taken from the gallery itself: the most common
    /// tag and theme, and description words of decreasing frequency.
    static func typicalQueries(_ gallery: Gallery) -> [String] {
        var queries: [String] = []
        if let tag = gallery.tags.max(by: { $0.images.count < $1.images.count }) { queries.append(tag.name) }
        if let theme = gallery.themes.max(by: { $0.images.count < $1.images.count }) { queries.append(theme.name) }
        if let tag = gallery.tags.sorted(by: { $0.images.count > $1.images.count }).dropFirst(gallery.tags.count / 2).first { queries.append(tag.name) }
        var counts: [String: Int] = [:]
        for image in gallery.images.prefix(20_000) {
            for word in Set(image.description.split(separator: " ")) { counts[String(word), default: 0] += 1 }
        }
        let words = counts.filter { $0.key.count >= 4 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        for fraction in [0, 10, 40, 70, 95] where !words.isEmpty {
            queries.append(words[min(words.count - 1, words.count * fraction / 100)].key)
        }
        if let first = queries.first { queries += [String(first.prefix(3)), String(first.prefix(1))] }
        return queries
    }

    static func gzipSize(_ bytes: [UInt8]) throws -> Int {
        guard !bytes.isEmpty else { return 0 }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-9", "-c"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let writer = Thread { input.fileHandleForWriting.write(Data(bytes)); try? input.fileHandleForWriting.close() }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data.count
    }

    private static func kib(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 512) / 1024
        return "\(tenths / 10).\(tenths % 10) KiB"
    }

    private static func ms(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
    }

    private static func pad(_ value: Int, _ width: Int) -> String { String(value).leftPadded(width) }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
