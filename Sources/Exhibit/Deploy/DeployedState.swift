#if canImport(Glibc)
import Glibc
#endif

/// `.exhibit-deploy-last` in the output folder: what the last complete deploy from this folder
/// left at one target — the remote manifest's ETag and the ``LocalSite/State/digest`` of the
/// folder it was made from. When both still hold (the folder's digest is the same and the store
/// answers the manifest's GET with 304 Not Modified), a deploy has nothing to do and reads
/// neither the deploy cache nor the remote manifest. Any doubt (another target, a changed file,
/// another deploy to the target, a damaged record) means the ordinary comparison.
///
/// Text: `exhibit-deploy-last 1`, then the target, the ETag and the digest, a line each. Never
/// uploaded (the site's namespace does not hold `.exhibit-*` names at its root).
struct DeployedState: Equatable {
    static let fileName = ".exhibit-deploy-last"
    static let header = "exhibit-deploy-last 1"

    /// The target as `s3://BUCKET/PREFIX` and the endpoint (empty for AWS).
    var target: String
    var etag: String
    var digest: UInt64

    init(location: S3Location, etag: String, digest: UInt64) {
        self.target = Self.target(location)
        self.etag = etag
        self.digest = digest
    }

    static func target(_ location: S3Location) -> String {
        "\(location.description) \(location.endpoint?.absoluteString ?? "")"
    }

    /// The record in `directory` for `location`, nil when there is none (or it is for another
    /// target, or damaged).
    static func read(directory: String, location: S3Location) -> DeployedState? {
        let root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { return nil }
        defer { close(root) }
        guard let bytes = OutputFileSystem.readFile(root, fileName), bytes.count < 4096 else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 5, lines[0] == header, lines[4].isEmpty, lines[1] == target(location),
              !lines[2].isEmpty, let digest = UInt64(lines[3], radix: 16) else { return nil }
        return DeployedState(location: location, etag: String(lines[2]), digest: digest)
    }

    /// Writes the record (temporary file, then rename); a failure costs only a full comparison
    /// next time.
    func store(directory: String) {
        guard !etag.isEmpty, !etag.contains(where: \.isNewline), !target.contains(where: \.isNewline) else { return }
        let root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { return }
        defer { close(root) }
        let text = "\(Self.header)\n\(target)\n\(etag)\n\(String(digest, radix: 16))\n"
        let temporary = Self.fileName + ".tmp"
        _ = unlinkat(root, temporary, 0)
        do {
            _ = try Array(text.utf8).withUnsafeBytes { try OutputFileSystem.createFile(root, temporary, $0, displayPath: temporary) }
            _ = renameat(root, temporary, root, Self.fileName)
        } catch {
            _ = unlinkat(root, temporary, 0)
        }
    }
}
