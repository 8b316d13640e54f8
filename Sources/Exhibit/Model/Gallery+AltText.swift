extension Gallery {
    /// The short alt text of an image in a list of results (search, recommendations): the
    /// description (past 100 characters, cut at a word boundary with "…"), or "Image by {owner}"
    /// when there is none.
    func shortAltText(_ image: Int) -> String {
        let description = images.description(image).utf8String
        if description.isEmpty {
            let owner = images.owner(image) < users.count ? users[images.owner(image)].name : ""
            return owner.isEmpty ? "Image" : "Image by \(owner)"
        }
        guard description.utf8.count > Gallery.shortAltLength, description.count > Gallery.shortAltLength else { return description }
        var cut = description.prefix(Gallery.shortAltLength - 1)
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) >= Gallery.shortAltLength / 2 { cut = cut[..<space] }
        return cut + "…"
    }

    /// Longest alt text, in characters.
    static let shortAltLength = 100
}
