import Foundation
import Testing
@testable import Exhibit

/// Property-based tests: seeded random databases (random rows, random bytes in text, random
/// references into a small shared pool of ids) build without a crash, every output file parses
/// and is clean, no private marker leaks, and the site is byte-identical to the one built without
/// the private rows. `EXHIBIT_FUZZ_CASES=5000 swift test --filter RandomDatabaseTests` runs longer;
/// `EXHIBIT_FUZZ_SEED=N` replays one case.
@Suite struct RandomDatabaseTests {
    /// Cases in the default run.
    static let defaultCases = 200

    static var cases: [UInt64] {
        let environment = ProcessInfo.processInfo.environment
        if let seed = environment["EXHIBIT_FUZZ_SEED"].flatMap(UInt64.init) { return [seed] }
        let count = environment["EXHIBIT_FUZZ_CASES"].flatMap(Int.init) ?? defaultCases
        return (0..<UInt64(max(count, 1))).map { $0 &* 0x9E37_79B9 &+ 1 }
    }

    @Test func randomDatabasesBuildCleanlyAndLeakNothing() throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var failures = 0
        var published = 0
        for seed in Self.cases {
            let generator = RandomGallery(seed: seed)
            let with = try generator.database(includePrivate: true)
            let without = try generator.database(includePrivate: false)
            let a = folder.appendingPathComponent("a"), b = folder.appendingPathComponent("b")
            defer {
                try? FileManager.default.removeItem(at: a)
                try? FileManager.default.removeItem(at: b)
            }
            do {
                let (report, _) = try TestSupport.buildSite(of: with, into: a, jobs: Int(seed % 3) + 1)
                _ = try TestSupport.buildSite(of: without, into: b, jobs: 1)
                published += report.images
            } catch {
                Issue.record("seed \(seed): the build failed: \(error)")
                failures += 1
                continue
            }
            let problems = HostileSiteInspector.problems(site: a.appendingPathComponent("site"), markers: [RandomGallery.marker, "@example.com"])
            if !problems.isEmpty {
                Issue.record("seed \(seed) (EXHIBIT_FUZZ_SEED=\(seed)): \(problems.prefix(10).map(\.description).joined(separator: "\n"))")
                failures += 1
            }
            let siteA = try HostileSiteInspector.contents(of: a.appendingPathComponent("site"))
            let siteB = try HostileSiteInspector.contents(of: b.appendingPathComponent("site"))
            if siteA != siteB {
                let differing = Set(siteA.keys).union(siteB.keys).filter { siteA[$0] != siteB[$0] }.sorted()
                Issue.record("seed \(seed) (EXHIBIT_FUZZ_SEED=\(seed)): private rows changed \(differing.prefix(10))")
                failures += 1
            }
            if failures >= 5 { break }
        }
        #expect(published > Self.cases.count, "the random galleries publish almost nothing: \(published) images")
    }
}

/// A seeded random platform database. Public rows draw ids, text and references from pools that
/// include hostile values; private rows (never-public images, their comments, likes and reports)
/// carry ``marker`` and ids of their own, so the same database without them must build the same site.
struct RandomGallery {
    static let marker = "PRIVMARK"
    let seed: UInt64

