/// The published gallery: everything SPEC §2 allows to appear in any output file, and nothing else.
///
/// Private, withheld and otherwise unpublished data never enters a `Gallery`; what was left out and
/// why is kept apart in ``GalleryAudit`` (for `exhibit check` and the build summary only).
///
/// References between entities are indices (`Int32`) into the gallery's arrays, which keeps the
/// model compact at a million images. Every array has a fixed, documented order, so output built
/// from it is deterministic.
public struct Gallery: Sendable {
    /// Published images, newest first: `createdAt` descending, ties by `id` ascending (byte order).
    /// An image's position in this array is its *index*; lists of image indices sorted ascending
    /// are therefore newest first.
    public var images: [PublishedImage]
    /// Users with a profile page (owners of a published image or collection, or authors of a
    /// published comment), sorted by `id` (byte order).
    public var users: [PublishedUser]
    /// Published collections, sorted by `id` (byte order).
    public var collections: [PublishedCollection]
    /// Tags grouped per SPEC §2, sorted by `slug`.
    public var tags: [Term]
    /// Themes grouped per SPEC §2, sorted by `slug`.
    public var themes: [Term]
    /// Published comments, grouped by image (each image names its slice with `comments`), and
    /// within an image oldest first (`createdAt` ascending, ties by interaction id).
    public var comments: [PublishedComment]
    /// Who liked which published image (see ``LikeGraph``): users numbered like ``users``, then
    /// anonymous likers without a profile. Never holds a like on an unpublished image.
    public var likes = LikeGraph()

    public init(images: [PublishedImage] = [], users: [PublishedUser] = [], collections: [PublishedCollection] = [],
                tags: [Term] = [], themes: [Term] = [], comments: [PublishedComment] = []) {
        self.images = images
        self.users = users
        self.collections = collections
        self.tags = tags
        self.themes = themes
        self.comments = comments
    }

    /// The comments on one image, oldest first.
    public func comments(of image: PublishedImage) -> ArraySlice<PublishedComment> {
        comments[Int(image.commentStart) ..< Int(image.commentStart + image.commentCount)]
    }
}

/// A published image.
public struct PublishedImage: Sendable, Equatable {
    /// The database id, exactly as stored.
    public var id: String {
        get { text.part(0) }
        set { text = Self.pack(id: newValue, pathSegment: pathSegment, url: url, description: description) }
    }
    /// The id as one path-safe URL segment (see ``PathSegment``): `images/{pathSegment}/`.
    public var pathSegment: String {
        get { text.isEmpty(1) ? text.part(0) : text.part(1) }
        set { text = Self.pack(id: id, pathSegment: newValue, url: url, description: description) }
    }
    /// The image URL; always `http` or `https`.
    public var url: String {
        get { text.part(2) }
        set { text = Self.pack(id: id, pathSegment: pathSegment, url: newValue, description: description) }
    }
    /// The description, trimmed; may be empty.
    public var description: String {
        get { text.part(3) }
        set { text = Self.pack(id: id, pathSegment: pathSegment, url: url, description: newValue) }
    }
    /// True when the description is empty (cheaper than `description.isEmpty`).
    public var hasDescription: Bool { !text.isEmpty(3) }
    /// Index of the owner in ``Gallery/users``.
    public var owner: Int32
    /// Indices into ``Gallery/tags``, in the image's own order, without duplicates.
    public var tags: [Int32]
    /// Index into ``Gallery/themes``, or nil when the image has no theme.
    public var theme: Int32?
    /// When the image was uploaded.
    public var createdAt: Timestamp
    /// Distinct users (existing ones) who liked it.
    public var likeCount: Int32
    /// First index of its comments in ``Gallery/comments``.
    public var commentStart: Int32
    /// How many published comments it has.
    public var commentCount: Int32
    /// Indices into ``Gallery/collections`` of the published collections that hold it, ascending.
    public var collections: [Int32]
    /// Id, path segment (empty when it is the id), URL and description: one allocation per image.
    private var text: PackedText

    public init(id: String, pathSegment: String, owner: Int32, url: String, description: String, tags: [Int32],
                theme: Int32?, createdAt: Timestamp, likeCount: Int32 = 0, commentStart: Int32 = 0,
                commentCount: Int32 = 0, collections: [Int32] = []) {
        self.init(packedText: Self.pack(id: id, pathSegment: pathSegment, url: url, description: description), owner: owner,
                  tags: tags, theme: theme, createdAt: createdAt, likeCount: likeCount, commentStart: commentStart,
                  commentCount: commentCount)
        self.collections = collections
    }

