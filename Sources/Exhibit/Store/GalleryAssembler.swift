/// Decides what is published (docs/publishing.md) from the raw tables and builds the ``Gallery`` with its
/// documented orders, and the ``GalleryAudit``.
struct GalleryAssembler: ~Copyable {
    /// The raw tables, consumed as the gallery is built: each part is released as soon as its
    /// published form exists, so the two are never held whole at the same time.
    var tables: RawTables
    let options: LoadOptions
    let diagnostics: DiagnosticLog

    consuming func assemble() -> (Gallery, GalleryAudit) {
        var audit = GalleryAudit()
        audit.rowsRead = tables.rowsRead
        audit.unknownInteractionTypes = tables.unknownInteractionTypes

        // 1. Images: publish or withhold each row.
        var publishedRows: [Int32] = []
        publishedRows.reserveCapacity(tables.images.count)
        for row in tables.images.indices {
            if let reason = withholdingReason(row: row) {
                audit.withheld.append(GalleryAudit.WithheldImage(id: tables.imageID(row).utf8String, reason: reason))
            } else {
                publishedRows.append(Int32(row))
            }
        }
        audit.withheld.sort { $0.id.utf8Precedes($1.id) }
        tables.imageFacts = []
        tables.imageProblems = [:]
        tables.unknownImageOwners = [:]
        do {
            let records = tables.images
            publishedRows.sort { a, b in
                let x = records[Int(a)], y = records[Int(b)]
                if x.createdAt != y.createdAt { return x.createdAt > y.createdAt }
                return tables.keys.bytes(x.keyStart, x.idLength).bytesPrecede(tables.keys.bytes(y.keyStart, y.idLength))
            }
        }
        var indexOfImageRow = [Int32](repeating: -1, count: tables.images.count)
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
        do {
            let collections = tables.collections
            collectionEntries.sort { collections[$0.row].id.utf8Precedes(collections[$1.row].id) }
        }

        // 3. Comments on published images, grouped by image, oldest first.
        var comments: [(index: Int32, row: Int32)] = []
        for (row, comment) in tables.comments.enumerated() {
            let index = indexOfImageRow[Int(comment.imageRow)]
            if index >= 0 { comments.append((index, Int32(row))) }
        }
        do {
            let rows = tables.comments
            comments.sort { a, b in
                if a.index != b.index { return a.index < b.index }
                let x = rows[Int(a.row)], y = rows[Int(b.row)]
                let xt = x.createdAt?.millisecondsSince1970 ?? Int64.min, yt = y.createdAt?.millisecondsSince1970 ?? Int64.min
                if xt != yt { return xt < yt }
                let xid = tables.keys.bytes(x.keyStart, x.idLength), yid = tables.keys.bytes(y.keyStart, y.idLength)
                if xid.bytesPrecede(yid) { return true }
                if yid.bytesPrecede(xid) { return false }
                return a.row < b.row
            }
        }

        // 4. Users with a profile: owners of published images and collections, comment authors.
        var hasProfile = [Bool](repeating: false, count: tables.users.count)
        for row in publishedRows { hasProfile[Int(tables.images[Int(row)].owner)] = true }
        for entry in collectionEntries { hasProfile[Int(tables.collections[entry.row].ownerRow)] = true }
        for comment in comments { hasProfile[Int(tables.comments[Int(comment.row)].authorRow)] = true }
        var profileRows = tables.users.indices.filter { hasProfile[$0] }
        do {
            let users = tables.users
            profileRows.sort { users[$0].id.utf8Precedes(users[$1].id) }
        }
        var profileOfUserRow = [Int32](repeating: -1, count: tables.users.count)
        for (index, row) in profileRows.enumerated() { profileOfUserRow[row] = Int32(index) }

        var users = profileRows.map { row -> PublishedUser in
            let user = tables.users[row]
            return PublishedUser(id: user.id, pathSegment: PathSegment.encode(user.id), name: user.name, avatarURL: user.avatarURL,
                                 bio: user.bio, createdAt: user.createdAt)
        }

        // 5. Likes: distinct existing users per published image. The raw pairs are rewritten in
        // place (image row → image index), dropping likes on unpublished images.
        var likes = tables.likes
        tables.likes = []
        var kept = 0
        for pair in likes {
            let index = indexOfImageRow[Int(pair >> 32)]
            if index >= 0 {
                likes[kept] = UInt64(UInt32(index)) << 32 | (pair & 0xffff_ffff)
                kept += 1
            }
        }
        likes.removeSubrange(kept...)
        likes.sort()
        var likeCounts = [Int32](repeating: 0, count: publishedRows.count)
        var previous: UInt64?
        for pair in likes where pair != previous {
            likeCounts[Int(pair >> 32)] += 1
            previous = pair
        }

        // 6. Tags and themes from published images only.
        let (tags, termOfTagGroup) = tables.tagGroups.makeTerms(imageCount: publishedRows.count) { index, visit in
            let record = tables.images[Int(publishedRows[index])]
            for position in Int(record.tagStart) ..< Int(record.tagStart + record.tagCount) { visit(tables.imageTags[position]) }
        }
        let (themes, termOfThemeGroup) = tables.themeGroups.makeTerms(imageCount: publishedRows.count) { index, visit in
            let theme = tables.images[Int(publishedRows[index])].theme
            if theme >= 0 { visit(theme) }
        }

        // 7. The published records, made in place from the raw rows (a million records are never
        // held twice): each row moves to its index (withheld rows after the published ones, then
        // dropped), and its references to rows and spellings are rewritten to indices. Tag lists
        // are copied in published order (withheld images' tags are left behind).
        var destination = indexOfImageRow
        indexOfImageRow = []
        var nextWithheld = Int32(publishedRows.count)
        for row in destination.indices where destination[row] < 0 {
            destination[row] = nextWithheld
            nextWithheld += 1
        }
        var records = tables.images
        tables.images = []
        for start in records.indices {
            while destination[start] != Int32(start) {
                let target = Int(destination[start])
                records.swapAt(start, target)
                destination.swapAt(start, target)
            }
        }
        destination = []
        records.removeSubrange(publishedRows.count...)
        var tagList: [Int32] = []
        tagList.reserveCapacity(records.reduce(0) { $0 + Int($1.tagCount) })
        var commentCursor = 0
        for index in records.indices {
            let owner = profileOfUserRow[Int(records[index].owner)]
            records[index].owner = owner
            let tagStart = Int(records[index].tagStart)
            records[index].tagStart = UInt32(tagList.count)
            for position in tagStart ..< tagStart + Int(records[index].tagCount) {
                tagList.append(termOfTagGroup[Int(tables.tagGroups.group(of: tables.imageTags[position]))])
            }
            if records[index].theme >= 0 {
                records[index].theme = termOfThemeGroup[Int(tables.themeGroups.group(of: records[index].theme))]
            }
            let commentStart = commentCursor
            while commentCursor < comments.count && comments[commentCursor].index == Int32(index) { commentCursor += 1 }
            records[index].likeCount = likeCounts[index]
            records[index].commentStart = Int32(commentStart)
            records[index].commentCount = Int32(commentCursor - commentStart)
            users[Int(owner)].images.append(Int32(index))
        }
        tables.imageTags = []
        let texts = tables.texts.finish()
        let keys = tables.keys.finish()
        var images = PublishedImages(records: records, tagList: tagList, keys: keys, texts: texts)
        records = []
        tagList = []

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
        }
        images.setCollections(members: collectionEntries.map(\.members))
        tables.collections = []
        collectionEntries = []

