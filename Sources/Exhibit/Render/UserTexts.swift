/// The texts of every user that pages show often — name, path segment, avatar URL, initial —
/// copied once per renderer into one ``TextStore``, so that grid cells and bylines borrow their
/// bytes instead of retaining the users' strings from every render thread.
struct UserTexts: Sendable {
    private struct Entry {
        var name: (UInt64, UInt32)
        var segment: (UInt64, UInt32)
        var avatar: (UInt64, UInt32)
        var initial: (UInt64, UInt32)
        var hasAvatar: Bool
    }

    private let store: TextStore
    private let entries: [Entry]

    init(users: [PublishedUser]) {
        var text = TextStore.Builder()
        entries = users.map { user in
            Entry(name: Self.put(user.name, &text), segment: Self.put(user.pathSegment, &text),
                  avatar: Self.put(user.avatarURL ?? "", &text), initial: Self.put(TextFormat.initial(user.name), &text),
                  hasAvatar: user.avatarURL != nil)
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
}