    /// True when this image's id precedes `other`'s in byte order (no string is made).
    func idPrecedes(_ other: PublishedImage) -> Bool {
        text.partPrecedes(0, other.text)
    }

    /// An image whose id, path segment, URL and description are already packed (by the loader,
    /// with ``packedText(id:url:description:)``).
    init(packedText: PackedText, owner: Int32, tags: [Int32], theme: Int32?, createdAt: Timestamp, likeCount: Int32,
         commentStart: Int32, commentCount: Int32) {
        self.text = packedText
        self.owner = owner
        self.tags = tags
        self.theme = theme
        self.createdAt = createdAt
        self.likeCount = likeCount
        self.commentStart = commentStart
        self.commentCount = commentCount
        self.collections = []
    }

    /// The packed text of an image with this id (its path segment derived from it), URL and description.
    static func packedText(id: String, url: String, description: String) -> PackedText {
        pack(id: id, pathSegment: PathSegment.encode(id), url: url, description: description)
    }

    private static func pack(id: String, pathSegment: String, url: String, description: String) -> PackedText {
        // Compared byte for byte: `==` on strings would equate canonically equivalent spellings.
        PackedText(id, pathSegment.utf8.elementsEqual(id.utf8) ? "" : pathSegment, url, description)
    }
}

/// A user with a profile page. Never carries an email address.
public struct PublishedUser: Sendable, Equatable {
    /// The Clerk id, exactly as stored.
    public var id: String
    /// The id as one path-safe URL segment: `users/{pathSegment}/`.
    public var pathSegment: String
    /// Display name, trimmed; never empty (falls back to a neutral name when missing).
    public var name: String
    /// Avatar URL (`http`/`https` only), or nil.
    public var avatarURL: String?
    /// The bio, trimmed; may be empty.
    public var bio: String
    /// When the account was created, when known.
    public var createdAt: Timestamp?
    /// Indices of their published images, ascending (newest first).
    public var images: [Int32]
    /// Indices of their published collections, ascending.
    public var collections: [Int32]

    public init(id: String, pathSegment: String, name: String, avatarURL: String?, bio: String,
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
public struct PublishedCollection: Sendable, Equatable {
    public var id: String
    /// The id as one path-safe URL segment: `collections/{pathSegment}/`.
    public var pathSegment: String
    /// Index of the owner in ``Gallery/users``.
    public var owner: Int32
    /// Name, trimmed; never empty (falls back to "Untitled collection").
    public var name: String
    /// Description, trimmed; may be empty.
    public var description: String
    public var createdAt: Timestamp?
    public var updatedAt: Timestamp?
    /// Indices of its published images, in stored order, without duplicates.
    public var images: [Int32]

    public init(id: String, pathSegment: String, owner: Int32, name: String, description: String,
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

/// A published comment on a published image, by an existing user.
public struct PublishedComment: Sendable, Equatable {
    /// The interaction id.
    public var id: String {
        get { text.part(0) }
        set { text = PackedText(newValue, content) }
    }
    /// Index of the author in ``Gallery/users``.
    public var author: Int32
    /// The comment text, trimmed, never empty.
    public var content: String {
        get { text.part(1) }
        set { text = PackedText(id, newValue) }
    }
    public var createdAt: Timestamp?
    /// Id and content in one allocation.
    private var text: PackedText

    public init(id: String, author: Int32, content: String, createdAt: Timestamp?) {
        self.text = PackedText(id, content)
        self.author = author
        self.createdAt = createdAt
    }

    /// A comment whose id and content the loader already packed.
    init(packedText: PackedText, author: Int32, createdAt: Timestamp?) {
        self.text = packedText
        self.author = author
        self.createdAt = createdAt
    }
}

/// A tag or a theme: every spelling that groups together (SPEC §2), under one slug.
public struct Term: Sendable, Equatable {
    /// The displayed spelling: the most frequent one among published images (ties: byte order).
    public var name: String
    /// Unique, lowercase, URL-safe, stable slug: `tags/{slug}/`.
    public var slug: String
    /// Indices of the published images that carry it, ascending (newest first).
    public var images: [Int32]

    public init(name: String, slug: String, images: [Int32]) {
        self.name = name
        self.slug = slug
        self.images = images
    }
}
