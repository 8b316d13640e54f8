/// The texts of every user that pages show often — name, path segment, avatar URL and its
/// renditions, initial — made once per renderer into one ``TextStore``, so that grid cells,
/// bylines and comments borrow their bytes instead of retaining the users' strings from every
/// render thread (or making an avatar's `srcset` for every comment).
struct UserTexts: Sendable {
    private struct Entry {
        var name: (UInt64, UInt32)
        var segment: (UInt64, UInt32)
        var avatar: (UInt64, UInt32)
        var initial: (UInt64, UInt32)
        var hasAvatar: Bool
        /// The avatar's `src` and `srcset` (``ImageRenditions/avatar``); the srcset's length is 0
        /// when only the original exists.
        var avatarSource: (UInt64, UInt32)
        var avatarSrcset: (UInt64, UInt32)
    }

    private let store: TextStore
    private let entries: [Entry]

    init(users: [PublishedUser], renditions: ImageRenditions) {
        var text = TextStore.Builder()
        entries = users.map { user in
            let avatar = user.avatarURL ?? ""
            return Entry(name: Self.put(user.name, &text), segment: Self.put(user.pathSegment, &text),
                         avatar: Self.put(avatar, &text), initial: Self.put(TextFormat.initial(user.name), &text),
                         hasAvatar: user.avatarURL != nil,
                         avatarSource: Self.put(avatar.isEmpty ? "" : renditions.fallbackURL(for: avatar, ImageRenditions.avatar), &text),
                         avatarSrcset: Self.put(avatar.isEmpty ? "" : renditions.srcset(for: avatar, ImageRenditions.avatar) ?? "", &text))
        }
        store = text.finish()
    }

    /// Appends `string` to `text`: where it starts, and its length.
    private static func put(_ string: String, _ text: inout TextStore.Builder) -> (UInt64, UInt32) {
        (text.append(string), UInt32(string.utf8.count))
    }

    /// Valid while this value exists (the renderer that holds it).
    @inline(__always) func name(_ user: Int) -> UnsafeRawBufferPointer { store.bytes(entries[user].name.0, entries[user].name.1) }
    @inline(__always) func segment(_ user: Int) -> UnsafeRawBufferPointer { store.bytes(entries[user].segment.0, entries[user].segment.1) }
    @inline(__always) func initial(_ user: Int) -> UnsafeRawBufferPointer { store.bytes(entries[user].initial.0, entries[user].initial.1) }
    /// The avatar URL, or nil.
    @inline(__always) func avatar(_ user: Int) -> UnsafeRawBufferPointer? {
        entries[user].hasAvatar ? store.bytes(entries[user].avatar.0, entries[user].avatar.1) : nil
    }
    /// The avatar's `src` rendition, or nil when the user has no avatar.
    @inline(__always) func avatarSource(_ user: Int) -> UnsafeRawBufferPointer? {
        entries[user].hasAvatar ? store.bytes(entries[user].avatarSource.0, entries[user].avatarSource.1) : nil
    }
    /// The avatar's `srcset`, or nil when only the original exists.
    @inline(__always) func avatarSrcset(_ user: Int) -> UnsafeRawBufferPointer? {
        entries[user].avatarSrcset.1 > 0 ? store.bytes(entries[user].avatarSrcset.0, entries[user].avatarSrcset.1) : nil
    }
}
