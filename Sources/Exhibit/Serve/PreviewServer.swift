import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging

/// Where and how the preview listens.
package struct ServeEndpoint: Sendable {
    /// The address to bind: loopback unless the user says otherwise.
    package var host = "127.0.0.1"
    /// The port; 0 picks a free one.
    package var port = 8000
    /// Most connections open at once; more wait in the listen backlog.
    package var maxConnections = 256
    /// An idle keep-alive connection (no request in progress) is closed after this long.
    package var idleTimeoutSeconds: Int64 = 30
    package init() {}
}

/// The preview's HTTP server (Hummingbird 2): serves the site folder at the base URL's path,
/// injects the live-reload client into HTML as it is served, and streams build events.
package enum PreviewServer {
    /// Serves until the task is cancelled. `onRunning` gets the bound port; `requestLog` one line
    /// per request (nil: none).
    package static func run(session: PreviewSession, files: SiteFiles, endpoint: ServeEndpoint,
                            requestLog: (@Sendable (String) -> Void)?,
                            onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        let responder = PreviewResponder(session: session, files: files, requestLog: requestLog)
        var logger = Logger(label: "exhibit-serve")
        logger.logLevel = .critical
        let app = Application(
            responder: responder,
            server: .http1(configuration: .init(idleTimeout: .seconds(endpoint.idleTimeoutSeconds))),
            configuration: .init(address: .hostname(endpoint.host, port: endpoint.port),
                                 availableConnectionsDelegate: MaximumAvailableConnections(endpoint.maxConnections)),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? endpoint.port) },
            logger: logger
        )
        // Keeps event streams alive through proxies, and notices closed ones.
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                session.hub.broadcast(": ping\n\n")
            }
        }
        defer { heartbeat.cancel() }
        try await app.run()
    }
}

