import Foundation

/// Where a deploy goes: `s3://BUCKET/PREFIX` on AWS S3 or on any S3-compatible endpoint.
package struct S3Location: Sendable, Equatable, CustomStringConvertible {
    package var bucket: String
    /// Key prefix without leading or trailing `/` ("" for the bucket's root).
    package var prefix: String
    /// A custom endpoint (`http://127.0.0.1:9000`, R2's account URL…); nil for AWS S3.
    package var endpoint: URL?
    package var region: String

    package init(bucket: String, prefix: String, endpoint: URL? = nil, region: String = "us-east-1") {
        self.bucket = bucket
        self.prefix = prefix
        self.endpoint = endpoint
        self.region = region
    }

    /// Parses `s3://bucket/some/prefix/`; the error says what is wrong.
    package static func parse(_ text: String, endpoint: String?, region: String) throws(DeployError) -> S3Location {
        guard text.hasPrefix("s3://") else { throw .usage("--to must look like s3://BUCKET/PREFIX, not '\(DeployError.shown(text))'") }
        let rest = text.dropFirst(5)
        let bucket = String(rest.prefix { $0 != "/" })
        let prefix = rest.dropFirst(bucket.count).split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        guard (3...63).contains(bucket.count),
              bucket.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E || $0 == 0x5F }) else {
            throw .usage("'\(DeployError.shown(bucket))' is not a bucket name (3–63 lowercase letters, digits, '-', '.')")
        }
        if !prefix.isEmpty {
            if let problem = OutputPath.problem(prefix) { throw .usage("prefix '\(DeployError.shown(prefix))': \(problem)") }
        }
        var url: URL?
        if let endpoint {
            guard let parsed = URL(string: endpoint), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  parsed.host != nil, parsed.query == nil, parsed.path.isEmpty || parsed.path == "/" else {
                throw .usage("--endpoint must be an http(s) URL without a path, not '\(DeployError.shown(endpoint))'")
            }
            url = parsed
        }
        return S3Location(bucket: bucket, prefix: prefix, endpoint: url, region: region)
    }

    /// The object key of a site path.
    package func key(_ path: String) -> String { prefix.isEmpty ? path : prefix + "/" + path }

    /// The key of the deploy manifest.
    package var manifestKey: String { key(DeployManifest.name) }

    package var description: String { "s3://\(bucket)\(prefix.isEmpty ? "" : "/" + prefix)" }
}
