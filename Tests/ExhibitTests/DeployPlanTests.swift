import Foundation
import Testing
@testable import Exhibit

/// Deploy planning without a store: the remote manifest as hostile input, what is sent and
/// deleted, in which order, with which headers.
@Suite struct DeployPlanTests {
    static func file(_ path: String, _ hash: String, size: UInt64 = 10, rules: DeployHeaderRules = DeployHeaderRules()) -> LocalFile {
        LocalFile(path: path, size: size, hash: String(repeating: hash, count: 64 / hash.count), headers: rules.headers(for: path))
    }

    static func manifest(_ files: [LocalFile]) -> DeployManifest {
        var manifest = DeployManifest()
        for file in files { manifest[file.path] = .init(hash: file.hash, size: file.size, headers: file.headers.digest) }
        return manifest
    }

    @Test func theManifestRoundTripsAndIsDeterministic() throws {
        var manifest = Self.manifest([Self.file("index.html", "a"), Self.file("images/é x/index.html", "b"), Self.file("assets/style.css", "c")])
        manifest["tags/t/index.html"] = .init(hash: nil, size: 3, headers: "0123456789abcdef")
        let bytes = manifest.encoded()
        #expect(try DeployManifest.parse(bytes, namespace: SiteBuilder.namespace).get() == manifest)
        var again = DeployManifest()
        for (path, entry) in manifest.entries.reversed() { again[path] = entry }
        #expect(again.encoded() == bytes)
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("exhibit-deploy-manifest 1\n"))
    }

    @Test(arguments: [
        "",
        "exhibit-deploy-manifest 1",  // no final newline
        "exhibit-deploy-manifest 2\n",
        "exhibit-deploy-manifest 1\n\(String(repeating: "a", count: 64)) 1 0123456789abcdef ../etc/passwd\n",
        "exhibit-deploy-manifest 1\n\(String(repeating: "a", count: 64)) 1 0123456789abcdef .exhibit-manifest\n",
        "exhibit-deploy-manifest 1\n\(String(repeating: "a", count: 64)) 1 0123456789abcdef .git/config\n",
        "exhibit-deploy-manifest 1\n\(String(repeating: "a", count: 64)) 1 0123456789abcdef other/file.txt\n",
        "exhibit-deploy-manifest 1\n\(String(repeating: "a", count: 64)) 1 0123456789abcdef /index.html\n",
        "exhibit-deploy-manifest 1\n\(String(repeating: "A", count: 64)) 1 0123456789abcdef index.html\n",
        "exhibit-deploy-manifest 1\n\(String(repeating: "a", count: 64)) -1 0123456789abcdef index.html\n",
        "exhibit-deploy-manifest 1\n\(String(repeating: "a", count: 64)) 99999999999999999999999 0123456789abcdef index.html\n",
        "exhibit-deploy-manifest 1\n\(String(repeating: "a", count: 64)) 1 0123456789abcdef index.html\n- 1 0123456789abcdef index.html\n",
        "exhibit-deploy-manifest 1\n\(String(repeating: "a", count: 64)) 1 0123456789abcdef\n",
        "exhibit-deploy-manifest 1\n\(String(repeating: "a", count: 64)) 1 0123456789abcdef images/a\u{7}b\n",
    ])
    func aDamagedOrForeignManifestIsRejectedWhole(text: String) {
        #expect(throws: ManifestProblem.self) { try DeployManifest.parse(Array(text.utf8), namespace: SiteBuilder.namespace).get() }
    }

    @Test func randomBytesNeverCrashTheManifestParser() {
        var generator = SystemRandomNumberGenerator()
        let valid = Self.manifest([Self.file("index.html", "a"), Self.file("images/1/index.html", "b")]).encoded()
        for _ in 0 ..< 2000 {
            var bytes = valid
            for _ in 0 ..< Int.random(in: 1 ... 4, using: &generator) {
                bytes[Int.random(in: 0 ..< bytes.count, using: &generator)] = UInt8.random(in: 0 ... 255, using: &generator)
            }
            if case .success(let parsed) = DeployManifest.parse(bytes, namespace: SiteBuilder.namespace) {
                #expect(parsed.entries.keys.allSatisfy { OutputPath.problem($0) == nil && SiteBuilder.namespace.contains($0) })
            }
        }
    }

    @Test func onlyNewOrChangedFilesAreSentAndOnlyFilesThatLeftAreDeleted() {
        let old = [Self.file("index.html", "a"), Self.file("images/1/index.html", "b"), Self.file("images/2/index.html", "c"), Self.file("assets/style.css", "d")]
        let new = [Self.file("index.html", "e"), Self.file("images/1/index.html", "b"), Self.file("images/3/index.html", "f"), Self.file("assets/style.css", "d")]
        let plan = DeployPlan.make(local: new, remote: Self.manifest(old), listing: nil) { _ in nil }
        #expect(plan.uploads.map(\.path) == ["images/3/index.html", "index.html"])
        #expect(plan.deletes == ["images/2/index.html"])
        #expect(Set(plan.unchanged.map(\.path)) == ["images/1/index.html", "assets/style.css"])
        #expect(plan.unknown.isEmpty)
    }

    @Test func anUnknownHashInTheManifestIsSentAgain() {
        let files = [Self.file("index.html", "a")]
        var remote = Self.manifest(files)
        remote["index.html"]!.hash = nil
        #expect(DeployPlan.make(local: files, remote: remote, listing: nil) { _ in nil }.uploads.count == 1)
    }

    @Test func changingOneHeaderRuleResendsOnlyTheObjectsItMatches() {
        let paths = ["index.html", "images/1/index.html", "assets/style.css", "assets/search.js"]
        let before = paths.map { Self.file($0, "a") }
        let rules = DeployHeaderRules(cacheRules: [CacheRule(pattern: "assets/*.css", value: "public, max-age=60")])
        let after = paths.map { Self.file($0, "a", rules: rules) }
        let plan = DeployPlan.make(local: after, remote: Self.manifest(before), listing: nil) { _ in nil }
        #expect(plan.uploads.map(\.path) == ["assets/style.css"])
        #expect(plan.uploads[0].headers.cacheControl == "public, max-age=60")
    }

    @Test func withoutAManifestTheListingDecidesByETagAndDeletesNothing() {
        let files = [Self.file("index.html", "a", size: 5), Self.file("images/1/index.html", "b", size: 5)]
        let listing = [
            "index.html": S3ListedObject(key: "g/index.html", etag: "md5-of-index", size: 5),
            "images/1/index.html": S3ListedObject(key: "g/images/1/index.html", etag: "stale", size: 5),
            "images/9/index.html": S3ListedObject(key: "g/images/9/index.html", etag: "x", size: 5),
        ]
        let plan = DeployPlan.make(local: files, remote: nil, listing: listing) { file in
            (file.path == "index.html" ? "md5-of-index" : "other", 5)
        }
        #expect(plan.uploads.map(\.path) == ["images/1/index.html"])
        #expect(plan.unchanged.map(\.path) == ["index.html"])
        #expect(plan.deletes.isEmpty)
        #expect(plan.unknown == ["images/9/index.html"])
    }

    @Test func uploadsGoAssetsFirstThenImagePagesThenListsThenFeedsAndTheHomePageLast() {
        let paths = ["index.html", "feed.xml", "sitemap.xml", "search/index.json", "search/docs-0.json", "sitemaps/images-1.xml",
                     "tags/café/index.html", "page/2/index.html", "users/ann/index.html", "images/1/index.html",
                     "assets/style.css", "media/1.jpg", "404.html", "robots.txt"]
        let plan = DeployPlan.make(local: paths.map { Self.file($0, "a") }, remote: DeployManifest(), listing: nil) { _ in nil }
        let phases = plan.uploads.map { DeployPlan.phase(of: $0.path) }
        #expect(phases == phases.sorted())
        let order = plan.uploads.map(\.path)
        #expect(order.firstIndex(of: "assets/style.css")! < order.firstIndex(of: "images/1/index.html")!)
        #expect(order.firstIndex(of: "images/1/index.html")! < order.firstIndex(of: "tags/café/index.html")!)
        #expect(order.firstIndex(of: "tags/café/index.html")! < order.firstIndex(of: "feed.xml")!)
        #expect(order.firstIndex(of: "search/docs-0.json")! < order.firstIndex(of: "search/index.json")!)
        #expect(DeployPlan.phase(of: "index.html") == DeployPlan.phaseNames.count - 1)
        #expect(order.firstIndex(of: "feed.xml")! < order.firstIndex(of: "index.html")!)
    }

    @Test func everyKindOfFileGetsItsContentType() {
        let expected = [
            "feed.xml": "application/rss+xml; charset=utf-8",
            "feed.atom": "application/atom+xml; charset=utf-8",
            "feed.json": "application/feed+json; charset=utf-8",
            "users/u/feed.xml": "application/rss+xml; charset=utf-8",
            "tags/sea/feed.atom": "application/atom+xml; charset=utf-8",
            "sitemap.xml": "application/xml",
            "sitemaps/images-1.xml": "application/xml",
            "search/index.json": "application/json",
            "recommendations/u.json": "application/json",
            "index.html": "text/html; charset=utf-8",
            "assets/style.css": "text/css; charset=utf-8",
            "assets/search.js": "text/javascript; charset=utf-8",
            "assets/logo.svg": "image/svg+xml",
            "media/1.jpg": "image/jpeg",
            "robots.txt": "text/plain; charset=utf-8",
            "media/unknown": "application/octet-stream",
        ]
        for (path, type) in expected { #expect(ContentType.of(path: path) == type, "\(path)") }
    }

    @Test func cacheControlDefaultsAndRulesByPattern() {
        let rules = DeployHeaderRules(cacheRules: [CacheRule(pattern: "feed.*", value: "no-cache"), CacheRule(pattern: "images/**", value: "public, max-age=60")])
        #expect(rules.headers(for: "feed.xml").cacheControl == "no-cache")
        #expect(rules.headers(for: "images/a/b/index.html").cacheControl == "public, max-age=60")
        #expect(rules.headers(for: "assets/app.3f9a1c2e.js").cacheControl == DeployHeaderRules.immutable)
        #expect(rules.headers(for: "assets/style.css").cacheControl == DeployHeaderRules.hour)
        #expect(rules.headers(for: "tags/x/index.html").cacheControl == DeployHeaderRules.short)
        #expect(!CacheRule(pattern: "assets/*", value: "").matches("assets/a/b.css"))
        #expect(CacheRule(pattern: "assets/**", value: "").matches("assets/a/b.css"))
        #expect(throws: DeployError.self) { try CacheRule.parse("no-equals-sign") }
        #expect(throws: DeployError.self) { try CacheRule.parse("a=b\nc") }
        let gzip = DeployHeaderRules(precompress: true)
        #expect(gzip.headers(for: "index.html").contentEncoding == "gzip")
        #expect(gzip.headers(for: "media/1.jpg").contentEncoding == nil)
        #expect(gzip.headers(for: "index.html").digest != DeployHeaderRules().headers(for: "index.html").digest)
    }

    @Test func precompressionIsDeterministicGzip() throws {
        let text = Data(String(repeating: "<p>hello</p>", count: 1000).utf8)
        let once = try #require(Gzip.compress(text))
        #expect(once == Gzip.compress(text))
        #expect(once.count < text.count / 10)
        #expect(once.prefix(2) == Data([0x1F, 0x8B]))
    }

    @Test func hostileXMLAnswersNeverCrashTheParser() {
        for text in ["<Key>", "<Key>a</Key", "<Contents><Key>a</Key>", "&", "&#xFFFFFFFF;&#99999999;&bogus;", "<Key/>", "<KeyX>a</KeyX><Key>b</Key>", String(repeating: "<Key>", count: 10_000)] {
            _ = XMLText.elements("Key", in: text)
            _ = XMLText.unescaped(text)
        }
        #expect(XMLText.elements("Key", in: "<KeyX>a</KeyX><Key>b</Key>").map(String.init) == ["b"])
        #expect(XMLText.unescaped("a&amp;b&lt;&#x41;&#66;") == "a&b<AB")
        #expect(XMLText.escaped("a&<>\"'") == "a&amp;&lt;&gt;&quot;&apos;")
    }

    @Test func destinationsAreCheckedAndShownWithoutControlCharacters() throws {
        let location = try S3Location.parse("s3://my-bucket/gallery/", endpoint: "http://127.0.0.1:9000", region: "auto")
        #expect(location.bucket == "my-bucket" && location.prefix == "gallery" && location.key("index.html") == "gallery/index.html")
        #expect(location.manifestKey == "gallery/.exhibit-deploy-manifest")
        #expect(try S3Location.parse("s3://bucket", endpoint: nil, region: "us-east-1").key("feed.xml") == "feed.xml")
        for bad in ["bucket/x", "s3://", "s3://Bad_Bucket\u{1B}/x", "s3://bucket/../x", "s3://bucket/.exhibit-x"] {
            #expect(throws: DeployError.self) { try S3Location.parse(bad, endpoint: nil, region: "us-east-1") }
        }
        #expect(throws: DeployError.self) { try S3Location.parse("s3://bucket", endpoint: "ftp://x", region: "us-east-1") }
        #expect(!DeployError.shown("a\u{1B}[31mred\n").contains("\u{1B}"))
    }

    @Test func invalidationPathsFallBackToAWildcardAboveTheLimit() {
        #expect(Deployer.changedPaths(["images/1/index.html", "index.html"], prefix: "g") == ["/g/images/1/index.html", "/g/images/1/", "/g/index.html", "/g/"])
        #expect(CloudFrontTarget.invalidationPaths(["/g/tags/café/"], prefix: "g") == ["/g/tags/caf%C3%A9/"])
        let many = (0 ... CloudFrontTarget.pathLimit).map { "/g/images/\($0)/" }
        #expect(CloudFrontTarget.invalidationPaths(many, prefix: "g") == ["/g/*"])
    }

    /// Checkpoints every 30 s alone made their bytes grow with the square of the gallery (a bigger
    /// manifest, more often over a longer deploy): one also waits for 32 times its weight of files.
    @Test func aCheckpointWaitsForTimeAndForThirtyTwoTimesTheManifestsWeightOfUploads() {
        let options = DeployOptions(outputDirectory: "site", location: S3Location(bucket: "gallery", prefix: "g"))
        let manifest = 17_000_000 // 100,000 images
        #expect(!options.checkpointDue(seconds: 31, uploaded: 100_000_000, manifestBytes: manifest))
        #expect(options.checkpointDue(seconds: 31, uploaded: 32 * 17_000_000, manifestBytes: manifest))
        #expect(!options.checkpointDue(seconds: 29, uploaded: 32 * 17_000_000, manifestBytes: manifest))
        #expect(options.checkpointDue(seconds: 31, uploaded: 60_000_000, manifestBytes: 1_700_000)) // 10,000 images
    }
}
