import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Exhibit

/// A demo database generated into a temporary file, removed when the value is released.
private final class GeneratedDemo {
    let path: String
    let summary: DemoSummary
    let database: SQLiteDatabase

    init(images: Int, seed: UInt64 = 7) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-demo-\(UUID().uuidString).db").path
        summary = try DemoDatabase.generate(at: path, options: DemoOptions(images: images, seed: seed))
        database = try SQLiteDatabase.openReadOnly(path: path)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Column 0 of every row of `sql`, as text (NULL as nil).
    func texts(_ sql: String) throws -> [String?] {
        let statement = try database.prepare(sql)
        var values: [String?] = []
        while try statement.step() { values.append(statement.text(0)) }
        return values
    }

    func count(_ sql: String) throws -> Int {
        let statement = try database.prepare(sql)
        _ = try statement.step()
        return Int(statement.int64(0))
    }

    /// Every row of every platform table, quoted with its storage class, in primary-key order.
    func dump() throws -> [String] {
        var rows: [String] = []
        for (table, columns) in PlatformSchema.requiredColumns {
            let select = columns.map { "quote(\($0))" }.joined(separator: " || '|' || ")
            rows.append("-- \(table)")
            for row in try texts("SELECT \(select) FROM \(table) ORDER BY \(columns[0])") { rows.append(row ?? "") }
        }
        return rows
    }
}

private func parseJSONStrings(_ text: String?) -> [String]? {
    guard let data = text?.data(using: .utf8),
          let array = try? JSONSerialization.jsonObject(with: data) as? [Any] else { return nil }
    let strings = array.compactMap { $0 as? String }
    return strings.count == array.count ? strings : nil
}

/// The grouping key docs/publishing.md uses for tags and themes: NFC, trimmed, case-folded.
private func groupKey(_ text: String) -> String {
    text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespaces).lowercased()
}


/// Milliseconds since 1970 of a stored date in any docs/database.md form (nil when unparseable).
private func demoMilliseconds(_ statement: SQLiteStatement, _ column: Int32) -> Int64? {
    switch statement.type(column) {
    case .integer:
        let value = statement.int64(column)
        return value > 100_000_000_000 ? value : value * 1000
    case .text:
        let text = Array((statement.text(column) ?? "").utf8)
        guard text.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: text[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var ms = (Timestamp.days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)) * 1000
        var index = 19
        if index < text.count, text[index] == UInt8(ascii: ".") {
            var digits = 0, fraction = 0
            index += 1
            while index < text.count, (48...57).contains(text[index]) {
                if digits < 3 { fraction = fraction * 10 + Int(text[index] - 48) }
                digits += 1; index += 1
            }
            while digits < 3 { fraction *= 10; digits += 1 }
            ms += Int64(fraction)
        }
        if index == text.count { return text[10] == UInt8(ascii: " ") ? ms : nil }
        if text[index] == UInt8(ascii: "Z") { return index + 1 == text.count ? ms : nil }
        guard text.count == index + 6, let hours = number(index + 1..<index + 3), let minutes = number(index + 4..<index + 6) else { return nil }
        let offset = Int64(hours * 60 + minutes) * 60_000
        return text[index] == UInt8(ascii: "+") ? ms - offset : ms + offset
    default:
        return nil
    }
}

@Suite struct DemoDatabaseTests {
    @Test func sameSeedGivesTheSameRows() throws {
        let first = try GeneratedDemo(images: 400, seed: 42)
        let second = try GeneratedDemo(images: 400, seed: 42)
        #expect(first.summary == second.summary)
        let firstRows = try first.dump(), secondRows = try second.dump()
        #expect(firstRows.count > 2_000)
        #expect(firstRows == secondRows)
    }

    @Test func differentSeedsGiveDifferentRows() throws {
        let first = try GeneratedDemo(images: 200, seed: 1)
        let second = try GeneratedDemo(images: 200, seed: 2)
        let firstIds = Set(try first.texts("SELECT user_id FROM users"))
        let secondIds = Set(try second.texts("SELECT user_id FROM users"))
        #expect(firstIds.isDisjoint(with: secondIds))
        #expect(try first.dump() != second.dump())
    }

