import Foundation
import Testing
@testable import Exhibit
#if canImport(Glibc)
import Glibc
#endif

/// A `moto_server` (PyPI `moto[server]`, a real S3 API) on a free loopback port, its access log
/// kept to count requests, and boto3 as the independent client that checks what it holds.
final class MotoServer: @unchecked Sendable {
    /// moto_server and boto3 are installed (tests that need them are skipped visibly otherwise).
    static let isAvailable = TestSupport.shell("command -v moto_server && python3 -c 'import boto3, moto.server'") == 0

    let port: Int
    let endpoint: String
    let log: URL
    private let process: Process

    struct StartFailed: Error {}

    init() throws {
        port = MotoServer.freePort()
        endpoint = "http://127.0.0.1:\(port)"
        log = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-moto-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["moto_server", "-H", "127.0.0.1", "-p", "\(port)"]
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if MotoServer.accepts(port) { return }
            usleep(100_000)
        }
        stop()
        throw StartFailed()
    }

    func stop() {
        // moto_server (werkzeug) does not always end on SIGTERM.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: log)
    }

    /// Requests the server logged so far: (method, path with query).
    func requests() -> [(method: String, target: String)] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let open = line.firstIndex(of: "\""), let space = line[open...].firstIndex(of: " ") else { return nil }
            let method = String(line[line.index(after: open) ..< space])
            let rest = line[line.index(after: space)...]
            guard ["GET", "PUT", "POST", "DELETE", "HEAD"].contains(method), let end = rest.firstIndex(of: " ") else { return nil }
            return (method, String(rest[..<end]))
        }
    }

    /// Counts of object GETs, PUTs, LISTs and DELETE requests among `requests`.
    static func count(_ requests: ArraySlice<(method: String, target: String)>) -> (get: Int, put: Int, list: Int, delete: Int) {
        var counts = (get: 0, put: 0, list: 0, delete: 0)
        for request in requests {
            switch request.method {
            case "GET": if request.target.contains("list-type=2") { counts.list += 1 } else { counts.get += 1 }
            case "PUT": counts.put += 1
            case "DELETE": counts.delete += 1
            case "POST": if request.target.contains("delete") { counts.delete += 1 }
            default: break
            }
        }
        return counts
    }

    /// Runs a Python script with boto3 against this server; its stdout.
    @discardableResult
    func python(_ script: String, _ arguments: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let prelude = """
        import boto3, sys, json, hashlib, gzip
        s3 = boto3.client('s3', endpoint_url='\(endpoint)', region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
        cf = boto3.client('cloudfront', endpoint_url='\(endpoint)', region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')

        """
        process.arguments = ["python3", "-c", prelude + script] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func createBucket(_ name: String) throws {
        try python("s3.create_bucket(Bucket=sys.argv[1])", [name])
    }

    /// Every object below `prefix`: key → (SHA-256 of its bytes, gunzipped when so encoded,
    /// Content-Type, Cache-Control, Content-Encoding), read with boto3.
    func objects(bucket: String, prefix: String) throws -> [String: [String?]] {
        let script = """
        out = {}
        for page in s3.get_paginator('list_objects_v2').paginate(Bucket=sys.argv[1], Prefix=sys.argv[2]):
            for o in page.get('Contents', []):
                r = s3.get_object(Bucket=sys.argv[1], Key=o['Key'])
                body = r['Body'].read()
                enc = r.get('ContentEncoding')
                if enc == 'gzip': body = gzip.decompress(body)
                out[o['Key']] = [hashlib.sha256(body).hexdigest(), r.get('ContentType'), r.get('CacheControl'), enc]
        print(json.dumps(out))
        """
        let text = try python(script, [bucket, prefix])
        return try JSONDecoder().decode([String: [String?]].self, from: Data(text.utf8))
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}

/// `exhibit deploy` against a real S3 API (moto_server), checked with boto3 and the server's log.
@Suite(.enabled(if: MotoServer.isAvailable, "needs moto_server and boto3: pip install 'moto[server]' boto3"))
struct DeployStoreTests {
    static let credentials = S3Credentials(accessKeyID: "test", secretAccessKey: "test")

    /// A built gallery in a new temporary folder (`site/` inside it).
    static func builtGallery() throws -> URL {
        let directory = try TestSupport.temporaryDirectory()
        _ = try TestSupport.buildSite(in: directory)
        return directory
    }

    static func options(_ site: URL, _ server: MotoServer, bucket: String = "gallery", prefix: String = "g") throws -> DeployOptions {
        let location = try S3Location.parse("s3://\(bucket)/\(prefix)", endpoint: server.endpoint, region: "us-east-1")
        return DeployOptions(outputDirectory: site.path, location: location)
    }

    static func deploy(_ options: DeployOptions) async throws -> DeployReport {
        let client = S3Client(location: options.location, credentials: credentials)
        return try await Deployer.deploy(options, client: client)
    }

    /// The site's files (from its build record) with their SHA-256s and expected headers.
    static func localFiles(_ site: URL, rules: DeployHeaderRules = DeployHeaderRules()) throws -> [String: LocalFile] {
        let loaded = try LocalSite.load(directory: site.path, rules: rules)
        return Dictionary(uniqueKeysWithValues: loaded.files.map { ($0.path, $0) })
    }

    /// Checks with boto3 that the bucket holds exactly the site (plus the deploy manifest), every
    /// object with the right bytes, Content-Type and Cache-Control.
    static func expectRemoteEqualsLocal(_ site: URL, _ server: MotoServer, rules: DeployHeaderRules = DeployHeaderRules(),
                                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        let local = try localFiles(site, rules: rules)
        let remote = try server.objects(bucket: "gallery", prefix: "g/")
        #expect(Set(remote.keys) == Set(local.keys.map { "g/" + $0 } + ["g/" + DeployManifest.name]), sourceLocation: sourceLocation)
        for (path, file) in local {
            guard let object = remote["g/" + path] else { continue }
            #expect(object[0] == file.hash, "\(path) bytes", sourceLocation: sourceLocation)
            #expect(object[1] == file.headers.contentType, "\(path) Content-Type", sourceLocation: sourceLocation)
            #expect(object[2] == file.headers.cacheControl, "\(path) Cache-Control", sourceLocation: sourceLocation)
            #expect(object[3] == file.headers.contentEncoding, "\(path) Content-Encoding", sourceLocation: sourceLocation)
        }
        #expect(!remote.keys.contains { $0.contains(".exhibit-manifest") || $0.contains(".exhibit-deploy-cache") || $0.contains(".exhibit-fingerprint") },
                sourceLocation: sourceLocation)
    }

    @Test func aFirstDeployPublishesEveryFileWithItsBytesAndHeadersAndARedeployOfNothingIsOneGet() async throws {
        let server = try MotoServer()
        defer { server.stop() }
        try server.createBucket("gallery")
        let directory = try Self.builtGallery()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = directory.appendingPathComponent("site")

        let first = try await Self.deploy(try Self.options(site, server))
        #expect(first.uploaded > 20 && first.unchanged == 0 && first.deleted == 0)
        #expect(first.comparison == "listing")
        try Self.expectRemoteEqualsLocal(site, server)

        let before = server.requests().count
        let second = try await Self.deploy(try Self.options(site, server))
        let counts = MotoServer.count(server.requests()[before...])
        #expect(second.uploaded == 0 && second.deleted == 0 && second.unchanged == first.uploaded)
        #expect(counts.get == 1 && counts.put == 0 && counts.list == 0 && counts.delete == 0)
        #expect(second.requests.get == 1 && second.requests.put == 0 && second.requests.list == 0)
    }

    @Test func nothingChangedSinceTheLastDeployIsOneConditionalGetAndAnythingElseIsCompared() async throws {
        let server = try MotoServer()
        defer { server.stop() }
        try server.createBucket("gallery")
        let directory = try Self.builtGallery()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = directory.appendingPathComponent("site")
        let first = try await Self.deploy(try Self.options(site, server))

        var before = server.requests().count
        let again = try await Self.deploy(try Self.options(site, server))
        #expect(again.comparison == "last deploy")
        #expect(again.unchanged == first.uploaded && again.uploaded == 0 && again.hashedFiles == 0)
        #expect(MotoServer.count(server.requests()[before...]) == (get: 1, put: 0, list: 0, delete: 0))

        // Another folder deploys another gallery to the same target: the first folder's next
        // deploy sees the manifest changed (200, not 304), compares, and puts its own site back.
        let other = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: other) }
        try FileManager.default.copyItem(at: directory.appendingPathComponent("platform.sqlite"), to: other.appendingPathComponent("platform.sqlite"))
        let db = try SQLiteDatabase.create(path: other.appendingPathComponent("platform.sqlite").path)
        try db.execute("UPDATE images SET description = 'Changed elsewhere' WHERE image_id = 'img1'")
        _ = try TestSupport.buildSite(in: other)
        let elsewhere = try await Self.deploy(try Self.options(other.appendingPathComponent("site"), server))
        #expect(elsewhere.uploaded > 0)
        before = server.requests().count
        let back = try await Self.deploy(try Self.options(site, server))
        #expect(back.comparison == "manifest")
        #expect(back.uploaded == elsewhere.uploaded)
        #expect(MotoServer.count(server.requests()[before...]).get == 1)
        try Self.expectRemoteEqualsLocal(site, server)

        // A file edited in the folder after the build: its record no longer describes it.
        let home = site.appendingPathComponent("index.html")
        try (try String(contentsOf: home, encoding: .utf8) + "<!-- edited -->").write(to: home, atomically: false, encoding: .utf8)
        let edited = try await Self.deploy(try Self.options(site, server))
        #expect(edited.comparison == "manifest")
        #expect(edited.uploaded == 1)
        let settled = try await Self.deploy(try Self.options(site, server))
        #expect(settled.comparison == "manifest" && settled.uploaded == 0)
    }

    @Test func aFreshCloneWithNewModificationTimesUploadsNothing() async throws {
        let server = try MotoServer()
        defer { server.stop() }
        try server.createBucket("gallery")
        let directory = try Self.builtGallery()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = directory.appendingPathComponent("site")
        _ = try await Self.deploy(try Self.options(site, server))

        // Another machine: the same database built into a new folder (new seed, new mtimes, no cache).
        let other = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: other) }
        try FileManager.default.copyItem(at: directory.appendingPathComponent("platform.sqlite"), to: other.appendingPathComponent("platform.sqlite"))
        _ = try TestSupport.buildSite(in: other)
        let before = server.requests().count
        let report = try await Self.deploy(try Self.options(other.appendingPathComponent("site"), server))
        #expect(report.uploaded == 0 && report.deleted == 0 && report.hashedFiles == report.unchanged)
        #expect(MotoServer.count(server.requests()[before...]).put == 0)
    }

    @Test func aChangedGallerySendsOnlyChangedFilesAndDeletesPagesThatLeft() async throws {
        let server = try MotoServer()
        defer { server.stop() }
        try server.createBucket("gallery")
        let directory = try Self.builtGallery()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = directory.appendingPathComponent("site")
        _ = try await Self.deploy(try Self.options(site, server))
        let old = try Self.localFiles(site)

        // img7 becomes private, img1 gets one more like (same-size pages change bytes).
        let db = try SQLiteDatabase.create(path: directory.appendingPathComponent("platform.sqlite").path)
        try db.execute("UPDATE images SET is_public = 0 WHERE image_id = 'img7'")
        try db.execute("INSERT INTO interactions VALUES ('i9', 'user_ann', 'img1', 'like', NULL, '2024-03-01T00:00:00Z')")
        _ = try TestSupport.buildSite(in: directory)
        let new = try Self.localFiles(site)
        let changed = new.filter { old[$0.key]?.hash != $0.value.hash }.keys
        let removed = old.keys.filter { new[$0] == nil }
        #expect(!removed.isEmpty && !changed.isEmpty)

        let report = try await Self.deploy(try Self.options(site, server))
        #expect(report.uploaded == changed.count)
        #expect(report.deleted == removed.count)
        #expect(report.unchanged == new.count - changed.count)
        #expect(report.requests.list == 0)
        #expect(Set(report.changedPaths).isSuperset(of: removed.map { "/g/" + $0 }))
        try Self.expectRemoteEqualsLocal(site, server)
    }

    @Test func tooManyDeletesStopBeforeAnythingChanges() async throws {
        let server = try MotoServer()
        defer { server.stop() }
        try server.createBucket("gallery")
        let directory = try Self.builtGallery()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = directory.appendingPathComponent("site")
        _ = try await Self.deploy(try Self.options(site, server))
        let remoteBefore = try server.objects(bucket: "gallery", prefix: "g/")
        let db = try SQLiteDatabase.create(path: directory.appendingPathComponent("platform.sqlite").path)
        try db.execute("UPDATE images SET is_public = 0 WHERE image_id = 'img7'")
        _ = try TestSupport.buildSite(in: directory)

        var options = try Self.options(site, server)
        options.maxDeletes = 0
        let before = server.requests().count
        await #expect(throws: DeployError.self) { try await Self.deploy(options) }
        #expect(MotoServer.count(server.requests()[before...]).put == 0)
        #expect(try server.objects(bucket: "gallery", prefix: "g/") == remoteBefore)
        options.maxDeletes = 256
        _ = try await Self.deploy(options)
        try Self.expectRemoteEqualsLocal(site, server)
    }

    @Test func changingAHeaderRuleResendsOnlyTheObjectsItMatchesAndGzipIsDecodable() async throws {
        let server = try MotoServer()
        defer { server.stop() }
        try server.createBucket("gallery")
        let directory = try Self.builtGallery()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = directory.appendingPathComponent("site")
        _ = try await Self.deploy(try Self.options(site, server))
        var options = try Self.options(site, server)
        options.headerRules = DeployHeaderRules(cacheRules: [CacheRule(pattern: "feed.*", value: "public, max-age=60")])
        let report = try await Self.deploy(options)
        #expect(report.uploaded == 3)
        try Self.expectRemoteEqualsLocal(site, server, rules: options.headerRules)

        options.headerRules.precompress = true
        let compressed = try await Self.deploy(options)
        #expect(compressed.uploaded > 0)
        try Self.expectRemoteEqualsLocal(site, server, rules: options.headerRules)
    }

    @Test func aTamperedManifestAndForeignObjectsAreNeitherTrustedNorDeleted() async throws {
        let server = try MotoServer()
        defer { server.stop() }
        try server.createBucket("gallery")
        let directory = try Self.builtGallery()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = directory.appendingPathComponent("site")
        _ = try await Self.deploy(try Self.options(site, server))
        // Someone else's objects under the prefix and beside it, and a manifest naming them.
        let hash = String(repeating: "a", count: 64)
        try server.python("""
        for key in ['g/images/foreign.txt', 'g/notes/readme.txt', 'other/keep.txt']:
            s3.put_object(Bucket='gallery', Key=key, Body=b'not exhibit')
        s3.put_object(Bucket='gallery', Key='g/.exhibit-deploy-manifest', Body=sys.argv[1].encode())
        """, ["exhibit-deploy-manifest 1\n\(hash) 1 0123456789abcdef ../other/keep.txt\n\(hash) 1 0123456789abcdef notes/readme.txt\n"])
        let report = try await Self.deploy(try Self.options(site, server))
        #expect(report.comparison == "listing")
        #expect(report.deleted == 0 && report.unknownLeft == 1)
        let remote = try server.objects(bucket: "gallery", prefix: "")
        #expect(remote["g/images/foreign.txt"] != nil && remote["g/notes/readme.txt"] != nil && remote["other/keep.txt"] != nil)

        // A manifest that is too big for its claim, or binary noise: still no crash, no delete.
        try server.python("s3.put_object(Bucket='gallery', Key='g/.exhibit-deploy-manifest', Body=bytes(range(256)) * 1000)")
        let again = try await Self.deploy(try Self.options(site, server))
        #expect(again.deleted == 0)
        #expect(try server.objects(bucket: "gallery", prefix: "other/").count == 1)
    }

    @Test func aDeployKilledAtRandomPointsIsCompletedByTheNextOne() async throws {
        let server = try MotoServer()
        defer { server.stop() }
        try server.createBucket("gallery")
        let directory = try Self.builtGallery()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = directory.appendingPathComponent("site")
        let environment = ["AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_PROFILE": ""]
        let arguments = ["deploy", "--out", site.path, "--to", "s3://gallery/g", "--endpoint", server.endpoint, "--jobs", "2", "--quiet"]
        let db = try SQLiteDatabase.create(path: directory.appendingPathComponent("platform.sqlite").path)
        for round in 0 ..< 4 {
            // Alternate which images are public, so every round adds and removes pages.
            try db.execute("UPDATE images SET is_public = \(round % 2) WHERE image_id IN ('img7', 'img3')")
            _ = try TestSupport.buildSite(in: directory)
            let process = Process()
            process.executableURL = TestSupport.exhibitBinary
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 20_000 ... 600_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let finish = try TestSupport.runExhibit(arguments, environment: environment)
        #expect(finish.status == 0, "\(finish.stderr)")
        try Self.expectRemoteEqualsLocal(site, server)
    }

    @Test func theChangedPathsAreInvalidatedOnCloudFront() async throws {
        let server = try MotoServer()
        defer { server.stop() }
        try server.createBucket("gallery")
        let directory = try Self.builtGallery()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = directory.appendingPathComponent("site")
        let id = try server.python("""
        origin = {'Id': 'o', 'DomainName': 'gallery.s3.amazonaws.com', 'S3OriginConfig': {'OriginAccessIdentity': ''}}
        behaviour = {'TargetOriginId': 'o', 'ViewerProtocolPolicy': 'allow-all', 'MinTTL': 0,
                     'ForwardedValues': {'QueryString': False, 'Cookies': {'Forward': 'none'}},
                     'TrustedSigners': {'Enabled': False, 'Quantity': 0}}
        d = cf.create_distribution(DistributionConfig={'CallerReference': 'exhibit-test', 'Origins': {'Quantity': 1, 'Items': [origin]},
                                   'DefaultCacheBehavior': behaviour, 'Comment': '', 'Enabled': True})
        print(d['Distribution']['Id'])
        """).trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(!id.isEmpty)
        var options = try Self.options(site, server)
        options.cloudFront = CloudFrontTarget(distributionID: id, endpoint: URL(string: server.endpoint))
        let report = try await Self.deploy(options)
        let invalidation = try #require(report.invalidation)
        let paths = try server.python("""
        r = cf.get_invalidation(DistributionId=sys.argv[1], Id=sys.argv[2])
        print(json.dumps(r['Invalidation']['InvalidationBatch']['Paths'].get('Items', [])))
        """, [id, invalidation])
        let sent = try JSONDecoder().decode([String].self, from: Data(paths.utf8))
        #expect(Set(sent) == Set(CloudFrontTarget.invalidationPaths(report.changedPaths, prefix: "g")))
        #expect(sent.contains("/g/") && sent.contains("/g/index.html"))
        // Nothing changed: no invalidation.
        #expect(try await Self.deploy(options).invalidation == nil)
    }

    @Test func largeFilesGoUpInPartsWithTheirBytesIntact() async throws {
        let server = try MotoServer()
        defer { server.stop() }
        try server.createBucket("gallery")
        let client = S3Client(location: S3Location(bucket: "gallery", prefix: "g", endpoint: URL(string: server.endpoint)), credentials: Self.credentials)
        var generator = SystemRandomNumberGenerator()
        let data = Data((0 ..< (11 << 20)).map { _ in UInt8.random(in: 0 ... 255, using: &generator) })
        let partSize = 5 << 20
        try await client.putMultipart("g/media/big.bin", size: UInt64(data.count), partSize: partSize,
                                      headers: [("content-type", "application/octet-stream"), ("cache-control", "public, max-age=60")]) { part in
            data.subdata(in: part * partSize ..< min(data.count, (part + 1) * partSize))
        }
        let remote = try server.objects(bucket: "gallery", prefix: "g/media/")
        #expect(remote["g/media/big.bin"]?[0] == SigV4Signer.sha256Hex(data))
        #expect(remote["g/media/big.bin"]?[2] == "public, max-age=60")
        #expect(server.requests().filter { $0.method == "PUT" && $0.target.contains("partNumber=") }.count == 3)
    }

    @Test func theCommandLineWritesAReportAndNeverPrintsTheSecret() throws {
        let server = try MotoServer()
        defer { server.stop() }
        try server.createBucket("gallery")
        let directory = try Self.builtGallery()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = directory.appendingPathComponent("site")
        let reportFile = directory.appendingPathComponent("deploy.json")
        let environment = ["AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "very-secret-value", "AWS_PROFILE": ""]
        let run = try TestSupport.runExhibit(["deploy", "--out", site.path, "--to", "s3://gallery/g", "--endpoint", server.endpoint, "--report", reportFile.path],
                                           environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("uploaded"))
        #expect(!(run.stdout + run.stderr).contains("very-secret-value"))
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: reportFile)) as? [String: Any]
        #expect((report?["uploaded"] as? Int ?? 0) > 0)
        #expect((report?["changedPaths"] as? [String])?.contains("/g/index.html") == true)
        #expect(!(try String(contentsOf: reportFile, encoding: .utf8)).contains("very-secret-value"))

        let dryRun = try TestSupport.runExhibit(["deploy", "--out", site.path, "--to", "s3://gallery/g", "--endpoint", server.endpoint, "--dry-run"], environment: environment)
        #expect(dryRun.status == 0 && dryRun.stdout.contains("would upload 0"))
        let noCredentials = try TestSupport.runExhibit(["deploy", "--out", site.path, "--to", "s3://gallery/g", "--endpoint", server.endpoint],
                                                     environment: ["AWS_ACCESS_KEY_ID": "", "AWS_PROFILE": "nobody", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_CONFIG_FILE": "/nonexistent"])
        #expect(noCredentials.status == 2)
        let unbuilt = try TestSupport.runExhibit(["deploy", "--out", directory.path, "--to", "s3://gallery/g", "--endpoint", server.endpoint], environment: environment)
        #expect(unbuilt.status == 2 && unbuilt.stderr.contains("exhibit build"))
    }
}

/// Retries without a store: a closed port is retried, then reported with its attempts.
@Suite struct DeployRetryTests {
    @Test func connectionErrorsAreRetriedWithBackoffThenReported() async throws {
        var retry = RetryPolicy()
        retry.attempts = 3
        retry.firstDelay = .milliseconds(5)
        let port = MotoServer.freePort()
        let client = S3Client(location: S3Location(bucket: "gallery", prefix: "g", endpoint: URL(string: "http://127.0.0.1:\(port)")),
                              credentials: DeployStoreTests.credentials, retry: retry)
        do {
            _ = try await client.get("g/index.html", limit: 100)
            Issue.record("a closed port must fail")
        } catch {
            #expect(error.status == nil && error.attempts == 3)
            #expect(client.requestCounts.retries == 2)
        }
    }

    @Test func serverErrorsAndThrottlingAreTransientOtherClientErrorsAreNot() {
        #expect(S3Error(method: "PUT", key: "k", status: 503, code: "SlowDown", message: "").isTransient)
        #expect(S3Error(method: "PUT", key: "k", status: 500, code: nil, message: "").isTransient)
        #expect(S3Error(method: "PUT", key: "k", status: 400, code: "RequestTimeout", message: "").isTransient)
        #expect(!S3Error(method: "PUT", key: "k", status: 403, code: "AccessDenied", message: "").isTransient)
        #expect(!S3Error(method: "PUT", key: "k", status: 404, code: "NoSuchBucket", message: "").isTransient)
    }
}
