/// What `exhibit demo-db` generates: the size of the gallery and the seed that fixes every row.
package struct DemoOptions: Sendable, Equatable {
    /// Number of rows in `images`. Users (≈ images/15, at least 8), collections (≈ images/20,
    /// at least 3), interactions and reports scale with it.
    package var images: Int
    /// The seed: the same seed and options always give the same rows.
    package var seed: UInt64
    /// Mean number of `like` interactions per image (heavy-tailed: most images get a few, some many).
    package var meanLikesPerImage: Double
    /// Mean number of `comment` interactions per image.
    package var meanCommentsPerImage: Double

    package init(images: Int, seed: UInt64 = 1, meanLikesPerImage: Double = 5, meanCommentsPerImage: Double = 0.5) {
        self.images = images
        self.seed = seed
        self.meanLikesPerImage = meanLikesPerImage
        self.meanCommentsPerImage = meanCommentsPerImage
    }

    /// Number of users generated for these options.
    package var userCount: Int { max(8, images / 15) }
    /// Number of collections generated for these options.
    package var collectionCount: Int { max(3, images / 20) }
}

/// How many rows `DemoDatabase.generate` wrote, per table and by kind.
package struct DemoSummary: Sendable, Equatable, CustomStringConvertible {
    package var users = 0
    package var images = 0
    /// Images that are not public (is_public 0, NULL or 'false').
    package var privateImages = 0
    package var collections = 0
    /// All rows of `interactions`: likes + comments + other types.
    package var interactions = 0
    package var likes = 0
    /// Likes that repeat an earlier like of the same user on the same image (they count once).
    package var duplicateLikes = 0
    package var comments = 0
    /// Interactions of types Exhibit ignores (`share`, `view`).
    package var otherInteractions = 0
    package var reports = 0
    package var pendingReports = 0

    package init() {}

    package var description: String {
        "\(users) users, \(images) images (\(privateImages) private), \(collections) collections, "
            + "\(interactions) interactions (\(likes) likes incl. \(duplicateLikes) duplicates, \(comments) comments, "
            + "\(otherInteractions) other), \(reports) reports (\(pendingReports) pending)"
    }
}

/// Why a demo database could not be generated.
package enum DemoDatabaseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The target path already exists: the generator never overwrites a file.
    case pathExists(String)
    /// The options cannot be generated (negative or absurd image count).
    case invalidOptions(String)
    /// The file could not be created (missing folder, permissions).
    case cannotCreate(path: String, reason: String)

    package var description: String {
        switch self {
        case .pathExists(let path):
            return "\(path) already exists; demo-db never overwrites a file — choose a new path or delete it first"
        case .invalidOptions(let reason):
            return "invalid demo options: \(reason)"
        case .cannotCreate(let path, let reason):
            return "cannot create \(path): \(reason)"
        }
    }
}
