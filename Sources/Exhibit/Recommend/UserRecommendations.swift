import Foundation

/// Picks for one user — the static stand-in for the platform's `recommendations:{user_id}`:
/// published images the user has neither posted nor liked, ranked from their likes through the
/// co-like graph (people who liked what you liked also liked…), blended with what is popular in
/// the themes they like; users without likes get what is popular overall.
///
/// The work per user is capped: their ``recentLikes`` newest liked images, at most ``likerSample``
/// likers of each (an even, deterministic sample), and the ``perLiker`` likes of each liker nearest
/// in time to the liked image. No pairwise comparison of users or images.
public struct UserRecommendations: Sendable {
    let gallery: Gallery
    /// How many picks a user gets at most.
    public let limit: Int
    /// Per theme, its most liked images (likes descending, then newest first), at most ``popularDepth``.
    let popularByTheme: [[Int32]]
    /// The most liked images of the gallery.
    let popular: [Int32]

    static let recentLikes = 24
    static let likerSample = 16
    static let perLiker = 16
    static let popularDepth = 64
    static let themeWeight = 0.6
    static let popularWeight = 0.05
    static var maxCandidates: Int { recentLikes * likerSample * perLiker + 3 * popularDepth + popularDepth }

    public init(gallery: Gallery, limit: Int = 24) {
        self.gallery = gallery
        self.limit = limit
        let graph = gallery.likes
        func likeCount(_ image: Int32) -> Int { graph.likers(of: Int(image)).count }
        func mostLiked(_ list: [Int32]) -> [Int32] {
            var top: [Int32] = []
            top.reserveCapacity(Self.popularDepth + 1)
            for candidate in list {
                let likes = likeCount(candidate)
                if likes == 0 { continue }
                if top.count == Self.popularDepth, likes <= likeCount(top[top.count - 1]) { continue }
                var position = top.count
                // Lists are ascending: an equal count keeps the earlier (newer) image first.
                while position > 0 && likes > likeCount(top[position - 1]) { position -= 1 }
                top.insert(candidate, at: position)
                if top.count > Self.popularDepth { top.removeLast() }
            }
            return top
        }
        popularByTheme = gallery.themes.map { mostLiked($0.images) }
        popular = mostLiked(Array(0 ..< Int32(gallery.images.count)))
    }

    /// The picks for graph user `user` (a ``Gallery/users`` index for users with a profile; see
    /// ``LikeGraph``), best first. Never an image they posted or liked; only published images.
    public func picks(for user: Int) -> [Int] {
        guard limit > 0 else { return [] }
        let likes = gallery.likes
        let liked = likes.images(likedBy: user)
        let userIndex = Int32(user)
        let isProfile = user < gallery.users.count
        func allowed(_ candidate: Int32) -> Bool {
            if isProfile && gallery.images[Int(candidate)].owner == userIndex { return false }
            return !liked.sortedContains(candidate)
        }
        var scores = ScoreAccumulator(capacity: Self.maxCandidates)

        // 1. Co-likes of their newest likes.
        for image in liked.prefix(Self.recentLikes) {
            let likers = likes.likers(of: Int(image))
            let imageWeight = 1 / log(2 + Double(likers.count))
            let stride = max(1, (likers.count + Self.likerSample - 1) / Self.likerSample)
            var position = likers.startIndex
            while position < likers.endIndex {
                let other = likers[position]
                position += stride
                if other == userIndex { continue }
                let theirs = likes.images(likedBy: Int(other))
                let weight = imageWeight / log(2 + Double(theirs.count))
                // The likes nearest in time to this image.
                let centre = theirs.startIndex + theirs.countNotGreater(than: image)
                let low = max(theirs.startIndex, min(centre - Self.perLiker / 2, theirs.endIndex - Self.perLiker))
                for candidate in theirs[low ..< min(theirs.endIndex, low + Self.perLiker)] where candidate != image {
                    scores.add(candidate, weight)
                }
            }
        }

        // 2. What is popular in the themes they like (their three most liked themes).
        var themeCounts: [Int32: Int] = [:]
        for image in liked {
            if let theme = gallery.images[Int(image)].theme { themeCounts[theme, default: 0] += 1 }
        }
        let favourites = themeCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3)
        for (theme, count) in favourites {
            let share = Double(count) / Double(liked.count)
            for (rank, candidate) in popularByTheme[Int(theme)].enumerated() {
                scores.add(candidate, Self.themeWeight * share / Double(rank + 4))
            }
        }
        // 3. What is popular overall: a small prior, and the whole answer without likes.
        for (rank, candidate) in popular.enumerated() {
            scores.add(candidate, Self.popularWeight / Double(rank + 4))
        }
        return scores.best(limit, where: allowed)
    }
}
