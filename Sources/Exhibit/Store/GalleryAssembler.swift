/// Decides what is published (SPEC §2) from the raw tables and builds the ``Gallery`` with its
/// documented orders, and the ``GalleryAudit``.
struct GalleryAssembler {
    let tables: RawTables
    let options: LoadOptions
    let diagnostics: DiagnosticLog

    func assemble() -> (Gallery, GalleryAudit) {
        var audit = GalleryAudit()
        audit.rowsRead = tables.rowsRead
        audit.unknownInteractionTypes = tables.unknownInteractionTypes

        // 1. Images: publish or withhold each row.
        var publishedRows: [Int32] = []
        publishedRows.reserveCapacity(tables.images.count)
        for (row, image) in tables.images.enumerated() {
            if let reason = withholdingReason(row: row, image) {
                audit.withheld.append(GalleryAudit.WithheldImage(id: image.id, reason: reason))
            } else {
                publishedRows.append(Int32(row))
            }
        }
        audit.withheld.sort { $0.id.utf8Precedes($1.id) }
        let images = tables.images
        publishedRows.sort { a, b in
            let x = images[Int(a)], y = images[Int(b)]
            if x.createdAt! != y.createdAt! { return x.createdAt! > y.createdAt! }
            return x.id.utf8Precedes(y.id)
        }
        var indexOfImageRow = [Int32](repeating: -1, count: images.count)
        for (index, row) in publishedRows.enumerated() { indexOfImageRow[Int(row)] = Int32(index) }

        // 2. Collections: owner exists, at least one published member; members in stored order, once.
        var collectionEntries: [(row: Int, members: [Int32])] = []
        for (row, collection) in tables.collections.enumerated() where collection.ownerRow >= 0 {
            var members: [Int32] = []
            var seen = Set<Int32>()
            for memberRow in collection.members {
                let index = indexOfImageRow[Int(memberRow)]
                if index >= 0 && seen.insert(index).inserted { members.append(index) }
            }
            if !members.isEmpty { collectionEntries.append((row, members)) }
        }
        collectionEntries.sort { tables.collections[$0.row].id.utf8Precedes(tables.collections[$1.row].id) }

        // 3. Comments on published images, grouped by image, oldest first.
        var comments: [(index: Int32, row: Int)] = []
        for (row, comment) in tables.comments.enumerated() {
            let index = indexOfImageRow[Int(comment.imageRow)]
            if index >= 0 { comments.append((index, row)) }
        }
        comments.sort { a, b in
            if a.index != b.index { return a.index < b.index }
            let x = tables.comments[a.row], y = tables.comments[b.row]
            let xt = x.createdAt?.millisecondsSince1970 ?? Int64.min, yt = y.createdAt?.millisecondsSince1970 ?? Int64.min
            if xt != yt { return xt < yt }
            if !x.id.exactlyEquals(y.id) { return x.id.utf8Precedes(y.id) }
            return a.row < b.row
        }

        // 4. Users with a profile: owners of published images and collections, comment authors.
        var hasProfile = [Bool](repeating: false, count: tables.users.count)
        for row in publishedRows { hasProfile[Int(images[Int(row)].ownerRow)] = true }
        for entry in collectionEntries { hasProfile[Int(tables.collections[entry.row].ownerRow)] = true }
        for comment in comments { hasProfile[Int(tables.comments[comment.row].authorRow)] = true }
        var profileRows = tables.users.indices.filter { hasProfile[$0] }
        profileRows.sort { tables.users[$0].id.utf8Precedes(tables.users[$1].id) }
        var profileOfUserRow = [Int32](repeating: -1, count: tables.users.count)
        for (index, row) in profileRows.enumerated() { profileOfUserRow[row] = Int32(index) }

        var users = profileRows.map { row -> PublishedUser in
            let user = tables.users[row]
            return PublishedUser(id: user.id, pathSegment: PathSegment.encode(user.id), name: user.name, avatarURL: user.avatarURL,
                                 bio: user.bio, createdAt: user.createdAt)
        }

        // 5. Likes: distinct existing users per published image.
        var likeCounts = [Int32](repeating: 0, count: publishedRows.count)
        var likes = tables.likes.compactMap { pair -> UInt64? in
            let index = indexOfImageRow[Int(pair >> 32)]
            return index >= 0 ? UInt64(UInt32(index)) << 32 | (pair & 0xffff_ffff) : nil
        }
        likes.sort()
        var previous: UInt64?
        for pair in likes where pair != previous {
            likeCounts[Int(pair >> 32)] += 1
            previous = pair
        }

        // 6. Tags and themes from published images only.
        let tagLists = publishedRows.map { images[Int($0)].tags }
        let (tags, termOfTagGroup) = tables.tagGroups.makeTerms(perImage: tagLists)
        let themeLists = publishedRows.map { row -> [Int32] in
            let theme = images[Int(row)].theme
            return theme >= 0 ? [theme] : []
        }
        let (themes, termOfThemeGroup) = tables.themeGroups.makeTerms(perImage: themeLists)

        // 7. The published records.
        var publishedImages: [PublishedImage] = []
        publishedImages.reserveCapacity(publishedRows.count)
        var commentCursor = 0
        for (index, row) in publishedRows.enumerated() {
            let image = images[Int(row)]
            let owner = profileOfUserRow[Int(image.ownerRow)]
            let tagIndices = image.tags.map { termOfTagGroup[Int(tables.tagGroups.group(of: $0))] }
            let theme = image.theme >= 0 ? termOfThemeGroup[Int(tables.themeGroups.group(of: image.theme))] : nil
            let commentStart = commentCursor
            while commentCursor < comments.count && comments[commentCursor].index == Int32(index) { commentCursor += 1 }
            publishedImages.append(PublishedImage(
                id: image.id, pathSegment: PathSegment.encode(image.id), owner: owner, url: image.url!,
                description: image.description, tags: tagIndices, theme: theme, createdAt: image.createdAt!,
                likeCount: likeCounts[index], commentStart: Int32(commentStart), commentCount: Int32(commentCursor - commentStart)))
            users[Int(owner)].images.append(Int32(index))
        }

        var collections: [PublishedCollection] = []
        collections.reserveCapacity(collectionEntries.count)
        for (index, entry) in collectionEntries.enumerated() {
            let collection = tables.collections[entry.row]
            let owner = profileOfUserRow[Int(collection.ownerRow)]
            collections.append(PublishedCollection(
                id: collection.id, pathSegment: PathSegment.encode(collection.id), owner: owner, name: collection.name,
                description: collection.description, createdAt: collection.createdAt, updatedAt: collection.updatedAt,
                images: entry.members))
            users[Int(owner)].collections.append(Int32(index))
            for member in entry.members { publishedImages[Int(member)].collections.append(Int32(index)) }
        }

        let publishedComments = comments.map { entry -> PublishedComment in
            let comment = tables.comments[entry.row]
            return PublishedComment(id: comment.id, author: profileOfUserRow[Int(comment.authorRow)], content: comment.content,
                                    createdAt: comment.createdAt)
        }

        var gallery = Gallery(images: publishedImages, users: users, collections: collections, tags: tags, themes: themes,
                              comments: publishedComments)
        gallery.likes = likeGraph(likes: &likes, profileOfUserRow: profileOfUserRow, imageCount: publishedRows.count)
        return (gallery, audit)
    }

