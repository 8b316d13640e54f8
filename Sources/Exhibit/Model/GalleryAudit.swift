/// What the loader left out of the ``Gallery`` and why: for `exhibit check` and the build summary.
///
/// Nothing in here may be written to the published site.
package struct GalleryAudit: Sendable {
    /// Why an image is not published.
    package enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// `is_public` is not 1 / '1' / 'true'.
        case notPublic
        /// Its owner does not exist in `users`.
        case missingOwner(String)
        /// At least the threshold of pending reports.
        case pendingReports(Int)
        /// The row could not be used (bad URL, unsafe or duplicate id, …).
        case unusable(String)

        package var description: String {
            switch self {
            case .notPublic: return "not public"
            case .missingOwner(let owner): return "owner \(Diagnostic.printable(owner)) does not exist"
            case .pendingReports(let count): return "\(count) pending report\(count == 1 ? "" : "s")"
            case .unusable(let why): return why
            }
        }
    }

    /// One image that is not published.
    package struct WithheldImage: Sendable, Equatable {
        package var id: String
        package var reason: Reason
        package init(id: String, reason: Reason) {
            self.id = id
            self.reason = reason
        }
    }

    /// Images left out, sorted by id.
    package var withheld: [WithheldImage] = []
    /// Interaction types other than `like` and `comment`, with their row counts.
    package var unknownInteractionTypes: [String: Int] = [:]
    /// Rows read per table.
    package var rowsRead: [String: Int] = [:]

    package init() {}

    /// How many images were withheld by moderation.
    package var moderatedCount: Int { withheld.filter { if case .pendingReports = $0.reason { return true } else { return false } }.count }
    /// How many images are private.
    package var privateCount: Int { withheld.filter { $0.reason == .notPublic }.count }
}
