extension DemoGenerator {
    /// Writes `collections` in creation order. Most are built around a theme; each lists 3–30
    /// images of any owner uploaded before its last update. Occasionally a collection also holds
    /// a private image or lists an image twice (both must be filtered when publishing); at
    /// least one of each exists whenever the gallery has a private image.
    mutating func generateCollections() throws {
        let count = options.collectionCount
        let insert = try DemoInserter(database, """
            INSERT INTO collections (collection_id, user_id, name, description, image_ids, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let lookup = try database.prepare("SELECT image_id FROM images WHERE rowid = ?")
        var random = collectionRandom
        defer { collectionRandom = random }
        let forcedPrivate = random.below(count)
        let forcedDuplicate = random.below(count)
        let imageCount = imageInfo.count

        for index in 0..<count {
            let created = DemoCalendar.growing((Double(index) + random.unit()) / Double(count),
                                               from: DemoCalendar.imagesStart + 30 * DemoCalendar.dayMillis, to: DemoCalendar.imagesEnd)
            let updated = min(DemoCalendar.activityEnd - 1, created + Int64(random.lomax(mean: 40 * Double(DemoCalendar.dayMillis))))
            let existing = max(1, usersExisting(at: created))
            let owner = ownerTable.draw(&random, prefix: existing) ?? activityTable.draw(&random, prefix: existing) ?? 0
            let theme: Int? = random.chance(0.6) ? (themeTable.draw(&random) ?? 0) : nil
            let allowPrivate = index == forcedPrivate || random.chance(0.08)

            // Images uploaded before the last update (at least the first 30).
            let fraction = DemoCalendar.fractionBefore(updated, from: DemoCalendar.imagesStart, to: DemoCalendar.imagesEnd)
            let bound = min(imageCount, max(Int((Double(imageCount) * fraction).rounded(.down)), 30))
            // 3–30 images, about 9 on average, a few long ones.
            let spread = 4 * (random.pareto2() - 1)
            let extra = random.below(6)
            let wanted = min(28, 3 + random.round(spread) + extra) // room for a private image and a repeat
            var picks: [Int] = []
            if bound > 0 {
                for _ in 0..<max(3, wanted) {
                    for attempt in 0..<25 {
                        let candidate = random.below(bound)
                        let info = imageInfo[candidate]
                        if let theme, attempt < 20, Int(info & 0x0F) != theme { continue }
                        if info & 0x80 == 0 && !allowPrivate { continue }
                        if picks.contains(candidate) { continue }
                        picks.append(candidate)
                        break
                    }
                }
                // Rarely every draw failed (tiny gallery, mostly private): fill up in upload order.
                var next = random.below(bound), scanned = 0
                while picks.count < 3 && scanned < bound {
                    if imageInfo[next] & 0x80 != 0 && !picks.contains(next) { picks.append(next) }
                    next = (next + 1) % bound
                    scanned += 1
                }
                if index == forcedPrivate, !picks.contains(where: { imageInfo[$0] & 0x80 == 0 }),
                   let hidden = firstPrivateImage(from: random.below(imageCount)) {
                    picks.insert(hidden, at: random.below(picks.count + 1))
                }
                if !picks.isEmpty && (index == forcedDuplicate || random.chance(0.05)) {
                    picks.insert(picks[random.below(picks.count)], at: random.below(picks.count + 1))
                }
            }
            var ids: [String] = []
            ids.reserveCapacity(picks.count)
            for pick in picks {
                try lookup.bind(Int64(pick + 1), at: 1)
                if try lookup.step(), let id = lookup.text(0) { ids.append(id) }
                lookup.reset()
            }

            let name = Self.fill(random.pick(DemoVocabulary.collectionNames)) { key in
                switch key {
                case "theme": return DemoVocabulary.themes[theme ?? random.below(DemoVocabulary.themes.count)].name
                case "place": return random.pick(DemoVocabulary.places)
                case "year": return String(Timestamp(millisecondsSince1970: created).components.year)
                default: return ""
                }
            }
            let descriptionDraw = random.unit()
            let description: DemoValue = descriptionDraw < 0.08 ? .null : descriptionDraw < 0.18 ? .text("") :
                .text(Self.fill(random.pick(DemoVocabulary.collectionDescriptions)) { key in
                    key == "theme" ? DemoVocabulary.themes[theme ?? 0].name.lowercased() : random.pick(DemoVocabulary.places)
                })
            try insert.insert(.text(collectionIds.next(at: created)), .text(userIds[owner]), .text(name), description,
                              .text(DemoJSON.array(ids)), Self.date(created, Self.commonDateForms, &random),
                              Self.date(updated, Self.commonDateForms, &random))
            summary.collections += 1
        }
    }

    /// The first private image at or after `start` (wrapping), if any.
    private func firstPrivateImage(from start: Int) -> Int? {
        let count = imageInfo.count
        for offset in 0..<count {
            let candidate = (start + offset) % count
            if imageInfo[candidate] & 0x80 == 0 { return candidate }
        }
        return nil
    }
}