    /// The like graph of published images (`likes`: `imageIndex << 32 | userRow`, published images
    /// only): profile users keep their profile index, other likers follow by id.
    func likeGraph(likes: inout [UInt64], profileOfUserRow: [Int32], imageCount: Int) -> LikeGraph {
        var graphUserOfRow = profileOfUserRow
        var profileCount = 0
        for index in profileOfUserRow where index >= 0 { profileCount += 1 }
        var otherRows: [Int] = []
        var isLiker = [Bool](repeating: false, count: tables.users.count)
        for pair in likes { isLiker[Int(pair & 0xffff_ffff)] = true }
        for row in isLiker.indices where isLiker[row] && graphUserOfRow[row] < 0 { otherRows.append(row) }
        otherRows.sort { tables.users[$0].id.utf8Precedes(tables.users[$1].id) }
        for (offset, row) in otherRows.enumerated() { graphUserOfRow[row] = Int32(profileCount + offset) }
        for position in likes.indices {
            let pair = likes[position]
            likes[position] = pair & 0xffff_ffff_0000_0000 | UInt64(UInt32(graphUserOfRow[Int(pair & 0xffff_ffff)]))
        }
        return LikeGraph(userCount: profileCount + otherRows.count, imageCount: imageCount, packedImageUser: &likes)
    }

    /// Why an image row is not published, or nil when it is. Checked in this order: unusable id,
    /// not public, missing owner, pending reports, unusable URL or date.
    func withholdingReason(row: Int, _ image: ImageRow) -> GalleryAudit.Reason? {
        if let problem = image.idProblem { return .unusable(problem) }
        if !image.isPublic { return .notPublic }
        if image.ownerRow < 0 {
            diagnostics.warn("images", image.id, "user_id", "owner matches no user; image not published")
            return .missingOwner(image.ownerText)
        }
        let pending = Int(tables.pendingReports[row])
        if options.withholdPendingReports > 0 && pending >= options.withholdPendingReports {
            return .pendingReports(pending)
        }
        if image.url == nil { return .unusable("url is missing or not an http(s) URL") }
        if image.createdAt == nil { return .unusable("created_at is missing or not a date") }
        return nil
    }
}
