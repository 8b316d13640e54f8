/// What a deploy does: which files it sends (in a safe order), which objects it deletes.
package struct DeployPlan: Sendable {
    /// Files to send, in the order of their ``DeployPlan/phase(of:)`` (then by path).
    package var uploads: [LocalFile] = []
    /// Site paths to delete: in the remote manifest (so sent by a deploy) and no longer in the site.
    package var deletes: [String] = []
    /// Files whose object already holds their bytes and headers.
    package var unchanged: [LocalFile] = []
    /// Objects below the prefix, at the site's paths, that no manifest lists and the site does
    /// not have (found only when listing): left in place unless asked to delete them.
    package var unknown: [String] = []

    package var uploadBytes: UInt64 { uploads.reduce(0) { $0 + $1.size } }
    package var unchangedBytes: UInt64 { unchanged.reduce(0) { $0 + $1.size } }

    /// The upload phases, in order: a visitor never meets a page whose stylesheet, script or
    /// linked page is not there yet.
    package static let phaseNames = ["assets and media", "image pages", "lists", "feeds, sitemaps and search index", "home page and root files"]

    /// The phase of a site path (index into ``phaseNames``).
    package static func phase(of path: String) -> Int {
        let top = path.split(separator: "/", maxSplits: 1).first.map(String.init) ?? path
        let isFolder = path.contains("/")
        switch top {
        case "assets", "themes", "media": return 0
        case "images": return 1
        case "users", "collections", "tags", "page", "recommendations": return 2
        case "sitemaps": return 3
        case "search": return path == "search/index.json" || path == "search/index.html" ? 4 : 3
        case "feed.xml", "feed.atom", "feed.json": return 3
        default: return isFolder ? 2 : 4
        }
    }

    /// Compares the site with what the store holds.
    /// - Parameters:
    ///   - remote: the remote manifest, nil when missing or unusable.
    ///   - listing: the bucket's objects by site path, when listed (no manifest, or `--verify`).
    ///   - uploadDigest: the MD5 (hex) and size of the bytes that would be sent for a file, for
    ///     comparing with a listing's ETags (nil when the file cannot be read).
    package static func make(local: [LocalFile], remote: DeployManifest?, listing: [String: S3ListedObject]?,
                             uploadDigest: (LocalFile) -> (md5: String, size: UInt64)?) -> DeployPlan {
        var plan = DeployPlan()
        var inRemote = 0
        for file in local {
            var same: Bool
            if let remote {
                let entry = remote[file.path]
                if entry != nil { inRemote += 1 }
                same = entry != nil && entry!.hash == file.hash && entry!.size == file.size && entry!.headers == file.headers.digest
            } else {
                same = listing != nil
            }
            if same, let listing {
                // Listed: the object must be there with the bytes that would be sent.
                if let object = listing[file.path], let digest = uploadDigest(file) {
                    same = object.size == digest.size && object.etag == digest.md5
                } else {
                    same = false
                }
            }
            if same { plan.unchanged.append(file) } else { plan.uploads.append(file) }
        }
        plan.uploads.sort { a, b in
            let pa = phase(of: a.path), pb = phase(of: b.path)
            return pa != pb ? pa < pb : a.path.utf8.lexicographicallyPrecedes(b.path.utf8)
        }
        // Every remote path is a local one when as many were found as the manifest has.
        let localPaths = remote.map { inRemote == $0.count } == true && listing == nil ? [] : Set(local.map(\.path))
        if let remote, inRemote < remote.count {
            plan.deletes = remote.entries.keys.filter { !localPaths.contains($0) }.sorted()
        }
        if let listing {
            plan.unknown = listing.keys.filter { !localPaths.contains($0) && remote?[$0] == nil }.sorted()
        }
        return plan
    }
}
