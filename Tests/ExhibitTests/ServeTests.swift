import Foundation
import Testing
@testable import Exhibit
#if canImport(Glibc)
import Glibc
#endif

/// `exhibit serve` as a user runs it: a real process on a free port, asked over real sockets.
@Suite(.serialized) struct ServeTests {
    /// A running `exhibit serve`; stopped with SIGINT (Ctrl-C).
    final class Server {
        let process = Process()
        let port: Int
        let mount: String
        /// The output folder the server printed it builds into.
        let output: String
        private let stdout: Pipe

        init(_ arguments: [String]) throws {
            process.executableURL = TestSupport.exhibitBinary
            process.arguments = ["serve", "--port", "0"] + arguments
            stdout = Pipe()
            process.standardOutput = stdout
            process.standardError = FileHandle.nullDevice
            try process.run()
            var text = ""
            let deadline = Date().addingTimeInterval(120)
            let handle = stdout.fileHandleForReading
            while !text.contains("  (Ctrl-C to stop)") && Date() < deadline {
                let data = handle.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            guard let range = text.range(of: #"http://127\.0\.0\.1:(\d+)(/\S*)"#, options: .regularExpression) else {
                process.terminate()
                throw ServeTestError.noURL(text)
            }
            let url = URLComponents(string: String(text[range]))!
            port = url.port!
            mount = url.path
            output = text.range(of: #"into (\S+)"#, options: .regularExpression).map { String(text[$0].dropFirst(5)) } ?? ""
        }

        /// Sends SIGINT and waits for the exit status.
        func stop() -> Int32 {
            kill(process.processIdentifier, SIGINT)
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    enum ServeTestError: Error { case noURL(String), socket(String) }

    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    /// Opens a TCP connection to 127.0.0.1:port.
    static func connect(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(fd); throw ServeTestError.socket("connect failed") }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func send(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
    }

    /// One request with the path exactly as given (no client-side normalisation), read to the end.
    static func get(_ port: Int, _ rawPath: String, headers: [String: String] = [:]) throws -> Answer {
        let fd = try connect(port)
        defer { close(fd) }
        var request = "GET \(rawPath) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        send(fd, request + "\r\n")
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data.append(contentsOf: buffer[..<count])
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw ServeTestError.socket("no answer to \(rawPath): \(text)") }
        let lines = text[..<split.lowerBound].split(separator: "\r\n")
        let status = Int(lines.first?.split(separator: " ")[1] ?? "") ?? 0
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            if let colon = line.firstIndex(of: ":") {
                fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return Answer(status: status, headers: fields, body: String(text[split.upperBound...]))
    }

    /// An open event stream; `wait(for:)` reads until its text contains a string.
    final class EventStream {
        let fd: Int32
        var text = ""
        init(port: Int, path: String) throws {
            fd = try ServeTests.connect(port)
            ServeTests.send(fd, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        }
        deinit { close(fd) }

        @discardableResult
        func wait(for needle: String, seconds: Double = 20) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while !text.contains(needle) && Date() < deadline {
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 200) > 0 else { continue }
                let count = recv(fd, &buffer, buffer.count, 0)
                if count <= 0 { return false }
                text += String(decoding: buffer[..<count], as: UTF8.self)
            }
            return text.contains(needle)
        }
    }

    static func gallery() throws -> URL {
        let directory = try TestSupport.temporaryDirectory()
        try TestSupport.writeSmallGallery(to: directory.appendingPathComponent("platform.sqlite").path)
        return directory
    }

    @Test func servesTheSiteAtTheBaseURLPathWithContentTypesA404AndConditionalRequests() throws {
        let directory = try Self.gallery()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try Server(["--db", directory.appendingPathComponent("platform.sqlite").path,
                                 "--base-url", "https://example.org/gallery/", "--quiet"])
        let port = server.port
        #expect(server.mount == "/gallery/")

        let root = try Self.get(port, "/")
        #expect(root.status == 302)
        #expect(root.headers["location"] == "/gallery/")

        let home = try Self.get(port, "/gallery/")
        #expect(home.status == 200)
        #expect(home.headers["content-type"] == "text/html; charset=utf-8")
        #expect(home.body.contains(#"<script src="__exhibit/live.js" data-page="index.html""#))
        #expect(home.body.range(of: "__exhibit/live.js")!.lowerBound < home.body.range(of: "</body>")!.lowerBound)
        // The preview script is added as the page is served, never written to the site.
        let onDisk = try String(contentsOfFile: server.output + "/index.html", encoding: .utf8)
        #expect(!onDisk.contains("__exhibit"))

        let theme = try Theme.load(overridesDirectory: nil)
        let style = try #require(theme.stylePath), script = try #require(theme.scriptPath), favicon = try #require(theme.faviconPath)
        let types = ["feed.xml": "application/rss+xml", "feed.atom": "application/atom+xml",
                     "feed.json": "application/feed+json", "search/index.json": "application/json",
                     style: "text/css", script: "text/javascript", favicon: "image/svg+xml", "sitemap.xml": "application/xml"]
        for (path, type) in types {
            let answer = try Self.get(port, "/gallery/" + path)
            #expect(answer.status == 200, "\(path)")
            #expect(answer.headers["content-type"]?.hasPrefix(type) == true, "\(path): \(answer.headers["content-type"] ?? "none")")
        }
        let folder = try Self.get(port, "/gallery/images")
        #expect(folder.status == 301)
        #expect(folder.headers["location"] == "/gallery/images/")

        let css = try Self.get(port, "/gallery/" + style)
        let etag = try #require(css.headers["etag"])
        #expect(try Self.get(port, "/gallery/" + style, headers: ["If-None-Match": etag]).status == 304)

        let missing = try Self.get(port, "/gallery/no/such/page/")
        #expect(missing.status == 404)
        #expect(missing.body.contains("<html"))
        #expect(missing.body.contains(#"src="../../../__exhibit/live.js" data-page="404.html""#))
        #expect(try Self.get(port, "/elsewhere").status == 404)

        let status = server.stop()
        #expect(status == 0)
    }

    @Test func pathsOutsideTheSiteAreRefused() throws {
        let directory = try Self.gallery()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out").path
        let server = try Server(["--db", directory.appendingPathComponent("platform.sqlite").path, "--out", out, "--quiet"])
        defer { _ = server.stop() }
        let secret = directory.appendingPathComponent("secret.txt")
        try "SECRET-MARKER".write(to: secret, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: out + "/assets/link.txt", withDestinationPath: secret.path)
        try FileManager.default.createSymbolicLink(atPath: out + "/linkdir", withDestinationPath: directory.path)
        #expect(try Self.get(server.port, "/" + (try #require(try Theme.load(overridesDirectory: nil).stylePath))).status == 200)
        for path in ["/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2fsecret.txt",
                     "/assets/%2e%2e/%2e%2e/secret.txt", "/assets/link.txt", "/linkdir/secret.txt",
                     "/.exhibit-manifest", "/.exhibit-fingerprint", "/index.html%00.css", "/%00", "/..%5csecret.txt",
                     "/./index.html", "//etc/passwd"] {
            let answer = try Self.get(server.port, path)
            #expect([400, 404].contains(answer.status), "\(path): \(answer.status)")
            #expect(!answer.body.contains("SECRET-MARKER"), "\(path)")
            #expect(!answer.body.contains("root:"), "\(path)")
        }
        // A huge header is refused without taking the server down.
        let huge = try? Self.get(server.port, "/", headers: ["X-Huge": String(repeating: "a", count: 200_000)])
        #expect(huge.map { $0.status >= 400 } ?? true)
        #expect(try Self.get(server.port, "/").status == 200)
    }

    @Test(.enabled(if: Python.isAvailable, "needs python3 with sqlite3 as the other writer"))
    func aRowCommittedByAnotherProcessReachesTheEventStream() throws {
        let directory = try Self.gallery()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("platform.sqlite").path
        let server = try Server(["--db", database, "--quiet"])
        defer { _ = server.stop() }
        let page = try Self.get(server.port, "/")
        let generation = try #require(page.body.range(of: #"data-generation="(\d+)""#, options: .regularExpression)
            .map { String(page.body[$0].dropFirst(17).dropLast()) })
        let instance = try #require(page.body.range(of: #"data-instance="[^"]+""#, options: .regularExpression)
            .map { String(page.body[$0].dropFirst(15).dropLast()) })
        let events = try EventStream(port: server.port, path: "/__exhibit/events?since=\(generation)&instance=\(instance)")
        #expect(events.wait(for: "event: hello"))
        #expect(events.text.contains(#""all":false,"paths":[],"error":null"#))

        let script = """
        import sqlite3, sys
        c = sqlite3.connect(sys.argv[1])
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("INSERT INTO images VALUES ('served-new','user_ann','https://res.cloudinary.com/demo/image/upload/v1/n.jpg','Brand new',NULL,NULL,1,'2030-01-01T00:00:00Z')")
        c.commit()
        """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, database]
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        #expect(events.wait(for: #""images/served-new/index.html""#), "\(events.text)")
        #expect(events.text.contains(#""index.html""#))
        #expect(try Self.get(server.port, "/images/served-new/").status == 200)
    }

