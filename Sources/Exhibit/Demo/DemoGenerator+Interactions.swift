extension DemoGenerator {
    /// Writes the likes, comments and other interactions of one image.
    ///
    /// Likes have structure: each liker is mostly drawn from the users whose taste matches the
    /// image (its theme, or one of its tags), weighted by how active they are, and the number of
    /// likes follows a heavy-tailed popularity. No user likes an image twice, except ~1%
    /// deliberate repeats (which must count once). Only users whose account existed at upload
    /// time interact, and never before the upload.
    mutating func generateInteractions(for image: ImageTopic, _ insert: DemoInserter) throws {
        var random = interactionRandom
        defer { interactionRandom = random }
        let popularity = random.pareto2() / 2 // mean 1, heavy tail
        let reach = image.isPublic ? 1.0 : 0.1 // private images are seen by few
        let themePrefix = image.theme.map { Self.prefix(of: themeFans[$0], below: image.existingUsers) } ?? 0

        // Likes.
        let likeCount = min(2000, max(0, image.existingUsers - 1), random.round(options.meanLikesPerImage * popularity * reach))
        var likers: [Int] = []
        likers.reserveCapacity(likeCount)
        for _ in 0..<likeCount {
            for _ in 0..<8 {
                let user = audience(for: image, themePrefix: themePrefix, &random)
                if user != image.owner && !likers.contains(user) {
                    likers.append(user)
                    break
                }
            }
        }
        for user in likers {
            let moment = Self.reaction(to: image.created, meanDays: 12, &random)
            try insert.insert(.text(interactionIds.next(at: moment)), .text(userIds[user]), .text(image.id), .text("like"), .null,
                              Self.date(moment, Self.commonDateForms, &random))
            summary.likes += 1
            if random.chance(0.01) {
                // A double tap: the same user likes the same image again a little later.
                let again = min(DemoCalendar.activityEnd - 1, moment + 1000 + Int64(random.below(86_400_000)))
                try insert.insert(.text(interactionIds.next(at: again)), .text(userIds[user]), .text(image.id), .text("like"), .null,
                                  Self.date(again, Self.commonDateForms, &random))
                summary.likes += 1
                summary.duplicateLikes += 1
            }
        }

        // Comments: some by the owner (thanks), some by users who never upload.
        let commentCount = min(200, random.round(options.meanCommentsPerImage * popularity * reach))
        let lurkerPrefix = Self.prefix(of: lurkers, below: image.existingUsers)
        for _ in 0..<commentCount {
            let draw = random.unit()
            let author: Int
            let isOwner: Bool
            if draw < 0.1 {
                author = image.owner; isOwner = true
            } else if draw < 0.4, let lurker = lurkerTable.draw(&random, prefix: lurkerPrefix) {
                author = Int(lurkers[lurker]); isOwner = false
            } else {
                author = audience(for: image, themePrefix: themePrefix, &random); isOwner = false
            }
            let content: DemoValue
            let contentDraw = random.unit()
            if contentDraw < 0.01 {
                content = .null
            } else if contentDraw < 0.02 {
                content = .text("")
            } else if isOwner {
                content = .text(random.pick(Self.ownerReplies))
            } else {
                content = .text(Self.fill(random.pick(DemoVocabulary.comments)) { _ in random.pick(DemoVocabulary.places) })
            }
            let moment = Self.reaction(to: image.created, meanDays: 6, &random)
            try insert.insert(.text(interactionIds.next(at: moment)), .text(userIds[author]), .text(image.id), .text("comment"),
                              content, Self.date(moment, Self.commonDateForms, &random))
            summary.comments += 1
        }

        // Interaction types Exhibit ignores.
        let otherCount = random.round(0.1 * popularity * reach)
        for _ in 0..<otherCount where image.existingUsers > 0 {
            let user = activityTable.draw(&random, prefix: image.existingUsers) ?? 0
            let moment = Self.reaction(to: image.created, meanDays: 3, &random)
            try insert.insert(.text(interactionIds.next(at: moment)), .text(userIds[user]), .text(image.id),
                              .text(random.chance(0.5) ? "share" : "view"), .null, Self.date(moment, Self.commonDateForms, &random))
            summary.otherInteractions += 1
        }
        summary.interactions = summary.likes + summary.comments + summary.otherInteractions
    }

    /// Writes the reports of one image, one per status given.
    mutating func generateReports(for image: ImageTopic, statuses: [String], _ insert: DemoInserter) throws {
        guard !statuses.isEmpty, image.existingUsers > 0 else { return }
        var random = interactionRandom
        defer { interactionRandom = random }
        for status in statuses {
            var reporter = activityTable.draw(&random, prefix: image.existingUsers) ?? 0
            for _ in 0..<5 where reporter == image.owner && image.existingUsers > 1 {
                reporter = activityTable.draw(&random, prefix: image.existingUsers) ?? 0
            }
            let moment = Self.reaction(to: image.created, meanDays: 5, &random)
            try insert.insert(.text(reportIds.next(at: moment)), .text(userIds[reporter]), .text(image.id),
                              .text(random.pick(DemoVocabulary.reportReasons)), .text(status),
                              Self.date(moment, Self.commonDateForms, &random))
            summary.reports += 1
            if status == "pending" { summary.pendingReports += 1 }
        }
    }

    /// Someone drawn from the image's audience: fans of its theme (60%), of one of its tags
    /// (25%), anyone by activity (the rest); only users who existed at upload time.
    func audience(for image: ImageTopic, themePrefix: Int, _ random: inout DemoRandom) -> Int {
        let draw = random.unit()
        if draw < 0.6, let theme = image.theme, let fan = themeFanTables[theme].draw(&random, prefix: themePrefix) {
            return Int(themeFans[theme][fan])
        }
        if draw < 0.85, !image.tagGroups.isEmpty {
            let group = random.pick(image.tagGroups)
            let prefix = Self.prefix(of: tagFans[group], below: image.existingUsers)
            if let fan = tagFanTables[group].draw(&random, prefix: prefix) { return Int(tagFans[group][fan]) }
        }
        return activityTable.draw(&random, prefix: image.existingUsers) ?? random.below(max(1, image.existingUsers))
    }

    /// A moment after `start`, before the end of activity: mostly within days (heavy-tailed
    /// delay with the given mean), never more than ~3 months later. The bound keeps the rows
    /// written close together in id order, so the primary-key index stays in SQLite's cache.
    static func reaction(to start: Int64, meanDays: Double, _ random: inout DemoRandom) -> Int64 {
        let maximum = 90 * Double(DemoCalendar.dayMillis)
        var delay = random.lomax(mean: meanDays * Double(DemoCalendar.dayMillis))
        if delay > maximum { delay = random.unit() * maximum }
        let moment = start + 60_000 + Int64(delay)
        if moment < DemoCalendar.activityEnd { return moment }
        return start + Int64(random.unit() * Double(DemoCalendar.activityEnd - start))
    }

    static let ownerReplies = ["Thank you!", "Thanks, it was a lucky moment.", "Merci 🙏", "Glad you like it!", "Gracias ☺️", "Thanks! More from this trip soon."]
}
