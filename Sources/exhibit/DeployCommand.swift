import ArgumentParser
import Dispatch
import Exhibit
import Foundation
import Synchronization

struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Publish the built output folder to S3-compatible object storage, by content.",
        discussion: """
        Compares the output folder's files (by SHA-256) with the deploy manifest kept in the bucket \
        (PREFIX/.exhibit-deploy-manifest) and sends only new or changed files, deletes only files \
        that left the site, then replaces the manifest. The bucket is listed only when that \
        manifest is missing or with --verify. Credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY \
        (AWS_SESSION_TOKEN), or AWS_PROFILE and the shared credentials file.
        """
    )

    @Option(name: .customLong("out"), help: ArgumentHelp("The built output folder.", valueName: "dir"))
    var output = "Output"

    @Option(name: .customLong("to"), help: ArgumentHelp("Destination, s3://BUCKET/PREFIX.", valueName: "url"))
    var destination: String

    @Option(help: ArgumentHelp("S3-compatible endpoint (MinIO, R2, Ceph, GCS); path-style addressing.", valueName: "url"))
    var endpoint: String?

    @Option(help: ArgumentHelp("Region (default: AWS_REGION, the profile's region, or us-east-1; R2 uses auto).", valueName: "name"))
    var region: String?

    @Flag(name: .customLong("dry-run"), help: "Compare and report, change nothing.")
    var dryRun = false

    @Flag(help: "List the bucket and compare every object's ETag with the site's bytes too.")
    var verify = false

    @Option(name: .customLong("max-deletes"), help: ArgumentHelp("Stop before deleting more objects than this.", valueName: "n"))
    var maxDeletes = 256

    @Flag(name: .customLong("delete-unknown"), help: "Also delete objects at the site's paths that no deploy manifest lists.")
    var deleteUnknown = false

    @Option(help: ArgumentHelp("Requests in flight (default 16).", valueName: "n"))
    var jobs = 16

    @Option(name: .customLong("cache-control"), help: ArgumentHelp("Cache-Control for paths matching a glob, before the defaults (repeatable).", valueName: "pattern=value"))
    var cacheControl: [String] = []

    @Flag(help: "Store text files gzip-compressed with Content-Encoding: gzip.")
    var gzip = false

    @Option(name: .customLong("cloudfront-distribution"), help: ArgumentHelp("Invalidate the changed paths on this CloudFront distribution.", valueName: "id"))
    var cloudFrontDistribution: String?

    @Option(name: .customLong("cloudfront-endpoint"), help: .hidden)
    var cloudFrontEndpoint: String?

    @Option(name: .customLong("multipart-threshold"), help: .hidden)
    var multipartThreshold: UInt64 = 64 << 20

    @Option(name: .customLong("part-size"), help: .hidden)
    var partSize: Int = 16 << 20

    @Option(help: ArgumentHelp("Write a JSON report (counts, bytes, changed paths) to this file.", valueName: "file"))
    var report: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if jobs < 1 || jobs > 1024 { throw ValidationError("--jobs must be between 1 and 1024") }
        if maxDeletes < 0 { throw ValidationError("--max-deletes must not be negative") }
        if partSize < 5 << 20 { throw ValidationError("--part-size must be at least 5 MiB") }
        if output.isEmpty { throw ValidationError("--out must not be empty") }
    }

    func run() throws {
        let options: DeployOptions
        let client: S3Client
        do {
            let location = try S3Location.parse(destination, endpoint: endpoint,
                                                region: region ?? S3Credentials.region() ?? "us-east-1")
            var settings = DeployOptions(outputDirectory: output, location: location)
            settings.dryRun = dryRun
            settings.verify = verify
            settings.maxDeletes = maxDeletes
            settings.deleteUnknown = deleteUnknown
            settings.jobs = jobs
            settings.multipartThreshold = max(multipartThreshold, UInt64(partSize))
            settings.partSize = partSize
            var rules = DeployHeaderRules(precompress: gzip)
            for text in cacheControl { rules.cacheRules.append(try CacheRule.parse(text)) }
            settings.headerRules = rules
            if let cloudFrontDistribution {
                settings.cloudFront = CloudFrontTarget(distributionID: cloudFrontDistribution, endpoint: cloudFrontEndpoint.flatMap(URL.init(string:)))
            }
            let credentials: S3Credentials
            do { credentials = try S3Credentials.resolve() } catch { throw DeployError.credentials(error.description) }
            options = settings
            client = S3Client(location: location, credentials: credentials, connections: jobs)
        } catch let error as DeployError {
            throw CommandFailure(kind: error.kind, message: error.description)
        }

        let bar = ProgressBar(enabled: !quiet)
        let outcome = Mutex<Result<DeployReport, DeployError>?>(nil)
        let finished = DispatchSemaphore(value: 0)
        let started = Mutex(false)
        let quiet = quiet
        Task {
            let result: Result<DeployReport, DeployError>
            do throws(DeployError) {
                result = .success(try await Deployer.deploy(options, client: client, progress: { step in
                    if !started.withLock({ let was = $0; $0 = true; return was }) { bar.start(total: step.total) }
                    bar.update(done: step.done)
                }, note: { text in
                    if !quiet { Terminal.note(text) }
                }))
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            finished.signal()
        }
        finished.wait()
        bar.finish()
        switch outcome.withLock({ $0 })! {
        case .success(let summary):
            if let report { try writeReport(summary, to: report) }
            if !quiet { print(summary.summary + (summary.invalidation.map { "; CloudFront invalidation \($0)" } ?? "")) }
        case .failure(let error):
            throw CommandFailure(kind: error.kind, message: error.description)
        }
    }

    private func writeReport(_ summary: DeployReport, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(summary).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandFailure(kind: .buildFailed, message: "cannot write the report \(path): \(error.localizedDescription)")
        }
    }
}
