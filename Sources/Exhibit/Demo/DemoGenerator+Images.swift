/// How `images.is_public` is stored (docs/database.md: only INTEGER 1, '1' and 'true' mean public).
enum DemoVisibility: Int, CaseIterable {
    case integerOne, integerZero, null, textFalse, textOne, textTrue

    var value: DemoValue {
        switch self {
        case .integerOne: return .integer(1)
        case .integerZero: return .integer(0)
        case .null: return .null
        case .textFalse: return .text("false")
        case .textOne: return .text("1")
        case .textTrue: return .text("true")
        }
    }

    var isPublic: Bool { self == .integerOne || self == .textOne || self == .textTrue }

    /// ~95% INTEGER 1; the rest spread over the other forms.
    static let weights = WeightedTable(weights: [950, 20, 10, 6, 8, 6])
}

/// Report statuses forced to appear in every gallery (pending ones on public images).
private let forcedReportStatuses = ["pending", "resolved", "dismissed"]

extension DemoGenerator {
    /// Writes `images` in upload order; after each image, its likes, comments, other
    /// interactions and reports. Every `is_public` form and date form appears at least once
    /// (when there are enough images), at seeded positions.
    mutating func generateImages() throws {
        let count = options.images
        let insertImage = try DemoInserter(database, """
            INSERT INTO images (image_id, user_id, url, description, tags, theme, is_public, created_at, width, height) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertInteraction = try DemoInserter(database, """
            INSERT INTO interactions (interaction_id, user_id, image_id, type, content, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """)
        let insertReport = try DemoInserter(database, """
            INSERT INTO reports (report_id, user_id, image_id, reason, status, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """)

        // Seeded positions for the rare forms, so each appears once even in a small gallery.
        var random = imageRandom
        let forcedVisibility = Self.forcedPositions(for: Array(DemoVisibility.allCases.dropFirst()), among: count, &random)
        let forcedDateForm = Self.forcedPositions(for: Array(DemoDateForm.allCases.dropFirst()), among: count, &random)
        var forcedReports = count > 0 ? forcedReportStatuses : []
        var nextForcedReportAt = forcedReports.isEmpty ? Int.max : random.below(max(1, count / 2))
        imageRandom = random

        imageInfo.reserveCapacity(count)
        var existing = 0
        for index in 0..<count {
            var random = imageRandom
            defer { imageRandom = random }
            let created = DemoCalendar.growing((Double(index) + random.unit()) / Double(count),
                                               from: DemoCalendar.imagesStart, to: DemoCalendar.imagesEnd)
            while existing < userCreated.count && userCreated[existing] <= created { existing += 1 }
            let owner = ownerTable.draw(&random, prefix: existing) ?? 0
            let imageId = imageIds.next(at: created)
            let theme: Int? = random.chance(0.01) ? nil : (themeTable.draw(&random) ?? 0)
            let tagGroupsOfImage = drawImageTags(theme: theme, &random)
            let visibility = forcedVisibility[index] ?? DemoVisibility(rawValue: DemoVisibility.weights.draw(&random) ?? 0) ?? .integerOne
            let dateForm = forcedDateForm[index] ?? Self.dateForm(Self.imageDateForms, &random)
            let url = random.chance(0.6)
                ? "https://res.cloudinary.com/exhibit-demo/image/upload/v\(created / 1000)/gallery/\(imageId).jpg"
                : "https://exhibit-demo.s3.amazonaws.com/images/\(imageId).jpg"
            let tags = DemoJSON.array(tagGroupsOfImage.map { spelling(of: $0, &random) })

            try insertImage.insert(
                .text(imageId), .text(userIds[owner]), .text(url), description(theme: theme, &random), .text(tags),
                theme.map { .text(Self.themeSpelling($0, &random)) } ?? .null, visibility.value,
                DemoCalendar.format(created, as: dateForm, offsetMinutes: random.pick(DemoCalendar.offsets)),
                // The original's size: its demo picture's aspect ratio at five times its size
                // (from the URL's hash, not the generator's random stream).
                .integer(Int64(DemoMedia.pictureSize(forImageURL: url).width * 5)),
                .integer(Int64(DemoMedia.pictureSize(forImageURL: url).height * 5)))
            summary.images += 1
            if !visibility.isPublic { summary.privateImages += 1 }
            imageInfo.append(UInt8(theme ?? 15) | (visibility.isPublic ? 0x80 : 0))

            let topic = ImageTopic(id: imageId, owner: owner, theme: theme, tagGroups: tagGroupsOfImage,
                                   created: created, existingUsers: existing, isPublic: visibility.isPublic)
            try generateInteractions(for: topic, insertInteraction)
            var reportStatuses: [String] = []
            if index >= nextForcedReportAt && visibility.isPublic && !forcedReports.isEmpty {
                reportStatuses.append(forcedReports.removeFirst())
                nextForcedReportAt = index + 1 + random.below(max(1, count / 8))
            } else if random.chance(0.01) {
                let reports = random.chance(0.75) ? 1 : (random.chance(0.7) ? 2 : 3)
                for _ in 0..<reports {
                    let draw = random.unit()
                    reportStatuses.append(draw < 0.4 ? "pending" : draw < 0.82 ? "resolved" : "dismissed")
                }
            }
            try generateReports(for: topic, statuses: reportStatuses, insertReport)
        }
    }

    /// Distinct random positions in `0..<count` for `variants` (as many as fit).
    static func forcedPositions<T>(for variants: [T], among count: Int, _ random: inout DemoRandom) -> [Int: T] {
        var positions: [Int: T] = [:]
        for variant in variants where positions.count < count {
            var position = random.below(count)
            while positions[position] != nil { position = random.below(count) }
            positions[position] = variant
        }
        return positions
    }

    /// 0–8 distinct tag groups, mostly from the theme's own tags.
    private func drawImageTags(theme: Int?, _ random: inout DemoRandom) -> [Int] {
        let wanted = tagCountTable.draw(&random) ?? 0
        var groups: [Int] = []
        var attempts = 0
        while groups.count < wanted && attempts < wanted * 4 {
            attempts += 1
            let group = drawTagGroup(theme: theme, &random)
            if !groups.contains(group) { groups.append(group) }
        }
        return groups
    }

    /// The theme as typed: mostly its canonical spelling, sometimes lower/upper case or padded.
    static func themeSpelling(_ theme: Int, _ random: inout DemoRandom) -> String {
        let name = DemoVocabulary.themes[theme].name
        let draw = random.unit()
        if draw < 0.90 { return name }
        if draw < 0.95 { return name.lowercased() }
        if draw < 0.98 { return " \(name) " }
        return name.uppercased()
    }

    /// A description from the theme's phrase templates; ~7% empty, ~4% NULL.
    private func description(theme: Int?, _ random: inout DemoRandom) -> DemoValue {
        let draw = random.unit()
        if draw < 0.04 { return .null }
        if draw < 0.11 { return .text("") }
        let subjects = DemoVocabulary.themes[theme ?? random.below(DemoVocabulary.themes.count)].subjects
        var text = Self.fill(random.pick(DemoVocabulary.descriptionTemplates)) { key in
            switch key {
            case "adj": return random.pick(DemoVocabulary.adjectives)
            case "subject": return random.pick(subjects)
            case "place": return random.pick(DemoVocabulary.places)
            case "time": return random.pick(DemoVocabulary.timesOfDay)
            case "weather": return random.pick(DemoVocabulary.weather)
            default: return ""
            }
        }
        if random.chance(0.3) {
            text += Self.fill(random.pick(DemoVocabulary.descriptionSuffixes)) { _ in random.pick(DemoVocabulary.cameras) }
        }
        return .text(Self.capitalizedFirst(text))
    }
}

/// What the interaction and report generators need to know about one image.
struct ImageTopic {
    let id: String
    let owner: Int
    let theme: Int?
    let tagGroups: [Int]
    let created: Int64
    /// Users whose account existed when the image was uploaded (indices `0..<existingUsers`).
    let existingUsers: Int
    let isPublic: Bool
}
