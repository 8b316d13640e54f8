/// What a build did, for the summary line and for `--report FILE` (JSON a CI step can read).
package struct BuildReport: Sendable, Codable, Equatable {
    /// Files rendered per kind: `pages`, `feeds`, `search`, `assets`, `media`.
    package var files: [String: Int] = [:]
    /// HTML pages per page kind: `image`, `user`, `tag`, …
    package var pages: [String: Int] = [:]
    /// Published entities.
    package var images = 0, users = 0, collections = 0, tags = 0, themes = 0, comments = 0
    /// Images not published: private, withheld by moderation, unusable. Nil when the build was
    /// up to date (read nothing): the output folder keeps no count of what is not public.
    package var privateImages: Int? = 0, moderatedImages: Int? = 0, unusableImages: Int? = 0
    /// Interactions of types other than like and comment, per type (nil when up to date).
    package var unknownInteractionTypes: [String: Int]? = [:]
    /// Files written (new or changed), left as they were, and removed.
    package var written = 0, unchanged = 0, removed = 0
    /// Of the unchanged files, those not even rendered: kept as the previous build left them
    /// (a preview's rebuild after a template edit renders only the pages that template makes).
    package var kept = 0
    /// Bytes written to disk.
    package var bytesWritten: Int64 = 0
    /// Warnings (rows skipped or repaired) and the first ones, as printed.
    package var warningCount = 0
    package var warnings: [String] = []
    /// Seconds spent reading the database, preparing (indexes), rendering + writing, committing; and in all.
    package var secondsLoading = 0.0, secondsPreparing = 0.0, secondsRendering = 0.0, secondsCommitting = 0.0, seconds = 0.0
    /// True for `--dry-run`: nothing was written; `written`/`removed` say what would be.
    package var dryRun = false
    /// With `--dry-run`, the first paths that would be written or removed.
    package var changedPaths: [String] = []
    /// Remarks about the output folder, printed as `note:` lines: an interrupted build finished
    /// or discarded, a missing record of the previous build, files removed that were edited by
    /// hand, texts that could not spill to `$TMPDIR`.
    package var notes: [String] = []
    /// True when the build had nothing to do: the same database, configuration, templates and
    /// executable as the last build, whose output is intact (nothing was read or rendered).
    package var upToDate = false

    package init() {}

    /// This report without anything that is not public (counts of private, withheld and
    /// unusable images, unknown interaction types, warnings, notes, changed paths — a removed
    /// path names an image that is no longer public): what a build may keep in the output
    /// folder, which is published.
    var publicPart: BuildReport {
        var copy = self
        copy.changedPaths = []
        copy.privateImages = nil
        copy.moderatedImages = nil
        copy.unusableImages = nil
        copy.unknownInteractionTypes = nil
        copy.warnings = []
        copy.notes = []
        return copy
    }

    /// Total files of the site.
    package var fileCount: Int { files.values.reduce(0, +) }

    /// The line that ends every build:
    /// `Built 1,203 pages, 95 feeds, 40 search files in 1.42 s — 1,338 written, 0 unchanged, 0 removed; 2 warnings.`
    package var summaryLine: String {
        let pagesCount = files["pages", default: 0]
        let feeds = files["feeds", default: 0]
        let search = files["search", default: 0]
        let other = fileCount - pagesCount - feeds - search
        var parts = ["\(Self.grouped(pagesCount)) pages", "\(Self.grouped(feeds)) feeds", "\(Self.grouped(search)) search files"]
        if other > 0 { parts.append("\(Self.grouped(other)) other files") }
        if upToDate {
            return "Up to date: \(parts.joined(separator: ", ")) unchanged since the last build (checked in \(Self.seconds(seconds)) s); nothing written."
        }
        let verb = dryRun ? "Would write" : "Built"
        let changes = dryRun
            ? "\(Self.grouped(written)) to write, \(Self.grouped(unchanged)) unchanged, \(Self.grouped(removed)) to remove"
            : "\(Self.grouped(written)) written, \(Self.grouped(unchanged)) unchanged, \(Self.grouped(removed)) removed"
        let warningText = warningCount == 1 ? "1 warning" : "\(Self.grouped(warningCount)) warnings"
        return "\(verb) \(parts.joined(separator: ", ")) in \(Self.seconds(seconds)) s — \(changes); \(warningText)."
    }

    /// `1234567` → `1,234,567` (independent of the locale).
    package static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    static func seconds(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
