import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// What `exhibit deploy` is asked to do.
package struct DeployOptions: Sendable {
    package var outputDirectory = "Output"
    package var location: S3Location
    package var dryRun = false
    /// List the bucket and compare every object with the site (ETag = MD5 of the bytes).
    package var verify = false
    package var maxDeletes = 256
    /// Requests in flight: latency-bound, not CPU-bound. 16: against one moto_server (10,000
    /// images) 16 sent the first deploy in 80.8 s, 10 in 79.5–82.1 s, 32 in 91–93 s (the server's
    /// threads contend), `aws s3 sync` (10) in 88 s; an object store with 50 ms of latency still
    /// takes about 320 small PUTs a second from 16.
    package var jobs = 16
    package var headerRules = DeployHeaderRules()
    /// Also delete objects at the site's paths that no deploy manifest lists (found by listing).
    package var deleteUnknown = false
    package var multipartThreshold: UInt64 = 64 << 20
    package var partSize = 16 << 20
    /// Seconds between manifest checkpoints during a long deploy, at least.
    package var checkpointInterval: Double = 30
    /// A checkpoint also waits until the files uploaded since the last one weigh this many times
    /// the manifest: checkpoints then cost a fixed share of the upload (1/32) whatever the size.
    /// Every 30 s alone made them grow with the square of the gallery: at 100,000 images, 19
    /// manifest PUTs of up to 17 MB beside the site's 3 GB, and a first deploy 7% slower than
    /// `aws s3 sync` (885 s against 827 s; 833 s against 930 s with this).
    package var checkpointWeight = 32
    package var cloudFront: CloudFrontTarget?

    package init(outputDirectory: String, location: S3Location) {
        self.outputDirectory = outputDirectory
        self.location = location
    }

    /// Whether to write a checkpoint `seconds` after the last one, `uploaded` bytes of files
    /// later, when the manifest weighs `manifestBytes`.
    func checkpointDue(seconds: Double, uploaded: UInt64, manifestBytes: Int) -> Bool {
        seconds > checkpointInterval && uploaded >= UInt64(checkpointWeight) * UInt64(manifestBytes)
    }
}

