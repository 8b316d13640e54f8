/// The names and path segments (slugs) of users, tags, themes or collections as bytes, copied
/// once per renderer into one ``TextStore``, so that pages and feeds borrow their bytes instead of
/// retaining the entities' strings from every render thread.
struct NameTexts: Sendable {
    private let store: TextStore
    private let names: [(UInt64, UInt32)]
    private let segments: [(UInt64, UInt32)]

    init(_ entries: [(name: String, segment: String)]) {
        var text = TextStore.Builder()
        names = entries.map { (text.append($0.name), UInt32($0.name.utf8.count)) }
        segments = entries.map { (text.append($0.segment), UInt32($0.segment.utf8.count)) }
        store = text.finish()
    }

    init(terms: [Term]) { self.init(terms.map { ($0.name, $0.slug) }) }
    init(collections: [PublishedCollection]) { self.init(collections.map { ($0.name, $0.pathSegment) }) }
    init(users: [PublishedUser]) { self.init(users.map { ($0.name, $0.pathSegment) }) }

    @inline(__always) func name(_ index: Int) -> UnsafeRawBufferPointer { store.bytes(names[index].0, names[index].1) }
    @inline(__always) func segment(_ index: Int) -> UnsafeRawBufferPointer { store.bytes(segments[index].0, segments[index].1) }
}
