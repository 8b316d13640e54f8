extension DemoGenerator {
    /// Writes `users` in creation order and builds each user's upload weight, activity and taste
    /// (2–3 preferred themes and a few tags) for the later tables.
    mutating func generateUsers() throws {
        let count = options.userCount
        let insert = try DemoInserter(database, """
            INSERT INTO users (user_id, email, name, avatar_url, bio, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        // Upload weight: Zipf over a random rank, so prolific users are spread over time.
        var ranks = Array(0..<count)
        userRandom.shuffle(&ranks)
        userIds.reserveCapacity(count)
        userCreated.reserveCapacity(count)
        var usedNames = Set<String>() // membership tests only, never iterated

        for index in 0..<count {
            var random = userRandom
            defer { userRandom = random }
            // Two founders open the platform in its first weeks; most others join early on.
            let grown = index < 2
                ? DemoCalendar.usersStart + Int64(index) * 3 * DemoCalendar.dayMillis + Int64(random.unit() * 2 * Double(DemoCalendar.dayMillis))
                : DemoCalendar.frontLoaded((Double(index) + random.unit()) / Double(count),
                                           from: DemoCalendar.usersStart, to: DemoCalendar.usersEnd)
            let created = max(grown, (userCreated.last ?? 0) + 1000)
            let userId = random.clerkUserId()
            // The first two accounts always upload, so the earliest images have an owner.
            let isLurker = index >= 2 && random.chance(0.2)
            let activity = random.pareto2()
            userIds.append(userId)
            userCreated.append(created)
            ownerTable.append(isLurker ? 0 : 1 / (Double(ranks[index]) + 3))
            activityTable.append(activity)
            if isLurker {
                lurkers.append(Int32(index))
                lurkerTable.append(activity)
            }
            addTaste(user: index, activity: activity, &random)

            // Avoid two people with the same name (a few tries; large galleries may repeat names).
            var (name, emailName) = Self.personName(&random)
            for _ in 0..<6 where name.map(usedNames.contains) == true {
                (name, emailName) = Self.personName(&random)
            }
            if let name { usedNames.insert(name) }
            let email = Self.email(for: emailName, index: index, &random)
            let avatar = Self.avatarURL(&random)
            let bio = Self.bio(&random)
            let updated = min(DemoCalendar.activityEnd - 1, created + Int64(random.lomax(mean: 90 * Double(DemoCalendar.dayMillis))))
            try insert.insert(.text(userId), .text(email), name.map(DemoValue.text) ?? .null, avatar.map(DemoValue.text) ?? .null,
                              bio, Self.date(created, Self.commonDateForms, &random), Self.date(updated, Self.commonDateForms, &random))
        }
        summary.users = count
    }

    /// Draws a user's taste and registers them as a fan of its themes and tags.
    private mutating func addTaste(user: Int, activity: Double, _ random: inout DemoRandom) {
        let themeCount = random.chance(0.5) ? 2 : 3
        let weights: [Double] = themeCount == 2 ? [0.65, 0.35] : [0.55, 0.3, 0.15]
        var themes: [Int] = []
        while themes.count < themeCount {
            let theme = themeTable.draw(&random) ?? 0
            if !themes.contains(theme) { themes.append(theme) }
        }
        for (theme, weight) in zip(themes, weights) {
            themeFans[theme].append(Int32(user))
            themeFanTables[theme].append(weight * activity)
        }
        let tagCount = random.int(in: 3...5)
        var tags: [Int] = []
        var attempts = 0
        while tags.count < tagCount && attempts < 20 {
            attempts += 1
            // Mostly tags of the preferred themes (the first one most), sometimes general ones.
            let theme = random.chance(0.7) ? themes[random.chance(0.6) ? 0 : random.below(themes.count)] : nil
            let group = drawTagGroup(theme: theme, &random)
            if !tags.contains(group) { tags.append(group) }
        }
        for group in tags {
            tagFans[group].append(Int32(user))
            tagFanTables[group].append(activity)
        }
    }

    /// A display name (nil for ~1%, a handle for ~5%) and the ASCII name used for the e-mail.
    static func personName(_ random: inout DemoRandom) -> (String?, String) {
        if random.chance(0.01) { return (nil, "user") }
        if random.chance(0.05) {
            let handle = random.pick(DemoVocabulary.handles)
            let ascii = String(String.UnicodeScalarView(handle.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0 == ".") }))
            return (handle, ascii.lowercased())
        }
        let culture = random.pick(DemoVocabulary.cultures)
        let given = random.pick(culture.given), family = random.pick(culture.family)
        let display = culture.familyFirst
            ? family.0 + culture.separator + given.0
            : given.0 + culture.separator + family.0
        return (display, given.1 + "." + family.1)
    }

    /// An address at example.com (never a real domain: e-mails must never be published).
    static func email(for asciiName: String, index: Int, _ random: inout DemoRandom) -> String {
        let parts = asciiName.split(separator: ".")
        switch random.below(3) {
        case 0: return "\(asciiName)\(index)@example.com"
        case 1: return "\(parts.first.map { String($0.prefix(1)) } ?? "x")\(parts.last ?? "user")\(index)@example.com"
        default: return "\(parts.last ?? "user").\(index)@example.com"
        }
    }

    /// Mostly a Clerk image-proxy URL, sometimes Gravatar, ~10% none.
    static func avatarURL(_ random: inout DemoRandom) -> String? {
        let draw = random.unit()
        if draw < 0.10 { return nil }
        if draw < 0.15 {
            return "https://www.gravatar.com/avatar/" + random.string(32, from: DemoRandom.hexDigits) + "?d=identicon"
        }
        return "https://img.clerk.com/eyJ0eXBlIjoicHJveHkiLCJzcmMiOiJodHRwczovL2ltYWdlcy5jbGVyay5kZXYvb2F1dGhfZ29vZ2xl"
            + random.string(48, from: Self.base64URL)
    }

    static let base64URL = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// A bio: NULL for ~12%, empty for ~10%.
    static func bio(_ random: inout DemoRandom) -> DemoValue {
        let draw = random.unit()
        if draw < 0.12 { return .null }
        if draw < 0.22 { return .text("") }
        let template = random.pick(DemoVocabulary.bios)
        return .text(fill(template) { _ in random.pick(DemoVocabulary.places) })
    }
}