    /// SplitMix64.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ upper: Int) -> Int { upper <= 0 ? 0 : Int(next() % UInt64(upper)) }
        mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
    }

    static let userIDs = ["u0", "u1", "u2", "U0", "user_2NfAbc", "../u", "a/b", "", " u1", "ü", "<u>"]
    static let imageIDs = ["i0", "i1", "i2", "i3", "I0", "65f1a2b3c4d5e6f708091a2b", "../i", "i/1", "..", "i 4", "<i>", "ı"]
    static let words = ["cat", "Café", "cafe\u{301}", "CAFÉ", "C++", "C#", "c", "東京", "street", " Street ", "../x", "/", "", "   ",
                        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "</script>", "]]>", "&amp;", "javascript:alert(1)",
                        "\u{2028}", "\u{0}", "\u{7}", "\u{202E}", "👍🏽", "{{title}}"]

    func text(_ random: inout Random) -> SQLValue {
        switch random.int(9) {
        case 0: return nil
        case 1: return .integer(Int64(bitPattern: random.next()) % 100_000)
        case 2: return .blob((0..<random.int(8)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        case 3: return .textBytes((0..<random.int(40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }.filter { $0 != 0 })
        case 4: return .real(Double(random.int(1000)) / 7)
        default: return .text((0..<random.int(6)).map { _ in random.pick(Self.words) }.joined(separator: random.pick([" ", "\n", "", "\t"])))
        }
    }

    func json(_ random: inout Random, _ pool: [String]) -> SQLValue {
        switch random.int(8) {
        case 0: return text(&random)
        case 1: return .text(#"["unclosed"#)
        case 2: return .text(#"{"not": "an array"}"#)
        case 3: return .text("[1, null, \(Escape.jsonString(random.pick(pool))), [\"x\"]]")
        default: return .json((0..<random.int(6)).map { _ in random.chance(70) ? random.pick(pool) : random.pick(Self.words) })
        }
    }

    func date(_ random: inout Random) -> SQLValue {
        switch random.int(10) {
        case 0: return nil
        case 1: return "garbage"
        case 2: return .integer(1_600_000_000 + Int64(random.int(100_000_000)))
        case 3: return .integer(1_600_000_000_000 + Int64(random.int(100_000_000)) * 1000)
        case 4: return .text("2024-0\(random.int(9) + 1)-1\(random.int(10)) 0\(random.int(10)):00:00")
        case 5: return text(&random)
        default: return .text("202\(random.int(5))-0\(random.int(9) + 1)-\(10 + random.int(18))T\(10 + random.int(14)):0\(random.int(10)):00\(random.pick(["Z", "+02:00", ".123Z", "-05:30"]))")
        }
    }

    func id(_ random: inout Random, _ pool: [String]) -> SQLValue {
        random.chance(3) ? text(&random) : .text(random.pick(pool))
    }

    func database(includePrivate: Bool) throws -> TestDatabase {
        var random = Random(state: seed)
        let schema = random.chance(50) ? HostileDatabase.schemaWithoutKeys : PlatformSchema.createStatements
        return try TestDatabase(schema: schema) { db in
            // Inserts into a keyed table may fail on a repeated id: those rows are simply not there.
            func tolerant(_ insert: () -> Void) {
                insert()
                db.firstError = nil
            }
            for (n, userID) in Self.userIDs.enumerated() where random.chance(75) {
                let id: SQLValue = random.chance(5) ? text(&random) : .text(userID)
                tolerant {
                    db.user(id, name: text(&random), email: .text("\(Self.marker)-\(n)@example.com"),
                            avatar: random.chance(50) ? .text("https://img.example/\(n).png") : text(&random), bio: text(&random),
                            createdAt: date(&random), updatedAt: date(&random))
                }
            }
            for n in 0..<random.int(16) {
                let imageID: SQLValue = random.chance(85) ? .text(random.pick(Self.imageIDs)) : text(&random)
                let publicForm: [SQLValue] = [1, "1", "true"]
                tolerant {
                    db.image(imageID, owner: id(&random, Self.userIDs),
                             url: random.chance(85) ? .text("https://img.example/\(n)/\(random.int(9)).jpg") : text(&random),
                             description: text(&random), tags: json(&random, Self.words), theme: random.chance(70) ? .text(random.pick(Self.words)) : text(&random),
                             isPublic: random.chance(90) ? random.pick(publicForm) : random.pick([0, "0", "false", nil, 1.0, "TRUE"] as [SQLValue]),
                             createdAt: random.chance(85) ? .text("2024-0\(random.int(9) + 1)-1\(random.int(10))T00:00:00Z") : date(&random))
                }
            }
            for n in 0..<random.int(5) {
                tolerant {
                    db.collection(.text("c\(random.int(4))"), owner: id(&random, Self.userIDs), name: text(&random), description: text(&random),
                                  imageIDs: json(&random, Self.imageIDs + ["p\(n)-\(Self.marker)"]), createdAt: date(&random), updatedAt: date(&random))
                }
            }
            for n in 0..<random.int(25) {
                tolerant {
                    db.interaction(.text("x\(n % 20)"), user: id(&random, Self.userIDs), image: id(&random, Self.imageIDs),
                                   type: random.pick(["like", "like", "comment", "comment", "LIKE", "share", nil, "<b>"] as [SQLValue]),
                                   content: text(&random), createdAt: date(&random))
                }
            }
            for n in 0..<random.int(3) {
                tolerant {
                    db.report(.text("r\(n)"), image: id(&random, Self.imageIDs), user: id(&random, Self.userIDs), reason: .text("\(Self.marker) reason"),
                              status: random.pick(["resolved", "dismissed", nil] as [SQLValue]))
                }
            }
            // Private rows: their own ids, marked text, references to shared users and public ids.
            let privateCount = random.int(5)
            var privateRandom = random
            guard includePrivate else { return }
            for n in 0..<privateCount {
                let image: SQLValue = .text("p\(n)-\(Self.marker)")
                let kind = privateRandom.int(4)
                db.image(image, owner: kind == 2 ? .text("\(Self.marker)-ghost") : id(&privateRandom, Self.userIDs),
                         url: kind == 3 ? "javascript:alert(1)" : .text("https://\(Self.marker).example/\(n).jpg"),
                         description: .text("\(Self.marker) \(n)"), tags: .json(["\(Self.marker)", privateRandom.pick(Self.words), privateRandom.pick(Self.words)]),
                         theme: .text(privateRandom.pick(Self.words)), isPublic: kind == 1 ? 1 : privateRandom.pick([0, "0", "false", nil, 1.0, "TRUE", 2] as [SQLValue]))
                if kind == 1 { db.report(.text("pr\(n)"), image: image, user: id(&privateRandom, Self.userIDs), reason: .text("\(Self.marker)")) }
                for k in 0..<privateRandom.int(4) {
                    db.interaction(.text("pi\(n)-\(k)"), user: id(&privateRandom, Self.userIDs), image: image,
                                   type: privateRandom.pick(["like", "comment"] as [SQLValue]), content: .text("\(Self.marker) says"), createdAt: date(&privateRandom))
                }
            }
        }
    }
}