        var commentRecords: [CommentRecord] = []
        commentRecords.reserveCapacity(comments.count)
        for entry in comments {
            let comment = tables.comments[Int(entry.row)]
            commentRecords.append(CommentRecord(
                keyStart: comment.keyStart, textStart: comment.textStart, idLength: comment.idLength, contentLength: comment.contentLength,
                createdAt: comment.createdAt?.millisecondsSince1970 ?? 0,
                author: profileOfUserRow[Int(comment.authorRow)], hasDate: comment.createdAt != nil))
        }
        tables.comments = []
        comments = []

        var gallery = Gallery(images: images, users: users, collections: collections, tags: tags, themes: themes,
                              comments: PublishedComments(records: commentRecords, keys: keys, texts: texts))
        gallery.likes = Self.likeGraph(likes: &likes, profileOfUserRow: profileOfUserRow, imageCount: publishedRows.count,
                                       users: tables.users)
        return (gallery, audit)
    }

    /// The like graph of published images (`likes`: `imageIndex << 32 | userRow`, published images
    /// only): profile users keep their profile index, other likers follow by id (`users`: the raw
    /// user rows).
    static func likeGraph(likes: inout [UInt64], profileOfUserRow: [Int32], imageCount: Int, users: [UserRow]) -> LikeGraph {
        var graphUserOfRow = profileOfUserRow
        var profileCount = 0
        for index in profileOfUserRow where index >= 0 { profileCount += 1 }
        var otherRows: [Int] = []
        var isLiker = [Bool](repeating: false, count: users.count)
        for pair in likes { isLiker[Int(pair & 0xffff_ffff)] = true }
        for row in isLiker.indices where isLiker[row] && graphUserOfRow[row] < 0 { otherRows.append(row) }
        otherRows.sort { users[$0].id.utf8Precedes(users[$1].id) }
        for (offset, row) in otherRows.enumerated() { graphUserOfRow[row] = Int32(profileCount + offset) }
        for position in likes.indices {
            let pair = likes[position]
            likes[position] = pair & 0xffff_ffff_0000_0000 | UInt64(UInt32(graphUserOfRow[Int(pair & 0xffff_ffff)]))
        }
        return LikeGraph(userCount: profileCount + otherRows.count, imageCount: imageCount, packedImageUser: &likes)
    }

    /// Why an image row is not published, or nil when it is. Checked in this order: unusable id,
    /// not public, missing owner, pending reports, unusable URL or date.
    func withholdingReason(row: Int) -> GalleryAudit.Reason? {
        let facts = tables.imageFacts[row]
        if let problem = tables.imageProblems[Int32(row)] { return .unusable(problem) }
        if !facts.contains(.isPublic) { return .notPublic }
        if tables.images[row].owner < 0 {
            diagnostics.warn("images", tables.imageID(row).utf8String, "user_id", "owner matches no user; image not published")
            return .missingOwner(tables.unknownImageOwners[Int32(row)] ?? "")
        }
        let pending = Int(tables.pendingReports[row])
        if options.withholdPendingReports > 0 && pending >= options.withholdPendingReports {
            return .pendingReports(pending)
        }
        if !facts.contains(.hasURL) { return .unusable("url is missing or not an http(s) URL") }
        if !facts.contains(.hasDate) { return .unusable("created_at is missing or not a date") }
        return nil
    }
}
