import Exhibit

/// Offline evaluation of ``UserRecommendations`` (for `exhibit-bench recommend`): for every user
/// with at least two likes on published images, hide their latest like (by the like's date), build
/// the like graph without it, and check whether the hidden image is among their 10 picks — against
/// the most popular images (excluding their own and already liked), the usual baseline.
struct RecommendationEvaluation: Sendable, CustomStringConvertible {
    /// Users evaluated (at least two likes on published images, latest like's date known).
    var users = 0
    /// Held-out likes found in the top 10 of ``UserRecommendations``.
    var hits = 0
    /// Held-out likes found in the 10 most popular images the user neither posted nor liked.
    var baselineHits = 0
    /// Held-out likes found in the 10 most *trending* images overall (likes discounted by age; see
    /// ``UserRecommendations``) the user neither posted nor liked: how much recency alone explains.
    var trendingHits = 0
    /// Seconds to compute every user's picks on the training graph (single thread).
    var seconds = 0.0

    var hitRate: Double { users == 0 ? 0 : Double(hits) / Double(users) }
    var baselineHitRate: Double { users == 0 ? 0 : Double(baselineHits) / Double(users) }

    var description: String {
        func percent(_ x: Double) -> String { String(Double(Int(x * 10_000)) / 100) + "%" }
        return "hit@10 over \(users) users' latest likes: recommendations \(percent(hitRate)) (\(hits)), "
            + "most popular \(percent(baselineHitRate)) (\(baselineHits)); ratio "
            + (baselineHits == 0 ? "∞" : String(Double(Int(Double(hits) / Double(baselineHits) * 100)) / 100))
            + "; trending overall \(percent(users == 0 ? 0 : Double(trendingHits) / Double(users))) (\(trendingHits))"
    }

    /// Evaluates on `gallery` as loaded from `databasePath` (the likes' dates are read from the
    /// `interactions` table; only likes on the gallery's published images by existing users count).
    static func run(gallery: Gallery, databasePath: String, tuning: UserRecommendations.Tuning = .init()) throws -> RecommendationEvaluation {
        let database = try SQLiteDatabase.openReadOnly(path: databasePath)
        var imageOfID: [String: Int32] = Dictionary(minimumCapacity: gallery.images.count)
        for (index, image) in gallery.images.enumerated() { imageOfID[image.id] = Int32(index) }
        var userOfID: [String: Int32] = Dictionary(minimumCapacity: gallery.users.count)
        for (index, user) in gallery.users.enumerated() { userOfID[user.id] = Int32(index) }
        var likes: [(user: Int32, image: Int32, time: Int64)] = []
        try database.transaction {
            let statement = try database.prepare(#"SELECT i."user_id", i."image_id", i."created_at", i."type" FROM "interactions" i JOIN "users" u ON u."user_id" = i."user_id""#)
            while try statement.step() {
                guard let type = statement.text(3), type.trimmingASCIIWhitespace().lowercased() == "like",
                      let userID = statement.text(0), let imageID = statement.text(1),
                      let image = imageOfID[imageID] else { continue }
                let user: Int32
                if let known = userOfID[userID] {
                    user = known
                } else {
                    user = Int32(userOfID.count)
                    userOfID[userID] = user
                }
                let time = StoreConventions.timestamp(StoreConventions.value(statement, 2))?.millisecondsSince1970 ?? Int64.min
                likes.append((user, image, time))
            }
        }
        // The latest like of each user (ties: the newer image), held out.
        let userCount = userOfID.count
        var latest = [(image: Int32, time: Int64)](repeating: (-1, Int64.min), count: userCount)
        var distinct = [Set<Int32>](repeating: [], count: userCount)
        for like in likes {
            distinct[Int(like.user)].insert(like.image)
            let current = latest[Int(like.user)]
            if current.image < 0 || like.time > current.time || (like.time == current.time && like.image < current.image) {
                latest[Int(like.user)] = (like.image, like.time)
            }
        }
        var evaluated = [Bool](repeating: false, count: userCount)
        for user in 0 ..< userCount where distinct[user].count >= 2 && latest[user].time != Int64.min { evaluated[user] = true }
        let training = likes.filter { !(evaluated[Int($0.user)] && latest[Int($0.user)].image == $0.image) }
        var trainGallery = gallery
        trainGallery.likes = LikeGraph(userCount: userCount, imageCount: gallery.images.count,
                                       likes: training.map { ($0.user, $0.image) })

        let recommender = UserRecommendations(gallery: trainGallery, limit: 10, tuning: tuning)
        let popular = recommender.mostLiked(4096)
        var result = RecommendationEvaluation()
        let start = monotonicSeconds()
        for user in 0 ..< userCount where evaluated[user] {
            let target = Int(latest[user].image)
            result.users += 1
            if recommender.picks(for: user).contains(target) { result.hits += 1 }
            let liked = trainGallery.likes.images(likedBy: user)
            func topTen(_ ranking: [Int32]) -> Bool {
                var shown = 0
                for candidate in ranking where shown < 10 {
                    if user < gallery.users.count && gallery.images.owner(Int(candidate)) == user { continue }
                    if liked.sortedContains(candidate) { continue }
                    shown += 1
                    if Int(candidate) == target { return true }
                }
                return false
            }
            if topTen(popular) { result.baselineHits += 1 }
            if topTen(recommender.trending) { result.trendingHits += 1 }
        }
        result.seconds = monotonicSeconds() - start
        return result
    }
}
