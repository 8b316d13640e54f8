/// The state of one demo-database generation. Rows are written as they are made (users, then
/// images with their interactions and reports, then collections); what stays in memory is
/// small and per user, plus one byte per image (its theme and visibility, for collections).
struct DemoGenerator {
    let options: DemoOptions
    let database: SQLiteDatabase
    var summary = DemoSummary()

    // Independent random streams, so that a change in one table's rules leaves the others alone.
    var userRandom: DemoRandom
    var imageRandom: DemoRandom
    var interactionRandom: DemoRandom
    var collectionRandom: DemoRandom

    var imageIds: ObjectIdGenerator
    var interactionIds: ObjectIdGenerator
    var reportIds: ObjectIdGenerator
    var collectionIds: ObjectIdGenerator

    // Tags: every spelling group, and each theme's groups (most frequent first).
    let tagGroups: [[String]]
    let themeTagGroups: [[Int]]
    let generalTagGroups: [Int]
    let themeTagTables: [WeightedTable]
    let generalTagTable: WeightedTable
    let themeTable: WeightedTable
    let tagCountTable = WeightedTable(weights: [6, 8, 12, 16, 16, 14, 12, 9, 7])

    // Users, in creation order (index = creation rank).
    var userIds: [String] = []
    var userCreated: [Int64] = []
    /// Who uploads: Zipf weights over a random rank; lurkers weigh 0.
    var ownerTable = WeightedTable()
    /// How much each user likes and comments (heavy-tailed).
    var activityTable = WeightedTable()
    /// Users who never upload, weighted by activity (they still like and comment).
    var lurkers: [Int32] = []
    var lurkerTable = WeightedTable()
    /// Per theme / per tag group: the users whose taste includes it, by taste weight × activity.
    var themeFans: [[Int32]]
    var themeFanTables: [WeightedTable]
    var tagFans: [[Int32]]
    var tagFanTables: [WeightedTable]

    /// Per image: theme index (0…11, 15 for none) in the low bits, 0x80 when public.
    var imageInfo: [UInt8] = []

    init(options: DemoOptions, database: SQLiteDatabase) {
        self.options = options
        self.database = database
        userRandom = DemoRandom(seed: options.seed, stream: 1)
        imageRandom = DemoRandom(seed: options.seed, stream: 2)
        interactionRandom = DemoRandom(seed: options.seed, stream: 3)
        collectionRandom = DemoRandom(seed: options.seed, stream: 4)
        imageIds = ObjectIdGenerator(seed: options.seed, table: 1)
        interactionIds = ObjectIdGenerator(seed: options.seed, table: 2)
        reportIds = ObjectIdGenerator(seed: options.seed, table: 3)
        collectionIds = ObjectIdGenerator(seed: options.seed, table: 4)

        var groups = DemoVocabulary.tagVariants
        var groupOfCanonical: [String: Int] = [:]
        for (index, group) in groups.enumerated() { groupOfCanonical[group[0]] = index }
        func group(_ canonical: String) -> Int {
            if let index = groupOfCanonical[canonical] { return index }
            groups.append([canonical])
            groupOfCanonical[canonical] = groups.count - 1
            return groups.count - 1
        }
        let themeGroups = DemoVocabulary.themes.map { $0.tags.map(group) }
        let generalGroups = DemoVocabulary.generalTags.map(group)
        tagGroups = groups
        themeTagGroups = themeGroups
        generalTagGroups = generalGroups
        themeTagTables = themeGroups.map { WeightedTable.zipf(count: $0.count, q: 1) }
        generalTagTable = WeightedTable.zipf(count: generalGroups.count, q: 1)
        themeTable = WeightedTable.zipf(count: DemoVocabulary.themes.count, q: 2)
        themeFans = Array(repeating: [], count: DemoVocabulary.themes.count)
        themeFanTables = Array(repeating: WeightedTable(), count: DemoVocabulary.themes.count)
        tagFans = Array(repeating: [], count: groups.count)
        tagFanTables = Array(repeating: WeightedTable(), count: groups.count)
    }

    /// Writes every table; the caller wraps this in one transaction.
    mutating func run() throws -> DemoSummary {
        try generateUsers()
        try generateImages()
        try generateCollections()
        return summary
    }

    // MARK: - Shared helpers

    /// Number of users whose account exists at `moment` (users are in creation order).
    func usersExisting(at moment: Int64) -> Int {
        userCreated.partitioningIndex { $0 > moment }
    }

    /// Number of entries of a fan list (sorted user indices) below `userCount`.
    static func prefix(of fans: [Int32], below userCount: Int) -> Int {
        fans.partitioningIndex { Int($0) >= userCount }
    }

    /// One tag group drawn for a theme (or from the general list), as a group index.
    func drawTagGroup(theme: Int?, _ random: inout DemoRandom) -> Int {
        if let theme, random.chance(0.75) {
            return themeTagGroups[theme][themeTagTables[theme].draw(&random) ?? 0]
        }
        return generalTagGroups[generalTagTable.draw(&random) ?? 0]
    }

    /// A spelling of tag group `group`: the canonical one ~85% of the time.
    func spelling(of group: Int, _ random: inout DemoRandom) -> String {
        let variants = tagGroups[group]
        if variants.count == 1 || random.chance(0.85) { return variants[0] }
        return variants[1 + random.below(variants.count - 1)]
    }

    /// A date form drawn from `weights` (indexed like ``DemoDateForm``).
    static func dateForm(_ weights: WeightedTable, _ random: inout DemoRandom) -> DemoDateForm {
        DemoDateForm(rawValue: weights.draw(&random) ?? 0) ?? .isoMillisZ
    }

    /// Weights of the date forms for the tables other than `images` (mostly the export's form).
    static let commonDateForms = WeightedTable(weights: [82, 3, 0, 3, 0, 6, 3, 3])
    /// Weights of the date forms of `images.created_at` (every form, often).
    static let imageDateForms = WeightedTable(weights: [45, 12, 3, 8, 3, 12, 10, 7])

    /// `moment` stored in a form drawn from `weights`.
    static func date(_ moment: Int64, _ weights: WeightedTable, _ random: inout DemoRandom) -> DemoValue {
        let form = dateForm(weights, &random)
        return DemoCalendar.format(moment, as: form, offsetMinutes: random.pick(DemoCalendar.offsets))
    }

    /// Fills `{key}` placeholders of `template` with `value(key)`.
    static func fill(_ template: String, _ value: (Substring) -> String) -> String {
        var out = ""
        out.reserveCapacity(template.utf8.count + 24)
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            out += value(rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    /// `text` with its first character in upper case (locale-independent).
    static func capitalizedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
