import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// A response of the object store.
package struct S3Response: Sendable {
    package var status: Int
    package var headers: [String: String]
    package var body: Data
}

/// An object of a bucket listing.
package struct S3ListedObject: Sendable, Equatable {
    package var key: String
    /// The ETag without quotes (the MD5 of the bytes for a single-part upload).
    package var etag: String
    package var size: UInt64
}

/// How failed requests are retried: exponential backoff with jitter on 5xx, throttling and
/// connection errors.
package struct RetryPolicy: Sendable {
    package var attempts = 8
    package var firstDelay: Duration = .milliseconds(100)
    package var longestDelay: Duration = .seconds(10)

    package init() {}

    func delay(after attempt: Int) -> Duration {
        let exponential = firstDelay * (1 << min(attempt, 20))
        let capped = min(exponential, longestDelay)
        return capped * Double.random(in: 0.5...1.0)
    }
}

/// Requests sent, by kind (for the report and the benchmark).
package struct S3RequestCounts: Sendable, Codable, Equatable {
    package var get = 0
    package var put = 0
    package var delete = 0
    package var list = 0
    package var other = 0
    package var retries = 0
}

/// A small S3 client over URLSession: signed (SigV4) PUT, GET, batch DELETE, LIST and
/// multipart uploads, each retried with backoff. Path-style addressing on a custom endpoint,
/// virtual-hosted on AWS. Every response is hostile input: bodies are bounded, listings checked.
package final class S3Client: Sendable {
    package let location: S3Location
    package let credentials: S3Credentials
    private let signer: SigV4Signer
    private let session: URLSession
    private let scheme: String
    private let host: String
    private let pathStyle: Bool
    package let retry: RetryPolicy
    private let counts = Mutex(S3RequestCounts())

    /// Largest body read from a listing or an error (a hostile store cannot exhaust memory).
    static let responseLimit = 64 << 20

    package init(location: S3Location, credentials: S3Credentials, retry: RetryPolicy = RetryPolicy(), connections: Int = 64) {
        self.location = location
        self.credentials = credentials
        self.retry = retry
        signer = SigV4Signer(credentials: credentials, region: location.region, service: "s3")
        if let endpoint = location.endpoint {
            scheme = endpoint.scheme!.lowercased()
            host = endpoint.host! + (endpoint.port.map { ":\($0)" } ?? "")
            pathStyle = true
        } else {
            scheme = "https"
            pathStyle = location.bucket.contains(".")
            host = pathStyle ? "s3.\(location.region).amazonaws.com" : "\(location.bucket).s3.\(location.region).amazonaws.com"
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.timeoutIntervalForRequest = 60
        configuration.timeoutIntervalForResource = 3600
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    package var requestCounts: S3RequestCounts { counts.withLock { $0 } }

    // MARK: Objects

    /// Uploads `body` to `key` with `headers` (Content-Type, Cache-Control…); `sha256` is the
    /// body's SHA-256 in hex (signed, so the store rejects damaged bytes).
    /// Returns the object's new ETag as the store gave it (nil when it gave none).
    @discardableResult
    package func put(_ key: String, body: Data, sha256: String, headers: [(String, String)]) async throws(S3Error) -> String? {
        try await send("PUT", key: key, headers: headers, body: body, payloadHash: sha256, kind: \.put).headers["etag"]
    }

    /// What a GET found.
    package enum Fetched: Sendable, Equatable {
        case missing
        /// The object's ETag is still the one asked about (`If-None-Match`).
        case notModified
        case object(Data, etag: String?)
    }

    /// The object's bytes, nil when it does not exist; an object larger than `limit` is an error.
    package func get(_ key: String, limit: Int) async throws(S3Error) -> Data? {
        if case .object(let data, _) = try await fetch(key, limit: limit) { return data }
        return nil
    }

    /// The object, or ``Fetched/notModified`` when `ifNoneMatch` is given and is still its ETag
    /// (one GET either way); an object larger than `limit` is an error.
    package func fetch(_ key: String, limit: Int, ifNoneMatch: String? = nil) async throws(S3Error) -> Fetched {
        var headers = [("range", "bytes=0-\(limit)")]
        if let ifNoneMatch { headers.append(("if-none-match", ifNoneMatch)) }
        let response = try await send("GET", key: key, headers: headers, kind: \.get, accept: [200, 206, 304, 404, 416])
        switch response.status {
        case 304:
            return ifNoneMatch == nil ? .missing : .notModified
        case 404:
            // A missing bucket is an error, a missing object is not.
            let code = XMLText.first("Code", in: String(decoding: response.body.prefix(64 << 10), as: UTF8.self))
            if code == "NoSuchBucket" {
                throw S3Error(method: "GET", key: key, status: 404, code: code, message: "the bucket \(location.bucket) does not exist")
            }
            return .missing
        case 416: return .object(Data(), etag: response.headers["etag"])  // A Range on an empty object.
        default:
            guard response.body.count <= limit else {
                throw S3Error(method: "GET", key: key, status: response.status, code: nil, message: "larger than \(limit) bytes")
            }
            return .object(response.body, etag: response.headers["etag"])
        }
    }

    /// Deletes keys, 1,000 per request; deleting a missing key succeeds (S3 semantics).
    package func delete(_ keys: [String]) async throws(S3Error) {
        var start = 0
        while start < keys.count {
            let batch = keys[start ..< min(keys.count, start + 1000)]
            start += batch.count
            var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>"
            for key in batch { xml += "<Object><Key>\(XMLText.escaped(key))</Key></Object>" }
            xml += "</Delete>"
            let body = Data(xml.utf8)
            let md5 = Data(Insecure.MD5.hash(data: body)).base64EncodedString()
            let response = try await send("POST", key: "", query: [("delete", "")],
                                          headers: [("content-md5", md5), ("content-type", "application/xml")],
                                          body: body, payloadHash: SigV4Signer.sha256Hex(body), kind: \.delete)
            let text = String(decoding: response.body, as: UTF8.self)
            if let failure = XMLText.elements("Error", in: text).first {
                throw S3Error(method: "DELETE", key: XMLText.first("Key", in: failure).map(XMLText.unescaped) ?? "",
                              status: response.status, code: XMLText.first("Code", in: failure).map(XMLText.unescaped),
                              message: XMLText.first("Message", in: failure).map(XMLText.unescaped) ?? "")
            }
        }
    }

    /// Every object below `prefix` (ListObjectsV2, 1,000 a page, keys URL-encoded by the store).
    /// A listing that repeats a continuation token or a key, or misses one, is an error.
    package func list(prefix: String) async throws(S3Error) -> [S3ListedObject] {
        var objects: [S3ListedObject] = []
        var token: String?
        var seenTokens = Set<String>()
        while true {
            var query = [("list-type", "2"), ("prefix", prefix), ("encoding-type", "url")]
            if let token { query.append(("continuation-token", token)) }
            let response = try await send("GET", key: "", query: query, kind: \.list)
            let text = String(decoding: response.body, as: UTF8.self)
            for entry in XMLText.elements("Contents", in: text) {
                guard let rawKey = XMLText.first("Key", in: entry),
                      let key = XMLText.unescaped(rawKey).removingPercentEncoding,
                      let size = XMLText.first("Size", in: entry).flatMap({ UInt64($0) }) else {
                    throw S3Error(method: "LIST", key: prefix, status: response.status, code: nil, message: "a listing entry without a key or size")
                }
                let etag = XMLText.first("ETag", in: entry).map { XMLText.unescaped($0).replacingOccurrences(of: "\"", with: "") } ?? ""
                objects.append(S3ListedObject(key: key, etag: etag, size: size))
            }
            guard XMLText.first("IsTruncated", in: text) == "true" else { break }
            guard let next = XMLText.first("NextContinuationToken", in: text).map(XMLText.unescaped), !next.isEmpty,
                  seenTokens.insert(next).inserted else {
                throw S3Error(method: "LIST", key: prefix, status: response.status, code: nil, message: "a truncated listing without a new continuation token")
            }
            token = next
        }
        return objects
    }

    // MARK: Multipart

    /// Uploads a large object in parts of `partSize` bytes read by `part(index)` (each part
    /// hashed as it is sent); aborts the upload when a part fails for good.
    package func putMultipart(_ key: String, size: UInt64, partSize: Int, headers: [(String, String)],
                              part: @Sendable (Int) throws -> Data) async throws(S3Error) {
        let created = try await send("POST", key: key, query: [("uploads", "")], headers: headers, kind: \.other)
        guard let uploadID = XMLText.first("UploadId", in: String(decoding: created.body, as: UTF8.self)).map(XMLText.unescaped), !uploadID.isEmpty else {
            throw S3Error(method: "POST", key: key, status: created.status, code: nil, message: "no UploadId in the answer to CreateMultipartUpload")
        }
        do throws(S3Error) {
            var etags: [String] = []
            let parts = max(1, Int((size + UInt64(partSize) - 1) / UInt64(partSize)))
            for index in 0 ..< parts {
                let bytes: Data
                do { bytes = try part(index) } catch {
                    throw S3Error(method: "PUT", key: key, status: nil, code: nil, message: "reading part \(index + 1): \(error)")
                }
                let response = try await send("PUT", key: key, query: [("partNumber", "\(index + 1)"), ("uploadId", uploadID)],
                                              body: bytes, payloadHash: SigV4Signer.sha256Hex(bytes), kind: \.put)
                guard let etag = response.headers["etag"] else {
                    throw S3Error(method: "PUT", key: key, status: response.status, code: nil, message: "no ETag for part \(index + 1)")
                }
                etags.append(etag)
            }
            var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            for (index, etag) in etags.enumerated() {
                xml += "<Part><PartNumber>\(index + 1)</PartNumber><ETag>\(XMLText.escaped(etag))</ETag></Part>"
            }
            xml += "</CompleteMultipartUpload>"
            let body = Data(xml.utf8)
            let done = try await send("POST", key: key, query: [("uploadId", uploadID)], headers: [("content-type", "application/xml")],
                                      body: body, payloadHash: SigV4Signer.sha256Hex(body), kind: \.other)
            // S3 may answer 200 with an error in the body.
            let text = String(decoding: done.body, as: UTF8.self)
            if XMLText.first("Code", in: text) != nil, XMLText.first("ETag", in: text) == nil {
                throw S3Error(method: "POST", key: key, status: done.status, code: XMLText.first("Code", in: text).map(XMLText.unescaped),
                              message: XMLText.first("Message", in: text).map(XMLText.unescaped) ?? "")
            }
        } catch {
            _ = try? await send("DELETE", key: key, query: [("uploadId", uploadID)], kind: \.other, accept: [200, 204, 404])
            throw error
        }
    }

    // MARK: Requests

    /// Sends a signed request, retrying transient failures with backoff; the response when
    /// its status is in `accept`, else an error with the store's code and message.
    package func send(_ method: String, key: String, query: [(String, String)] = [], headers: [(String, String)] = [],
                      body: Data? = nil, payloadHash: String = SigV4Signer.emptyPayloadHash,
                      kind: WritableKeyPath<S3RequestCounts, Int>, accept: Set<Int> = [200, 204]) async throws(S3Error) -> S3Response {
        var path = pathStyle ? "/" + location.bucket : ""
        if !key.isEmpty || !pathStyle { path += "/" + SigV4Signer.uriEncode(key, keepSlash: true) }
        let queryText = SigV4Signer.canonicalQuery(query)
        guard let url = URL(string: "\(scheme)://\(host)\(path)\(queryText.isEmpty ? "" : "?" + queryText)") else {
            throw S3Error(method: method, key: key, status: nil, code: nil, message: "cannot form a URL")
        }
        var attempt = 0
        while true {
            attempt += 1
            counts.withLock {
                $0[keyPath: kind] += 1
                if attempt > 1 { $0.retries += 1 }
            }
            var request = URLRequest(url: url)
            request.httpMethod = method
            var signed = headers
            signed.append(("host", host))
            signed.append(("x-amz-content-sha256", payloadHash))
            let signature = signer.sign(method: method, path: path, query: query, headers: signed, payloadHash: payloadHash, date: Date())
            for (name, value) in signed + signature.headers where name != "host" {
                request.setValue(value, forHTTPHeaderField: name)
            }
            if body == nil, method == "PUT" || method == "POST" { request.setValue("0", forHTTPHeaderField: "content-length") }
            var failure: S3Error
            do {
                let (data, response): (Data, URLResponse)
                if let body, method == "PUT" || method == "POST" {
                    (data, response) = try await session.upload(for: request, from: body)
                } else {
                    (data, response) = try await session.data(for: request)
                }
                guard let http = response as? HTTPURLResponse else {
                    throw S3Error(method: method, key: key, status: nil, code: nil, message: "not an HTTP response")
                }
                var fields: [String: String] = [:]
                for (name, value) in http.allHeaderFields {
                    if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
                }
                if data.count > S3Client.responseLimit, method != "GET" || !key.isEmpty {
                    throw S3Error(method: method, key: key, status: http.statusCode, code: nil, message: "answer larger than \(S3Client.responseLimit) bytes")
                }
                if accept.contains(http.statusCode) {
                    return S3Response(status: http.statusCode, headers: fields, body: data)
                }
                let text = String(decoding: data.prefix(64 << 10), as: UTF8.self)
                failure = S3Error(method: method, key: key, status: http.statusCode,
                                  code: XMLText.first("Code", in: text).map(XMLText.unescaped),
                                  message: XMLText.first("Message", in: text).map(XMLText.unescaped) ?? "")
            } catch let error as S3Error {
                failure = error
            } catch {
                failure = S3Error(method: method, key: key, status: nil, code: nil, message: "\(error.localizedDescription)")
            }
            failure.attempts = attempt
            guard failure.isTransient, attempt < retry.attempts, !Task.isCancelled else { throw failure }
            try? await Task.sleep(for: retry.delay(after: attempt - 1))
        }
    }
}

/// Just enough XML for the store's answers: the text of elements by name, entities decoded.
/// Never recursive and linear in the input, whatever the input.
enum XMLText {
    /// The contents of every `<name>…</name>` (or `<name attr…>…</name>`) in `text`, in order.
    static func elements(_ name: String, in text: some StringProtocol) -> [Substring] {
        let text = Substring(text)
        var found: [Substring] = []
        var rest = text[...]
        let open = "<\(name)"
        let close = "</\(name)>"
        while let start = rest.range(of: open) {
            guard let tagEnd = rest[start.upperBound...].firstIndex(of: ">") else { break }
            let afterName = rest[start.upperBound]
            if afterName != ">" && afterName != " " && afterName != "/" {
                rest = rest[start.upperBound...]
                continue
            }
            if rest[rest.index(before: tagEnd)] == "/" {  // <name/>
                found.append(rest[tagEnd..<tagEnd])
                rest = rest[rest.index(after: tagEnd)...]
                continue
            }
            let contentStart = rest.index(after: tagEnd)
            guard let end = rest[contentStart...].range(of: close) else { break }
            found.append(rest[contentStart ..< end.lowerBound])
            rest = rest[end.upperBound...]
        }
        return found
    }

    static func first(_ name: String, in text: some StringProtocol) -> String? {
        elements(name, in: text).first.map(String.init)
    }

    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    static func unescaped(_ text: some StringProtocol) -> String {
        guard text.contains("&") else { return String(text) }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semicolon = rest[amp...].prefix(12).firstIndex(of: ";") else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = rest[rest.index(after: amp) ..< semicolon]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                var scalar: Unicode.Scalar?
                if entity.hasPrefix("#x") { scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
                else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init) }
                if let scalar { out.unicodeScalars.append(scalar) } else { out += "&" + entity + ";" }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        out += rest
        return out
    }
}