/// What a deploy did, for `--report` (JSON) and the summary line.
package struct DeployReport: Sendable, Codable {
    package var target = ""
    package var dryRun = false
    /// "manifest" (one GET), "last deploy" (one conditional GET: nothing changed since the last
    /// deploy from this folder), "listing" (no usable remote manifest) or "verify".
    package var comparison = "manifest"
    package var uploaded = 0
    package var uploadedBytes: UInt64 = 0
    package var deleted = 0
    package var unchanged = 0
    package var unchangedBytes: UInt64 = 0
    /// Objects at the site's paths no manifest lists, left in place.
    package var unknownLeft = 0
    /// Paths of the build record that are not the site's (never uploaded).
    package var skippedLocal = 0
    package var hashedFiles = 0
    package var hashedBytes: UInt64 = 0
    /// URL paths (from the bucket root, leading `/`) of every object uploaded or deleted, plus
    /// the folder form of changed `index.html` pages: what a CDN must invalidate.
    package var changedPaths: [String] = []
    package var invalidation: String?
    package var requests = S3RequestCounts()
    package var seconds = 0.0
    package var notes: [String] = []

    package var summary: String {
        let mib = { (bytes: UInt64) in String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
        return "\(dryRun ? "would upload" : "uploaded") \(uploaded) files (\(mib(uploadedBytes))), \(dryRun ? "would delete" : "deleted") \(deleted), \(unchanged) unchanged (\(mib(unchangedBytes))) in \(String(format: "%.2f", seconds)) s; \(requests.get) GET, \(requests.put) PUT, \(requests.list) LIST, \(requests.delete) DELETE requests"
    }
}

/// Progress and notes while deploying.
package struct DeployProgress: Sendable {
    package var phase: String
    package var done: Int
    package var total: Int
}

/// Publishes a built output folder to an S3-compatible bucket by content: the remote deploy
/// manifest says what the bucket holds, so only new or changed files are sent and only files
/// that left the site are deleted; the manifest is replaced last.
///
/// Order: an interim manifest marking every object about to change as unknown (so a deploy
/// killed at any point is completed, and its new objects deleted if they leave the site, by
/// the next one), uploads phase by phase (assets, image pages, lists, feeds/sitemaps/search,
/// home page), deletes, then the final manifest. Checkpoints of the manifest during long deploys
/// keep the work a killed deploy loses small.
package enum Deployer {
    package static func deploy(_ options: DeployOptions, client: S3Client,
                               progress: @escaping @Sendable (DeployProgress) -> Void = { _ in },
                               note: @escaping @Sendable (String) -> Void = { _ in }) async throws(DeployError) -> DeployReport {
        let clock = ContinuousClock()
        let start = clock.now
        var report = DeployReport()
        report.target = options.location.description
        report.dryRun = options.dryRun
        let rules = options.headerRules
        let directory = options.outputDirectory
        // Nothing changed since the last deploy from this folder to this target: the folder's
        // files are as its build record says and the record is the one deployed, and the remote
        // manifest is the one that deploy wrote (304). One stat a file and one GET.
        var fetched: S3Client.Fetched?
        if !options.verify, !options.deleteUnknown, let last = DeployedState.read(directory: directory, location: options.location),
           let state = try LocalSite.state(directory: directory, rules: rules), state.digest == last.digest {
            do {
                fetched = try await client.fetch(options.location.manifestKey, limit: DeployManifest.sizeLimit, ifNoneMatch: last.etag)
            } catch {
                throw .remote(error)
            }
            if fetched == .notModified {
                report.comparison = "last deploy"
                report.unchanged = state.files
                report.unchangedBytes = state.bytes
                report.requests = client.requestCounts
                report.seconds = (clock.now - start).seconds
                return report
            }
        }
        // The remote manifest (one GET) is fetched and parsed while the local folder is read.
        async let remoteFetch = fetchRemote(client: client, location: options.location, fetched: fetched)
        let site = try LocalSite.load(directory: directory, rules: rules)
        report.skippedLocal = site.skipped.count
        report.hashedFiles = site.hashedFiles
        report.hashedBytes = site.hashedBytes
        if !site.skipped.isEmpty {
            note("\(site.skipped.count) files of the build record are outside the site's folders and are not uploaded")
        }
        let root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw .output("cannot open \(directory)") }
        defer { close(root) }

        let location = options.location
        let remote: DeployManifest?
        let remoteETag: String?
        switch await remoteFetch {
        case .success(let (manifest, problem, etag)):
            remote = manifest
            remoteETag = etag
            if let problem { note("the remote deploy manifest is not usable (\(problem)): comparing by listing the bucket instead") }
        case .failure(let error):
            throw .remote(error)
        }
        var listing: [String: S3ListedObject]?
        if remote == nil || options.verify {
            report.comparison = remote == nil ? "listing" : "verify"
            if remote == nil { note("no deploy manifest at \(location.description): listing the bucket to compare") }
            let keyPrefix = location.prefix.isEmpty ? "" : location.prefix + "/"
            let objects: [S3ListedObject]
            do { objects = try await client.list(prefix: keyPrefix) } catch { throw .remote(error) }
            var byPath: [String: S3ListedObject] = [:]
            for object in objects where object.key.hasPrefix(keyPrefix) {
                let path = String(object.key.dropFirst(keyPrefix.count))
                guard OutputPath.problem(path) == nil, SiteBuilder.namespace.contains(path) else { continue }
                byPath[path] = object
            }
            listing = byPath
        }

        var plan = DeployPlan.make(local: site.files, remote: remote, listing: listing) { file in
            guard let body = uploadBody(root, file, options: options) else { return nil }
            return (SigV4Signer.hex(Insecure.MD5.hash(data: body)), UInt64(body.count))
        }
        var deletes = plan.deletes
        if options.deleteUnknown { deletes += plan.unknown } else if !plan.unknown.isEmpty {
            report.unknownLeft = plan.unknown.count
            note("\(plan.unknown.count) objects at the site's paths under \(location.description) were not uploaded by a deploy (e.g. \(DeployError.shown(plan.unknown[0]))) and are left in place; --delete-unknown removes them")
        }
        report.unchanged = plan.unchanged.count
        report.unchangedBytes = plan.unchangedBytes
        report.uploaded = plan.uploads.count
        report.uploadedBytes = plan.uploadBytes
        report.deleted = deletes.count
        report.changedPaths = changedPaths(plan.uploads.map(\.path) + deletes, prefix: location.prefix)
        if deletes.count > options.maxDeletes {
            throw .tooManyDeletes(count: deletes.count, limit: options.maxDeletes)
        }
        let nothingToDo = plan.uploads.isEmpty && deletes.isEmpty
        // Nothing to send or delete with a manifest: every remote entry is a local file unchanged.
        if options.dryRun || (nothingToDo && remote != nil) {
            if !options.dryRun, let remoteETag, let digest = site.stateDigest {
                DeployedState(location: location, etag: remoteETag, digest: digest).store(directory: directory)
            }
            report.requests = client.requestCounts
            report.seconds = (clock.now - start).seconds
            return report
        }

        // The interim manifest: what the bucket may hold while this deploy runs.
        var working = remote ?? DeployManifest()
        for file in plan.unchanged { working[file.path] = .init(hash: file.hash, size: file.size, headers: file.headers.digest) }
        for file in plan.uploads { working[file.path] = .init(hash: nil, size: file.size, headers: file.headers.digest) }
        for path in deletes where working[path] == nil { working[path] = .init(hash: nil, size: 0, headers: "0000000000000000") }
        do {
            var manifestBytes = 0
            if !nothingToDo { manifestBytes = try await putManifest(working, client: client).bytes }

            // Uploads, phase by phase; within a phase in batches so the manifest can be checkpointed.
            var lastCheckpoint = clock.now
            var bytesSinceCheckpoint: UInt64 = 0
            var done = 0
            var index = 0
            while index < plan.uploads.count {
                let phase = DeployPlan.phase(of: plan.uploads[index].path)
                var end = index
                while end < plan.uploads.count, DeployPlan.phase(of: plan.uploads[end].path) == phase, end - index < 4096 { end += 1 }
                let batch = Array(plan.uploads[index ..< end])
                let (doneBefore, total) = (done, plan.uploads.count)
                let sent = try await uploadBatch(batch, root: root, options: options, client: client) { count in
                    progress(DeployProgress(phase: DeployPlan.phaseNames[phase], done: doneBefore + count, total: total))
                }
                for (offset, hash) in sent.enumerated() {
                    let file = batch[offset]
                    plan.uploads[index + offset].hash = hash
                    working[file.path] = .init(hash: hash, size: file.size, headers: file.headers.digest)
                }
                done += batch.count
                index = end
                bytesSinceCheckpoint += batch.reduce(0) { $0 + $1.size }
                if index < plan.uploads.count, options.checkpointDue(seconds: (clock.now - lastCheckpoint).seconds,
                                                                    uploaded: bytesSinceCheckpoint, manifestBytes: manifestBytes) {
                    manifestBytes = try await putManifest(working, client: client).bytes
                    lastCheckpoint = clock.now
                    bytesSinceCheckpoint = 0
                }
            }
            if !deletes.isEmpty {
                progress(DeployProgress(phase: "deleting", done: 0, total: deletes.count))
                try await client.delete(deletes.map(location.key))
            }
            var final = DeployManifest()
            for file in plan.unchanged + plan.uploads {
                final[file.path] = .init(hash: file.hash, size: file.size, headers: file.headers.digest)
            }
            let etag = try await putManifest(final, client: client).etag
            if let etag, let digest = site.stateDigest {
                DeployedState(location: location, etag: etag, digest: digest).store(directory: directory)
            }
        } catch {
            report.requests = client.requestCounts
            throw .remote(error)
        }
        report.requests = client.requestCounts
        if let cloudFront = options.cloudFront, !report.changedPaths.isEmpty {
            do {
                report.invalidation = try await cloudFront.invalidate(report.changedPaths, prefix: location.prefix, credentials: client.credentials)
            } catch {
                report.seconds = (clock.now - start).seconds
                throw .invalidation("the deploy succeeded but the CloudFront invalidation failed: \(error)")
            }
        }
        report.seconds = (clock.now - start).seconds
        return report
    }

    /// The remote manifest, nil when missing or unusable (with the reason).
    /// `fetched`: the manifest's GET when it was already made (a conditional one that found it
    /// changed); nil to make it. The manifest, why it is not usable, and its ETag.
    static func fetchRemote(client: S3Client, location: S3Location, fetched: S3Client.Fetched? = nil) async -> Result<(DeployManifest?, ManifestProblem?, String?), S3Error> {
        do {
            var answer = fetched
            if answer == nil || answer == .notModified {
                answer = try await client.fetch(location.manifestKey, limit: DeployManifest.sizeLimit)
            }
            guard case .object(let bytes, let etag) = answer else { return .success((nil, nil, nil)) }
            switch DeployManifest.parse(bytes, namespace: SiteBuilder.namespace) {
            case .success(let manifest): return .success((manifest, nil, etag))
            case .failure(let problem): return .success((nil, problem, nil))
            }
        } catch {
            return .failure(error)
        }
    }

    /// Sends a batch with `options.jobs` requests in flight; the SHA-256 of each file as sent.
    static func uploadBatch(_ batch: [LocalFile], root: Int32, options: DeployOptions, client: S3Client,
                            progress: @escaping @Sendable (Int) -> Void) async throws(S3Error) -> [String] {
        let result: Result<[String], S3Error> = await withTaskGroup(of: Result<(Int, String), S3Error>.self) { group in
            var hashes = [String](repeating: "", count: batch.count)
            var next = 0
            var finished = 0
            var failure: S3Error?
            func launch() {
                let index = next
                next += 1
                let file = batch[index]
                group.addTask {
                    do throws(S3Error) {
                        return .success((index, try await upload(file, root: root, options: options, client: client)))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            while next < min(batch.count, max(1, options.jobs)) { launch() }
            for await outcome in group {
                switch outcome {
                case .success(let (index, hash)):
                    hashes[index] = hash
                    finished += 1
                    progress(finished)
                    if failure == nil, next < batch.count { launch() }
                case .failure(let error):
                    if failure == nil { failure = error }
                }
            }
            if let failure { return .failure(failure) }
            return .success(hashes)
        }
        return try result.get()
    }

    /// Uploads one file (multipart when large); returns the SHA-256 of its bytes.
    static func upload(_ file: LocalFile, root: Int32, options: DeployOptions, client: S3Client) async throws(S3Error) -> String {
        let key = options.location.key(file.path)
        if file.size >= options.multipartThreshold, file.headers.contentEncoding == nil {
            let partSize = options.partSize
            let size = file.size
            let path = file.path
            try await client.putMultipart(key, size: size, partSize: partSize, headers: file.headers.fields) { part in
                let start = UInt64(part) * UInt64(partSize)
                guard let data = LocalSite.read(root, path, range: start ..< min(size, start + UInt64(partSize))) else {
                    throw S3Error(method: "PUT", key: key, status: nil, code: nil, message: "cannot read \(path)")
                }
                return data
            }
            return file.hash
        }
        guard let data = LocalSite.read(root, file.path) else {
            throw S3Error(method: "PUT", key: key, status: nil, code: nil, message: "cannot read the local file \(file.path)")
        }
        let hash = SigV4Signer.sha256Hex(data)
        if file.headers.contentEncoding == "gzip" {
            guard let body = Gzip.compress(data) else {
                throw S3Error(method: "PUT", key: key, status: nil, code: nil, message: "cannot compress \(file.path)")
            }
            try await client.put(key, body: body, sha256: SigV4Signer.sha256Hex(body), headers: file.headers.fields)
        } else {
            try await client.put(key, body: data, sha256: hash, headers: file.headers.fields)
        }
        return hash
    }

    /// The bytes a file would be stored as (compressed when its headers say so).
    static func uploadBody(_ root: Int32, _ file: LocalFile, options: DeployOptions) -> Data? {
        guard let data = LocalSite.read(root, file.path) else { return nil }
        return file.headers.contentEncoding == "gzip" ? Gzip.compress(data) : data
    }

    /// Returns the manifest's new ETag and its size in bytes.
    @discardableResult
    static func putManifest(_ manifest: DeployManifest, client: S3Client) async throws(S3Error) -> (etag: String?, bytes: Int) {
        let body = Data(manifest.encoded())
        let etag = try await client.put(client.location.manifestKey, body: body, sha256: SigV4Signer.sha256Hex(body),
                                        headers: [("content-type", "text/plain; charset=utf-8"), ("cache-control", "no-store")])
        return (etag, body.count)
    }

    /// URL paths to invalidate for changed site paths: `/PREFIX/path`, and `/PREFIX/folder/` for
    /// an `index.html` (and `/PREFIX/` for the home page).
    static func changedPaths(_ paths: [String], prefix: String) -> [String] {
        let base = prefix.isEmpty ? "/" : "/" + prefix + "/"
        var out: [String] = []
        for path in paths.sorted() {
            out.append(base + path)
            if path == "index.html" { out.append(base) } else if path.hasSuffix("/index.html") {
                out.append(base + path.dropLast("index.html".count))
            }
        }
        return out
    }
}
