/// Who liked what, among published images only: a compact bipartite graph in two CSR layouts.
///
/// Users are numbered like ``Gallery/users`` for the users with a profile (`0 ..< profileCount`);
/// the other existing users who liked a published image follow, sorted by id, and are anonymous
/// here (no id is kept: they have no page). Likes on unpublished images never enter the graph,
/// and each (user, image) pair appears once.
package struct LikeGraph: Sendable {
    /// Users in the graph: profile users first, then other likers.
    package private(set) var userCount: Int
    /// Images in the graph (the gallery's published images).
    package private(set) var imageCount: Int
    /// `userImages[userStart[u] ..< userStart[u + 1]]`: images user `u` liked, ascending (newest first).
    private var userStart: [Int32]
    private var userImages: [Int32]
    /// `imageUsers[imageStart[i] ..< imageStart[i + 1]]`: users who liked image `i`, ascending.
    private var imageStart: [Int32]
    private var imageUsers: [Int32]

    /// An empty graph (no likes).
    package init() {
        userCount = 0
        imageCount = 0
        userStart = [0]
        userImages = []
        imageStart = [0]
        imageUsers = []
    }

    /// A graph from (user, image) pairs, in any order; repeated pairs count once, pairs out of range
    /// are ignored.
    package init(userCount: Int, imageCount: Int, likes: [(user: Int32, image: Int32)]) {
        var packed: [UInt64] = []
        packed.reserveCapacity(likes.count)
        for like in likes where like.user >= 0 && Int(like.user) < userCount && like.image >= 0 && Int(like.image) < imageCount {
            packed.append(UInt64(UInt32(like.image)) << 32 | UInt64(UInt32(like.user)))
        }
        self.init(userCount: userCount, imageCount: imageCount, packedImageUser: &packed)
    }

    /// A graph from pairs packed as `image << 32 | user` (sorted and deduplicated here).
    init(userCount: Int, imageCount: Int, packedImageUser packed: inout [UInt64]) {
        packed.sort()
        var unique = 0
        for position in packed.indices where position == 0 || packed[position] != packed[position - 1] {
            packed[unique] = packed[position]
            unique += 1
        }
        packed.removeSubrange(unique...)
        self.userCount = userCount
        self.imageCount = imageCount
        var imageStart = [Int32](repeating: 0, count: imageCount + 1)
        var userStart = [Int32](repeating: 0, count: userCount + 1)
        for pair in packed {
            imageStart[Int(pair >> 32) + 1] += 1
            userStart[Int(pair & 0xffff_ffff) + 1] += 1
        }
        for i in 0 ..< imageCount { imageStart[i + 1] += imageStart[i] }
        for u in 0 ..< userCount { userStart[u + 1] += userStart[u] }
        var imageUsers = [Int32](repeating: 0, count: packed.count)
        var userImages = [Int32](repeating: 0, count: packed.count)
        var cursor = Array(userStart.dropLast())
        // Pairs are sorted by image then user: both layouts come out ascending.
        for (position, pair) in packed.enumerated() {
            let image = Int32(truncatingIfNeeded: pair >> 32), user = Int32(truncatingIfNeeded: pair & 0xffff_ffff)
            imageUsers[position] = user
            userImages[Int(cursor[Int(user)])] = image
            cursor[Int(user)] += 1
        }
        self.imageStart = imageStart
        self.userStart = userStart
        self.imageUsers = imageUsers
        self.userImages = userImages
    }

    /// Bytes of its arrays.
    var footprint: Int {
        (userStart.capacity + userImages.capacity + imageStart.capacity + imageUsers.capacity) * MemoryLayout<Int32>.stride
    }

    /// How many distinct likes the graph holds.
    package var likeCount: Int { imageUsers.count }

    /// The images user `user` liked, ascending (newest first); empty for a user out of range.
    package func images(likedBy user: Int) -> ArraySlice<Int32> {
        guard user >= 0 && user < userCount else { return [] }
        return userImages[Int(userStart[user]) ..< Int(userStart[user + 1])]
    }

    /// The users who liked image `image`, ascending; empty for an image out of range.
    package func likers(of image: Int) -> ArraySlice<Int32> {
        guard image >= 0 && image < imageCount else { return [] }
        return imageUsers[Int(imageStart[image]) ..< Int(imageStart[image + 1])]
    }
}