    @Test func rowCountsScaleWithTheImageCountAndMatchTheSummary() throws {
        for images in [150, 1_500] {
            let demo = try GeneratedDemo(images: images)
            let options = DemoOptions(images: images)
            #expect(try demo.count("SELECT count(*) FROM images") == images)
            #expect(try demo.count("SELECT count(*) FROM users") == max(8, images / 15))
            #expect(try demo.count("SELECT count(*) FROM collections") == max(3, images / 20))
            #expect(demo.summary.users == options.userCount && demo.summary.collections == options.collectionCount)
            #expect(try demo.count("SELECT count(*) FROM interactions") == demo.summary.interactions)
            #expect(try demo.count("SELECT count(*) FROM interactions WHERE type = 'like'") == demo.summary.likes)
            #expect(try demo.count("SELECT count(*) FROM interactions WHERE type = 'comment'") == demo.summary.comments)
            #expect(try demo.count("SELECT count(*) FROM reports") == demo.summary.reports)
            let likesPerImage = Double(demo.summary.likes) / Double(images)
            #expect(likesPerImage > 2.5 && likesPerImage < 8, "likes per image: \(likesPerImage)")
            let commentsPerImage = Double(demo.summary.comments) / Double(images)
            #expect(commentsPerImage > 0.2 && commentsPerImage < 0.9, "comments per image: \(commentsPerImage)")
        }
    }

    @Test func everyDateFormAppearsAtAThousandImages() throws {
        let demo = try GeneratedDemo(images: 1_000)
        let statement = try demo.database.prepare("SELECT typeof(created_at), created_at FROM images")
        var forms = Set<String>()
        while try statement.step() {
            let value = statement.text(1) ?? ""
            if statement.text(0) == "integer" {
                forms.insert(statement.int64(1) > 100_000_000_000 ? "unix-ms" : "unix-s")
                continue
            }
            let hasFraction = value.contains(".")
            if value.count == 19 && value.dropFirst(10).first == " " {
                forms.insert("sqlite")
            } else if value.hasSuffix("Z") {
                forms.insert(hasFraction ? "iso-z-fraction" : "iso-z")
            } else if value.dropFirst(19).contains(where: { $0 == "+" || $0 == "-" }) {
                forms.insert(hasFraction ? "iso-offset-fraction" : "iso-offset")
            } else {
                forms.insert("unknown: \(value)")
            }
        }
        #expect(forms == ["unix-ms", "unix-s", "sqlite", "iso-z", "iso-z-fraction", "iso-offset", "iso-offset-fraction"])
        // Fractions of both lengths: milliseconds and microseconds.
        #expect(try demo.count("SELECT count(*) FROM images WHERE created_at GLOB '*.[0-9][0-9][0-9]Z'") > 0)
        #expect(try demo.count("SELECT count(*) FROM images WHERE created_at GLOB '*.[0-9][0-9][0-9][0-9][0-9][0-9]Z'") > 0)
    }

    @Test func everyIsPublicFormAppearsAtAThousandImagesAndMostArePublic() throws {
        let demo = try GeneratedDemo(images: 1_000)
        let forms = Set(try demo.texts("SELECT DISTINCT typeof(is_public) || ':' || ifnull(is_public, 'NULL') FROM images").compactMap { $0 })
        #expect(forms == ["integer:1", "integer:0", "null:NULL", "text:false", "text:1", "text:true"])
        let publicCount = try demo.count("SELECT count(*) FROM images WHERE is_public IS 1 OR is_public IN ('1', 'true')")
        #expect(publicCount >= 920 && publicCount <= 985, "public: \(publicCount)")
        #expect(demo.summary.privateImages == 1_000 - publicCount)
    }

    @Test func jsonColumnsAreArraysOfStringsThatReferToImages() throws {
        let demo = try GeneratedDemo(images: 1_000)
        let imageIds = Set(try demo.texts("SELECT image_id FROM images").compactMap { $0 })
        for tags in try demo.texts("SELECT tags FROM images") {
            let parsed = parseJSONStrings(tags)
            #expect(parsed != nil, "tags: \(tags ?? "NULL")")
            #expect((0...8).contains(parsed?.count ?? -1))
        }
        for ids in try demo.texts("SELECT image_ids FROM collections") {
            let parsed = parseJSONStrings(ids) ?? []
            #expect((3...30).contains(parsed.count), "image_ids: \(ids ?? "NULL")")
            #expect(parsed.allSatisfy(imageIds.contains))
        }
    }

    @Test func collectionsSometimesHoldPrivateOrRepeatedImages() throws {
        let demo = try GeneratedDemo(images: 1_000)
        let privateIds = Set(try demo.texts("SELECT image_id FROM images WHERE NOT (is_public IS 1 OR is_public IN ('1', 'true'))").compactMap { $0 })
        let lists = try demo.texts("SELECT image_ids FROM collections").map { parseJSONStrings($0) ?? [] }
        let withPrivate = lists.filter { $0.contains(where: privateIds.contains) }.count
        let withRepeats = lists.filter { Set($0).count < $0.count }.count
        #expect(withPrivate >= 1 && withPrivate < lists.count / 2)
        #expect(withRepeats >= 1 && withRepeats < lists.count / 2)
    }

