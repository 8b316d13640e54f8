import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A CloudFront distribution in front of the bucket: after a deploy, the changed paths are
/// invalidated (one wildcard for the prefix when there are more than the service takes at once).
package struct CloudFrontTarget: Sendable {
    package var distributionID: String
    /// Another endpoint than `https://cloudfront.amazonaws.com` (tests).
    package var endpoint: URL?

    /// CloudFront allows 3,000 individual paths in progress per distribution.
    package static let pathLimit = 3000

    package init(distributionID: String, endpoint: URL? = nil) {
        self.distributionID = distributionID
        self.endpoint = endpoint
    }

    /// The paths to send: `paths` URL-encoded, or `/PREFIX/*` above the limit.
    package static func invalidationPaths(_ paths: [String], prefix: String) -> [String] {
        if paths.count > pathLimit { return [prefix.isEmpty ? "/*" : "/\(prefix)/*"] }
        return paths.map { SigV4Signer.uriEncode($0, keepSlash: true) }
    }

    /// Creates the invalidation; returns its id.
    func invalidate(_ paths: [String], prefix: String, credentials: S3Credentials) async throws -> String {
        guard distributionID.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }),
              !distributionID.isEmpty else {
            throw DeployError.usage("'\(DeployError.shown(distributionID))' is not a CloudFront distribution id")
        }
        let items = CloudFrontTarget.invalidationPaths(paths, prefix: prefix)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><InvalidationBatch xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">"
        xml += "<CallerReference>exhibit-\(UUID().uuidString)</CallerReference><Paths><Quantity>\(items.count)</Quantity><Items>"
        for item in items { xml += "<Path>\(XMLText.escaped(item))</Path>" }
        xml += "</Items></Paths></InvalidationBatch>"
        let body = Data(xml.utf8)
        let base = endpoint ?? URL(string: "https://cloudfront.amazonaws.com")!
        let host = base.host! + (base.port.map { ":\($0)" } ?? "")
        let path = "/2020-05-31/distribution/\(distributionID)/invalidation"
        var request = URLRequest(url: URL(string: "\(base.scheme!)://\(host)\(path)")!)
        request.httpMethod = "POST"
        let payloadHash = SigV4Signer.sha256Hex(body)
        let headers = [("host", host), ("content-type", "application/xml"), ("x-amz-content-sha256", payloadHash)]
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "cloudfront")
        for (name, value) in headers + signer.sign(method: "POST", path: path, query: [], headers: headers, payloadHash: payloadHash, date: Date()).headers where name != "host" {
            request.setValue(value, forHTTPHeaderField: name)
        }
        let (data, response) = try await URLSession.shared.upload(for: request, from: body)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let text = String(decoding: data.prefix(1 << 20), as: UTF8.self)
        guard status == 201 || status == 200, let id = XMLText.first("Id", in: text) else {
            throw DeployError.invalidation("CloudFront answered HTTP \(status) \(DeployError.shown(XMLText.first("Code", in: text) ?? "")) \(DeployError.shown(XMLText.first("Message", in: text) ?? ""))")
        }
        return XMLText.unescaped(id)
    }
}