/// Answers one request: a site file, the site's 404 page, a redirect to the mount point, the
/// live-reload script, or the build-event stream.
struct PreviewResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let session: PreviewSession
    let files: SiteFiles
    let requestLog: (@Sendable (String) -> Void)?

    func respond(to request: Request, context: Context) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let (response, bytes) = await answer(request)
        if let requestLog {
            let ms = (clock.now - start).seconds * 1000
            let shownPath = Self.printable(request.uri.path)
            let size = bytes.map { "\($0) B" } ?? "stream"
            requestLog("\(request.method.rawValue) \(shownPath) \(response.status.code) \(size) \(String(format: "%.1f", ms)) ms")
        }
        return response
    }

    /// The path as printed in the log: control characters escaped, length bounded.
    static func printable(_ path: String) -> String {
        var out = ""
        for scalar in path.unicodeScalars.prefix(300) {
            if scalar.value < 0x20 || scalar.value == 0x7F { out += String(format: "\\x%02x", scalar.value) } else { out.unicodeScalars.append(scalar) }
        }
        return path.unicodeScalars.count > 300 ? out + "…" : out
    }

    private func answer(_ request: Request) async -> (Response, Int?) {
        guard request.method == .get || request.method == .head else {
            return plain(.methodNotAllowed, "Only GET and HEAD are served.\n", extra: [.allow: "GET, HEAD"])
        }
        let rawPath = request.uri.path
        switch files.classify(rawPath) {
        case .badRequest:
            return plain(.badRequest, "Bad request path.\n")
        case .redirect(let location):
            return (Response(status: .found, headers: [.location: location, .contentLength: "0"]), 0)
        case .notFound:
            return await notFound(request, toRoot: files.mount)
        case .internalEndpoint(let name):
            switch name {
            case "live.js":
                let bytes = Array(LiveReloadScript.source.utf8)
                return (Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache"],
                                 body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))), bytes.count)
            case "events":
                return events(request)
            default:
                return await notFound(request, toRoot: toRoot(rawPath))
            }
        case .site(let relative):
            let opened = await session.gate.read { (files.openFile(relative), session.generation) }
            guard let (descriptor, path) = opened.0 else {
                return await notFound(request, toRoot: toRoot(rawPath))
            }
            switch SiteFiles.load(descriptor: descriptor, path: path) {
            case .folder:
                return (Response(status: .movedPermanently, headers: [.location: rawPath + "/", .contentLength: "0"]), 0)
            case .missing:
                return await notFound(request, toRoot: toRoot(rawPath))
            case .file(let file):
                return serve(file, status: .ok, request: request, toRoot: toRoot(rawPath), generation: opened.1)
            }
        }
    }

    /// The relative path from a request path below the mount to the site root.
    private func toRoot(_ rawPath: String) -> String {
        let decoded = rawPath.removingPercentEncoding ?? rawPath
        guard decoded.hasPrefix(files.mount) else { return files.mount }
        let depth = decoded.dropFirst(files.mount.count).filter { $0 == "/" }.count
        return String(repeating: "../", count: depth)
    }

    private func serve(_ file: SiteFile, status: HTTPResponse.Status, request: Request, toRoot: String, generation: Int) -> (Response, Int?) {
        let type = ContentType.of(path: file.path)
        let isHTML = type.hasPrefix("text/html")
        // HTML carries the build number it was served at, so its validator includes it.
        let etag = isHTML ? "W/\"\(String(file.size, radix: 16))-\(String(file.modified, radix: 16))-\(session.instance)-\(generation)\"" : file.etag
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-cache", .eTag: etag]
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        if status == .ok, let match = request.headers[.ifNoneMatch],
           match == "*" || match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
            headers[.contentLength] = "0"
            return (Response(status: .notModified, headers: headers), 0)
        }
        let body = isHTML
            ? LiveReloadScript.inject(into: file.bytes, toRoot: toRoot, page: file.path, generation: generation, instance: session.instance)
            : file.bytes
        if request.method == .head {
            headers[.contentLength] = String(body.count)
            return (Response(status: status, headers: headers), 0)
        }
        return (Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))), body.count)
    }

    /// The site's `404.html` with status 404 (a built-in page when the site has none yet, e.g.
    /// while the first build failed: the live-reload client shows the error over it).
    private func notFound(_ request: Request, toRoot: String) async -> (Response, Int?) {
        let opened = await session.gate.read { (files.openFile("404.html"), session.generation) }
        if let (descriptor, path) = opened.0, case .file(let file) = SiteFiles.load(descriptor: descriptor, path: path) {
            return serve(file, status: .notFound, request: request, toRoot: toRoot, generation: opened.1)
        }
        let html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body><h1>Not found</h1><p>Nothing is published at this address (yet).</p></body></html>\n"
        let file = SiteFile(path: "404.html", bytes: Array(html.utf8), size: html.utf8.count, modified: 0)
        return serve(file, status: .notFound, request: request, toRoot: toRoot, generation: opened.1)
    }

    private func plain(_ status: HTTPResponse.Status, _ text: String, extra: HTTPFields = [:]) -> (Response, Int?) {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
        headers.append(contentsOf: extra)
        return (Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text))), text.utf8.count)
    }

    /// The build-event stream (Server-Sent Events): a `hello` with what changed since the
    /// client's build, then one `build` event per finished or failed build.
    private func events(_ request: Request) -> (Response, Int?) {
        let hub = session.hub
        guard hub.count < hub.limit else {
            return plain(.serviceUnavailable, "Too many open pages.\n", extra: [.retryAfter: "5"])
        }
        let query = request.uri.queryParameters
        let since = query["since"].flatMap { Int(String($0)) }
        let instance = query["instance"].map { String($0) }
        let session = self.session
        let headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache",
                                   HTTPField.Name("X-Accel-Buffering")!: "no"]
        if request.method == .head { return (Response(status: .ok, headers: headers), 0) }
        let body = ResponseBody { writer in
            guard let (id, stream) = hub.subscribe() else {
                try await writer.write(ByteBuffer(string: "retry: 5000\n\n"))
                try await writer.finish(nil)
                return
            }
            defer { hub.unsubscribe(id) }
            let hello = session.hello(since: since, instance: instance)
            try await writer.write(ByteBuffer(string: "retry: 1000\n\n" + hello.serverSentEvent))
            for await text in stream {
                try await writer.write(ByteBuffer(string: text))
            }
            try await writer.finish(nil)
        }
        return (Response(status: .ok, headers: headers, body: body), nil)
    }
}