    @Test func aBrokenTemplateIsShownToOpenPagesAndAFixClearsIt() throws {
        let directory = try Self.gallery()
        defer { try? FileManager.default.removeItem(at: directory) }
        let templates = directory.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let home = templates.appendingPathComponent("home.mustache")
        try "<p>\n  {{#images}} unclosed\n".write(to: home, atomically: true, encoding: .utf8)
        // The first build fails: the server still starts and says why.
        let server = try Server(["--db", directory.appendingPathComponent("platform.sqlite").path,
                                 "--templates", templates.path, "--quiet"])
        defer { _ = server.stop() }
        let page = try Self.get(server.port, "/")
        #expect(page.status == 404)
        #expect(page.body.contains("__exhibit/live.js"))
        let events = try EventStream(port: server.port, path: "/__exhibit/events")
        #expect(events.wait(for: "event: hello"))
        #expect(events.text.contains("home.mustache:"), "\(events.text)")

        try FileManager.default.removeItem(at: home)
        #expect(events.wait(for: #""error":null"#), "\(events.text)")
        #expect(try Self.get(server.port, "/").status == 200)

        // Broken again: the last good site stays served, the error reaches the open page.
        try "{{/nothing}}\n".write(to: home, atomically: true, encoding: .utf8)
        let before = events.text.count
        #expect(events.wait(for: "home.mustache:1", seconds: 20) && events.text.count > before, "\(events.text)")
        #expect(try Self.get(server.port, "/").status == 200)
    }

    @Test func ctrlCStopsAndRemovesTheTemporaryFolder() throws {
        let directory = try Self.gallery()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try Server(["--db", directory.appendingPathComponent("platform.sqlite").path, "--quiet"])
        #expect(FileManager.default.fileExists(atPath: server.output + "/index.html"))
        #expect(server.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: (server.output as NSString).deletingLastPathComponent))
    }
}
