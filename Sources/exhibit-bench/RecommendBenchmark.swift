import Exhibit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `exhibit-bench recommend DB`: the quality of the recommendations on a `demo-db` gallery (hit
/// rate at 10 of each user's held-out latest like, against the most popular images) and the time
/// "More like this" and `recommendations/` add to a build (single thread).
/// Tuning experiments: environment variables TREND_DAYS, COLIKE, COLIKE_TREND, THEME, TAG, TRENDING,
/// RECENT, SAMPLE, PER_LIKER override ``UserRecommendations/Tuning``; ONLY_EVAL=1 skips the timings.
func benchmarkRecommend(database: String) {
    let (gallery, database, loadTime) = loadGallery(database: database)
    do {
        let clock = ContinuousClock()
        print("loaded \(database) in \(loadTime): \(gallery.images.count) images, \(gallery.users.count) profiles, "
              + "\(gallery.likes.userCount) users in the like graph, \(gallery.likes.likeCount) likes")

        var tuning = UserRecommendations.Tuning()
        let environment = ProcessInfo.processInfo.environment
        func tune(_ name: String, _ value: inout Double) { if let text = environment[name], let number = Double(text) { value = number } }
        tune("TREND_DAYS", &tuning.trendDays)
        tune("COLIKE", &tuning.coLikeWeight)
        tune("THEME", &tuning.themeWeight)
        tune("COLIKE_TREND", &tuning.coLikeTrendExponent)
        tune("TAG", &tuning.tagWeight)
        tune("TRENDING", &tuning.trendingWeight)
        func tune(_ name: String, _ value: inout Int) { if let text = environment[name], let number = Int(text) { value = number } }
        tune("RECENT", &tuning.recentLikes)
        tune("SAMPLE", &tuning.likerSample)
        tune("PER_LIKER", &tuning.perLiker)
        let evaluation = try RecommendationEvaluation.run(gallery: gallery, databasePath: database, tuning: tuning)
        print(evaluation)
        if environment["ONLY_EVAL"] != nil { return }

        // Time "More like this" for every image: the scored lists against the old chronological ones.
        var checksum = 0
        let related = RelatedImages(gallery: gallery, limit: 12)
        let relatedTime = clock.measure {
            for index in gallery.images.indices { checksum &+= related.related(to: index).count }
        }
        let chronologicalTime = clock.measure {
            for index in gallery.images.indices { checksum &+= chronologicalRelated(gallery, index, limit: 12).count }
        }
        // Time every recommendations file (picks + JSON).
        var config = SiteConfig()
        config.recommendations = true
        var files = 0, bytes = 0
        let initTime = clock.measure { checksum &+= UserRecommendations(gallery: gallery).limit }
        print("recommender set-up (trending lists): \(initTime)")
        let recommender = UserRecommendations(gallery: gallery, tuning: tuning)
        let picksTime = clock.measure { for user in gallery.users.indices { checksum &+= recommender.picks(for: user).count } }
        print("picks alone for \(gallery.users.count) users: \(picksTime)")
        let sourceTime = try clock.measure {
            let source = RecommendationSource(gallery: gallery, config: config)
            var buffer: [UInt8] = []
            for index in 0 ..< source.count {
                buffer.removeAll(keepingCapacity: true)
                try source.render(index, into: &buffer)
                bytes += buffer.count
            }
            files = source.count
        }
        print("related (scored) for \(gallery.images.count) images: \(relatedTime) single-threaded "
              + "(chronological lists, before: \(chronologicalTime)); added: \(relatedTime - chronologicalTime)")
        print("recommendations/: \(files) files, \(bytes / 1024) KiB in \(sourceTime) single-threaded")
        print("(checksum \(checksum))")
    } catch {
        print("error: \(error)")
        exit(1)
    }
}

/// The previous "More like this": the images just older than this one with its theme, then with its tags.
func chronologicalRelated(_ gallery: Gallery, _ imageIndex: Int, limit: Int) -> [Int] {
    let image = gallery.images[imageIndex]
    var picks = [Int]()
    func take(from list: [Int32]) {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if Int(list[mid]) <= imageIndex { low = mid + 1 } else { high = mid }
        }
        var position = low
        while position < list.count && picks.count < limit {
            let candidate = Int(list[position])
            if !picks.contains(candidate) { picks.append(candidate) }
            position += 1
        }
    }
    if let theme = image.theme { take(from: gallery.themes[Int(theme)].images) }
    for tag in image.tags where picks.count < limit { take(from: gallery.tags[Int(tag)].images) }
    return picks
}