    @Test func emailsAreOnlyEverAtExampleDotCom() throws {
        let demo = try GeneratedDemo(images: 1_500)
        let emails = try demo.texts("SELECT email FROM users")
        #expect(emails.count == 100)
        for email in emails {
            #expect(email?.hasSuffix("@example.com") == true && email?.filter { $0 == "@" }.count == 1, "email: \(email ?? "NULL")")
        }
    }

    @Test func idsAndURLsFollowThePlatformConventions() throws {
        let demo = try GeneratedDemo(images: 1_000)
        let base62 = Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        for id in try demo.texts("SELECT user_id FROM users") {
            let id = id ?? ""
            #expect(id.hasPrefix("user_2") && id.count == 31 && id.dropFirst(6).allSatisfy(base62.contains), "user id: \(id)")
        }
        let hex = Set("0123456789abcdef")
        for sql in ["SELECT image_id FROM images", "SELECT collection_id FROM collections",
                    "SELECT interaction_id FROM interactions", "SELECT report_id FROM reports"] {
            for id in try demo.texts(sql) { #expect(id?.count == 24 && id?.allSatisfy(hex.contains) == true, "\(sql): \(id ?? "NULL")") }
        }
        let cloudinary = try demo.count("""
            SELECT count(*) FROM images WHERE url GLOB 'https://res.cloudinary.com/exhibit-demo/image/upload/v[0-9]*/gallery/*.jpg'
            """)
        let s3 = try demo.count("SELECT count(*) FROM images WHERE url = 'https://exhibit-demo.s3.amazonaws.com/images/' || image_id || '.jpg'")
        #expect(cloudinary + s3 == 1_000)
        #expect(cloudinary > 520 && cloudinary < 680, "cloudinary: \(cloudinary)")
        #expect(try demo.count("SELECT count(*) FROM users WHERE avatar_url IS NULL") > 0)
        #expect(try demo.count("SELECT count(*) FROM users WHERE avatar_url LIKE 'https://img.clerk.com/%'") > 40)
        #expect(try demo.count("SELECT count(*) FROM users WHERE bio IS NULL OR bio = ''") > 0)
    }

    @Test func tagsAndThemesComeInSeveralSpellingsOfOneGroup() throws {
        let demo = try GeneratedDemo(images: 1_000)
        var tagSpellings: [String: Set<String>] = [:]
        for tags in try demo.texts("SELECT tags FROM images") {
            for tag in parseJSONStrings(tags) ?? [] { tagSpellings[groupKey(tag), default: []].insert(tag) }
        }
        #expect(tagSpellings.values.filter { $0.count > 1 }.count >= 5)
        #expect(tagSpellings["café"].map { $0.count >= 2 } == true)
        #expect(tagSpellings["c++"] != nil && tagSpellings["c#"] != nil)
        var themeSpellings: [String: Set<String>] = [:]
        for theme in try demo.texts("SELECT theme FROM images") where theme != nil {
            themeSpellings[groupKey(theme!), default: []].insert(theme!)
        }
        #expect(themeSpellings.count == 12)
        #expect(themeSpellings.values.filter { $0.count > 1 }.count >= 4)
    }

    @Test func everythingHappensInOrderInsideTheDemoCalendar() throws {
        let demo = try GeneratedDemo(images: 2_000)
        let start = Timestamp.days(year: 2021, month: 10, day: 1) * 86_400_000
        let end = Timestamp.days(year: 2026, month: 1, day: 1) * 86_400_000
        var userCreated: [String: Int64] = [:]
        let users = try demo.database.prepare("SELECT user_id, created_at, updated_at FROM users")
        while try users.step() {
            let created = try #require(demoMilliseconds(users, 1)), updated = try #require(demoMilliseconds(users, 2))
            #expect(created >= start && created <= updated && updated < end)
            userCreated[users.text(0) ?? ""] = created
        }
        var imageCreated: [String: Int64] = [:]
        let images = try demo.database.prepare("SELECT image_id, user_id, created_at FROM images")
        while try images.step() {
            let created = try #require(demoMilliseconds(images, 2))
            let owner = try #require(userCreated[images.text(1) ?? ""])
            #expect(owner <= created && created < end, "image \(images.text(0) ?? "")")
            imageCreated[images.text(0) ?? ""] = created
        }
        for table in ["interactions", "reports"] {
            let rows = try demo.database.prepare("SELECT user_id, image_id, created_at FROM \(table)")
            var checked = 0
            while try rows.step() {
                let moment = try #require(demoMilliseconds(rows, 2))
                let author = try #require(userCreated[rows.text(0) ?? ""])
                let image = try #require(imageCreated[rows.text(1) ?? ""])
                #expect(author <= moment && image <= moment && moment < end)
                checked += 1
            }
            #expect(checked > 0)
        }
    }

    @Test func likesFollowEachUsersTaste() throws {
        let demo = try GeneratedDemo(images: 3_000)
        let statement = try demo.database.prepare("""
            SELECT i.user_id, lower(trim(m.theme)) FROM interactions i JOIN images m ON m.image_id = i.image_id
            WHERE i.type = 'like' AND m.theme IS NOT NULL ORDER BY i.interaction_id
            """)
        var likesByUser: [String: [String]] = [:]
        var overall: [String: Int] = [:]
        while try statement.step() {
            let theme = statement.text(1) ?? ""
            likesByUser[statement.text(0) ?? "", default: []].append(theme)
            overall[theme, default: 0] += 1
        }
        func topTwo(_ counts: [String: Int]) -> Set<String> {
            Set(counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(2).map(\.key))
        }
        // Predict the themes of each user's even-numbered likes from their odd-numbered ones, and
        // compare with predicting them from the most popular themes overall.
        let globalTop = topTwo(overall)
        var personalHits = 0, globalHits = 0, predicted = 0
        for likes in likesByUser.values where likes.count >= 10 {
            var training: [String: Int] = [:]
            for (index, theme) in likes.enumerated() where index % 2 == 1 { training[theme, default: 0] += 1 }
            let personalTop = topTwo(training)
            for (index, theme) in likes.enumerated() where index % 2 == 0 {
                predicted += 1
                if personalTop.contains(theme) { personalHits += 1 }
                if globalTop.contains(theme) { globalHits += 1 }
            }
        }
        #expect(predicted > 5_000)
        let personal = Double(personalHits) / Double(predicted), global = Double(globalHits) / Double(predicted)
        #expect(personal > global + 0.15, "personal \(personal) vs global \(global)")
    }

    @Test func repeatedLikesAreRareAndCountedInTheSummary() throws {
        let demo = try GeneratedDemo(images: 2_000)
        let repeats = try demo.count("""
            SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM interactions WHERE type = 'like' GROUP BY user_id, image_id)
            """)
        #expect(repeats == demo.summary.duplicateLikes)
        #expect(repeats > 0 && repeats < demo.summary.likes / 30)
        #expect(try demo.count("SELECT count(*) FROM interactions WHERE type IN ('share', 'view')") == demo.summary.otherInteractions)
        #expect(demo.summary.otherInteractions > 0)
    }

    @Test func someCommentsComeFromUsersWhoNeverUpload() throws {
        let demo = try GeneratedDemo(images: 1_000)
        #expect(try demo.count("""
            SELECT count(*) FROM interactions WHERE type = 'comment' AND user_id NOT IN (SELECT user_id FROM images)
            """) > 0)
        #expect(try demo.count("SELECT count(*) FROM users WHERE user_id NOT IN (SELECT user_id FROM images)") > 0)
        // A few owners are prolific: the busiest uploader has several times the average.
        let busiest = try demo.count("SELECT max(n) FROM (SELECT count(*) AS n FROM images GROUP BY user_id)")
        #expect(busiest > 3 * 1_000 / demo.summary.users)
    }

    @Test func reportsCoverEveryStatusAndWithholdSomePublicImages() throws {
        for images in [DemoDatabase.bundled.images, 1_000] {
            let demo = try GeneratedDemo(images: images, seed: 11)
            let statuses = Set(try demo.texts("SELECT DISTINCT status FROM reports").compactMap { $0 })
            #expect(statuses == ["pending", "resolved", "dismissed"])
            #expect(try demo.count("""
                SELECT count(*) FROM images WHERE (is_public IS 1 OR is_public IN ('1', 'true'))
                AND image_id IN (SELECT image_id FROM reports WHERE status = 'pending')
                """) >= 1)
            let reported = try demo.count("SELECT count(DISTINCT image_id) FROM reports")
            #expect(reported < max(6, images / 30))
        }
    }

    @Test func theBundledGalleryIsFixedAndSmall() throws {
        #expect(DemoDatabase.bundled.images == 240)
        let first = try GeneratedDemo(images: DemoDatabase.bundled.images, seed: DemoDatabase.bundled.seed)
        #expect(first.summary.images == 240 && first.summary.users == 16 && first.summary.collections == 12)
        let again = try GeneratedDemo(images: DemoDatabase.bundled.images, seed: DemoDatabase.bundled.seed)
        #expect(try first.dump() == again.dump())
    }

    @Test func generateRefusesToOverwriteAnExistingFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-demo-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: DemoDatabaseError.pathExists(path)) {
            try DemoDatabase.generate(at: path, options: DemoOptions(images: 10))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
        #expect(DemoDatabaseError.pathExists(path).description.contains("already exists"))
    }

    @Test func generateReportsAMissingFolderAndBadOptions() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString)/demo.db").path
        #expect(throws: DemoDatabaseError.self) { try DemoDatabase.generate(at: path, options: DemoOptions(images: 10)) }
        #expect(!FileManager.default.fileExists(atPath: path))
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-demo-\(UUID().uuidString).db").path
        #expect(throws: DemoDatabaseError.self) { try DemoDatabase.generate(at: other, options: DemoOptions(images: -1)) }
        #expect(!FileManager.default.fileExists(atPath: other))
    }

    @Test func anEmptyGalleryStillHasUsersAndCollections() throws {
        let demo = try GeneratedDemo(images: 0)
        #expect(demo.summary.images == 0 && demo.summary.users == 8 && demo.summary.collections == 3)
        #expect(try demo.texts("SELECT image_ids FROM collections") == ["[]", "[]", "[]"])
    }
}

/// Records the root element of a parsed document and whether parsing succeeded.
private final class RootRecorder: NSObject, XMLParserDelegate {
    var root: (name: String, attributes: [String: String])?
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        if root == nil { root = (elementName, attributes) }
    }
}

/// Parses `svg` strictly as XML (no network) and returns the root's name and attributes.
private func parseSVG(_ svg: String) -> (root: String, attributes: [String: String])? {
    let parser = XMLParser(data: Data(svg.utf8))
    let recorder = RootRecorder()
    parser.delegate = recorder
    parser.shouldResolveExternalEntities = false
    guard parser.parse() else { return nil }
    return recorder.root.map { (root: $0.name, attributes: $0.attributes) }
}

@Suite struct DemoMediaTests {
    private let imageURLs = (0..<300).map { index in
        index % 2 == 0
            ? "https://res.cloudinary.com/exhibit-demo/image/upload/v17000\(index)/gallery/\(index).jpg"
            : "https://exhibit-demo.s3.amazonaws.com/images/\(index).jpg"
    }

    @Test func imageSVGsAreValidSmallSelfContainedAndDeterministic() {
        var sizes = Set<String>()
        for url in imageURLs {
            let svg = DemoMedia.svg(forImageURL: url)
            #expect(svg == DemoMedia.svg(forImageURL: url))
            #expect(svg.utf8.count < 1_500, "\(svg.utf8.count) bytes for \(url)")
            let parsed = parseSVG(svg)
            #expect(parsed?.root == "svg")
            let attributes = parsed?.attributes ?? [:]
            #expect(attributes["xmlns"] == "http://www.w3.org/2000/svg")
            let width = attributes["width"] ?? "", height = attributes["height"] ?? ""
            #expect(attributes["viewBox"] == "0 0 \(width) \(height)" && Int(width) != nil && Int(height) != nil)
            sizes.insert("\(width)x\(height)")
            #expect(!svg.contains("<text") && !svg.contains("href") && !svg.contains("<script") && !svg.contains("<image"))
            #expect(svg.components(separatedBy: "http").count == 2) // only the namespace
        }
        #expect(sizes.count >= 4)
        #expect(Set(imageURLs.map(DemoMedia.svg(forImageURL:))).count == imageURLs.count)
    }

    @Test func avatarSVGsAreValidSquarePatternsWithoutText() {
        let urls = (0..<200).map { "https://img.clerk.com/avatar-\($0)" }
        for url in urls {
            let svg = DemoMedia.avatarSVG(forAvatarURL: url)
            #expect(svg == DemoMedia.avatarSVG(forAvatarURL: url))
            #expect(svg.utf8.count < 1_500, "\(svg.utf8.count) bytes")
            let attributes = parseSVG(svg)?.attributes ?? [:]
            #expect(attributes["width"] == "128" && attributes["height"] == "128" && attributes["viewBox"] == "0 0 128 128")
            #expect(svg.contains("<circle") && !svg.contains("<text") && !svg.contains("href"))
        }
        #expect(Set(urls.map(DemoMedia.avatarSVG(forAvatarURL:))).count >= 190)
    }
}
