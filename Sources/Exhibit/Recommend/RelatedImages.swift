import Foundation

/// "More like this" for an image page: published images scored by what they share with it —
/// tags weighted by how rare they are, the theme, the author, and co-likes (people who liked this
/// image also liked…).
///
/// **Only older images are candidates**, and every weight is taken *as of the image's upload*
/// (a tag's rarity counts only images at least as old, a liker's activity only likes on such
/// images). So publishing a new image changes no existing image's list: an incremental build
/// rewrites no older image page for it. New likes do change lists (the data changed). The price:
/// the oldest images have few or no related images.
///
/// The work per image is capped, whatever the gallery's size: at most ``tagLimit`` tags, the
/// ``perTag`` nearest older images of each tag (and ``perTheme`` of the theme, ``perAuthor`` of
/// the author), at most ``likerSample`` likers (an even, deterministic sample of long lists) and
/// ``perLiker`` of each liker's likes. No pairwise comparison of all images.
package struct RelatedImages: Sendable {
    let gallery: Gallery
    /// How many images a list holds at most.
    package let limit: Int

    static let tagLimit = 12
    static let perTag = 40
    static let perTheme = 60
    static let perAuthor = 24
    static let likerSample = 40
    static let perLiker = 16
    static let authorWeight = 1.5
    static let coLikeWeight = 3.0
    static var maxCandidates: Int { tagLimit * perTag + perTheme + perAuthor + likerSample * perLiker }

    package init(gallery: Gallery, limit: Int) {
        self.gallery = gallery
        self.limit = limit
    }

    /// Up to ``limit`` related images of image `imageIndex`, best first (ties: newer first).
    /// Never the image itself; only published images (indices into ``Gallery/images``).
    package func related(to imageIndex: Int) -> [Int] {
        guard limit > 0, imageIndex >= 0, imageIndex < gallery.images.count else { return [] }
        // The fields used, read in place.
        let theme = gallery.images.theme(imageIndex)
        let tagRange = gallery.images.tagRange(imageIndex)
        let owner = gallery.images.owner(imageIndex)
        let index = Int32(imageIndex)
        // Images at least as old as this one: indices imageIndex ..< count.
        let olderOrSame = Double(gallery.images.count - imageIndex)
        return ScoreScratch.with(capacity: Self.maxCandidates) { scores in
            /// Adds the `cap` nearest older images of an ascending posting list, and returns how many
            /// images of the list are at least as old as this one (its frequency as of the upload).
            func addNearestOlder(_ list: ArraySlice<Int32>, cap: Int, weight: (Int) -> Double) {
                let start = list.startIndex + list.countNotGreater(than: index)
                let frequency = list.endIndex - start + 1
                let w = weight(frequency)
                for candidate in list[start ..< min(list.endIndex, start + cap)] { scores.add(candidate, w) }
            }
            func rarity(_ frequency: Int) -> Double { log((olderOrSame + 1) / Double(frequency + 1)) + 0.1 }

            if let theme {
                addNearestOlder(gallery.themes[theme].images[...], cap: Self.perTheme, weight: rarity)
            }
            for position in tagRange.prefix(Self.tagLimit) {
                addNearestOlder(gallery.tags[Int(gallery.images.tagList[position])].images[...], cap: Self.perTag, weight: rarity)
            }
            if owner < gallery.users.count {
                addNearestOlder(gallery.users[owner].images[...], cap: Self.perAuthor) { _ in Self.authorWeight }
            }

            let likers = gallery.likes.likers(of: imageIndex)
            let stride = max(1, (likers.count + Self.likerSample - 1) / Self.likerSample)
            var position = likers.startIndex
            while position < likers.endIndex {
                let liked = gallery.likes.images(likedBy: Int(likers[position]))
                let start = liked.startIndex + liked.countNotGreater(than: index)
                let activity = liked.endIndex - start + 1 // likes on images at least as old as this one
                let w = Self.coLikeWeight / log(2 + Double(activity))
                for candidate in liked[start ..< min(liked.endIndex, start + Self.perLiker)] { scores.add(candidate, w) }
                position += stride
            }
            return scores.best(limit) { $0 != index }
        }
    }
}
