import Foundation

/// Picks for one user — the static stand-in for the platform's `recommendations:{user_id}`:
/// published images the user has neither posted nor liked, ranked from their likes.
///
/// A candidate's score adds up
/// - **co-likes**: people who liked what you liked also liked it (item-to-item through the like
///   graph, weighted down for popular images and very active likers);
/// - **taste**: it is in a theme or carries a tag you like often, times how *trending* it is
///   (its likes, discounted by age: likes × e^(age/τ), age counted back from the newest liked image);
/// - **what is trending overall**, a small prior — all that users without likes get;
/// - when that leaves fewer than ``limit`` picks (a young gallery), the newest images fill the list.
///
/// The work per user is capped: their ``Tuning/recentLikes`` newest liked images, an even,
/// deterministic sample of ``Tuning/likerSample`` likers of each, the ``Tuning/perLiker`` likes of
/// each liker nearest in time to the liked image, and the ``Tuning/trendingDepth`` most trending
/// images of a few favourite themes and tags (computed once per build). No pairwise comparison.
package struct UserRecommendations: Sendable {
    /// The weights and caps (defaults tuned with `exhibit-bench recommend` on `demo-db` galleries).
    package struct Tuning: Sendable {
        package var recentLikes = 12
        package var likerSample = 12
        package var perLiker = 12
        package var trendingDepth = 128
        package var favouriteThemes = 3
        package var favouriteTags = 5
        /// Their newest likes that define their favourite themes and tags.
        package var tasteLikes = 256
        /// Age, in days, at which trending weight falls by e.
        package var trendDays = 20.0
        package var coLikeWeight = 0.3
        /// Co-likes count times trend^this: people's likes long ago say less about what comes next.
        package var coLikeTrendExponent = 1.0
        package var themeWeight = 2.0
        package var tagWeight = 0.5
        package var trendingWeight = 0.05
        package init() {}
    }

    let gallery: Gallery
    /// How many picks a user gets at most.
    package let limit: Int
    package let tuning: Tuning
    /// Per image: how trending it is, in 0...1 (1 for the most trending image, 0 without likes).
    let trend: [Double]
    /// Per theme, per tag, and overall: the most trending images, most first (ties: newer first).
    let trendingByTheme: [[Int32]]
    let trendingByTag: [[Int32]]
    package let trending: [Int32]
    /// Per image: its owner (a ``Gallery/users`` index), read on the hot path without copying images.
    let owners: [Int32]
    /// Per image: its theme, or -1.
    let themes: [Int32]

    package init(gallery: Gallery, limit: Int = 24, tuning: Tuning = Tuning()) {
        self.gallery = gallery
        self.limit = limit
        self.tuning = tuning
        owners = gallery.images.map(\.owner)
        themes = gallery.images.map { $0.theme ?? -1 }
        let graph = gallery.likes
        let dayMillis = 86_400_000.0
        var logTrend = [Double](repeating: -.infinity, count: gallery.images.count)
        var highest = -Double.infinity
        for (index, image) in gallery.images.enumerated() {
            let likes = graph.likers(of: index).count
            guard likes > 0 else { continue }
            let value = log(Double(likes)) + Double(image.createdAt.millisecondsSince1970) / dayMillis / tuning.trendDays
            logTrend[index] = value
            highest = max(highest, value)
        }
        let trend = logTrend.map { $0 == -.infinity ? 0 : exp($0 - highest) }
        self.trend = trend
        func mostTrending(_ list: [Int32]) -> [Int32] {
            var entries = list.filter { trend[Int($0)] > 0 }
            entries.sort { trend[Int($0)] != trend[Int($1)] ? trend[Int($0)] > trend[Int($1)] : $0 < $1 }
            return Array(entries.prefix(tuning.trendingDepth))
        }
        trendingByTheme = gallery.themes.map { mostTrending($0.images) }
        trendingByTag = gallery.tags.map { mostTrending($0.images) }
        trending = mostTrending(Array(0 ..< Int32(gallery.images.count)))
    }

    /// The most liked images overall (likes descending, then newer first), at most `count`.
    package func mostLiked(_ count: Int) -> [Int32] {
        let graph = gallery.likes
        var all = (0 ..< Int32(gallery.images.count)).filter { graph.likers(of: Int($0)).count > 0 }
        all.sort {
            let a = graph.likers(of: Int($0)).count, b = graph.likers(of: Int($1)).count
            return a != b ? a > b : $0 < $1
        }
        return Array(all.prefix(count))
    }

    /// The picks for graph user `user` (a ``Gallery/users`` index for users with a profile; see
    /// ``LikeGraph``), best first. Never an image they posted or liked; only published images.
    package func picks(for user: Int) -> [Int] {
        guard limit > 0 else { return [] }
        let likes = gallery.likes
        let liked = likes.images(likedBy: user)
        let userIndex = Int32(user)
        let isProfile = user < gallery.users.count
        func allowed(_ candidate: Int32) -> Bool {
            if isProfile && owners[Int(candidate)] == userIndex { return false }
            return !liked.sortedContains(candidate)
        }
        let t = tuning
        var capacity = (t.favouriteThemes + t.favouriteTags + 1) * t.trendingDepth
        for image in liked.prefix(t.recentLikes) { capacity += min(t.likerSample, likes.likers(of: Int(image)).count) * t.perLiker }
        var scores = ScoreAccumulator(capacity: capacity)

        // 1. Co-likes of their newest likes.
        for image in liked.prefix(t.recentLikes) {
            let likers = likes.likers(of: Int(image))
            let imageWeight = t.coLikeWeight / log(2 + Double(likers.count))
            let stride = max(1, (likers.count + t.likerSample - 1) / t.likerSample)
            var position = likers.startIndex
            while position < likers.endIndex {
                let other = likers[position]
                position += stride
                if other == userIndex { continue }
                let theirs = likes.images(likedBy: Int(other))
                let weight = imageWeight / log(2 + Double(theirs.count))
                // The likes nearest in time to this image.
                let centre = theirs.startIndex + theirs.countNotGreater(than: image)
                let low = max(theirs.startIndex, min(centre - t.perLiker / 2, theirs.endIndex - t.perLiker))
                for candidate in theirs[low ..< min(theirs.endIndex, low + t.perLiker)] where candidate != image {
                    let recency = trend[Int(candidate)]
                    scores.add(candidate, weight * (t.coLikeTrendExponent == 1 ? recency : pow(recency, t.coLikeTrendExponent)))
                }
            }
        }

        // 2. Taste: what is trending in the themes and tags they like most.
        if !liked.isEmpty {
            var themeCounts: [Int32: Int] = [:]
            var tagCounts: [Int32: Int] = [:]
            let tasteLikes = liked.prefix(t.tasteLikes)
            for image in tasteLikes {
                let theme = themes[Int(image)]
                if theme >= 0 { themeCounts[theme, default: 0] += 1 }
                for position in gallery.images.tagRange(Int(image)) { tagCounts[gallery.images.tagList[position], default: 0] += 1 }
            }
            func favourites(_ counts: [Int32: Int], _ count: Int) -> ArraySlice<(key: Int32, value: Int)> {
                counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(count)
            }
            let total = Double(tasteLikes.count)
            for (theme, count) in favourites(themeCounts, t.favouriteThemes) {
                for candidate in trendingByTheme[Int(theme)] { scores.add(candidate, t.themeWeight * Double(count) / total * trend[Int(candidate)]) }
            }
            for (tag, count) in favourites(tagCounts, t.favouriteTags) {
                for candidate in trendingByTag[Int(tag)] { scores.add(candidate, t.tagWeight * Double(count) / total * trend[Int(candidate)]) }
            }
        }
        // 3. What is trending overall: a small prior, and the whole answer without likes.
        for candidate in trending { scores.add(candidate, t.trendingWeight * trend[Int(candidate)]) }
        var picks = scores.best(limit, where: allowed)
        // 4. A young gallery with few likes: the newest images fill what is left.
        if picks.count < limit {
            var chosen = Set(picks)
            for candidate in 0 ..< min(gallery.images.count, Self.fillScan) where picks.count < limit {
                if !chosen.contains(candidate) && allowed(Int32(candidate)) {
                    picks.append(candidate)
                    chosen.insert(candidate)
                }
            }
        }
        return picks
    }

    /// How many of the newest images the fill step looks at, at most.
    static let fillScan = 1000
}
