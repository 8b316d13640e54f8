/// The published gallery: everything docs/publishing.md allows to appear in any output file, and nothing else.
///
/// Private, withheld and otherwise unpublished data never enters a `Gallery`; what was left out and
/// why is kept apart in ``GalleryAudit`` (for `exhibit check` and the build summary only).
///
/// References between entities are indices (`Int32`) into the gallery's arrays, which keeps the
/// model compact at a million images: images and comments are plain-number records with their
/// texts in one shared ``TextStore`` (see ``PublishedImages``). Every array has a fixed, documented
/// order, so output built from it is deterministic.
package struct Gallery: Sendable {
    /// Published images, newest first: `createdAt` descending, ties by `id` ascending (byte order).
    /// An image's position is its *index*; lists of image indices sorted ascending are therefore
    /// newest first.
    package private(set) var images: PublishedImages
    /// Users with a profile page (owners of a published image or collection, or authors of a
    /// published comment), sorted by `id` (byte order).
    package var users: [PublishedUser]
    /// Published collections, sorted by `id` (byte order).
    package var collections: [PublishedCollection]
    /// Tags grouped per docs/publishing.md, sorted by `slug`.
    package var tags: [Term]
    /// Themes grouped per docs/publishing.md, sorted by `slug`.
    package var themes: [Term]
    /// Published comments, grouped by image (each image names its range with `commentStart` and
    /// `commentCount`), and within an image oldest first (`createdAt` ascending, ties by id).
    package private(set) var comments: PublishedComments
    /// Who liked which published image (see ``LikeGraph``): users numbered like ``users``, then
    /// anonymous likers without a profile. Never holds a like on an unpublished image.
    package var likes = LikeGraph()

    /// A gallery built by hand (tests, benchmarks): the images and comments are packed.
    package init(images: [PublishedImage] = [], users: [PublishedUser] = [], collections: [PublishedCollection] = [],
                tags: [Term] = [], themes: [Term] = [], comments: [PublishedComment] = []) {
        let (packedImages, packedComments) = PublishedImages.packed(images, comments: comments)
        self.init(images: packedImages, users: users, collections: collections, tags: tags, themes: themes,
                  comments: packedComments)
    }

    /// A gallery of images and comments already packed (the loader).
    init(images: PublishedImages, users: [PublishedUser], collections: [PublishedCollection], tags: [Term],
         themes: [Term], comments: PublishedComments) {
        self.images = images
        self.users = users
        self.collections = collections
        self.tags = tags
        self.themes = themes
        self.comments = comments
    }

    /// Replaces the images with `images` (packed anew): for galleries built by hand.
    package mutating func replaceImages(_ images: [PublishedImage]) {
        (self.images, self.comments) = PublishedImages.packed(images, comments: Array(comments))
    }

    /// The comments on one image, oldest first.
    package func comments(of image: PublishedImage) -> [PublishedComment] {
        (Int(image.commentStart) ..< Int(image.commentStart + image.commentCount)).map { comments[$0] }
    }
}

/// A user with a profile page. Never carries an email address.
package struct PublishedUser: Sendable, Equatable {
    /// The Clerk id, exactly as stored.
    package var id: String
    /// The id as one path-safe URL segment: `users/{pathSegment}/`.
    package var pathSegment: String
    /// Display name, trimmed; never empty (falls back to a neutral name when missing).
    package var name: String
    /// Avatar URL (`http`/`https` only), or nil.
    package var avatarURL: String?
    /// The bio, trimmed; may be empty.
    package var bio: String
    /// When the account was created, when known.
    package var createdAt: Timestamp?
    /// Indices of their published images, ascending (newest first).
    package var images: [Int32]
    /// Indices of their published collections, ascending.
    package var collections: [Int32]

    package init(id: String, pathSegment: String, name: String, avatarURL: String?, bio: String,
                createdAt: Timestamp?, images: [Int32] = [], collections: [Int32] = []) {
        self.id = id
        self.pathSegment = pathSegment
        self.name = name
        self.avatarURL = avatarURL
        self.bio = bio
        self.createdAt = createdAt
        self.images = images
        self.collections = collections
    }
}

/// A published collection: its owner exists and it holds at least one published image.
package struct PublishedCollection: Sendable, Equatable {
    package var id: String
    /// The id as one path-safe URL segment: `collections/{pathSegment}/`.
    package var pathSegment: String
    /// Index of the owner in ``Gallery/users``.
    package var owner: Int32
    /// Name, trimmed; never empty (falls back to "Untitled collection").
    package var name: String
    /// Description, trimmed; may be empty.
    package var description: String
    package var createdAt: Timestamp?
    package var updatedAt: Timestamp?
    /// Indices of its published images, in stored order, without duplicates.
    package var images: [Int32]

    package init(id: String, pathSegment: String, owner: Int32, name: String, description: String,
                createdAt: Timestamp?, updatedAt: Timestamp?, images: [Int32]) {
        self.id = id
        self.pathSegment = pathSegment
        self.owner = owner
        self.name = name
        self.description = description
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.images = images
    }
}

/// A tag or a theme: every spelling that groups together (docs/publishing.md), under one slug.
package struct Term: Sendable, Equatable {
    /// The displayed spelling: the most frequent one among published images (ties: byte order).
    package var name: String
    /// Unique, lowercase, URL-safe, stable slug: `tags/{slug}/`.
    package var slug: String
    /// Indices of the published images that carry it, ascending (newest first).
    package var images: [Int32]

    package init(name: String, slug: String, images: [Int32]) {
        self.name = name
        self.slug = slug
        self.images = images
    }
}
