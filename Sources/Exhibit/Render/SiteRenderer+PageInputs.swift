/// What an image page is made of, as one digest: a preview that re-reads a changed database
/// renders again only the image pages whose digest changed (``GalleryMemo``), since those are
/// 3 in 4 of a gallery's files and nearly all of a rebuild's time (a committed row reaches
/// about 17 files of a 100,000-image gallery).
///
/// The digest covers every gallery value ``renderImage(_:scratch:into:)`` reads, as values (never
/// as indices, which shift when a newer image arrives): the image's own fields, its author's and
/// commenters' names, segments and avatars, the names and segments of its tags, theme and
/// collections, and the grid cells of its newer and older neighbours and of its related images.
/// What else a page depends on — the configuration, the theme's assets, texts and templates —
/// the memo compares apart. `ImagePageInputsTests` pins it: after each kind of database change,
/// every image page whose digest stayed the same renders the same bytes.
extension SiteRenderer {
    /// The image whose page file `index` is, or nil for another file.
    package func imageIndex(ofFile index: Int) -> Int? {
        let address = self.index.locate(index)
        return address.kind == .image ? address.entity : nil
    }

    /// The digest of everything the page of image `imageIndex` shows from the gallery.
    package func imagePageInputs(_ imageIndex: Int) -> UInt64 {
        var digest = PageInputDigest()
        let images = gallery.images
        digest.add(images.pathSegment(imageIndex))
        digest.add(images.url(imageIndex))
        digest.add(images.description(imageIndex))
        digest.add(images.createdAt(imageIndex).millisecondsSince1970)
        digest.add(images.likeCount(imageIndex))
        let size = images.pixelSize(imageIndex)
        digest.add(size?.width ?? -1)
        digest.add(size?.height ?? -1)
        addPerson(images.owner(imageIndex), to: &digest)

        addNamedLinks(images.tags(of: imageIndex), tagTexts, to: &digest)
        addNamedLinks(images.theme(imageIndex).map { [Int32($0)][...] } ?? [], themeTexts, to: &digest)
        addNamedLinks(images.collections(of: imageIndex), collectionTexts, to: &digest)

        let comments = images.commentRange(imageIndex)
        digest.add(comments.count)
        for comment in comments.prefix(Self.maximumCommentsShown) {
            addPerson(gallery.comments.author(comment), to: &digest)
            digest.add(gallery.comments.content(comment))
            digest.add(gallery.comments.createdAt(comment)?.millisecondsSince1970 ?? Int64.min)
        }

        // The neighbours within the author's images, as ``renderImage`` finds them.
        var newer: Int?, older: Int?
        gallery.users[images.owner(imageIndex)].images.withUnsafeBufferPointer { own in
            let position = own.partitioningIndex { Int($0) >= imageIndex }
            guard position < own.count && Int(own[position]) == imageIndex else { return }
            if position > 0 { newer = Int(own[position - 1]) }
            if position + 1 < own.count { older = Int(own[position + 1]) }
        }
        for neighbour in [newer, older] {
            if let neighbour {
                digest.add(1)
                addGridItem(neighbour, to: &digest)
            } else {
                digest.add(0)
            }
        }
        let related = relatedImages(of: imageIndex)
        digest.add(related.count)
        for image in related { addGridItem(image, to: &digest) }
        return digest.finish()
    }

    /// What ``namedLink(_:section:segment:_:)`` shows of each tag, theme or collection in `list`.
    private func addNamedLinks(_ list: ArraySlice<Int32>, _ texts: NameTexts, to digest: inout PageInputDigest) {
        digest.add(list.count)
        for entry in list {
            digest.add(texts.name(Int(entry)))
            digest.add(texts.segment(Int(entry)))
        }
    }

    /// What ``person(_:_:)`` shows of a user (the initial and avatar renditions follow from these).
    private func addPerson(_ user: Int, to digest: inout PageInputDigest) {
        digest.add(userTexts.name(user))
        digest.add(userTexts.segment(user))
        if let avatar = userTexts.avatar(user) {
            digest.add(1)
            digest.add(avatar)
        } else {
            digest.add(0)
        }
    }

    /// What ``gridItem(_:_:ladder:eager:priority:)`` shows of an image.
    private func addGridItem(_ image: Int, to digest: inout PageInputDigest) {
        digest.add(gallery.images.pathSegment(image))
        digest.add(gallery.images.url(image))
        digest.add(gallery.images.description(image))
        digest.add(userTexts.name(gallery.images.owner(image)))
    }
}

/// XXH64 of a sequence of values, each byte string prefixed with its length so that no two
/// different sequences give the same bytes. The values are gathered and hashed once: most are a
/// few bytes, which a streaming hash would take one by one.
struct PageInputDigest {
    private var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(2048) }

    mutating func add(_ text: UnsafeRawBufferPointer) {
        add(text.count)
        bytes.append(contentsOf: text)
    }

    mutating func add(_ number: Int) { add(Int64(number)) }

    mutating func add(_ number: Int64) {
        withUnsafeBytes(of: number.littleEndian) { bytes.append(contentsOf: $0) }
    }

    func finish() -> UInt64 { bytes.withUnsafeBytes { XXHash64.hash($0) } }
}
